"""Web-page fixtures for pack tests (loaded with the ``guanxi`` pytest plugin).

    def test_stays_page_is_in_the_navigation(make_tenant, make_user, web_client):
        tenant = make_tenant(packs=["hotel"])
        page = web_client(make_user(tenant, role="owner", locale="zh_Hant")).get("/hotel/")
        assert page.status_code == 200 and 'href="/hotel/"' in page.text

A client signs in through the real sign-in form (CSRF token included), so a pack's pages are tested
behind the same cookie session, CSRF check and per-tenant 404 a browser meets.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest

__all__ = ["csrf_token_of", "web_client"]

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token_of(html: str) -> str:
    """The CSRF token of a rendered form; a form a pack posts from must carry one."""
    match = _CSRF.search(html)
    if match is None:
        raise AssertionError("the page has no CSRF token")
    return match.group(1)


@pytest.fixture
def web_client(app: Any) -> Iterator[Callable[[Any], Any]]:
    """``web_client(user)``: a test client with a signed-in web session for ``user``, made by
    ``make_user`` (whose password is ``sdk.testing_api.TEST_PASSWORD``); ``None`` for a visitor."""
    from fastapi.testclient import TestClient

    from sdk.testing_api import TEST_PASSWORD

    clients: list[Any] = []

    def make(user: Any | None) -> Any:
        client = TestClient(app, raise_server_exceptions=False)
        clients.append(client)
        if user is not None:
            token = csrf_token_of(client.get("/sign-in").text)
            answer = client.post(
                "/sign-in",
                data={"email": user.email, "password": TEST_PASSWORD, "csrf_token": token},
                follow_redirects=False,
            )
            if answer.status_code != 303:
                raise AssertionError(f"sign-in as {user.email} failed: {answer.status_code}")
        return client

    yield make
    for client in clients:
        client.close()
