"""Settings → E-mail: owners and admins set up the mail server on the page, the API and the CLI;
the password is encrypted at rest, never returned, and a test mail really arrives."""

from __future__ import annotations

import email
import socket
import uuid
from email.header import decode_header, make_header
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import text
from webhelpers import post_form

from core.secretbox import SMTP_PASSWORD, UnreadableSecret, reveal, seal

PASSWORD = "App-s3cret!pw"
URL = "/api/v1/settings/smtp"


class _Server:
    """An SMTP server that accepts the login ``crm`` / :data:`PASSWORD` only and keeps messages."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.logins: list[tuple[str, bool]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.original_content or envelope.content))
        return "250 accepted"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"crm",
            PASSWORD.encode(),
        )
        self.logins.append((data.login.decode() if isinstance(data, LoginPassword) else "", ok))
        return AuthResult(success=ok, handled=False)


@pytest.fixture
def smtp_server():
    """(host, port, server) of a running SMTP server that needs a login."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = _Server()
    controller = Controller(
        server,
        hostname="127.0.0.1",
        port=port,
        authenticator=server.authenticate,
        auth_require_tls=False,
        # smtplib falls back to LOGIN after a refused PLAIN, which this server answers too slowly
        auth_exclude_mechanism=["LOGIN"],
    )
    controller.start()
    try:
        yield "127.0.0.1", port, server
    finally:
        controller.stop()


def _body(host: str, port: int, **extra: Any) -> dict[str, Any]:
    return {
        "host": host,
        "port": port,
        "starttls": False,
        "username": "crm",
        "password": PASSWORD,
        "sender": "crm@example.cn",
        **extra,
    }


def _stored_password(engine, tenant) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT password FROM smtp_settings WHERE tenant_id = :t"), {"t": tenant.id}
        ).scalar_one()


def test_owner_saves_the_server_and_the_password_is_encrypted_and_never_returned(
    guanxi_engine, make_tenant, make_user, api_client, smtp_server
):
    host, port, _server = smtp_server
    tenant = make_tenant(locale="en")
    client = api_client(make_user(tenant, role="owner"))
    saved = client.put(URL, json=_body(host, port))
    assert saved.status_code == 200, saved.text
    assert saved.json()["password_set"] is True and PASSWORD not in saved.text
    read = client.get(URL)
    assert read.status_code == 200
    assert read.json() == {
        "configured": True,
        "host": host,
        "port": port,
        "username": "crm",
        "starttls": False,
        "use_ssl": False,
        "sender": "crm@example.cn",
        "enabled": True,
        "password_set": True,
    }
    stored = _stored_password(guanxi_engine, tenant)
    assert stored and PASSWORD not in stored and "s3cret" not in stored
    assert reveal(stored, purpose=SMTP_PASSWORD) == PASSWORD


def test_test_mail_arrives_after_logging_in_with_the_decrypted_password(
    make_tenant, make_user, api_client, smtp_server
):
    host, port, server = smtp_server
    tenant = make_tenant(locale="zh_Hans", name="茶叶店")
    owner = make_user(tenant, role="owner")
    client = api_client(owner)
    client.put(URL, json=_body(host, port))
    sent = client.post(f"{URL}/test", json={})
    assert sent.status_code == 200, sent.text
    assert sent.json() == {"to": owner.email, "delivered": True, "error": None}
    assert server.logins == [("crm", True)]
    (message,) = server.messages
    assert message["To"] == owner.email and message["From"] == "crm@example.cn"
    assert "茶叶店" in str(make_header(decode_header(message["Subject"])))
    assert "测试" in message.get_payload(decode=True).decode("utf-8")


def test_a_later_save_without_a_password_keeps_it_and_an_empty_one_removes_it(
    guanxi_engine, make_tenant, make_user, api_client, smtp_server
):
    host, port, server = smtp_server
    tenant = make_tenant(locale="en")
    client = api_client(make_user(tenant, role="admin"))
    client.put(URL, json=_body(host, port))
    body = _body(host, port, sender="shop@example.cn")
    del body["password"]
    assert client.put(URL, json=body).json()["password_set"] is True
    assert client.post(f"{URL}/test", json={"to": "boss@example.cn"}).json()["delivered"] is True
    assert server.messages[-1]["From"] == "shop@example.cn"
    assert client.put(URL, json=_body(host, port, password="")).json()["password_set"] is False
    assert _stored_password(guanxi_engine, tenant) is None


def test_a_wrong_password_is_reported_by_the_test_not_raised(make_tenant, make_user, api_client, smtp_server):
    host, port, server = smtp_server
    client = api_client(make_user(make_tenant(locale="en"), role="owner"))
    client.put(URL, json=_body(host, port, password="wrong"))
    answer = client.post(f"{URL}/test", json={"to": "a@example.cn"}).json()
    assert answer["delivered"] is False and "535" in answer["error"] and not server.messages


def test_a_password_smtp_cannot_send_is_reported_by_the_test(make_tenant, make_user, api_client, smtp_server):
    host, port, _server = smtp_server
    client = api_client(make_user(make_tenant(locale="en"), role="owner"))
    client.put(URL, json=_body(host, port, password="邮箱密码"))
    answer = client.post(f"{URL}/test", json={"to": "a@example.cn"}).json()
    assert answer["delivered"] is False and "ASCII" in answer["error"]


