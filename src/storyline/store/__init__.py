"""Persistence behind one small interface, through SQLAlchemy Core.

SQLite file by default; any SQLAlchemy URL (postgresql://…) works the same.
Stages never import a driver: only this package talks to the database.
"""

from storyline.store.sql import Store, open_store

__all__ = ["Store", "open_store"]
