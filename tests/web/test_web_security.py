"""Sessions, CSRF, headers: what keeps a signed-in user's browser safe."""

from __future__ import annotations

import re
from pathlib import Path

from webhelpers import PASSWORD, csrf_from

import core.web
from core.features import template_dirs

#: The web UI's templates: core/web's own and those kept beside each feature's pages.
TEMPLATE_DIRS = [Path(core.web.__file__).parent / "templates", *template_dirs()]


def _templates() -> list[Path]:
    return [path for directory in TEMPLATE_DIRS for path in directory.rglob("*.html")]


def test_pages_need_sign_in(browser_client):
    client = browser_client()
    answer = client.get("/customers?q=x", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?next=/customers%3Fq%3Dx"


def test_wrong_password_is_refused_with_a_message(make_tenant, make_user, browser_client):
    user = make_user(make_tenant(), "owner")
    client = browser_client(None, **{"Accept-Language": "en"})
    token = csrf_from(client.get("/sign-in").text)
    answer = client.post("/sign-in", data={"email": user.email, "password": "nope", "csrf_token": token})
    assert answer.status_code == 400
    assert "password is wrong" in answer.text
    assert client.get("/", follow_redirects=False).status_code == 303


def test_session_cookie_is_http_only_and_same_site(make_tenant, make_user, browser_client):
    user = make_user(make_tenant(), "owner")
    client = browser_client()
    token = csrf_from(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie


def test_session_cookie_is_secure_over_https(web_app, make_tenant, make_user):
    from fastapi.testclient import TestClient

    with TestClient(web_app, base_url="https://crm.example") as client:
        cookie = client.get("/sign-in").headers["set-cookie"]
    assert "; Secure" in cookie


def test_sign_in_never_redirects_off_site(make_tenant, make_user, browser_client):
    user = make_user(make_tenant(), "owner")
    client = browser_client()
    token = csrf_from(client.get("/sign-in").text)
    answer = client.post(
        "/sign-in",
        follow_redirects=False,
        data={"email": user.email, "password": PASSWORD, "csrf_token": token, "next": "//evil.example/"},
    )
    assert answer.headers["location"] == "/"


def test_post_without_csrf_token_is_refused(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(), "owner"))
    answer = client.post("/customers/new", data={"name": "Forged"}, follow_redirects=False)
    assert answer.status_code == 403
    wrong = client.post("/customers/new", data={"name": "Forged", "csrf_token": "x" * 43})
    assert wrong.status_code == 403
    assert "Forged" not in client.get("/customers").text


def test_sign_out_ends_the_session(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(), "owner"))
    token = csrf_from(client.get("/").text)
    client.post("/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert client.get("/", follow_redirects=False).status_code == 303


def test_deactivated_user_is_signed_out_on_next_click(make_tenant, make_user, browser_client, uow):
    from core.models import User

    tenant = make_tenant()
    user = make_user(tenant, "owner")
    client = browser_client(user)
    with uow(tenant) as session:
        session.get(User, user.id).active = False
    assert client.get("/", follow_redirects=False).status_code == 303


def test_pages_send_a_csp_without_inline_scripts(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(), "owner"))
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_templates_have_no_inline_scripts_or_event_handlers():
    for path in _templates():
        text = path.read_text()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path
        assert not re.search(r"\son[a-z]+\s*=", text), path
        assert "style=" not in text, path


def test_every_form_input_has_a_label():
    for path in _templates():
        text = path.read_text()
        ids = set(re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\sid="([^"]+)"', text))
        labelled = set(re.findall(r'<label for="([^"]+)"', text))
        assert ids <= labelled, (path, ids - labelled)
        unnamed = re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")(?![^>]*\sid=)[^>]*>', text)
        assert not unnamed, (path, unnamed)


def _replay(web_app, cookies):
    """A browser that only has a copy of another browser's cookies."""
    from fastapi.testclient import TestClient

    client = TestClient(web_app)
    for name, value in cookies.items():
        client.cookies.set(name, value)
    return client


def test_a_copied_session_cookie_stops_working_once_its_owner_signs_out(
    web_app, make_tenant, make_user, browser_client
):
    client = browser_client(make_user(make_tenant(), "owner"))
    copied = dict(client.cookies)
    with _replay(web_app, copied) as thief:
        assert thief.get("/", follow_redirects=False).status_code == 200  # the copy works while signed in
        client.post("/sign-out", data={"csrf_token": csrf_from(client.get("/").text)}, follow_redirects=False)
        answer = thief.get("/", follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in")


def test_signing_out_in_one_browser_leaves_the_users_other_browsers_signed_in(
    make_tenant, make_user, browser_client
):
    user = make_user(make_tenant(), "owner")
    laptop, phone = browser_client(user), browser_client(user)
    laptop.post("/sign-out", data={"csrf_token": csrf_from(laptop.get("/").text)}, follow_redirects=False)
    assert laptop.get("/", follow_redirects=False).status_code == 303
    assert phone.get("/", follow_redirects=False).status_code == 200


def test_reactivating_a_user_does_not_bring_their_old_session_back(
    make_tenant, make_user, browser_client, uow
):
    from core.models import User
    from core.users.service import update_user

    tenant = make_tenant()
    owner, rep = make_user(tenant, "owner"), make_user(tenant, "rep")
    client = browser_client(rep)
    for active in (False, True):
        with uow(tenant) as session:
            update_user(
                session=session, user=session.get(User, rep.id), actor=owner, changes={"active": active}
            )
    assert client.get("/", follow_redirects=False).status_code == 303


def test_a_new_password_signs_the_user_out_everywhere(make_tenant, make_user, browser_client, uow):
    from core.models import User
    from core.users.service import set_password

    tenant = make_tenant()
    user = make_user(tenant, "owner")
    laptop, phone = browser_client(user), browser_client(user)
    with uow(tenant) as session:
        set_password(session=session, user=session.get(User, user.id), password="a brand new password")
    assert laptop.get("/", follow_redirects=False).status_code == 303
    assert phone.get("/", follow_redirects=False).status_code == 303


def test_a_forged_host_header_does_not_reach_the_calendar_address_on_the_inbox(
    make_tenant, make_user, browser_client
):
    from webhelpers import post_form

    client = browser_client(make_user(make_tenant(locale="en"), "rep"))
    answer = post_form(
        client, "/notifications/calendar", {}, page="/notifications", headers={"Host": "evil.example"}
    )
    url = re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', answer.text)
    assert answer.status_code == 200 and url
    assert "evil.example" not in url.group(1) and url.group(1).startswith("http://127.0.0.1/")
