"""Per-tenant pack settings: declared by a pack, kept per tenant, validated, edited on a page."""

from __future__ import annotations

import pytest
from guanxi_appliance_repair.settings import RepairSettings
from pydantic import BaseModel, Field
from sqlmodel import select

from core.audit.models import AuditEntry
from core.packsettings.form import form_fields
from core.packsettings.models import PackSettingsRow
from core.packsettings.service import declared_settings, valid_settings
from core.records import PackSettings
from sdk import disable_pack, pack_settings
from sdk.testing_web import csrf_token_of

PACK = "appliance-repair"
URL = f"/api/v1/packs/{PACK}/settings"


def _owner_client(make_tenant, make_user, api_client, packs=(PACK,)):
    tenant = make_tenant(packs=list(packs))
    return tenant, api_client(make_user(tenant, role="owner"))


def test_guanxi_register_settings_declares_the_repair_packs_warranty(guanxi_registry):
    declared = declared_settings(guanxi_registry)
    assert declared[PACK].schema is RepairSettings
    assert declared["equipment"].field_titles["stages"]["zh_Hant"] == "銷售階段"


def test_a_tenant_that_saved_nothing_reads_the_defaults(make_tenant, make_user, api_client, uow):
    tenant, client = _owner_client(make_tenant, make_user, api_client)
    assert client.get(URL).json() == {"pack": PACK, "values": {"warranty_months": 12}}
    with uow(tenant) as session:
        assert pack_settings(session, tenant, RepairSettings) == RepairSettings(warranty_months=12)


def test_put_saves_the_settings_and_the_pack_reads_them(make_tenant, make_user, api_client, uow):
    tenant, client = _owner_client(make_tenant, make_user, api_client)
    answer = client.put(URL, json={"warranty_months": 24})
    assert answer.status_code == 200, answer.text
    assert answer.json()["values"] == {"warranty_months": 24}
    assert client.get(URL).json()["values"] == {"warranty_months": 24}
    with uow(tenant) as session:
        assert pack_settings(session, tenant, RepairSettings).warranty_months == 24


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"warranty_months": -1}, "warranty_months"),
        ({"warranty_months": "a year"}, "warranty_months"),
        ({"warranty_years": 1}, "warranty_years"),
    ],
)
def test_a_bad_setting_is_a_422_naming_the_field(make_tenant, make_user, api_client, body, field):
    _tenant, client = _owner_client(make_tenant, make_user, api_client)
    answer = client.put(URL, json=body)
    assert answer.status_code == 422
    assert field in answer.text
    assert client.get(URL).json()["values"] == {"warranty_months": 12}


def test_settings_of_one_tenant_are_not_another_tenants(make_tenant, make_user, api_client):
    _first, first = _owner_client(make_tenant, make_user, api_client)
    _second, second = _owner_client(make_tenant, make_user, api_client)
    assert first.put(URL, json={"warranty_months": 36}).status_code == 200
    assert second.get(URL).json()["values"] == {"warranty_months": 12}


def test_a_disabled_pack_has_no_settings_to_read_or_write_but_keeps_them(
    make_tenant, make_user, api_client, uow
):
    tenant, client = _owner_client(make_tenant, make_user, api_client)
    assert client.put(URL, json={"warranty_months": 18}).status_code == 200
    with uow(tenant) as session:
        disable_pack(session=session, tenant=tenant, pack=PACK)
    assert client.get(URL).status_code == 404
    assert client.put(URL, json={"warranty_months": 6}).status_code == 404
    assert client.put(URL, json={"warranty_months": 6}).status_code == 404
    _other, without = _owner_client(make_tenant, make_user, api_client, packs=())
    assert without.get(URL).status_code == 404
    with uow(tenant) as session:
        assert pack_settings(session, tenant, RepairSettings).warranty_months == 18


def test_only_pack_admins_change_settings(make_tenant, make_user, api_client):
    tenant = make_tenant(packs=[PACK])
    rep = api_client(make_user(tenant, role="rep"))
    assert rep.put(URL, json={"warranty_months": 24}).status_code == 403


def test_a_change_is_audited_with_old_and_new_value(make_tenant, make_user, api_client, uow):
    tenant, client = _owner_client(make_tenant, make_user, api_client)
    client.put(URL, json={"warranty_months": 24})
    client.put(URL, json={"warranty_months": 24})  # nothing changed: nothing to audit
    with uow(tenant) as session:
        entries = session.exec(select(AuditEntry).where(AuditEntry.entity == "pack_settings")).all()
    assert [(e.entity_id, e.action, e.changes) for e in entries] == [
        (PACK, "update", {"warranty_months": [12, 24]})
    ]


def test_a_stored_value_that_no_longer_validates_falls_back_to_its_default():
    class Tightened(BaseModel):
        months: int = Field(default=12, le=60)
        name: str = "shop"

    assert valid_settings(Tightened, {"months": 99, "name": "阿明维修"}) == Tightened(name="阿明维修")


def test_the_page_section_offers_text_number_yes_no_and_choice_inputs():
    from typing import Literal

    class Shop(BaseModel):
        name: str = ""
        months: int = 12
        rate: float = 0.5
        notify: bool = True
        channel: Literal["sms", "email"] = "sms"
        stages: list[str] = []

    declared = PackSettings(
        Shop, field_titles={"months": {"en": "Months", "zh_Hans": "月数", "zh_Hant": "月數"}}
    )
    fields = {f.name: f for f in form_fields(declared, Shop(), "zh_Hant")}
    assert {n: f.kind for n, f in fields.items()} == {
        "name": "text",
        "months": "integer",
        "rate": "number",
        "notify": "bool",
        "channel": "choice",
    }
    assert fields["channel"].choices == ("sms", "email")
    assert fields["months"].label == "月數" and fields["name"].label == "name"


@pytest.mark.parametrize(
    ("locale", "title", "label"),
    [
        ("en", "Repair settings", "Default warranty (months)"),
        ("zh_Hans", "维修设置", "默认保修期（月）"),
        ("zh_Hant", "維修設定", "預設保固期（月）"),
    ],
)
def test_settings_page_renders_and_saves_in_each_language(
    make_tenant, make_user, web_client, uow, locale, title, label
):
    tenant = make_tenant(packs=[PACK])
    browser = web_client(make_user(tenant, role="owner", locale=locale))
    page = browser.get(f"/settings/packs/{PACK}/settings")
    assert page.status_code == 200
    assert title in page.text and label in page.text and 'name="warranty_months"' in page.text
    assert 'name="viewport"' in page.text
    token = csrf_token_of(page.text)
    refused = browser.post(
        f"/settings/packs/{PACK}/settings", data={"warranty_months": "-3", "csrf_token": token}
    )
    assert refused.status_code == 422
    assert 'aria-invalid="true"' in refused.text
    saved = browser.post(
        f"/settings/packs/{PACK}/settings",
        data={"warranty_months": "30", "csrf_token": token},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    with uow(tenant) as session:
        row = session.get(PackSettingsRow, (tenant.id, PACK))
        assert row is not None and row.values == {"warranty_months": 30}
    assert "/settings/packs/appliance-repair/settings" in browser.get("/settings/packs").text


def test_settings_page_of_a_disabled_pack_is_not_found(make_tenant, make_user, web_client):
    tenant = make_tenant()
    browser = web_client(make_user(tenant, role="owner"))
    assert browser.get(f"/settings/packs/{PACK}/settings").status_code == 404
