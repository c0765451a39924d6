"""Property-based tests: hypothesis drives the real services and checks the invariants of docs/architecture.md."""
