"""When the database cannot take a write, the answer says why: busy (retry), full or read-only
(tell the administrator).  Only a real lock timeout asks the caller to retry."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from core.db import DatabaseTrouble, database_trouble, make_engine


def _read_only_url(url: str) -> str:
    """The same database, opened so that it refuses every write (root ignores file modes)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return f"sqlite:///file:{parsed.database}?mode=ro&uri=true"
    return parsed.update_query_dict({"options": "-c default_transaction_read_only=on"}).render_as_string(
        hide_password=False
    )


@pytest.fixture
def engine_app(api_registry: Any) -> Iterator[Any]:
    """``engine_app(engine)``: the API on another engine of the test database."""
    from core.api.app import create_app

    engines: list[Any] = []

    def make(engine: Any) -> Any:
        engines.append(engine)
        return create_app(engine=engine, registry=api_registry)

    yield make
    for engine in engines:
        engine.dispose()


def _client(app: Any, user: Any) -> Any:
    from fastapi.testclient import TestClient

    from core.auth.tokens import issue_access_token

    client = TestClient(app, raise_server_exceptions=False)
    client.headers["Authorization"] = f"Bearer {issue_access_token(user=user)[0]}"
    return client


def test_write_to_a_read_only_database_says_it_is_read_only_not_busy(
    tenant, make_user, engine_app, guanxi_database_url
):
    app = engine_app(make_engine(_read_only_url(guanxi_database_url)))
    answer = _client(app, make_user(tenant, "owner")).post("/api/v1/customers", json={"name": "王芳"})
    assert answer.status_code == 503, answer.text
    assert "read-only" in answer.json()["detail"] and "administrator" in answer.json()["detail"]
    assert "busy" not in answer.json()["detail"] and "Retry-After" not in answer.headers


def _fail_writes_with(engine: Any, error: Exception) -> Any:
    @event.listens_for(engine, "before_cursor_execute")
    def _refuse(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT"):
            raise error

    return engine


def _disk_full_error(url: str) -> Exception:
    if make_url(url).get_backend_name() == "sqlite":
        return sqlite3.OperationalError("database or disk is full")
    import psycopg.errors

    return psycopg.errors.DiskFull('could not extend file "base/16384/16385": No space left on device')


def test_write_to_a_full_disk_says_the_disk_is_full_not_busy(
    tenant, make_user, engine_app, guanxi_database_url
):
    engine = _fail_writes_with(make_engine(guanxi_database_url), _disk_full_error(guanxi_database_url))
    answer = _client(engine_app(engine), make_user(tenant, "owner")).post(
        "/api/v1/customers", json={"name": "王芳"}
    )
    assert answer.status_code == 507, answer.text
    assert "disk is full" in answer.json()["detail"] and "administrator" in answer.json()["detail"]
    assert "busy" not in answer.json()["detail"]


def test_lock_timeout_still_answers_busy_retry(tenant, make_user, engine_app, guanxi_database_url):
    if make_url(guanxi_database_url).get_backend_name() == "sqlite":
        error: Exception = sqlite3.OperationalError("database is locked")
    else:
        import psycopg.errors

        error = psycopg.errors.LockNotAvailable("canceling statement due to lock timeout")
    engine = _fail_writes_with(make_engine(guanxi_database_url), error)
    answer = _client(engine_app(engine), make_user(tenant, "owner")).post(
        "/api/v1/customers", json={"name": "王芳"}
    )
    assert answer.status_code == 503 and "busy" in answer.json()["detail"]
    assert answer.headers["Retry-After"] == "1"


def test_sqlite_driver_errors_are_told_apart_by_their_result_codes(tmp_path):
    """Real driver errors, not made-up messages: a database capped at its size, one opened
    read-only, and one locked by another writer."""
    path = tmp_path / "small.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("CREATE TABLE t (x TEXT)")
    pages = writer.execute("PRAGMA page_count").fetchone()[0]
    writer.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(sqlite3.OperationalError) as full:
        writer.execute("INSERT INTO t VALUES (?)", ("x" * 100_000,))
    reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError) as read_only:
        reader.execute("INSERT INTO t VALUES ('y')")
    writer.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as locked:
        other.execute("BEGIN IMMEDIATE")
    assert database_trouble(full.value) is DatabaseTrouble.disk_full
    assert database_trouble(read_only.value) is DatabaseTrouble.read_only
    assert database_trouble(locked.value) is DatabaseTrouble.busy
    for connection in (writer, reader, other):
        connection.close()
