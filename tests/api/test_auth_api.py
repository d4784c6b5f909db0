"""Signing in: password tokens, refresh rotation, logout, rate limits, API keys."""

from __future__ import annotations

import random

import pytest
from fastapi.testclient import TestClient as _TestClient
from sqlmodel import Session, select

from core.apikeys.models import ApiKey
from core.auth.errors import RateLimited
from core.auth.models import RefreshToken
from sdk.testing_api import TEST_PASSWORD


def TestClient(app, **kwargs) -> _TestClient:
    """A client from an address of its own, so rate limits of other tests do not apply."""
    address = f"10.{random.randrange(256)}.{random.randrange(256)}.{random.randrange(1, 255)}"
    return _TestClient(app, client=(address, 50000), **kwargs)


def _sign_in(client: _TestClient, email: str, password: str = TEST_PASSWORD):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def test_password_sign_in_gives_a_working_access_token(app, tenant, make_user):
    user = make_user(tenant, role="rep")
    client = TestClient(app)
    answer = _sign_in(client, user.email.upper())
    assert answer.status_code == 200, answer.text
    token = answer.json()["access_token"]
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    assert me.json()["email"] == user.email and me.json()["tenant"] == tenant.slug


def test_wrong_password_answers_401_without_saying_which_part_was_wrong(app, tenant, make_user):
    user = make_user(tenant)
    client = TestClient(app)
    wrong_password = _sign_in(client, user.email, "not the password")
    unknown_user = _sign_in(client, "nobody@example.com", "not the password")
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.json() == unknown_user.json()


def test_requests_without_or_with_a_forged_token_answer_401(app):
    client = TestClient(app)
    assert client.get("/api/v1/customers").status_code == 401
    forged = client.get("/api/v1/customers", headers={"Authorization": "Bearer eyJhbGciOiJub25lIn0.e30."})
    assert forged.status_code == 401
    assert forged.headers["WWW-Authenticate"] == "Bearer"


def test_five_failures_lock_the_account_with_retry_after(app, tenant, make_user):
    user = make_user(tenant)
    client = TestClient(app)
    for _ in range(5):
        assert _sign_in(client, user.email, "wrong password").status_code == 401
    locked = _sign_in(client, user.email)  # even the right password waits now
    assert locked.status_code == 429
    assert 0 < int(locked.headers["Retry-After"]) <= 15 * 60


def test_failures_from_one_address_lock_that_address_for_every_account(app, tenant, make_user, guanxi_engine):
    from core.auth.ratelimit import check_login_allowed, record_failure

    with Session(guanxi_engine) as session:
        for i in range(20):
            record_failure(session=session, email=f"victim{i}@example.com", address="203.0.113.9")
        session.commit()
        with pytest.raises(RateLimited):
            check_login_allowed(session=session, email="someone-else@example.com", address="203.0.113.9")
        check_login_allowed(session=session, email="someone-else@example.com", address="198.51.100.1")


def test_an_office_behind_one_address_is_not_locked_out_by_one_persons_typos(app, tenant, make_user):
    typo, colleague = make_user(tenant), make_user(tenant)
    client = TestClient(app)
    for _ in range(5):
        _sign_in(client, typo.email, "wrong password")
    assert _sign_in(client, typo.email).status_code == 429
    assert _sign_in(client, colleague.email).status_code == 200


def test_a_successful_sign_in_clears_the_accounts_failures(app, tenant, make_user):
    user = make_user(tenant)
    client = TestClient(app)
    for _ in range(4):
        _sign_in(client, user.email, "wrong password")
    assert _sign_in(client, user.email).status_code == 200
    for _ in range(4):
        _sign_in(client, user.email, "wrong password")
    assert _sign_in(client, user.email).status_code == 200


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_login(app, tenant, make_user):
    user = make_user(tenant)
    client = TestClient(app)
    first = _sign_in(client, user.email).json()["refresh_token"]
    second = client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert second.status_code == 200
    second_token = second.json()["refresh_token"]
    assert second_token != first
    reused = client.post("/api/v1/auth/refresh", json={"refresh_token": first})
    assert reused.status_code == 401
    # the thief replayed the old token: the rotated one is now revoked too
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": second_token}).status_code == 401


def test_logout_revokes_the_refresh_token(app, tenant, make_user, guanxi_engine):
    user = make_user(tenant)
    client = TestClient(app)
    refresh = _sign_in(client, user.email).json()["refresh_token"]
    assert client.post("/api/v1/auth/logout", json={"refresh_token": refresh}).status_code == 204
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    with Session(guanxi_engine) as session:
        stored = session.exec(select(RefreshToken.token_hash).where(RefreshToken.user_id == user.id)).all()
    assert stored and refresh not in stored  # only digests are stored


def test_deactivated_user_loses_access_at_once(app, tenant, make_user, api_client):
    owner = make_user(tenant, role="owner")
    rep = make_user(tenant, role="rep")
    rep_client = api_client(rep)
    assert rep_client.get("/api/v1/customers").status_code == 200
    assert api_client(owner).patch(f"/api/v1/users/{rep.id}", json={"active": False}).status_code == 200
    assert rep_client.get("/api/v1/customers").status_code == 401


