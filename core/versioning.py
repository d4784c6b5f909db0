"""Optimistic concurrency for every versioned record, core's customers and packs' records alike.

A record carries an integer version that SQLAlchemy raises on each UPDATE (``version_id_col``).
Reads answer it as the ``ETag``; edits send it back in ``If-Match`` (or a ``version`` field).
An edit without one is refused (``PreconditionRequired``, 428), one based on an old version is
refused (``StaleVersion``, 412, with the current ETag), so no edit is silently lost.  The rules
live here once so that core's routes and the SDK's helpers answer byte for byte the same.
"""

from __future__ import annotations

from core.errors import InvalidInput, PreconditionRequired, Problem, StaleVersion


def etag(version: int) -> str:
    """The strong ETag of a record at ``version``: ``"3"``."""
    return f'"{version}"'


def expected_version(if_match: str | None, body_version: int | None, *, required: bool = True) -> int | None:
    """The version an edit is based on, from ``If-Match`` (``"3"``, ``W/"3"``) or the body.

    A malformed header, or a header and a body that disagree, is a 422 naming the field; neither
    given is a 428 when ``required``.
    """
    if if_match is not None:
        raw = if_match.strip().removeprefix("W/").strip('"')
        if not raw.isdigit():
            raise InvalidInput([Problem("If-Match", 'send the ETag you read, e.g. "3"')])
        if body_version is not None and body_version != int(raw):
            raise InvalidInput([Problem("version", "differs from If-Match")])
        return int(raw)
    if body_version is None and required:
        raise PreconditionRequired("send If-Match with the ETag you read (or the version field)")
    return body_version


def check_version(current: int, expected: int | None) -> None:
    """Refuse an edit based on any version but ``current`` (``None``: nothing to compare)."""
    if expected is not None and current != expected:
        raise StaleVersion(current)
