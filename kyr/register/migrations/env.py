"""Alembic's environment: migrations run on the connection kyr.register.store.upgrade hands in."""

from alembic import context

from kyr.register.store import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
