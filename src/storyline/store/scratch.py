"""Throwaway PostgreSQL databases, for the tests and the scale benchmark: each run gets a
new, empty database on a server where it may create them, dropped when it is done."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def scratch_database(admin_url: str, prefix: str = "storyline_scratch") -> Iterator[str]:
    """The URL (psycopg 3) of a new database made through `admin_url`, dropped afterwards,
    even while connections to it are still open."""
    from sqlalchemy import create_engine, make_url, text

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    url = make_url(admin_url).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield url.set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()
