"""Settings and packs on the web: users and roles, enabling packs, editions, pack pages."""

from __future__ import annotations

import pytest
from webhelpers import post_form


def test_guanxi_register_web_routes_and_guanxi_register_template_dirs_serve_pack_pages(
    make_tenant, make_user, make_customer, browser_client
):
    tenant = make_tenant(packs=["showroom"], locale="zh_Hant")
    customer = make_customer(tenant)
    client = browser_client(make_user(tenant, "manager"))
    dashboard = client.get("/").text
    assert 'href="/showroom/"' in dashboard and "展廳" in dashboard
    assert "今日訪客：42" in dashboard
    assert "展廳到訪：0" in client.get(f"/customers/{customer.id}").text
    page = client.get("/showroom/")
    assert page.status_code == 200 and "歡迎來到" in page.text


def test_disabled_pack_shows_nothing(make_tenant, make_user, make_customer, browser_client):
    tenant = make_tenant(locale="en")
    customer = make_customer(tenant)
    client = browser_client(make_user(tenant, "owner"))
    assert "/showroom/" not in client.get("/").text
    assert "Showroom visits" not in client.get(f"/customers/{customer.id}").text
    assert client.get("/showroom/").status_code == 404


def test_owner_enables_a_pack_and_only_that_tenant_sees_it(make_tenant, make_user, browser_client):
    mine, other = make_tenant(locale="en"), make_tenant(locale="en")
    owner = browser_client(make_user(mine, "owner"))
    answer = post_form(owner, "/settings/packs/showroom/enable", {}, page="/settings/packs")
    assert answer.status_code == 303
    assert 'href="/showroom/"' in owner.get("/").text
    stranger = browser_client(make_user(other, "owner"))
    assert 'href="/showroom/"' not in stranger.get("/").text
    assert stranger.get("/showroom/").status_code == 404


def test_rep_cannot_enable_packs(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "rep"))
    answer = post_form(client, "/settings/packs/showroom/enable", {}, page="/settings/packs")
    assert answer.status_code == 403


def test_owner_sees_what_an_edition_upgrade_adds_before_confirming(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    preview = client.get("/settings/editions/professional")
    assert preview.status_code == 200
    for feature in ("Segments", "Value metrics", "Audit log"):
        assert f"<li>{feature}</li>" in preview.text
    assert 'id="current-edition">Basic<' in client.get("/settings/packs").text
    answer = post_form(client, "/settings/editions/professional", {}, page="/settings/editions/professional")
    assert answer.status_code == 303
    assert 'id="current-edition">Professional<' in client.get("/settings/packs").text


@pytest.mark.parametrize(
    ("locale", "edition", "feature"), [("zh_Hans", "专业版", "价值指标"), ("zh_Hant", "專業版", "價值指標")]
)
def test_editions_and_features_are_named_in_the_tenants_language(
    make_tenant, make_user, browser_client, locale, edition, feature
):
    client = browser_client(make_user(make_tenant(locale=locale), "owner"))
    preview = client.get("/settings/editions/professional").text
    assert edition in preview and f"<li>{feature}</li>" in preview and "<li>metrics</li>" not in preview
    assert "Professional" not in preview
    packs_page = client.get("/settings/packs").text
    assert 'id="current-edition">' + ("基础版" if locale == "zh_Hans" else "基礎版") + "<" in packs_page


def test_admin_cannot_change_the_edition(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "admin"))
    page = client.get("/settings/editions/standard")
    assert "Only an owner can change the edition." in page.text
    assert post_form(client, "/settings/editions/standard", {}, page="/settings/packs").status_code == 403


def test_owner_adds_a_user_who_can_sign_in(make_tenant, make_user, browser_client):
    from webhelpers import PASSWORD

    from core.models import User

    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    answer = post_form(
        client,
        "/settings/users",
        {
            "email": "new.rep@example.com",
            "display_name": "New Rep",
            "role": "rep",
            "team": "north",
            "password": PASSWORD,
        },
    )
    assert answer.status_code == 303, answer.text
    assert "New Rep" in client.get("/settings/users").text
    newcomer = browser_client(User(email="new.rep@example.com"))
    assert newcomer.get("/").status_code == 200


def test_user_form_reports_problems_and_duplicates(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="en")
    owner = make_user(tenant, "owner")
    client = browser_client(owner)
    short = post_form(
        client, "/settings/users", {"email": "x@example.com", "role": "rep", "password": "short"}
    )
    assert short.status_code == 422 and "use at least 8 characters" in short.text
    dup = post_form(
        client, "/settings/users", {"email": owner.email, "role": "rep", "password": "long enough"}
    )
    assert dup.status_code == 409 and "already exists" in dup.text


def test_admin_cannot_create_owners_and_reps_cannot_add_users(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="en")
    admin = browser_client(make_user(tenant, "admin"))
    answer = post_form(
        admin, "/settings/users", {"email": "boss@example.com", "role": "owner", "password": "long enough"}
    )
    assert answer.status_code == 422
    rep = browser_client(make_user(tenant, "rep"))
    assert "Add a user" not in rep.get("/settings/users").text
    refused = post_form(
        rep, "/settings/users", {"email": "x2@example.com", "role": "rep", "password": "long enough"}
    )
    assert refused.status_code == 403
