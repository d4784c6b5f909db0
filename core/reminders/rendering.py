"""Reminder e-mails rendered from Jinja2 templates per locale (en, zh_Hans, zh_Hant).

Each locale has ``email_subject.txt`` and ``email_body.txt`` under ``templates/<locale>/``; the
e-mail is plain text, so nothing is HTML-escaped.  StrictUndefined makes a template typo fail in
tests instead of silently sending a blank.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from core.models import Tenant

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=False,
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_email(*, locale: str, tenant: Tenant, user: Any, items: list[dict[str, Any]]) -> tuple[str, str]:
    """(subject, body) of one recipient's digest of reminders."""
    env = _environment()
    context = {"tenant": tenant, "user": user, "items": sorted(items, key=lambda i: (i["due_on"], i["rule"]))}
    subject = env.get_template(f"{locale}/email_subject.txt").render(context).strip()
    body = env.get_template(f"{locale}/email_body.txt").render(context)
    return subject, body
