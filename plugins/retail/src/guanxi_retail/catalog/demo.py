"""The demo shop's catalog: a small tea and lifestyle chain (categories, products, stores)."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session, col, select

from sdk import Tenant

from .models import RetailProduct
from .service import ProductInput, create_category, create_store, upsert_products

CATEGORIES = (
    ("TEA", "茶叶", None),
    ("TEA-GREEN", "绿茶", "TEA"),
    ("TEA-OOLONG", "乌龙茶", "TEA"),
    ("TEA-DARK", "黑茶与普洱", "TEA"),
    ("WARE", "茶具", None),
    ("SNACK", "茶点", None),
    ("GIFT", "礼盒", None),
)

#: (sku, name, category code, price, cost)
PRODUCTS = (
    ("T-LJ-250", "西湖龙井 250g", "TEA-GREEN", "298.00", "150.00"),
    ("T-LJ-100", "西湖龙井 100g", "TEA-GREEN", "128.00", "62.00"),
    ("T-BLC-100", "洞庭碧螺春 100g", "TEA-GREEN", "118.00", "55.00"),
    ("T-HSMF-100", "黄山毛峰 100g", "TEA-GREEN", "88.00", "40.00"),
    ("T-XYMJ-100", "信阳毛尖 100g", "TEA-GREEN", "76.00", "35.00"),
    ("T-ANJ-50", "安吉白茶 50g", "TEA-GREEN", "158.00", "80.00"),
    ("T-TGY-250", "安溪铁观音 250g", "TEA-OOLONG", "168.00", "82.00"),
    ("T-DHP-100", "武夷大红袍 100g", "TEA-OOLONG", "238.00", "120.00"),
    ("T-FDC-100", "凤凰单丛 100g", "TEA-OOLONG", "148.00", "70.00"),
    ("T-DFMR-100", "东方美人 100g", "TEA-OOLONG", "198.00", "96.00"),
    ("T-RG-100", "正山小种 100g", "TEA-OOLONG", "98.00", "45.00"),
    ("T-PE-357", "云南普洱饼 357g", "TEA-DARK", "268.00", "120.00"),
    ("T-PE-S100", "普洱熟茶 100g", "TEA-DARK", "68.00", "28.00"),
    ("T-AHFZ-1K", "安化黑茶茯砖 1kg", "TEA-DARK", "188.00", "85.00"),
    ("T-LB-250", "六堡茶 250g", "TEA-DARK", "138.00", "60.00"),
    ("T-BHY-100", "福鼎白毫银针 100g", "TEA-GREEN", "328.00", "170.00"),
    ("W-GW-01", "白瓷盖碗", "WARE", "68.00", "22.00"),
    ("W-ZS-01", "宜兴紫砂壶", "WARE", "580.00", "260.00"),
    ("W-GDB-01", "玻璃公道杯", "WARE", "45.00", "12.00"),
    ("W-PMC-6", "品茗杯六只装", "WARE", "96.00", "30.00"),
    ("W-CP-01", "竹制茶盘", "WARE", "268.00", "110.00"),
    ("W-CJ-01", "旅行茶具套装", "WARE", "158.00", "58.00"),
    ("W-TG-01", "锡制茶叶罐", "WARE", "198.00", "80.00"),
    ("W-SH-01", "电陶炉", "WARE", "388.00", "190.00"),
    ("W-CZ-01", "茶针茶夹六君子", "WARE", "58.00", "18.00"),
    ("S-LDG-01", "绿豆糕", "SNACK", "28.00", "10.00"),
    ("S-FLS-01", "凤梨酥 8 枚", "SNACK", "48.00", "18.00"),
    ("S-XHB-01", "杏仁饼", "SNACK", "32.00", "11.00"),
    ("S-HTS-01", "核桃酥", "SNACK", "26.00", "9.00"),
    ("S-MHG-01", "梅花糕", "SNACK", "22.00", "8.00"),
    ("S-GF-01", "桂花糕", "SNACK", "24.00", "8.00"),
    ("S-YB-01", "云片糕", "SNACK", "18.00", "6.00"),
    ("S-GZ-01", "广式月饼礼盒", "SNACK", "168.00", "70.00"),
    ("G-CJ-01", "春节茶礼盒", "GIFT", "398.00", "180.00"),
    ("G-ZQ-01", "中秋茶点礼盒", "GIFT", "298.00", "130.00"),
    ("G-SW-01", "商务茶礼盒", "GIFT", "688.00", "320.00"),
    ("G-XS-01", "新手品鉴套装", "GIFT", "128.00", "55.00"),
    ("G-DW-01", "端午礼盒", "GIFT", "228.00", "100.00"),
    ("G-JR-01", "教师节茶礼", "GIFT", "198.00", "88.00"),
    ("G-SR-01", "生日茶礼", "GIFT", "258.00", "115.00"),
)

#: (code, name, channel, city)
STORES = (
    ("SH-NJX", "南京西路店", "store", "上海"),
    ("HZ-XH", "西湖银泰店", "store", "杭州"),
    ("ONLINE", "线上旗舰店", "online", None),
)


def seed_catalog(*, session: Session, tenant: Tenant) -> list[str]:
    """Create the demo categories, products and stores unless the shop has a catalog; return SKUs."""
    skus = list(session.exec(select(RetailProduct.sku).order_by(col(RetailProduct.id))).all())
    if skus:
        return skus
    for code, name, parent in CATEGORIES:
        create_category(session=session, tenant=tenant, code=code, name=name, parent=parent)
    upsert_products(
        session=session,
        tenant=tenant,
        products=[
            ProductInput(sku=sku, name=name, category=category, price=Decimal(price), cost=Decimal(cost))
            for sku, name, category, price, cost in PRODUCTS
        ],
    )
    for code, name, channel, city in STORES:
        create_store(session=session, tenant=tenant, code=code, name=name, channel=channel, city=city)
    return [p[0] for p in PRODUCTS]
