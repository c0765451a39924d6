"""The production configuration for real: PostgreSQL, Redis and two backend workers."""
