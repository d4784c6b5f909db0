"""Web UI tests: an app with every installed pack plus ``showroom``, a small pack with pages.

Fixtures sign people in through the real sign-in form (CSRF token included), so every test goes
through the same cookie session and checks a browser would.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from importlib_metadata import EntryPoint, entry_points

HERE = Path(__file__).parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from webhelpers import PASSWORD, csrf_from  # noqa: E402


@pytest.fixture(scope="package")
def web_registry(guanxi_registry: Any) -> Iterator[Any]:
    """Installed packs plus ``showroom`` as the process-wide registry for the web tests."""
    from core.packs.loader import get_registry, load_packs, set_registry

    original = get_registry()
    real = list(entry_points(group="guanxi.plugins"))
    registry = load_packs([*real, EntryPoint(name="showroom", value="showroom_pack", group="guanxi.plugins")])
    assert "showroom" in registry.packs, registry.problems
    set_registry(registry)
    yield registry
    set_registry(original)


@pytest.fixture(scope="package")
def web_app(guanxi_engine: Any, web_registry: Any) -> Any:
    from core.api.app import create_app

    return create_app(engine=guanxi_engine, registry=web_registry)


@pytest.fixture
def make_user(uow: Callable[[Any], Any]) -> Callable[..., Any]:
    """Create a user with the shared test password in a tenant."""
    from core.users.service import create_user

    def make(tenant: Any, role: str = "owner", **fields: Any) -> Any:
        fields.setdefault("email", f"{role}-{uuid.uuid4().hex[:8]}@example.com")
        with uow(tenant) as session:
            return create_user(session=session, tenant=tenant, password=PASSWORD, role=role, **fields)

    return make


@pytest.fixture
def browser_client(web_app: Any) -> Iterator[Callable[..., Any]]:
    """``browser_client(user)``: a test client signed in as ``user`` (or anonymous with None)."""
    from fastapi.testclient import TestClient

    clients: list[Any] = []

    def make(user: Any | None = None, **headers: str) -> Any:
        client = TestClient(web_app, headers=headers)
        clients.append(client)
        if user is not None:
            token = csrf_from(client.get("/sign-in").text)
            answer = client.post(
                "/sign-in",
                data={"email": user.email, "password": PASSWORD, "csrf_token": token},
                follow_redirects=False,
            )
            assert answer.status_code == 303, answer.text
        return client

    yield make
    for client in clients:
        client.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[Any]:
    """Remember each phase's outcome on the item, so browser fixtures can screenshot failures."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def live_server(web_app: Any) -> Iterator[str]:
    from livebrowser import served

    with served(web_app) as url:
        yield url


@pytest.fixture(scope="package")
def chromium_browser() -> Iterator[Any]:
    from livebrowser import CHROMIUM, chromium

    if not CHROMIUM.exists():
        pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    with chromium() as browser:
        yield browser


@pytest.fixture
def open_page(request: pytest.FixtureRequest, chromium_browser: Any, live_server: str) -> Iterator[Any]:
    """``open_page(width=1280)``: a fresh browser context (its own cookies) on the live server.

    Every page fails the test on a CSP violation or a script error, and is screenshotted into
    test-artifacts/ when the test fails."""
    pages: list[Any] = []

    def make(width: int = 1280, height: int = 900) -> Any:
        context = chromium_browser.new_context(
            viewport={"width": width, "height": height}, base_url=live_server
        )
        page = context.new_page()
        page.guanxi_errors = []
        page.on("pageerror", lambda exc: page.guanxi_errors.append(str(exc)))
        page.on("console", lambda msg: msg.type == "error" and page.guanxi_errors.append(msg.text))
        pages.append(page)
        return page

    yield make
    failed = getattr(request.node, "report_call", None)
    artifacts = Path(request.config.rootpath) / "test-artifacts"
    for i, page in enumerate(pages):
        if failed is not None and failed.failed:
            artifacts.mkdir(exist_ok=True)
            page.screenshot(path=str(artifacts / f"{request.node.name}-{i}.png"), full_page=True)
        page.context.close()
