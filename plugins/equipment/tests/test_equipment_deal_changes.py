"""A deal changes: edits with If-Match, stage moves the tenant's stages allow, and the moves kept."""

from __future__ import annotations

import pytest

OPPORTUNITIES = "/api/v1/equipment/opportunities"


@pytest.fixture
def deal(make_tenant, make_user, make_customer, api_client):
    """A rep's opportunity on their own customer, opened through the API."""
    tenant = make_tenant(packs=["equipment"])
    rep = make_user(tenant, role="rep")
    customer = make_customer(tenant, name="宁波精工机械", owner_id=rep.id)
    client = api_client(rep)
    opened = client.post(OPPORTUNITIES, json={"customer_id": customer.id, "title": "数控车床 CK6150 两台"})
    assert opened.status_code == 201, opened.text
    return {
        "tenant": tenant,
        "rep": rep,
        "client": client,
        "id": opened.json()["id"],
        "etag": opened.headers["ETag"],
    }


def test_edit_needs_the_current_version(deal):
    client, url = deal["client"], f"{OPPORTUNITIES}/{deal['id']}"
    assert client.patch(url, json={"amount": "380000.00"}).status_code == 428
    changed = client.patch(url, json={"amount": "380000.00"}, headers={"If-Match": deal["etag"]})
    assert changed.status_code == 200, changed.text
    assert changed.json()["amount"] == "380000.00" and changed.json()["currency"] == "CNY"
    assert changed.json()["version"] == 2 and changed.headers["ETag"] != deal["etag"]

    stale = client.patch(url, json={"title": "三台"}, headers={"If-Match": deal["etag"]})
    assert stale.status_code == 412
    assert client.get(url).json()["title"] == "数控车床 CK6150 两台"


def test_stage_is_not_edited_but_moved(deal):
    answer = deal["client"].patch(
        f"{OPPORTUNITIES}/{deal['id']}", json={"stage": "won"}, headers={"If-Match": deal["etag"]}
    )
    assert answer.status_code == 422 and "stage" in answer.text


def test_stage_moves_close_and_reopen_the_deal_and_are_kept(deal):
    client, url = deal["client"], f"{OPPORTUNITIES}/{deal['id']}"
    won = client.post(f"{url}/stage", json={"stage": "won"}, headers={"If-Match": deal["etag"]})
    assert won.status_code == 200, won.text
    assert won.json()["stage"] == "won" and won.json()["closed_at"] is not None

    illegal = client.post(f"{url}/stage", json={"stage": "lost"}, headers={"If-Match": won.headers["ETag"]})
    assert illegal.status_code == 409
    body = illegal.json()
    assert body["current"] == "won" and body["allowed"] == ["lead", "qualified", "proposal", "negotiation"]

    reopened = client.post(
        f"{url}/stage", json={"stage": "negotiation"}, headers={"If-Match": won.headers["ETag"]}
    )
    assert reopened.status_code == 200 and reopened.json()["closed_at"] is None

    moves = client.get(f"{url}/history").json()
    assert [(m["from_state"], m["to_state"]) for m in moves] == [("lead", "won"), ("won", "negotiation")]
    assert all(deal["rep"].email in m["actor"] for m in moves)


def test_unknown_stage_is_refused_naming_the_field(deal):
    answer = deal["client"].post(
        f"{OPPORTUNITIES}/{deal['id']}/stage", json={"stage": "signed"}, headers={"If-Match": deal["etag"]}
    )
    assert answer.status_code == 422 and "stage" in answer.text and "signed" in answer.text


def test_another_rep_can_neither_read_nor_change_the_deal(deal, make_user, api_client):
    other = api_client(make_user(deal["tenant"], role="rep"))
    url = f"{OPPORTUNITIES}/{deal['id']}"
    assert other.get(url).status_code == 404
    assert other.patch(url, json={"title": "x"}, headers={"If-Match": deal["etag"]}).status_code == 404
    assert (
        other.post(f"{url}/stage", json={"stage": "won"}, headers={"If-Match": deal["etag"]}).status_code
        == 404
    )
    assert other.get(f"{url}/history").status_code == 404
    assert deal["client"].get(url).json()["stage"] == "lead"


def test_a_viewer_cannot_move_a_stage(deal, make_user, api_client):
    viewer = api_client(make_user(deal["tenant"], role="viewer"))
    url = f"{OPPORTUNITIES}/{deal['id']}/stage"
    assert viewer.post(url, json={"stage": "won"}, headers={"If-Match": deal["etag"]}).status_code == 403
