"""Owners: an admin cannot take the company from its owner, and a company keeps an active owner."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import text
from sqlmodel import Session

from core.errors import Conflict
from core.models import User
from core.users.service import update_user
from sdk.testing import test_database_url as postgres_url


def _patch(client, user, **body):
    return client.patch(f"/api/v1/users/{user.id}", json=body)


def _stored(engine, user) -> User:
    with Session(engine) as session:
        return session.get(User, user.id)


def test_an_admin_cannot_deactivate_an_owner(tenant, make_user, api_client, guanxi_engine):
    owner, other_owner = make_user(tenant, role="owner"), make_user(tenant, role="owner")
    admin = api_client(make_user(tenant, role="admin"))
    answer = _patch(admin, owner, active=False)
    assert answer.status_code == 403
    assert answer.json()["detail"] == "only an owner can demote or deactivate an owner"
    assert _stored(guanxi_engine, owner).active and _stored(guanxi_engine, other_owner).active


def test_an_admin_cannot_demote_an_owner(tenant, make_user, api_client, guanxi_engine):
    owner, _other_owner = make_user(tenant, role="owner"), make_user(tenant, role="owner")
    admin = api_client(make_user(tenant, role="admin"))
    assert _patch(admin, owner, role="viewer").status_code == 403
    assert _stored(guanxi_engine, owner).role == "owner"


def test_the_last_active_owner_cannot_deactivate_or_demote_themselves(
    tenant, make_user, api_client, guanxi_engine
):
    owner = make_user(tenant, role="owner")
    client = api_client(owner)
    for change in ({"active": False}, {"role": "admin"}):
        answer = _patch(client, owner, **change)
        assert answer.status_code == 409, change
        assert "needs an active owner" in answer.json()["detail"]
    stored = _stored(guanxi_engine, owner)
    assert stored.active and stored.role == "owner"


def test_an_inactive_owner_does_not_count_as_the_companys_owner(tenant, make_user, api_client):
    owner, former = make_user(tenant, role="owner"), make_user(tenant, role="owner")
    client = api_client(owner)
    assert _patch(client, former, active=False).status_code == 200
    assert _patch(client, owner, role="admin").status_code == 409


def test_an_owner_may_step_down_while_another_owner_remains(tenant, make_user, api_client, guanxi_engine):
    owner, successor = make_user(tenant, role="owner"), make_user(tenant, role="owner")
    assert _patch(api_client(owner), owner, role="admin").status_code == 200
    assert _stored(guanxi_engine, owner).role == "admin"
    assert _patch(api_client(successor), successor, active=False).status_code == 409


def test_an_admin_still_changes_an_owners_team(tenant, make_user, api_client, guanxi_engine):
    owner = make_user(tenant, role="owner")
    assert _patch(api_client(make_user(tenant, role="admin")), owner, team="north").status_code == 200
    assert _stored(guanxi_engine, owner).team == "north"


def test_deactivating_a_user_ends_their_refresh_tokens(app, tenant, make_user, api_client):
    from fastapi.testclient import TestClient

    from sdk.testing_api import TEST_PASSWORD

    owner, rep = make_user(tenant, role="owner"), make_user(tenant, role="rep")
    with TestClient(app, client=("10.77.0.1", 50000)) as client:
        refresh = client.post(
            "/api/v1/auth/token", data={"username": rep.email, "password": TEST_PASSWORD}
        ).json()["refresh_token"]
        admin = api_client(owner)
        assert _patch(admin, rep, active=False).status_code == 200
        assert _patch(admin, rep, active=True).status_code == 200
        assert client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}).status_code == 401


@pytest.mark.skipif(not postgres_url(), reason="row locks: PostgreSQL (SQLite runs one writer at a time)")
def test_two_owners_demoting_each_other_at_once_leave_the_company_an_owner(tenant, make_user, guanxi_engine):
    a, b = make_user(tenant, role="owner"), make_user(tenant, role="owner")
    outcome: list[object] = []

    def demote_b() -> None:
        with Session(guanxi_engine) as session:
            user = session.get(User, b.id)
            try:
                update_user(session=session, user=user, actor=user, changes={"role": "admin"})
                session.commit()
                outcome.append("demoted")
            except Conflict as exc:
                outcome.append(exc)

    def waiting_for_a_lock(watch: Session) -> bool:
        return bool(
            watch.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                    "AND wait_event_type = 'Lock'"
                )
            ).scalar()
        )

    with Session(guanxi_engine) as first, Session(guanxi_engine) as watch:
        user = first.get(User, a.id)
        update_user(session=first, user=user, actor=user, changes={"role": "admin"})
        other = threading.Thread(target=demote_b)
        other.start()
        # b's check must run while a's change is still uncommitted: wait until it blocks (or ends)
        while other.is_alive() and not waiting_for_a_lock(watch):
            time.sleep(0.01)
        first.commit()
    other.join()
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict)
    assert _stored(guanxi_engine, b).role == "owner"
