"""What a pack author can rely on from ``sdk.records``: versioned edits, state machines, pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlmodel import Field, Session, SQLModel, select

from core.api.errors import install_error_handlers
from sdk import InvalidInput, TenantOwned, UTCDateTime, utcnow
from sdk.records import (
    IllegalTransition,
    PreconditionRequired,
    StaleVersion,
    StateMachine,
    Versioned,
    check_if_match,
    etag,
    history,
    newest_first,
    save,
)

TICKET_STATES = StateMachine(
    states=("open", "working", "done", "closed"),
    transitions={"open": {"working", "closed"}, "working": {"done", "open"}, "done": {"closed"}},
)


class SdkTicket(TenantOwned, Versioned, table=True):
    """A pack-like record: versioned, with a status field and a creation time."""

    __tablename__ = "sdktest_tickets"

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=100)
    status: str = Field(default=TICKET_STATES.initial, max_length=20)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


@pytest.fixture(scope="module")
def tickets_table(guanxi_engine) -> Iterator[None]:
    """The table exists for this module only, and leaves the shared metadata as it found it."""
    table = SdkTicket.__table__  # type: ignore[attr-defined]
    table.create(guanxi_engine)
    yield
    table.drop(guanxi_engine)
    SQLModel.metadata.remove(table)


@pytest.fixture
def ticket(tickets_table, make_tenant, uow):
    tenant = make_tenant()
    with uow(tenant) as session:
        record = SdkTicket(title="Broken fridge")
        session.add(record)
        session.flush()
    return tenant, record


def _get(session: Session, record_id: int | None) -> SdkTicket:
    return session.exec(select(SdkTicket).where(SdkTicket.id == record_id)).one()


def test_each_edit_raises_the_version_and_the_etag(ticket, uow):
    tenant, record = ticket
    assert (record.version, etag(record)) == (1, '"1"')
    with uow(tenant) as session:
        fresh = _get(session, record.id)
        check_if_match('"1"', fresh)
        fresh.title = "Fridge, still broken"
        save(session, fresh)
        assert etag(fresh) == '"2"'


@pytest.mark.parametrize("header", ['"1"', 'W/"1"'])
def test_edit_based_on_an_old_version_is_refused_with_the_current_one(ticket, uow, header):
    tenant, record = ticket
    with uow(tenant) as session:
        fresh = _get(session, record.id)
        fresh.title = "changed"
        save(session, fresh)
    with pytest.raises(StaleVersion) as refused, uow(tenant) as session:
        check_if_match(header, _get(session, record.id))
    assert refused.value.current_version == 2


def test_edit_without_if_match_is_refused_unless_the_body_names_the_version(ticket, uow):
    tenant, record = ticket
    with uow(tenant) as session:
        fresh = _get(session, record.id)
        with pytest.raises(PreconditionRequired):
            check_if_match(None, fresh)
        check_if_match(None, fresh, body_version=1)
        with pytest.raises(InvalidInput, match="If-Match"):
            check_if_match("yesterday", fresh)


def test_an_edit_that_loses_a_race_after_its_check_is_refused_not_lost(ticket, uow):
    tenant, record = ticket
    with uow(tenant) as session:
        mine = _get(session, record.id)
        check_if_match('"1"', mine)
        # someone else's edit lands between the check and the write
        session.execute(
            text("UPDATE sdktest_tickets SET title = 'theirs', version = 2 WHERE id = :id"), {"id": record.id}
        )
        mine.title = "mine"
        with pytest.raises(StaleVersion):
            save(session, mine)
    with uow(tenant) as session:
        assert _get(session, record.id).title != "mine"


def test_illegal_move_names_the_allowed_next_states(ticket, uow):
    tenant, record = ticket
    with pytest.raises(IllegalTransition) as refused, uow(tenant) as session:
        TICKET_STATES.move(_get(session, record.id), "done", session=session)
    assert refused.value.allowed == ("working", "closed")
    assert "allowed next states: 'working', 'closed'" in str(refused.value)


def test_final_state_allows_no_move(ticket, uow):
    tenant, record = ticket
    with uow(tenant) as session:
        TICKET_STATES.move(_get(session, record.id), "closed", session=session)
    with pytest.raises(IllegalTransition, match="none"), uow(tenant) as session:
        TICKET_STATES.move(_get(session, record.id), "open", session=session)


def test_unknown_state_is_invalid_input_naming_the_field(ticket, uow):
    tenant, record = ticket
    with pytest.raises(InvalidInput) as refused, uow(tenant) as session:
        TICKET_STATES.move(_get(session, record.id), "lost", session=session)
    assert refused.value.problems[0].field == "status"


def test_every_move_is_kept_with_who_and_when_for_its_tenant_only(ticket, uow, make_tenant):
    tenant, record = ticket
    before = utcnow()
    with uow(tenant) as session:
        TICKET_STATES.move(_get(session, record.id), "working", session=session, actor="user:li@firm.example")
        TICKET_STATES.move(_get(session, record.id), "done", session=session)
    with uow(tenant) as session:
        moves = history(_get(session, record.id), session=session)
        assert [(m.from_state, m.to_state, m.actor) for m in moves] == [
            ("open", "working", "user:li@firm.example"),
            ("working", "done", "system"),
        ]
        assert all(m.at >= before - timedelta(seconds=1) for m in moves)
        assert _get(session, record.id).version == 3
    with uow(make_tenant()) as session:
        assert history(record, session=session) == []


def test_a_machine_naming_undeclared_states_is_refused_at_declaration():
    with pytest.raises(ValueError, match="lost"):
        StateMachine(states=("open",), transitions={"open": {"lost"}})


def test_newest_first_pages_are_stable_when_rows_share_a_timestamp(tickets_table, make_tenant, uow):
    tenant = make_tenant()
    same = utcnow()
    with uow(tenant) as session:
        rows = [
            SdkTicket(title=f"t{n}", created_at=same if n % 2 else same - timedelta(hours=n))
            for n in range(7)
        ]
        session.add_all(rows)
        session.flush()
        expected = [r.id for r in sorted(rows, key=lambda r: (r.created_at, r.id), reverse=True)]
    seen: list[int | None] = []
    cursor = None
    with uow(tenant) as session:
        while True:
            page = newest_first(
                session,
                select(SdkTicket),
                created=SdkTicket.created_at,
                id=SdkTicket.id,
                cursor=cursor,
                limit=3,
            )
            seen += [r.id for r in page.items]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor
    assert seen == expected


@pytest.mark.parametrize("cursor", ["nonsense", "W10", "WyJ4IiwxXQ", "x" * 300])
def test_a_cursor_the_server_did_not_issue_is_invalid_input_naming_it(tickets_table, tenant, uow, cursor):
    with pytest.raises(InvalidInput) as refused, uow(tenant) as session:
        newest_first(
            session, select(SdkTicket), created=SdkTicket.created_at, id=SdkTicket.id, cursor=cursor, limit=3
        )
    assert refused.value.problems[0].field == "cursor"


def test_api_answers_are_the_same_as_for_core_records():
    app = FastAPI()
    install_error_handlers(app)

    @app.get("/stale")
    def stale() -> None:
        raise StaleVersion(4)

    @app.get("/missing")
    def missing() -> None:
        raise PreconditionRequired("send If-Match with the ETag you read (or the version field)")

    @app.get("/illegal")
    def illegal() -> None:
        raise IllegalTransition(current="open", to="done", allowed=("working", "closed"))

    client = TestClient(app)
    answer = client.get("/stale")
    assert (answer.status_code, answer.headers["ETag"], answer.json()["current_version"]) == (412, '"4"', 4)
    assert client.get("/missing").status_code == 428
    answer = client.get("/illegal")
    assert answer.status_code == 409
    assert (
        answer.json()["allowed"] == ["working", "closed"] and "'working', 'closed'" in answer.json()["detail"]
    )
