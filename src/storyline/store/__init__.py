"""Persistence behind one small interface, through SQLAlchemy Core.

SQLite file by default; any SQLAlchemy URL (postgresql://…) works the same.
Stages never import a driver: only this package talks to the database. The engine,
the stages and the web app depend on the `Store` protocol, not on `SQLStore`.
"""

from storyline.store.interface import Store
from storyline.store.sql import SQLStore, open_store

__all__ = ["SQLStore", "Store", "open_store"]
