"""Property-based tests: hypothesis drives the real services and checks DESIGN.md's invariants."""
