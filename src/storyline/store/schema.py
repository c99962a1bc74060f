"""Bringing a store's schema up to date, on SQLite and PostgreSQL alike, with Alembic.

Revisions live in migrations/versions. The first fourteen carry over the numbered
migrations the store had before Alembic (`sql.MIGRATIONS`, frozen): each runs its
numbered step and records it in `schema_migrations` as before. A store made before
Alembic (numbered rows, no `alembic_version`) gets its missing numbered steps, is
stamped at the last of them, and Alembic takes over from there. New migrations are
Alembic revisions of their own.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from alembic import command, op
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from storyline.store import sql

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def migrate(conn) -> None:
    """Run what this store lacks, inside the caller's transaction."""
    sql.schema_migrations.create(conn, checkfirst=True)
    current = MigrationContext.configure(conn).get_current_revision()
    if current == head():
        return
    config = _config(conn)
    done = {row.version for row in conn.execute(select(sql.schema_migrations.c.version))}
    if current is None and done:  # made before Alembic: finish its numbered steps, then hand over
        for version in sorted(set(sql.MIGRATIONS) - done):
            _run(conn, version)
        command.stamp(config, f"{max(sql.MIGRATIONS):04d}")
    command.upgrade(config, "head")


def numbered(version: int) -> None:
    """Numbered migration `version`, run as an Alembic revision, recorded as before Alembic."""
    _run(op.get_bind(), version)


def _run(conn, version: int) -> None:
    sql.MIGRATIONS[version](conn)
    conn.execute(sql.schema_migrations.insert().values(version=version, applied_at=sql._now()))


def _config(conn) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = conn
    return config


@cache
def head() -> str:
    """The newest revision (the scripts are read once per process)."""
    return ScriptDirectory.from_config(_config(None)).get_current_head()
