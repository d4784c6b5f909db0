"""What a shop manager sees: the retail pages, the customer's value panel, the dashboard widget."""

from __future__ import annotations

from guanxi_retail.orders.lines import LineInput
from guanxi_retail.orders.service import create_order

from sdk import Tenant


def test_retail_pages_panel_and_widget_show_the_shops_figures(
    make_tenant, make_customer, make_user, browser, shop, uow
):
    tenant = make_tenant(packs=["retail"], locale="zh_Hans")
    shop(tenant)
    customer = make_customer(tenant)
    with uow(tenant) as session:
        create_order(
            session=session,
            tenant=session.get(Tenant, tenant.id),
            customer_id=customer.id,
            lines=[LineInput(sku="LJ", quantity=3)],
            external_ref="POS-77",
        )
    web = browser(make_user(tenant, role="owner"))
    home = web.get("/")
    assert home.status_code == 200 and 'href="/retail/"' in home.text
    assert "零售销售（近 30 天）" in home.text and "300.00" in home.text
    orders = web.get("/retail/orders")
    assert orders.status_code == 200 and "POS-77" in orders.text and "订单" in orders.text
    products = web.get("/retail/products")
    assert "龙井" in products.text and "已售数量" in products.text
    assert web.get("/retail/loyalty").status_code == 200
    assert "还没有营销活动" in web.get("/retail/campaigns").text
    panel = web.get(f"/customers/{customer.id}")
    assert panel.status_code == 200 and "零售价值" in panel.text and "300.00" in panel.text


def test_pages_speak_traditional_chinese_for_zh_hant_tenants(make_tenant, make_user, browser):
    tenant = make_tenant(packs=["retail"], locale="zh_Hant")
    web = browser(make_user(tenant, role="owner"))
    assert "還沒有訂單" in web.get("/retail/orders").text
