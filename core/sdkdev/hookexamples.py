"""One example implementation per hook, shown under each entry of the hook reference.

The examples follow the tutorial's ``hotel`` pack (docs/write-a-pack.md).  They live here rather
than in the specs' docstrings so that ``core/hooks.py`` stays a table of contents; a test checks
that every hook has one, that it parses, and that it implements the hook it is filed under.
"""

from __future__ import annotations

HOOK_EXAMPLES: dict[str, str] = {
    "guanxi_register_pack": """
@hookimpl
def guanxi_register_pack() -> PackInfo:
    return PackInfo(
        name="hotel",
        title="Stays",
        version="1.2.0",
        core_api=">=1.0,<2",
        description="Room stays per guest, with a check-out follow-up.",
        titles={"zh_Hans": "入住", "zh_Hant": "入住"},
    )
""",
    "guanxi_register_migrations": """
@hookimpl
def guanxi_register_migrations() -> MigrationsLocation:
    return pack_migrations("hotel", __file__)  # sdk.pack: <package>/migrations/versions
""",
    "guanxi_register_models": """
@hookimpl
def guanxi_register_models() -> list[type]:
    from .models import HotelRoom, HotelStay  # imported here: listing packs loads no tables

    return [HotelRoom, HotelStay]
""",
    "guanxi_register_api_routers": """
@hookimpl
def guanxi_register_api_routers() -> list[ApiRouter]:
    from .views import router  # APIRouter(); its "/stays" answers at /api/v1/hotel/stays

    return [ApiRouter(router)]
""",
    "guanxi_register_web_routes": """
@hookimpl
def guanxi_register_web_routes() -> list[WebRoute]:
    from .pages import router  # its "/" answers at /hotel/

    return [WebRoute(router)]
""",
    "guanxi_register_template_dirs": """
@hookimpl
def guanxi_register_template_dirs() -> list[TemplateDir]:
    return [pack_templates(__file__)]  # templates/hotel/*.html and the catalogs in locale/
""",
    "guanxi_register_static_dirs": """
@hookimpl
def guanxi_register_static_dirs() -> list[StaticDir]:
    return [StaticDir(Path(__file__).parent / "static")]  # /static/hotel/hotel.css


# declared: static = true in pack.toml serves <package>/static the same way
""",
    "guanxi_register_nav_items": """
@hookimpl
def guanxi_register_nav_items(tenant: Tenant) -> list[NavItem]:
    return [NavItem("Stays", "/hotel/", order=60, permission="customers:read")]
""",
    "guanxi_register_customer_panels": """
def stays_panel(*, session: Session, tenant: Tenant, customer: Customer) -> dict[str, object]:
    stays = session.exec(select(HotelStay).where(HotelStay.customer_id == customer.id).limit(5))
    return {"stays": list(stays)}  # the template sees `stays` (and `customer`, `page`)


@hookimpl
def guanxi_register_customer_panels(tenant: Tenant) -> list[CustomerPanel]:
    return [CustomerPanel("hotel-stays", "Stays", "hotel/panel.html", stays_panel, order=40)]
""",
    "guanxi_register_dashboard_widgets": """
def occupancy(*, session: Session, tenant: Tenant, caller: Caller) -> dict[str, object]:
    tonight = (
        select(func.count())
        .select_from(HotelStay)
        .where(
            HotelStay.check_in <= date.today(),
            HotelStay.check_out > date.today(),
            visible_to(caller, HotelStay.customer_id),
        )
    )
    return {"occupied": session.exec(tonight).one()}


@hookimpl
def guanxi_register_dashboard_widgets(tenant: Tenant) -> list[DashboardWidget]:
    return [DashboardWidget("hotel-occupancy", "Rooms occupied tonight", "hotel/widget.html", occupancy)]
""",
    "guanxi_register_cli_commands": """
app = typer.Typer(help="Stays.")


@app.command("release")
def release(tenant: str = typer.Option(..., "--tenant")) -> None:
    from .service import release_unpaid  # heavy imports inside the command

    with tenant_work(tenant, pack="hotel") as (session, found):
        typer.echo(f"released {release_unpaid(session=session, tenant=found)} rooms")


@hookimpl
def guanxi_register_cli_commands() -> list[CliCommand]:
    return [CliCommand("hotel", app, help="Stays.")]
""",
    "guanxi_register_editions": """
@hookimpl
def guanxi_register_editions() -> list[Edition]:
    return [
        Edition(
            "hotel-industry",
            "Hotel industry",
            40,
            packs=("hotel",),
            extends="professional",
            titles={"zh_Hans": "酒店行业版", "zh_Hant": "酒店行業版"},
        )
    ]
""",
    "guanxi_register_metrics": """
def nights_sold(*, session: Session, tenant: Tenant, start: date, end: date) -> int | None:
    nights = func.sum(func.julianday(HotelStay.check_out) - func.julianday(HotelStay.check_in))
    value = session.exec(select(nights).where(HotelStay.check_in >= start, HotelStay.check_in < end)).one()
    return None if value is None else int(value)


@hookimpl
def guanxi_register_metrics(tenant: Tenant) -> list[Metric]:
    titles = {"zh_Hans": "售出间夜", "zh_Hant": "售出間夜"}
    return [Metric("hotel.nights", "Nights sold", nights_sold, titles=titles)]
""",
    "guanxi_register_timeline_sources": '''
def stays(*, tenant: Tenant, customer_id: int):
    """One customer's stays as timeline rows: occurred_at, id and summary (labelled columns)."""
    return select(
        HotelStay.created_at.label("occurred_at"),
        HotelStay.id.label("id"),
        ("Room " + HotelStay.room).label("summary"),
    ).where(HotelStay.customer_id == customer_id)


@hookimpl
def guanxi_register_timeline_sources(tenant: Tenant) -> list[TimelineSource]:
    titles = {"zh_Hans": "入住", "zh_Hant": "入住"}
    return [TimelineSource("hotel.stays", "Stay", stays, link="/hotel/stays/{id}", titles=titles)]


# declared: timeline_sources = ".timeline:timeline_sources" in pack.toml
''',
    "guanxi_register_goods_costs": '''
def stay_costs(*, tenant: Tenant, lo: datetime, hi: datetime):
    """What the stays checked out in [lo, hi) cost the hotel, per guest (customer_id, cost)."""
    return select(HotelStay.customer_id.label("customer_id"), HotelStay.cost.label("cost")).where(
        HotelStay.checked_out_at >= lo, HotelStay.checked_out_at < hi, HotelStay.cost.is_not(None)
    )


@hookimpl
def guanxi_register_goods_costs(tenant: Tenant) -> list[GoodsCostSource]:
    return [GoodsCostSource("hotel.stays", stay_costs)]


# declared: Pack(..., goods_costs=".costs:goods_costs")
''',
    "guanxi_register_reminder_rules": """
def follow_ups_due(*, session: Session, tenant: Tenant, on: date) -> list[DueReminder]:
    stays = session.exec(select(HotelStay).where(HotelStay.check_out == on - timedelta(days=1)))
    return [
        DueReminder(
            subject=f"hotel-stay:{s.id}",
            due_on=on,
            customer_id=s.customer_id,
            text=f"Thank the guest of room {s.room} for staying",
        )
        for s in stays
    ]


@hookimpl
def guanxi_register_reminder_rules(tenant: Tenant) -> list[ReminderRule]:
    return [
        ReminderRule(
            "hotel-check-out-follow-up",
            "Check-out follow-up",
            follow_ups_due,
            titles={"zh_Hans": "退房回访", "zh_Hant": "退房回訪"},
        )
    ]
""",
    "guanxi_register_segment_fields": """
def stayed_since(*, tenant: Tenant, value: str):
    try:
        since = date.fromisoformat(value)
    except ValueError:
        raise ValueError("give a date as YYYY-MM-DD") from None
    return Customer.id.in_(select(HotelStay.customer_id).where(HotelStay.check_in >= since))


@hookimpl
def guanxi_register_segment_fields(tenant: Tenant) -> list[SegmentField]:
    return [
        SegmentField(
            "hotel.stayed_since",
            "Stayed since",
            stayed_since,
            titles={"zh_Hans": "入住始于", "zh_Hant": "入住始於"},
        )
    ]
""",
    "guanxi_register_import_types": """
def load_stays(*, session: Session, tenant: Tenant, rows: list[ImportRow]) -> dict[int, Problem]:
    from .importing import load_stay_rows  # one query per batch, upserting on (room, check_in)

    return load_stay_rows(session=session, tenant=tenant, rows=rows)


@hookimpl
def guanxi_register_import_types(tenant: Tenant) -> list[ImportType]:
    return [
        ImportType(
            "hotel.stays",
            "Stays",
            columns={
                "phone": ("phone", "电话", "電話"),
                "room": ("room", "房间", "房間"),
                "check_in": ("check in", "入住日期", "入住日期"),
            },
            load_rows=load_stays,
            required=("phone", "room", "check_in"),
        )
    ]
""",
    "guanxi_register_jobs": '''
def release_rooms(ctx: JobContext) -> None:
    """Idempotent: releasing an already released hold changes nothing."""
    from .service import release_unpaid_holds

    release_unpaid_holds(session=ctx.session, tenant=ctx.tenant, now=ctx.now)


@hookimpl
def guanxi_register_jobs() -> list[Job]:
    return [
        Job(
            "hotel.release_rooms",
            release_rooms,
            schedule="0 3 * * *",
            title="Release unpaid holds",
            titles={"zh_Hans": "释放未付款预留", "zh_Hant": "釋放未付款預留"},
        )
    ]
''',
    "guanxi_register_settings": '''
class HotelSettings(BaseModel):
    """Every field has a default: a tenant that never saved anything still reads valid settings."""

    check_out_hour: int = Field(default=12, ge=6, le=14, title="Check-out hour")
    deposit_required: bool = Field(default=True, title="Ask for a deposit")


@hookimpl
def guanxi_register_settings() -> PackSettings:
    return PackSettings(
        HotelSettings,
        title="Stays",
        titles={"zh_Hans": "入住", "zh_Hant": "入住"},
        field_titles={
            "check_out_hour": {"zh_Hans": "退房时间", "zh_Hant": "退房時間"},
            "deposit_required": {"zh_Hans": "收取押金", "zh_Hant": "收取押金"},
        },
    )


# read in a service: pack_settings(session, tenant, HotelSettings).check_out_hour
''',
    "guanxi_register_permissions": """
@hookimpl
def guanxi_register_permissions() -> list[Permission | Role]:
    return [
        Permission("hotel:book", "Book stays", roles=("owner", "admin", "manager", "rep", "api:write")),
        Role("front-desk", "Front desk", permissions=("customers:read", "hotel:book")),
    ]
""",
    "guanxi_validate_customer": """
@hookimpl
def guanxi_validate_customer(customer: Customer, changes: dict[str, object]) -> list[Problem]:
    id_card = customer.pack_data.get("hotel", {}).get("id_card")
    if id_card and len(id_card) != 18:
        return [Problem("pack_data.hotel.id_card", "an ID card number has 18 characters")]
    return []
""",
    "guanxi_on_customer_created": """
@hookimpl
def guanxi_on_customer_created(session: Session, tenant: Tenant, customer: Customer) -> None:
    session.add(HotelGuestProfile(customer_id=customer.id))  # same transaction: a failure undoes both
""",
    "guanxi_on_customer_updated": """
@hookimpl
def guanxi_on_customer_updated(
    session: Session, tenant: Tenant, customer: Customer, changes: dict[str, object]
) -> None:
    if "owner_id" in changes:  # open bookings follow the guest to the new owner
        from .service import reassign_bookings

        reassign_bookings(session=session, customer=customer)
""",
    "guanxi_on_customers_merged": """
@hookimpl
def guanxi_on_customers_merged(
    session: Session, tenant: Tenant, survivor: Customer, duplicate: Customer
) -> None:
    from .service import recount_nights  # the stays were already moved to the survivor

    recount_nights(session=session, customer_id=survivor.id)
""",
    "guanxi_on_interaction_logged": """
@hookimpl
def guanxi_on_interaction_logged(session: Session, tenant: Tenant, interaction: Interaction) -> None:
    if interaction.kind == "complaint":
        session.add(HotelServiceFlag(customer_id=interaction.customer_id, reason="complaint"))
""",
    "guanxi_on_tenant_enabled": """
@hookimpl
def guanxi_on_tenant_enabled(session: Session, tenant: Tenant, first_time: bool) -> None:
    if first_time:  # coming back after a disable keeps the tenant's own room types
        from .rooms import seed_default_room_types

        seed_default_room_types(session=session)
""",
    "guanxi_on_tenant_disabled": """
@hookimpl
def guanxi_on_tenant_disabled(session: Session, tenant: Tenant) -> None:
    from .service import cancel_pending_holds  # keep every stay: disabling is reversible

    cancel_pending_holds(session=session)
""",
    "guanxi_purge_tenant_data": """
@hookimpl
def guanxi_purge_tenant_data(session: Session, tenant: Tenant) -> None:
    # core already deletes the rows of the pack's tables; this removes what lives outside them
    shutil.rmtree(SCANS_DIR / tenant.slug, ignore_errors=True)  # passport scans kept on disk
""",
    "guanxi_seed_demo": """
@hookimpl
def guanxi_seed_demo(session: Session, tenant: Tenant) -> None:
    from .demo import seed_demo_stays  # a few stays for the demo customers, dated around today

    seed_demo_stays(session=session, tenant=tenant)
""",
}


def example_for(hook: str) -> str | None:
    """The example implementation of ``hook``, without surrounding blank lines (or ``None``)."""
    text = HOOK_EXAMPLES.get(hook)
    return text.strip("\n") if text is not None else None
