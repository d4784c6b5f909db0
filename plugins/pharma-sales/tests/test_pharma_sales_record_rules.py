"""Who may see and file which market reports, and who shapes the territory tree."""

from __future__ import annotations

import pytest
from guanxi_pharma_sales.service import file_report, list_reports
from guanxi_pharma_sales.territories import list_territories

REPORTS = "/api/v1/pharma-sales/reports"
TERRITORIES = "/api/v1/pharma-sales/territories"
REPORT = {"topic": "competitor", "content": "竞品在三甲医院开展学术推广"}
TERRITORY = {"code": "SH-PD", "name": "上海浦东", "parent_code": "EAST"}


@pytest.fixture
def team(make_tenant, make_user, make_customer, uow):
    """Two reps each with a hospital and a report about it, plus one report about a region only."""
    tenant = make_tenant(packs=["pharma-sales"])
    east, west = make_user(tenant, role="rep"), make_user(tenant, role="rep")
    east_customer = make_customer(tenant, name="东区医院", owner_id=east.id)
    west_customer = make_customer(tenant, name="西区医院", owner_id=west.id)
    with uow(tenant) as session:
        ids = {
            "east_report": file_report(
                session=session, tenant=tenant, customer_id=east_customer.id, **REPORT
            ).id,
            "west_report": file_report(
                session=session, tenant=tenant, customer_id=west_customer.id, **REPORT
            ).id,
            "region_report": file_report(session=session, tenant=tenant, territory_code="EAST", **REPORT).id,
        }
    return {
        "tenant": tenant,
        "east": east,
        "west": west,
        "east_customer": east_customer.id,
        "west_customer": west_customer.id,
        **ids,
    }


def _reports(uow, tenant) -> int:
    with uow(tenant) as session:
        return len(list_reports(session=session))


def _territories(uow, tenant) -> int:
    with uow(tenant) as session:
        return len(list_territories(session=session))


def test_rep_cannot_list_reports_about_other_reps_customers(team, api_client):
    client = api_client(team["east"])
    listed = client.get(REPORTS)
    assert listed.status_code == 200
    assert {r["id"] for r in listed.json()} == {team["east_report"], team["region_report"]}
    assert client.get(REPORTS, params={"customer_id": team["west_customer"]}).json() == []


def test_reports_without_a_customer_are_company_data_for_every_rep(team, api_client):
    listed = api_client(team["west"]).get(REPORTS).json()
    assert {r["id"] for r in listed} == {team["west_report"], team["region_report"]}


def test_manager_lists_every_report(team, make_user, api_client):
    listed = api_client(make_user(team["tenant"], role="manager")).get(REPORTS).json()
    assert {r["id"] for r in listed} == {team["east_report"], team["west_report"], team["region_report"]}


def test_rep_cannot_file_report_about_hidden_customer(team, api_client, uow):
    answer = api_client(team["east"]).post(REPORTS, json={**REPORT, "customer_id": team["west_customer"]})
    assert answer.status_code == 404
    assert answer.json()["detail"] == f"customer {team['west_customer']} not found"
    assert _reports(uow, team["tenant"]) == 3


def test_rep_files_report_about_own_customer(team, api_client):
    answer = api_client(team["east"]).post(REPORTS, json={**REPORT, "customer_id": team["east_customer"]})
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("role", ["viewer", "technician"])
def test_read_only_roles_cannot_file_reports_or_add_territories(team, make_user, api_client, uow, role):
    client = api_client(make_user(team["tenant"], role=role))
    before = _territories(uow, team["tenant"])
    assert client.post(REPORTS, json=REPORT).status_code == 403
    assert client.post(TERRITORIES, json=TERRITORY).status_code == 403
    assert (_reports(uow, team["tenant"]), _territories(uow, team["tenant"])) == (3, before)


def test_read_scoped_api_key_cannot_file_reports_or_add_territories(team, api_key_client, uow):
    client = api_key_client(team["tenant"], scopes=["read"])
    assert client.get(REPORTS).status_code == 200 and client.get(TERRITORIES).status_code == 200
    before = _territories(uow, team["tenant"])
    assert client.post(REPORTS, json=REPORT).status_code == 403
    assert client.post(TERRITORIES, json=TERRITORY).status_code == 403
    assert (_reports(uow, team["tenant"]), _territories(uow, team["tenant"])) == (3, before)


def test_rep_cannot_reshape_the_territory_tree(team, api_client):
    assert api_client(team["east"]).post(TERRITORIES, json=TERRITORY).status_code == 403


def test_manager_adds_a_territory(team, make_user, api_client):
    answer = api_client(make_user(team["tenant"], role="manager")).post(TERRITORIES, json=TERRITORY)
    assert answer.status_code == 201, answer.text
