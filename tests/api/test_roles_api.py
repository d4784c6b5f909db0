"""Authorization: roles, record rules, pack permissions and roles, operators."""

from __future__ import annotations


def test_rep_cannot_see_other_reps_customers(tenant, make_user, api_client, make_customer):
    alice, bob = make_user(tenant, role="rep"), make_user(tenant, role="rep")
    theirs = make_customer(tenant, name="別人的客户", owner_id=bob.id)
    mine = make_customer(tenant, name="我的客户", owner_id=alice.id)
    client = api_client(alice)
    assert client.get(f"/api/v1/customers/{theirs.id}").status_code == 404
    assert (
        client.patch(
            f"/api/v1/customers/{theirs.id}", json={"city": "x"}, headers={"If-Match": '"1"'}
        ).status_code
        == 404
    )
    assert client.get(f"/api/v1/customers/{theirs.id}/timeline").status_code == 404
    listed = [c["id"] for c in client.get("/api/v1/customers").json()["items"]]
    assert listed == [mine.id]


def test_rep_sees_customers_shared_with_their_team(tenant, make_user, api_client, make_customer):
    alice = make_user(tenant, role="rep", team="east")
    bob = make_user(tenant, role="rep", team="east")
    carol = make_user(tenant, role="rep", team="west")
    shared = make_customer(tenant, owner_id=bob.id, team="east")
    assert api_client(alice).get(f"/api/v1/customers/{shared.id}").status_code == 200
    assert api_client(carol).get(f"/api/v1/customers/{shared.id}").status_code == 404


def test_rep_owns_the_customers_they_create(tenant, make_user, api_client):
    rep = make_user(tenant, role="rep")
    created = api_client(rep).post("/api/v1/customers", json={"name": "新客户"}).json()
    assert created["owner_id"] == rep.id


def test_viewer_is_read_only(tenant, make_user, api_client, make_customer):
    customer = make_customer(tenant)
    viewer = api_client(make_user(tenant, role="viewer"))
    assert viewer.get(f"/api/v1/customers/{customer.id}").status_code == 200
    assert viewer.post("/api/v1/customers", json={"name": "x"}).status_code == 403
    assert (
        viewer.patch(
            f"/api/v1/customers/{customer.id}", json={"city": "x"}, headers={"If-Match": '"1"'}
        ).status_code
        == 403
    )
    assert viewer.delete(f"/api/v1/customers/{customer.id}", headers={"If-Match": '"1"'}).status_code == 403
    assert viewer.post(f"/api/v1/customers/{customer.id}/interactions", json={}).status_code == 403


def test_only_admins_and_owners_read_the_audit_log(tenant, make_user, api_client):
    assert api_client(make_user(tenant, role="manager")).get("/api/v1/audit").status_code == 403
    assert api_client(make_user(tenant, role="admin")).get("/api/v1/audit").status_code == 200


def test_admin_cannot_create_an_owner_but_the_owner_can(tenant, make_user, api_client):
    body = {"email": "boss2@example.com", "password": "a long passphrase", "role": "owner"}
    assert api_client(make_user(tenant, role="admin")).post("/api/v1/users", json=body).status_code == 403
    assert api_client(make_user(tenant, role="owner")).post("/api/v1/users", json=body).status_code == 201


def test_only_the_owner_changes_the_edition(tenant, make_user, api_client):
    assert (
        api_client(make_user(tenant, role="admin"))
        .put("/api/v1/edition", json={"edition": "standard"})
        .status_code
        == 403
    )
    answer = api_client(make_user(tenant, role="owner")).put("/api/v1/edition", json={"edition": "standard"})
    assert answer.status_code == 200, answer.text
    assert answer.json()["edition"] == "standard"


def test_admins_enable_packs_and_reps_only_see_them(tenant, make_user, api_client):
    rep, admin = api_client(make_user(tenant, role="rep")), api_client(make_user(tenant, role="admin"))
    assert any(p["name"] == "apitest" and not p["enabled"] for p in rep.get("/api/v1/plugins").json())
    assert rep.put("/api/v1/plugins/apitest").status_code == 403
    assert admin.put("/api/v1/plugins/apitest").json() == {"enabled": ["apitest"], "disabled": []}
    assert any(p["name"] == "apitest" and p["enabled"] for p in rep.get("/api/v1/plugins").json())
    assert admin.put("/api/v1/plugins/no-such-pack").status_code == 404


def test_pack_routes_answer_404_until_the_tenant_enables_the_pack(make_tenant, make_user, api_client):
    without, with_pack = make_tenant(), make_tenant(packs=["apitest"])
    assert api_client(make_user(without, role="owner")).get("/api/v1/apitest/visits").status_code == 404
    assert api_client(make_user(with_pack, role="owner")).get("/api/v1/apitest/visits").status_code == 200


def test_pack_permissions_are_granted_to_the_roles_the_pack_names(
    make_tenant, make_user, api_client, make_customer
):
    tenant = make_tenant(packs=["apitest"])
    rep_user = make_user(tenant, role="rep")
    customer = make_customer(tenant, owner_id=rep_user.id)  # the rep's own: record rules allow it
    rep = api_client(rep_user)
    viewer = api_client(make_user(tenant, role="viewer"))
    body = {"customer_id": customer.id, "summary": "上门"}
    assert viewer.post("/api/v1/apitest/visits", json=body).status_code == 403
    assert rep.post("/api/v1/apitest/visits", json=body).status_code == 201


def test_a_role_added_by_a_pack_holds_its_permissions(make_tenant, make_user, api_client, make_customer):
    tenant = make_tenant(packs=["apitest"])
    customer = make_customer(tenant)
    inspector = api_client(make_user(tenant, role="inspector"))
    assert inspector.get("/api/v1/apitest/ping").json() == {"pong": tenant.slug}
    assert inspector.get(f"/api/v1/customers/{customer.id}").status_code == 200
    assert inspector.post("/api/v1/customers", json={"name": "x"}).status_code == 403
    assert api_client(make_user(tenant, role="rep")).get("/api/v1/apitest/ping").status_code == 403


def test_operators_manage_tenants_and_packs_by_slug(operator_client, make_tenant):
    created = operator_client.post("/api/v1/operator/tenants", json={"slug": "op-made-x1", "name": "运营"})
    assert created.status_code in (201, 409)
    tenant = make_tenant()
    enabled = operator_client.put(f"/api/v1/operator/tenants/{tenant.slug}/packs/apitest")
    assert enabled.status_code == 200 and enabled.json()["enabled"] == ["apitest"]
    packs = operator_client.get(f"/api/v1/operator/tenants/{tenant.slug}/packs").json()
    assert [p["enabled"] for p in packs if p["name"] == "apitest"] == [True]
    assert operator_client.get("/api/v1/operator/tenants/no-such-tenant").status_code == 404
    owner = operator_client.post(
        f"/api/v1/operator/tenants/{tenant.slug}/users",
        json={"email": f"owner@{tenant.slug}.cn", "password": "a long passphrase", "role": "owner"},
    )
    assert owner.status_code == 201, owner.text


def test_tenant_users_cannot_use_operator_routes_and_operators_cannot_use_tenant_routes(
    tenant, make_user, api_client, operator_client
):
    assert api_client(make_user(tenant, role="owner")).get("/api/v1/operator/tenants").status_code == 403
    assert operator_client.get("/api/v1/customers").status_code == 403
