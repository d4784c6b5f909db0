"""Helpers for web tests: the shared password, CSRF tokens from pages, posting forms."""

from __future__ import annotations

import re
from typing import Any

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_form(client: Any, path: str, data: dict[str, Any], page: str | None = None, **kwargs: Any) -> Any:
    """POST a form the way a browser would: with the CSRF token of the page it came from."""
    html = client.get(page or path).text
    return client.post(path, data={**data, "csrf_token": csrf_from(html)}, follow_redirects=False, **kwargs)
