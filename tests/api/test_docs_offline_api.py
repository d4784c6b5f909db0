"""The API reference page (/docs) works on a machine without internet: every script, style sheet
and icon it references is served by this server."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest


class _References(HTMLParser):
    """Every URL a page loads or links to (src, href) and every ``url:``/``spec-url`` it fetches."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.urls += [value for name, value in attrs if name in ("src", "href", "spec-url") and value]

    def handle_data(self, data: str) -> None:
        self.urls += re.findall(r"""\burl:\s*['"]([^'"]+)['"]""", data)
        self.urls += re.findall(r"""https?://[^\s'"<>)]+""", data)


def _references(html: str) -> list[str]:
    parser = _References()
    parser.feed(html)
    return parser.urls


@pytest.fixture
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app) as client:
        yield client


def test_api_reference_page_loads_nothing_from_other_servers(client):
    page = "/docs"
    answer = client.get(page)
    assert answer.status_code == 200
    urls = _references(answer.text)
    assert any(url.endswith(".js") for url in urls), "the page names its script"
    external = [url for url in urls if urlsplit(url).scheme or urlsplit(url).netloc]
    assert external == [], f"{page} reaches other servers: {external}"


def test_every_asset_of_the_api_reference_page_is_served_here(client):
    urls = _references(client.get("/docs").text)
    assert len(urls) >= 2
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert len(asset.content) > 1000, f"{url} is empty"
    scripts = [url for url in urls if url.endswith(".js")]
    assert all("javascript" in client.get(url).headers["content-type"] for url in scripts)


def test_swagger_ui_has_its_oauth2_redirect_page(client):
    answer = client.get("/docs/oauth2-redirect")
    assert answer.status_code == 200 and "oauth2" in answer.text.lower()
