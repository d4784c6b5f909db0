"""Customers on the web: create, edit, search, the customer page, record rules, tenant walls."""

from __future__ import annotations

import re

from webhelpers import csrf_from, post_form


def _create(client, **fields):
    answer = post_form(client, "/customers/new", fields)
    assert answer.status_code == 303, answer.text
    return int(answer.headers["location"].rsplit("/", 1)[1])


def test_taiwan_phone_written_locally_is_stored_in_e164(make_tenant, make_user, browser_client):
    tenant = make_tenant(phone_region="TW", locale="zh_Hant", timezone="Asia/Taipei")
    client = browser_client(make_user(tenant, "owner"))
    customer_id = _create(client, name="陳怡君", phones="0912-345-678")
    page = client.get(f"/customers/{customer_id}")
    assert "陳怡君" in page.text
    assert "+886912345678" in page.text


def test_invalid_customer_form_shows_messages_beside_the_fields(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    answer = post_form(client, "/customers/new", {"name": "", "phones": "12"})
    assert answer.status_code == 422
    assert 'id="name-error"' in answer.text
    assert 'id="phones-error"' in answer.text
    assert "a name is required" in answer.text
    assert ">12</textarea>" in answer.text, "what was typed comes back"


def test_form_problems_are_translated(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="zh_Hans")
    client = browser_client(make_user(tenant, "owner"))
    answer = post_form(client, "/customers/new", {"name": ""})
    assert "必须填写姓名" in answer.text


def test_edit_customer_keeps_the_version_check(make_tenant, make_user, make_customer, browser_client):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    customer = make_customer(tenant, name="Li Na")
    form = client.get(f"/customers/{customer.id}/edit").text
    token = csrf_from(form)
    ok = client.post(
        f"/customers/{customer.id}/edit",
        follow_redirects=False,
        data={"name": "Li Na 2", "version": str(customer.version), "csrf_token": token},
    )
    assert ok.status_code == 303
    stale = client.post(
        f"/customers/{customer.id}/edit",
        follow_redirects=False,
        data={"name": "Li Na 3", "version": str(customer.version), "csrf_token": token},
    )
    assert stale.status_code == 409
    assert "Li Na 2" in client.get(f"/customers/{customer.id}").text


def test_log_interaction_shows_on_the_timeline_without_reload(
    make_tenant, make_user, make_customer, browser_client
):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "rep"))
    customer_id = _create(client, name="王小明")
    page = client.get(f"/customers/{customer_id}").text
    answer = client.post(
        f"/customers/{customer_id}/interactions",
        data={"kind": "visit", "summary": "Showed the new range"},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_from(page)},
    )
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<section id="activity"')
    assert "Showed the new range" in answer.text
    assert "Showed the new range" in client.get(f"/customers/{customer_id}").text


def test_empty_interaction_is_refused_with_a_message(make_tenant, make_user, make_customer, browser_client):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    customer = make_customer(tenant)
    answer = post_form(
        client,
        f"/customers/{customer.id}/interactions",
        {"kind": "visit", "summary": ""},
        page=f"/customers/{customer.id}",
    )
    assert answer.status_code == 422
    assert "write what happened" in answer.text


