"""Concurrent edits against a real server: of two PATCHes with the same If-Match, one wins."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import uvicorn


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server_url(app: Any) -> Iterator[str]:
    """The app served by uvicorn in a thread on a free loopback port."""
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.mark.parametrize("round_", range(3))
def test_two_concurrent_patches_with_the_same_if_match_one_wins_one_gets_412(
    round_, server_url, tenant, make_user, make_customer
):
    from core.auth.tokens import issue_access_token

    customer = make_customer(tenant, city="上海")
    token = issue_access_token(user=make_user(tenant, role="owner"))[0]
    barrier = threading.Barrier(2)
    results: dict[str, httpx.Response] = {}

    def edit(city: str) -> None:
        with httpx.Client(base_url=server_url, headers={"Authorization": f"Bearer {token}"}) as client:
            barrier.wait()
            results[city] = client.patch(
                f"/api/v1/customers/{customer.id}", json={"city": city}, headers={"If-Match": '"1"'}
            )

    threads = [threading.Thread(target=edit, args=(city,)) for city in ("杭州", "北京")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [200, 412], {c: (r.status_code, r.text) for c, r in results.items()}
    winner = next(city for city, r in results.items() if r.status_code == 200)
    loser = next(r for r in results.values() if r.status_code == 412)
    assert loser.json()["current_version"] == 2
    with httpx.Client(base_url=server_url, headers={"Authorization": f"Bearer {token}"}) as client:
        final = client.get(f"/api/v1/customers/{customer.id}").json()
    assert final["city"] == winner and final["version"] == 2
