"""Packs' public assets, served at /static/<pack>/ (guanxi_register_static_dirs)."""

from __future__ import annotations

from pathlib import Path


def test_guanxi_register_static_dirs_serves_a_packs_file_under_its_name(app):
    import guanxi_retail
    from fastapi.testclient import TestClient

    answer = TestClient(app).get("/static/retail/retail.css")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/css")
    assert answer.text == (Path(guanxi_retail.__file__).parent / "static" / "retail.css").read_text()


def test_core_static_files_still_answer_beside_pack_ones(app):
    from fastapi.testclient import TestClient

    client = TestClient(app)
    assert client.get("/static/js/dashboard.js").status_code == 200
    assert client.get("/static/retail/missing.css").status_code == 404


def test_pack_assets_are_public_whatever_the_tenant_enabled(app, make_tenant, make_user, web_client):
    """Assets hold no tenant data: a tenant without the pack (or nobody signed in) gets them too."""
    shop = make_tenant()
    client = web_client(make_user(shop, role="owner"))
    assert client.get("/static/retail/retail.css").status_code == 200


def test_the_orders_page_links_the_packs_stylesheet(make_tenant, make_user, web_client):
    tenant = make_tenant(packs=["retail"])
    html = web_client(make_user(tenant, role="owner")).get("/retail/orders").text
    assert '<link rel="stylesheet" href="/static/retail/retail.css">' in html
