"""Alembic migrations of the register's schema."""