def test_a_password_sealed_with_another_installation_secret_is_reported(
    guanxi_engine, make_tenant, make_user, api_client, smtp_server
):
    host, port, server = smtp_server
    tenant = make_tenant(locale="en")
    client = api_client(make_user(tenant, role="owner"))
    client.put(URL, json=_body(host, port))
    with guanxi_engine.begin() as connection:
        connection.execute(
            text("UPDATE smtp_settings SET password = :pw WHERE tenant_id = :t"),
            {"pw": seal(PASSWORD, purpose=SMTP_PASSWORD, secret="z" * 40), "t": tenant.id},
        )
    answer = client.post(f"{URL}/test", json={"to": "a@example.cn"}).json()
    assert answer["delivered"] is False and "enter the password again" in answer["error"]
    assert server.logins == [] and not server.messages


def test_only_owners_and_admins_reach_the_mail_server_settings(make_tenant, make_user, api_client):
    tenant = make_tenant()
    for role in ("manager", "rep", "viewer"):
        client = api_client(make_user(tenant, role=role))
        assert client.get(URL).status_code == 403
        assert client.put(URL, json=_body("h", 25)).status_code == 403
        assert client.post(f"{URL}/test", json={"to": "a@example.cn"}).status_code == 403


def test_bad_settings_are_refused_naming_the_field(make_tenant, make_user, api_client):
    client = api_client(make_user(make_tenant(), role="owner"))
    answer = client.put(URL, json=_body("h", 70000))
    assert answer.status_code == 422 and "port" in answer.text
    answer = client.put(URL, json=_body("h", 25, sender="not-an-address"))
    assert answer.status_code == 422 and "sender" in answer.text
    answer = client.put(URL, json=_body("h", 465, starttls=True, use_ssl=True))
    assert answer.status_code == 422 and "use_ssl" in answer.text
    assert client.get(URL).json() == {
        "configured": False,
        **dict.fromkeys(("host", "port", "username", "starttls", "use_ssl", "sender", "enabled")),
        "password_set": False,
    }
    assert client.post(f"{URL}/test", json={"to": "a@example.cn"}).status_code == 404


def test_tenants_do_not_see_each_others_mail_server(make_tenant, make_user, api_client, smtp_server):
    host, port, _ = smtp_server
    first, second = make_tenant(), make_tenant()
    api_client(make_user(first, role="owner")).put(URL, json=_body(host, port))
    assert api_client(make_user(second, role="owner")).get(URL).json()["configured"] is False


def test_a_password_sealed_with_another_secret_is_unreadable():
    token = seal("pw", purpose=SMTP_PASSWORD, secret="x" * 40)
    assert reveal(token, purpose=SMTP_PASSWORD, secret="x" * 40) == "pw"
    with pytest.raises(UnreadableSecret):
        reveal(token, purpose=SMTP_PASSWORD, secret="y" * 40)
    with pytest.raises(UnreadableSecret):
        reveal(token, purpose="another purpose", secret="x" * 40)


def test_admin_sets_up_mail_on_the_settings_page_and_sends_a_test_mail(
    guanxi_engine, make_tenant, make_user, browser_client, smtp_server
):
    host, port, server = smtp_server
    tenant = make_tenant(locale="en")
    admin = make_user(tenant, "admin")
    client = browser_client(admin)
    form = {
        "host": host,
        "port": str(port),
        "security": "none",
        "username": "crm",
        "password": PASSWORD,
        "sender": "crm@example.cn",
        "enabled": "1",
    }
    saved = post_form(client, "/settings/smtp", form)
    assert saved.status_code == 303, saved.text
    page = client.get("/settings/smtp").text
    assert "A password is saved" in page and PASSWORD not in page
    assert PASSWORD not in (_stored_password(guanxi_engine, tenant) or "")
    tested = post_form(client, "/settings/smtp/test", {"to": "boss@example.cn"}, page="/settings/smtp")
    assert tested.status_code == 200 and "accepted the test mail to boss@example.cn" in tested.text
    assert [m["To"] for m in server.messages] == ["boss@example.cn"]
    # saving again with an empty password input keeps the saved password
    post_form(client, "/settings/smtp", {**form, "password": "", "sender": "shop@example.cn"})
    assert reveal(_stored_password(guanxi_engine, tenant), purpose=SMTP_PASSWORD) == PASSWORD


def test_the_settings_page_shows_problems_beside_the_inputs(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="zh_Hant"), "owner"))
    answer = post_form(
        client, "/settings/smtp", {"host": "", "port": "abc", "sender": "x", "security": "none"}
    )
    assert answer.status_code == 422
    assert 'id="host-error"' in answer.text and 'id="port-error"' in answer.text
    assert "須為 1 到 65535 之間的連接埠號" in answer.text and "必填" in answer.text


def test_reps_do_not_get_the_mail_settings_page(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(), "rep"))
    assert client.get("/settings/smtp").status_code == 403


def test_cli_sets_shows_and_tests_the_mail_server(
    guanxi_database_url, guanxi_engine, make_tenant, smtp_server
):
    from cli_in_process import run_guanxi

    host, port, server = smtp_server
    slug = f"t-{uuid.uuid4().hex[:8]}"
    tenant = make_tenant(slug=slug)
    result = run_guanxi(
        "smtp",
        "set",
        "--tenant",
        slug,
        "--host",
        host,
        "--port",
        str(port),
        "--security",
        "none",
        "--username",
        "crm",
        "--sender",
        "crm@example.cn",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert PASSWORD not in (_stored_password(guanxi_engine, tenant) or "")
    shown = run_guanxi("smtp", "show", "--tenant", slug, "--json")
    assert '"password_set": true' in shown.stdout and PASSWORD not in shown.stdout
    tested = run_guanxi("smtp", "test", "--tenant", slug, "--to", "boss@example.cn")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert [m["To"] for m in server.messages] == ["boss@example.cn"]
    refused = run_guanxi("smtp", "set", "--tenant", slug, "--host", host, "--sender", "nope")
    assert refused.returncode != 0 and "sender" in refused.stderr and "Traceback" not in refused.stderr
