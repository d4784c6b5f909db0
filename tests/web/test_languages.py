"""English, 简体中文 and 繁體中文: catalogs complete, the right language per user, every page renders."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from webhelpers import csrf_from

import core.web

ROOT = Path(core.web.__file__).parents[2]
LOCALE_DIR = Path(core.web.__file__).parent / "locale"
METHODS = [
    ("core/*/templates/**.html", "jinja2"),
    ("core/**.py", "python"),
]
OPTIONS = {"core/*/templates/**.html": {"extensions": "jinja2.ext.i18n"}}


def _extracted() -> set[str]:
    messages = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHODS, options_map=OPTIONS
    ):
        messages.add(message if isinstance(message, str) else message[0])
    return messages


def _catalog(locale: str) -> dict[str, str]:
    with (LOCALE_DIR / locale / "LC_MESSAGES" / "messages.po").open("rb") as fp:
        return {m.id: m.string for m in read_po(fp) if m.id}


@pytest.mark.parametrize("locale", ["zh_Hans", "zh_Hant"])
def test_every_message_on_the_pages_is_translated(locale):
    messages = _extracted()
    assert len(messages) > 80, "the extractor found the templates"
    catalog = _catalog(locale)
    missing = sorted(m for m in messages if not catalog.get(m))
    assert not missing, f"untranslated in {locale}: {missing}"


def test_english_catalog_lists_every_message():
    assert _extracted() <= set(_catalog("en"))


def test_traditional_and_simplified_catalogs_really_differ():
    hans, hant = _catalog("zh_Hans"), _catalog("zh_Hant")
    assert hans["Customers"] == "客户" and hant["Customers"] == "客戶"


def test_locale_comes_from_user_then_tenant_then_browser():
    from core.web.i18n import choose_locale

    assert (
        choose_locale(user_locale="en", tenant_locale="zh_Hant", session_locale=None, accept_language="zh-CN")
        == "en"
    )
    assert (
        choose_locale(user_locale=None, tenant_locale="zh_Hant", session_locale=None, accept_language="en")
        == "zh_Hant"
    )
    assert (
        choose_locale(
            user_locale=None,
            tenant_locale=None,
            session_locale=None,
            accept_language="zh-TW,zh;q=0.8,en;q=0.5",
        )
        == "zh_Hant"
    )
    assert (
        choose_locale(
            user_locale=None, tenant_locale=None, session_locale=None, accept_language="fr-FR,en;q=0.7"
        )
        == "en"
    )


def test_sign_in_page_speaks_the_browsers_language(browser_client):
    assert "登入" in browser_client(None, **{"Accept-Language": "zh-HK"}).get("/sign-in").text
    assert "Sign in" in browser_client(None, **{"Accept-Language": "en-GB"}).get("/sign-in").text


def test_language_switcher_is_remembered_for_the_user(make_tenant, make_user, browser_client, uow):
    from core.models import User

    tenant = make_tenant(locale="zh_Hans")
    user = make_user(tenant, "owner")
    client = browser_client(user)
    assert "客户" in client.get("/customers").text
    token = csrf_from(client.get("/customers").text)
    answer = client.post(
        "/language",
        data={"locale": "zh_Hant", "next": "/customers", "csrf_token": token},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/customers"
    assert "客戶" in client.get("/customers").text
    with uow(tenant) as session:
        assert session.get(User, user.id).locale == "zh_Hant"


def _nav_links(html: str) -> list[str]:
    import re

    nav = html.split('id="main-nav"', 1)[1].split("</nav>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


@pytest.mark.parametrize("locale", ["en", "zh_Hans", "zh_Hant"])
def test_every_page_of_the_navigation_renders_in_every_language(
    locale, make_tenant, make_user, make_customer, make_interaction, browser_client, web_registry
):
    """Crawl the nav (core's and every installed pack's) and the pages one click below it."""
    tenant = make_tenant(packs=list(web_registry.packs), locale=locale)
    customer = make_customer(tenant, name="陳怡君", tags=["vip"])
    make_interaction(tenant, customer, kind="visit", summary="first visit")
    client = browser_client(make_user(tenant, "owner", locale=locale))
    start = client.get("/")
    links = _nav_links(start.text)
    assert "/showroom/" in links and "/customers" in links
    extra = [
        f"/customers/{customer.id}",
        f"/customers/{customer.id}/edit",
        "/customers/new",
        "/customers?q=chen",
        "/customers?tag=vip",
        "/settings/users",
        "/settings/packs",
        "/settings/editions/standard",
    ]
    for path in [*links, *extra]:
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
        assert f'lang="{locale.replace("_", "-")}"' in answer.text, path
        assert "Traceback" not in answer.text