def test_search_as_you_type_returns_only_the_rows(make_tenant, make_user, make_customer, browser_client):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    make_customer(tenant, name="张伟", tags=["vip"])
    make_customer(tenant, name="李娜")
    partial = client.get("/customers", params={"q": "zhang"}, headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<div id="customer-rows"')
    assert "张伟" in partial.text and "李娜" not in partial.text
    tagged = client.get("/customers", params={"tag": "vip"})
    assert "张伟" in tagged.text and "李娜" not in tagged.text and "<html" in tagged.text


def test_rep_cannot_open_another_reps_customer(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="en")
    alice, bob = make_user(tenant, "rep", team="north"), make_user(tenant, "rep", team="south")
    alice_client, bob_client = browser_client(alice), browser_client(bob)
    customer_id = _create(alice_client, name="Alice's client")
    assert bob_client.get(f"/customers/{customer_id}").status_code == 404
    assert bob_client.get(f"/customers/{customer_id}/edit").status_code == 404
    assert "Alice&#39;s client" not in bob_client.get("/customers").text
    shared = _create(alice_client, name="Southern client", team="south")
    assert bob_client.get(f"/customers/{shared}").status_code == 200


def test_viewer_reads_but_cannot_write(make_tenant, make_user, make_customer, browser_client):
    tenant = make_tenant(locale="en")
    customer = make_customer(tenant, name="Read only")
    client = browser_client(make_user(tenant, "viewer"))
    page = client.get(f"/customers/{customer.id}")
    assert page.status_code == 200 and "Log an interaction" not in page.text
    assert client.get("/customers/new").status_code == 403
    refused = client.post(
        f"/customers/{customer.id}/interactions",
        follow_redirects=False,
        data={"kind": "note", "summary": "x", "csrf_token": csrf_from(page.text)},
    )
    assert refused.status_code == 403


def test_tenants_never_see_each_others_customers(make_tenant, make_user, make_customer, browser_client):
    first, second = make_tenant(locale="en"), make_tenant(locale="en")
    theirs = make_customer(second, name="Second tenant's customer")
    client = browser_client(make_user(first, "owner"))
    assert client.get(f"/customers/{theirs.id}").status_code == 404
    assert "Second tenant" not in client.get("/customers").text


def test_timeline_dates_follow_locale_and_tenant_time_zone(
    make_tenant, make_user, make_customer, make_interaction, browser_client
):
    from datetime import UTC, datetime
    from decimal import Decimal

    tenant = make_tenant(locale="zh_Hans", timezone="Asia/Shanghai")
    customer = make_customer(tenant)
    make_interaction(
        tenant,
        customer,
        kind="purchase",
        summary="买了一台",
        amount=Decimal("1234.5"),
        occurred_at=datetime(2026, 3, 1, 17, 30, tzinfo=UTC),
    )
    text = browser_client(make_user(tenant, "owner")).get(f"/customers/{customer.id}").text
    assert re.search(r"2026/3/2.*01:30", text), "UTC 17:30 is 01:30 the next day in Shanghai"
    assert "¥1,234.50" in text


def test_customer_address_that_cannot_exist_answers_not_found(make_tenant, make_user, browser_client):
    client = browser_client(make_user(make_tenant(locale="en"), "owner"))
    assert client.get(f"/customers/{10**20}").status_code == 404
    assert client.get("/customers/-1/edit").status_code == 404


def _stored(uow, tenant, customer_id):
    from core.models import Customer

    with uow(tenant) as session:
        customer = session.get(Customer, customer_id)
        session.expunge(customer)
        return customer


def test_customer_with_a_solar_birthday_can_be_created_and_edited(
    make_tenant, make_user, browser_client, uow
):
    from datetime import date

    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    customer_id = _create(client, name="Li Na", birthday="1990-05-17", birthday_calendar="solar")
    assert _stored(uow, tenant, customer_id).birthday == date(1990, 5, 17)
    form = client.get(f"/customers/{customer_id}/edit").text
    assert 'value="1990-05-17"' in form, "the edit form shows the stored birthday"
    answer = post_form(
        client,
        f"/customers/{customer_id}/edit",
        {"name": "Li Na", "birthday": "1991-06-18", "birthday_calendar": "solar", "version": "1"},
    )
    assert answer.status_code == 303, answer.text
    assert _stored(uow, tenant, customer_id).birthday == date(1991, 6, 18)


def test_customer_with_a_lunar_birthday_can_be_created_and_edited(
    make_tenant, make_user, browser_client, uow
):
    tenant = make_tenant(locale="zh_Hans")
    client = browser_client(make_user(tenant, "owner"))
    customer_id = _create(
        client, name="王芳", birthday_calendar="lunar", lunar_month="4", lunar_day="15", lunar_leap="on"
    )
    stored = _stored(uow, tenant, customer_id)
    assert (
        stored.birthday_lunar,
        stored.lunar_birth_month,
        stored.lunar_birth_day,
        stored.lunar_birth_leap,
        stored.birthday,
    ) == (True, 4, 15, True, None)
    answer = post_form(
        client,
        f"/customers/{customer_id}/edit",
        {
            "name": "王芳",
            "birthday_calendar": "lunar",
            "lunar_month": "8",
            "lunar_day": "30",
            "version": str(stored.version),
        },
    )
    assert answer.status_code == 303, answer.text
    stored = _stored(uow, tenant, customer_id)
    assert (stored.lunar_birth_month, stored.lunar_birth_day, stored.lunar_birth_leap) == (8, 30, False)


def test_lunar_birth_year_given_on_the_web_also_stores_the_solar_date(
    make_tenant, make_user, browser_client, uow
):
    from datetime import date

    from core.lunar import lunar_to_solar

    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    customer_id = _create(
        client, name="Chen", birthday_calendar="lunar", lunar_year="1984", lunar_month="10", lunar_day="10"
    )
    stored = _stored(uow, tenant, customer_id)
    assert stored.birthday == lunar_to_solar(1984, 10, 10) and isinstance(stored.birthday, date)
    form = client.get(f"/customers/{customer_id}/edit").text
    assert re.search(r'name="lunar_year"[^>]*value="1984"', form), "the lunar year comes back"


def test_editing_a_customer_with_a_lunar_birthday_keeps_it(
    make_tenant, make_user, make_customer, browser_client, uow
):
    tenant = make_tenant(locale="en")
    customer = make_customer(tenant, name="Zhou", lunar_birthday={"month": 2, "day": 3, "leap": False})
    client = browser_client(make_user(tenant, "owner"))
    form = client.get(f"/customers/{customer.id}/edit").text
    values = {
        name: value
        for name, value in re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form)
        if name != "csrf_token"
    }
    values.update(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"[^>]*checked', form))
    values.update(re.findall(r'<select[^>]*name="(\w+)".*?<option value="([^"]*)" selected', form, re.S))
    values["name"] = "Zhou Jie"
    answer = post_form(client, f"/customers/{customer.id}/edit", values)
    assert answer.status_code == 303, answer.text
    stored = _stored(uow, tenant, customer.id)
    assert stored.name == "Zhou Jie"
    assert (stored.birthday_lunar, stored.lunar_birth_month, stored.lunar_birth_day) == (True, 2, 3)


def test_impossible_birthdays_are_shown_beside_the_field(make_tenant, make_user, browser_client):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    solar = post_form(
        client, "/customers/new", {"name": "A", "birthday_calendar": "solar", "birthday": "2023-02-30"}
    )
    assert solar.status_code == 422 and 'id="birthday-error"' in solar.text
    for lunar in (
        {"lunar_month": "13", "lunar_day": "x"},
        {"lunar_year": "1984", "lunar_month": "5", "lunar_day": "1", "lunar_leap": "on"},
    ):
        answer = post_form(client, "/customers/new", {"name": "B", "birthday_calendar": "lunar", **lunar})
        assert answer.status_code == 422 and 'id="lunar_birthday-error"' in answer.text, lunar
        assert "a leap month only in a year that has one" in answer.text, lunar
    assert 'name="lunar_year" type="number" value="1984"' in answer.text, "what was typed comes back"


def test_interaction_amount_or_summary_too_large_is_refused_with_a_message(
    make_tenant, make_user, make_customer, browser_client
):
    tenant = make_tenant(locale="en")
    client = browser_client(make_user(tenant, "owner"))
    customer = make_customer(tenant)
    for fields in ({"amount": "1e20"}, {"amount": "NaN"}, {"amount": "12.345"}, {"summary": "x" * 2001}):
        answer = post_form(
            client,
            f"/customers/{customer.id}/interactions",
            {"kind": "purchase", "summary": "bought", **fields},
            page=f"/customers/{customer.id}",
        )
        assert answer.status_code == 422, fields
        assert f'id="{next(iter(fields))}-error"' in answer.text, fields


def test_interaction_time_typed_on_the_web_is_read_in_the_tenants_time_zone(
    make_tenant, make_user, make_customer, browser_client, uow
):
    from datetime import UTC, datetime
    from decimal import Decimal

    from sqlmodel import select

    from core.models import Interaction

    tenant = make_tenant(locale="en", timezone="Asia/Shanghai")
    client = browser_client(make_user(tenant, "owner"))
    customer = make_customer(tenant)
    answer = post_form(
        client,
        f"/customers/{customer.id}/interactions",
        {
            "kind": "purchase",
            "summary": "bought a coat",
            "occurred_at": "2026-03-02T01:30",
            "amount": "1234.5",
        },
        page=f"/customers/{customer.id}",
    )
    assert answer.status_code == 303, answer.text
    with uow(tenant) as session:
        logged = session.exec(select(Interaction).where(Interaction.customer_id == customer.id)).one()
        assert logged.occurred_at.astimezone(UTC) == datetime(2026, 3, 1, 17, 30, tzinfo=UTC)
        assert logged.amount == Decimal("1234.50") and logged.currency == tenant.currency
