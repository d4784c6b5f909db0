"""Engines: embedded SQLite by default, PostgreSQL through psycopg 3.

SQLite is set up so that transactions mean what they say: the driver's implicit commits are turned
off and SQLAlchemy emits ``BEGIN`` itself, so DDL and savepoints are transactional (see
docs/decisions.md).  Every connection gets WAL, foreign keys and a busy timeout.
"""

from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError


def normalize_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL whatever driver the URL names (or none)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql" and parsed.drivername != "postgresql+psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str, *, foreign_keys: bool = True, echo: bool = False) -> Engine:
    """An engine for ``url``; ``foreign_keys=False`` is only for migrations on SQLite."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=20)
    database = parsed.database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30})
    _make_sqlite_transactional(engine, foreign_keys=foreign_keys)
    return engine


def _make_sqlite_transactional(engine: Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue instead of failing on a
        # lock upgrade ("database is locked" under concurrent read-then-write).  Read-only units of
        # work opt into DEFERRED with the execution option ``sqlite_begin``.
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


@lru_cache
def get_engine(url: str | None = None) -> Engine:
    """The process-wide engine for ``url`` (default: the configured database)."""
    from core.settings import get_settings

    settings = get_settings()
    return make_engine(url or settings.database_url, echo=settings.sql_echo)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


class DatabaseTrouble(enum.StrEnum):
    """Why the database could not do what was asked, as far as the caller needs to know.

    Only ``busy`` (a lock held too long by another writer) goes away by retrying; a full disk or a
    read-only database needs the administrator, and saying "retry" would hide that.
    """

    busy = "busy"
    disk_full = "disk_full"
    read_only = "read_only"
    unavailable = "unavailable"


# SQLite primary result codes (extended ones such as SQLITE_READONLY_DBMOVED start with these).
_SQLITE_CODES = {
    "SQLITE_BUSY": DatabaseTrouble.busy,
    "SQLITE_LOCKED": DatabaseTrouble.busy,
    "SQLITE_FULL": DatabaseTrouble.disk_full,
    "SQLITE_READONLY": DatabaseTrouble.read_only,
    "SQLITE_CANTOPEN": DatabaseTrouble.unavailable,
    "SQLITE_IOERR": DatabaseTrouble.unavailable,
}
# The same, read from the message when the exception carries no result code.
_SQLITE_MESSAGES = {
    "database is locked": DatabaseTrouble.busy,
    "database table is locked": DatabaseTrouble.busy,
    "database or disk is full": DatabaseTrouble.disk_full,
    "readonly database": DatabaseTrouble.read_only,
    "unable to open database": DatabaseTrouble.unavailable,
    "disk i/o error": DatabaseTrouble.unavailable,
}
# PostgreSQL SQLSTATEs: exact codes first, then classes.
_PG_STATES = {
    "53100": DatabaseTrouble.disk_full,  # disk_full
    "25006": DatabaseTrouble.read_only,  # read_only_sql_transaction (also a hot standby)
    "55P03": DatabaseTrouble.busy,  # lock_not_available (lock_timeout, NOWAIT)
    "40P01": DatabaseTrouble.busy,  # deadlock_detected
    "40001": DatabaseTrouble.busy,  # serialization_failure
    "57014": DatabaseTrouble.busy,  # query_canceled (statement_timeout while waiting)
}
_PG_CLASSES = {
    "08": DatabaseTrouble.unavailable,  # connection exception
    "53": DatabaseTrouble.unavailable,  # insufficient resources (memory, connections)
    "57": DatabaseTrouble.unavailable,  # operator intervention (shutdown, not yet accepting)
}


def database_trouble(error: BaseException) -> DatabaseTrouble | None:
    """What kind of database trouble ``error`` (a SQLAlchemy or driver exception) is, if any.

    ``None`` means it is not trouble with the database's state (a bad statement, say): a bug to
    report as such rather than an answer that tells the caller to wait or call someone.
    """
    orig = error.orig if isinstance(error, DBAPIError) else error
    name = getattr(orig, "sqlite_errorname", None)
    if name:
        for prefix, trouble in _SQLITE_CODES.items():
            if name == prefix or name.startswith(prefix + "_"):
                return trouble
        return None
    state = getattr(orig, "sqlstate", None)
    if state:
        return _PG_STATES.get(state) or _PG_CLASSES.get(state[:2])
    message = str(orig).lower()
    for text, trouble in _SQLITE_MESSAGES.items():
        if text in message:
            return trouble
    if type(orig).__module__.startswith("psycopg") and type(orig).__name__ == "OperationalError":
        return DatabaseTrouble.unavailable  # no SQLSTATE: the server was not reached at all
    return None
