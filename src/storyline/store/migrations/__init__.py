"""The store's schema migrations, run by Alembic (see storyline.store.schema)."""
