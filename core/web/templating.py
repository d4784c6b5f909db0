"""Jinja2 environments for the web UI: core's templates, then packs', translated per locale.

One environment per locale (each with its catalog installed through ``jinja2.ext.i18n``) keeps
rendering thread-safe: no request swaps the translations another request is using.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from threading import Lock
from typing import Any

from babel.support import NullTranslations
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from core.features import template_dirs as feature_template_dirs
from core.records import TemplateDir
from core.web.i18n import LOCALES, Formatter, html_lang, load_translations
from core.web.session import csrf_token

CORE_TEMPLATES = Path(__file__).parent / "templates"
STATE_KEY = "guanxi_web"


class WebAssets:
    """Template directories and catalogs of core and every loaded pack, fixed at start-up."""

    def __init__(self, template_dirs: list[TemplateDir]) -> None:
        self.template_dirs = [CORE_TEMPLATES, *feature_template_dirs(), *(d.path for d in template_dirs)]
        self.locale_dirs: list[Path] = [p for d in template_dirs if (p := getattr(d, "locale_dir", None))]
        self._environments: dict[str, Environment] = {}
        self._catalogs: dict[str, NullTranslations] = {}
        self._lock = Lock()

    @cached_property
    def loader(self) -> ChoiceLoader:
        return ChoiceLoader([FileSystemLoader(str(path)) for path in self.template_dirs])

    def environment(self, locale: str) -> Environment:
        with self._lock:
            if locale not in self._environments:
                env = Environment(
                    loader=self.loader,
                    autoescape=select_autoescape(["html", "xml"], default=True),
                    extensions=["jinja2.ext.i18n"],
                    trim_blocks=True,
                    lstrip_blocks=True,
                )
                env.install_gettext_translations(  # type: ignore[attr-defined]
                    self._translations(locale), newstyle=True
                )
                self._environments[locale] = env
            return self._environments[locale]

    def _translations(self, locale: str) -> NullTranslations:
        if locale not in self._catalogs:
            self._catalogs[locale] = load_translations(locale, self.locale_dirs)
        return self._catalogs[locale]

    def translate(self, locale: str, message: str) -> str:
        """``message`` in ``locale`` (for text built in Python: problems, flash messages)."""
        with self._lock:
            return self._translations(locale).gettext(message)


def assets(request: Request) -> WebAssets:
    return getattr(request.app.state, STATE_KEY)


def render_template(
    request: Request,
    name: str,
    *,
    locale: str,
    timezone: str = "UTC",
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render ``name`` in ``locale``; every template gets the request, CSRF token and formatters."""
    env = assets(request).environment(locale)
    values = {
        "request": request,
        "csrf_token": csrf_token(request),
        "locale": locale,
        "locales": LOCALES,
        "html_lang": html_lang(locale),
        "fmt": Formatter(locale, timezone),
        "current_path": request.url.path,
        **context,
    }
    html = env.get_template(name).render(values)
    return HTMLResponse(html, status_code=status_code, headers=headers)