def test_api_key_is_shown_once_and_stored_hashed(app, tenant, make_user, api_client, guanxi_engine):
    admin = api_client(make_user(tenant, role="admin"))
    created = admin.post("/api/v1/api-keys", json={"name": "shop sync", "scopes": ["read"]})
    assert created.status_code == 201, created.text
    key = created.json()["key"]
    assert "key" not in admin.get("/api/v1/api-keys").json()[0]
    with Session(guanxi_engine) as session:
        row = session.get(ApiKey, created.json()["id"])
    assert row is not None and key not in (row.key_hash, row.prefix) and row.key_hash != key
    client = TestClient(app, headers={"Authorization": f"Bearer {key}"})
    assert client.get("/api/v1/customers").status_code == 200


def test_read_only_api_key_cannot_write(tenant, api_key_client):
    reader = api_key_client(tenant, scopes=["read"])
    assert reader.get("/api/v1/customers").status_code == 200
    assert reader.post("/api/v1/customers", json={"name": "李娜"}).status_code == 403
    writer = api_key_client(tenant, scopes=["read", "write"])
    assert writer.post("/api/v1/customers", json={"name": "李娜"}).status_code == 201


def test_revoked_api_key_answers_401(app, tenant, make_user, api_client):
    admin = api_client(make_user(tenant, role="admin"))
    created = admin.post("/api/v1/api-keys", json={"name": "old", "scopes": ["read"]}).json()
    client = TestClient(app, headers={"Authorization": f"Bearer {created['key']}"})
    assert client.get("/api/v1/customers").status_code == 200
    assert admin.delete(f"/api/v1/api-keys/{created['id']}").status_code == 204
    assert client.get("/api/v1/customers").status_code == 401


def test_api_key_scopes_are_validated_by_name(tenant, make_user, api_client):
    admin = api_client(make_user(tenant, role="admin"))
    answer = admin.post("/api/v1/api-keys", json={"name": "x", "scopes": ["read", "everything"]})
    assert answer.status_code == 422
    assert answer.json()["detail"] == [{"field": "scopes.1", "reason": "must be one of read, write"}]


def _forged(user, **times) -> str:
    """An access token signed with the deployment's real key, with chosen ``iat``/``exp``."""
    import jwt

    from core.auth.secret import signing_key
    from core.auth.tokens import ALGORITHM, AUDIENCE

    claims = {"sub": str(user.id), "tid": user.tenant_id, "aud": AUDIENCE, "typ": "access", **times}
    return jwt.encode({k: v for k, v in claims.items() if v is not None}, signing_key(), algorithm=ALGORITHM)


def test_a_well_signed_token_claiming_ten_years_of_life_is_refused(app, tenant, make_user):
    from datetime import timedelta

    from core.types import utcnow

    user = make_user(tenant)
    now = utcnow()
    client = TestClient(app)
    for times in (
        {"iat": now, "exp": now + timedelta(days=3650)},  # a 10-year token
        {"iat": now + timedelta(days=1), "exp": now + timedelta(days=1, minutes=10)},  # future
        {"iat": None, "exp": now + timedelta(minutes=10)},
    ):  # no issue time to bound it by
        answer = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {_forged(user, **times)}"})
        assert answer.status_code == 401, times
    fine = _forged(user, iat=now, exp=now + timedelta(minutes=10))
    assert client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {fine}"}).status_code == 200


def test_access_tokens_are_never_issued_for_longer_than_the_maximum(app, tenant, make_user, monkeypatch):
    from core.auth.tokens import decode_access_token, issue_access_token
    from core.settings import get_settings

    user = make_user(tenant)
    monkeypatch.setenv("GUANXI_ACCESS_TOKEN_MINUTES", "600")
    monkeypatch.setenv("GUANXI_MAX_ACCESS_TOKEN_MINUTES", "30")
    get_settings.cache_clear()
    try:
        token, lifetime = issue_access_token(user=user)
        assert lifetime == 30 * 60
        assert decode_access_token(token).user_id == user.id
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_a_strangers_wrong_passwords_do_not_lock_the_owner_out_from_elsewhere(app, tenant, make_user):
    owner = make_user(tenant, role="owner")
    stranger, office = TestClient(app), TestClient(app)
    for _ in range(5):
        assert _sign_in(stranger, owner.email, "guess").status_code == 401
    assert _sign_in(stranger, owner.email).status_code == 429  # the stranger's address is throttled
    assert _sign_in(office, owner.email).status_code == 200  # the owner, elsewhere, is not
    assert _sign_in(stranger, owner.email).status_code == 429  # and signing in there reset nothing


def test_guesses_spread_over_many_addresses_still_pause_the_account(app, tenant, make_user, guanxi_engine):
    from core.auth.ratelimit import MAX_FAILURES, record_failure

    user = make_user(tenant)
    with Session(guanxi_engine) as session:
        for i in range(MAX_FAILURES["account"]):
            record_failure(session=session, email=user.email, address=f"198.51.100.{i % 250}")
        session.commit()
    assert _sign_in(TestClient(app), user.email).status_code == 429


def test_a_refresh_token_older_than_the_configured_lifetime_is_refused(app, tenant, make_user, guanxi_engine):
    from datetime import timedelta

    from core.auth.refresh import digest
    from core.settings import get_settings

    user = make_user(tenant)
    client = TestClient(app)
    refresh = _sign_in(client, user.email).json()["refresh_token"]
    with Session(guanxi_engine) as session:  # issued back when refresh tokens lived longer
        row = session.exec(select(RefreshToken).where(RefreshToken.token_hash == digest(refresh))).one()
        row.issued_at -= timedelta(days=get_settings().refresh_token_days)
        session.add(row)
        session.commit()
    assert client.post("/api/v1/auth/refresh", json={"refresh_token": refresh}).status_code == 401
