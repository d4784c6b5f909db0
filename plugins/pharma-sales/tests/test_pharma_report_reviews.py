"""Market reports become company data: corrected by their author, confirmed or dismissed by managers."""

from __future__ import annotations

import pytest

REPORTS = "/api/v1/pharma-sales/reports"
TENDER = {"topic": "tender", "content": "浙江省第三批集采：阿托伐他汀中标价 0.42 元/片"}


@pytest.fixture
def filed(make_tenant, make_user, api_client):
    """A rep's territory report, filed through the API."""
    tenant = make_tenant(packs=["pharma-sales"])
    rep = make_user(tenant, role="rep")
    client = api_client(rep)
    answer = client.post(REPORTS, json=TENDER)
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "submitted"
    return {
        "tenant": tenant,
        "rep": rep,
        "client": client,
        "id": answer.json()["id"],
        "etag": answer.headers["ETag"],
    }


def test_author_corrects_a_submitted_report_with_the_current_version(filed):
    client, url = filed["client"], f"{REPORTS}/{filed['id']}"
    assert client.patch(url, json={"content": "0.41 元/片"}).status_code == 428
    fixed = client.patch(url, json={"content": "0.41 元/片"}, headers={"If-Match": filed["etag"]})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["content"] == "0.41 元/片" and fixed.json()["version"] == 2
    assert client.patch(url, json={"content": "x"}, headers={"If-Match": filed["etag"]}).status_code == 412
    bad = client.patch(url, json={"topic": "gossip"}, headers={"If-Match": fixed.headers["ETag"]})
    assert bad.status_code == 422 and "topic" in bad.text


def test_manager_confirms_and_the_author_can_no_longer_change_it(filed, make_user, api_client):
    manager = api_client(make_user(filed["tenant"], role="manager"))
    url = f"{REPORTS}/{filed['id']}"
    confirmed = manager.post(
        f"{url}/status", json={"status": "confirmed"}, headers={"If-Match": filed["etag"]}
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["status"] == "confirmed"
    etag = confirmed.headers["ETag"]

    assert filed["client"].patch(url, json={"content": "改"}, headers={"If-Match": etag}).status_code == 403
    again = manager.post(f"{url}/status", json={"status": "submitted"}, headers={"If-Match": etag})
    assert again.status_code == 409 and again.json()["allowed"] == ["dismissed"]
    [move] = manager.get(f"{url}/history").json()
    assert (move["from_state"], move["to_state"]) == ("submitted", "confirmed")


def test_rep_cannot_review_but_may_resubmit_a_dismissed_report(filed, make_user, api_client):
    url = f"{REPORTS}/{filed['id']}/status"
    own = filed["client"]
    assert own.post(url, json={"status": "confirmed"}, headers={"If-Match": filed["etag"]}).status_code == 403
    manager = api_client(make_user(filed["tenant"], role="manager"))
    dismissed = manager.post(url, json={"status": "dismissed"}, headers={"If-Match": filed["etag"]})
    assert dismissed.status_code == 200
    resubmitted = own.post(url, json={"status": "submitted"}, headers={"If-Match": dismissed.headers["ETag"]})
    assert resubmitted.status_code == 200 and resubmitted.json()["status"] == "submitted"


def test_another_rep_cannot_correct_someone_elses_report(filed, make_user, api_client):
    other = api_client(make_user(filed["tenant"], role="rep"))
    url = f"{REPORTS}/{filed['id']}"
    assert other.get(url).status_code == 200  # territory reports are the company's to read
    assert other.patch(url, json={"content": "x"}, headers={"If-Match": filed["etag"]}).status_code == 403


def test_a_report_about_a_hidden_customer_is_missing_for_another_rep(
    filed, make_user, make_customer, api_client
):
    customer = make_customer(filed["tenant"], name="浙一医院", owner_id=filed["rep"].id)
    about = filed["client"].post(REPORTS, json={**TENDER, "customer_id": customer.id})
    assert about.status_code == 201
    other = api_client(make_user(filed["tenant"], role="rep"))
    url = f"{REPORTS}/{about.json()['id']}"
    assert other.get(url).status_code == 404
    assert other.get(f"{url}/history").status_code == 404
