"""BankChat's benchmarks: ``python -m benchmarks.run`` (see the README's Performance section)."""
