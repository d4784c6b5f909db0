"""The hook specifications: the table of contents of what a pack can do.

Families, one meaning each:

* ``guanxi_register_<things>`` returns records a pack contributes; results from all packs are
  collected into a list (a pack may return one record, a list of them, or ``None``).
* ``guanxi_on_<event>`` notifies; runs inside the caller's unit of work, so a pack that raises rolls
  the whole write back and the caller sees a :class:`core.errors.PackError` naming the pack.
* ``guanxi_validate_<thing>`` returns problems; every implementation runs and all problems are shown.

Per-tenant hooks (``on_*``, ``validate_*``) only run for packs the tenant enabled.  Specs take keyword
arguments and pass the context (``session``, ``tenant``) even where today's packs do not need it;
an implementation may accept any subset of a spec's arguments.  Arguments are added, never removed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.errors import Problem
    from core.models import Customer, Interaction, Tenant
    from core.records import (
        ApiRouter,
        CliCommand,
        CustomerPanel,
        DashboardWidget,
        Edition,
        GoodsCostSource,
        ImportType,
        Job,
        Metric,
        MigrationsLocation,
        NavItem,
        PackInfo,
        PackSettings,
        Permission,
        ReminderRule,
        Role,
        SegmentField,
        StaticDir,
        TemplateDir,
        TimelineSource,
        WebRoute,
    )

PROJECT = "guanxi"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)

# --------------------------------------------------------------------------------------------------
# Pack identity and schema: called once per process, at load time
# --------------------------------------------------------------------------------------------------


@hookspec
def guanxi_register_pack() -> PackInfo:
    """Describe the pack: name, title, version, supported core API range, dependencies.

    Called once when the pack is loaded; a pack without it is rejected.  The name must equal the
    entry-point name.  Returns one :class:`PackInfo`.
    """


@hookspec
def guanxi_register_migrations() -> MigrationsLocation:
    """Return where the pack's Alembic versions live and its branch label.

    Called by ``guanxi db upgrade`` and the conformance check.  The pack's first revision
    ``depends_on`` the core revision it needs.  Returns one :class:`MigrationsLocation`.
    """


@hookspec
def guanxi_register_models() -> list[type]:
    """Return the pack's table classes.

    Called at load time so every table is in the metadata before anything queries it (a model
    whose module was never imported is invisible to merges and checks).  Returns a list of classes.
    """


# --------------------------------------------------------------------------------------------------
# Assembly: routes, pages, navigation, CLI; called once at start-up
# --------------------------------------------------------------------------------------------------


@hookspec
def guanxi_register_api_routers() -> list[ApiRouter]:
    """Return API routers; each is mounted once under ``/api/v1/<pack>/``.

    Every mounted pack route depends on the pack being enabled for the caller's tenant and answers
    404 otherwise.
    """


@hookspec
def guanxi_register_web_routes() -> list[WebRoute]:
    """Return routers of server-rendered pages, mounted under ``/<pack>/`` with the same 404 rule."""


@hookspec
def guanxi_register_template_dirs() -> list[TemplateDir]:
    """Return template directories added to the Jinja2 loader (after core's)."""


@hookspec
def guanxi_register_static_dirs() -> list[StaticDir]:
    """Return directories of public assets, each served at ``/static/<pack>/``.

    Mounted once at start-up with Starlette's ``StaticFiles``, before core's ``/static``.  Assets
    are public: they are served whether or not the caller's tenant enabled the pack, and without
    signing in (a stylesheet or logo holds no tenant data; keep anything private out of it).
    Example::

        @hookimpl
        def guanxi_register_static_dirs() -> list[StaticDir]:
            return [StaticDir(Path(__file__).parent / "static")]  # /static/<pack>/app.css
    """


@hookspec
def guanxi_register_nav_items(tenant: Tenant) -> list[NavItem]:
    """Return navigation items; only called for packs the tenant enabled."""


@hookspec
def guanxi_register_customer_panels(tenant: Tenant) -> list[CustomerPanel]:
    """Return panels shown on the customer page; only for packs the tenant enabled.

    ``context(session, tenant, customer)`` returns a mapping; the panel's template sees it as
    ``panel_data`` beside ``customer`` and the page's own context (``page``, ``fmt``, ``_``,
    ``csrf_token``).
    """


@hookspec
def guanxi_register_dashboard_widgets(tenant: Tenant) -> list[DashboardWidget]:
    """Return dashboard widgets; only for packs the tenant enabled.

    ``context(session, tenant)`` (plus ``caller=page`` when it declares ``caller``) returns a
    mapping; the widget's template sees it as ``widget_data`` beside the page's own context
    (``page``, ``fmt`` for numbers, money and dates in the user's locale, ``_`` for translations,
    ``csrf_token``).  Every :class:`Metric` already shows on the dashboard with a chart of its last
    12 months: write a widget only for what a metric cannot say.
    """


@hookspec
def guanxi_register_cli_commands() -> list[CliCommand]:
    """Return Typer apps added to the ``guanxi`` command.

    Pack commands take an explicit ``--tenant`` and refuse to act when the pack is not enabled there.
    """


# --------------------------------------------------------------------------------------------------
# Catalogues: editions, metrics, reminders, importable types, permissions
# --------------------------------------------------------------------------------------------------


@hookspec
def guanxi_register_editions() -> list[Edition]:
    """Return editions (named sets of packs and features) the pack defines, e.g. ``retail-industry``."""


@hookspec
def guanxi_register_metrics(tenant: Tenant) -> list[Metric]:
    """Return value metrics computed per period; only for packs the tenant enabled.

    Every metric shows on the dashboard with its value this month and a chart of the last 12
    months (no widget code), and on the customer page when it has ``per_customer``.  Example::

        @hookimpl
        def guanxi_register_metrics(tenant: Tenant) -> list[Metric]:
            return [Metric("hotel.nights", "Nights stayed", nights, unit="nights",
                           per_customer=nights_by_customer, titles={"zh_Hans": "入住晚数"})]
    """


@hookspec
def guanxi_register_timeline_sources(tenant: Tenant) -> list[TimelineSource]:
    """Return sources of customer-timeline entries (orders, tickets, stays); only for enabled packs.

    Core merges every source with its own interactions in one ``UNION ALL`` statement ordered by
    ``(occurred_at, source, id)`` with a keyset condition, so pages neither skip nor repeat entries
    while new rows arrive, and the API's ``source`` filter picks sources by key.  Core checks the
    caller may see the customer before asking; a disabled pack's entries vanish with its source.
    Example::

        def stays(*, tenant, customer_id):
            return select(
                HotelStay.created_at.label("occurred_at"),
                HotelStay.id.label("id"),
                ("Room " + HotelStay.room).label("summary"),
            ).where(HotelStay.customer_id == customer_id)

        @hookimpl
        def guanxi_register_timeline_sources(tenant: Tenant) -> list[TimelineSource]:
            return [TimelineSource("hotel.stays", "Stay", stays, link="/hotel/stays/{id}",
                                   titles={"zh_Hans": "入住", "zh_Hant": "入住"})]
    """


@hookspec
def guanxi_register_reminder_rules(tenant: Tenant) -> list[ReminderRule]:
    """Return reminder rules evaluated by the daily reminder run; only for enabled packs."""


@hookspec
def guanxi_register_segment_fields(tenant: Tenant) -> list[SegmentField]:
    """Return filters segments may use beyond core's (tags, grade, owner, city, last interaction,
    total spend); only for packs the tenant enabled.

    Each :class:`SegmentField` has a ``key`` used in saved segment definitions and a
    ``condition(tenant=, value=)`` building a SQLAlchemy condition over ``customers``; conditions are
    combined with AND into one statement.  A key that clashes with core's or another pack's is an
    error naming both.  Called once per segment evaluation, not per customer.
    """


@hookspec
def guanxi_register_goods_costs(tenant: Tenant) -> list[GoodsCostSource]:
    """Return sources of the cost of goods sold per customer; only for enabled packs.

    Gross profit (per customer and the ``gross_profit_per_customer`` metric) is revenue minus
    these costs.  Each :class:`GoodsCostSource` gives ``query(tenant=, lo=, hi=)``, a ``select`` of
    ``customer_id`` and ``cost`` for the pack's sales at UTC times ``[lo, hi)`` in the tenant's
    currency; core combines every source with ``UNION ALL`` and sums them in one statement, so it
    is called once per figure, never per customer.  A key used twice is an error.
    """


@hookspec
def guanxi_register_import_types(tenant: Tenant) -> list[ImportType]:
    """Return record types the import/export machinery handles; only for enabled packs."""


@hookspec
def guanxi_register_jobs() -> list[Job]:
    """Return jobs: named, idempotent functions run when enqueued or on a cron schedule.

    Called once per process when the runner starts (``guanxi serve``, ``guanxi jobs run-due``).
    A periodic per-tenant :class:`Job` of a pack fires only for tenants that enabled the pack;
    core's fire for every tenant.  Job names are global (prefix them with the pack's name); a name
    declared twice is an error naming both.  Returns a list of :class:`Job`.
    """


@hookspec
def guanxi_register_settings() -> PackSettings:
    """Return the pack's per-tenant settings: a pydantic schema with defaults and its titles.

    Called once per process.  Core stores each tenant's values, serves them at
    ``/api/v1/packs/<pack>/settings`` and on a settings page section built from the schema, and
    hands them to the pack as a validated instance through ``sdk.pack_settings``.  Returns one
    :class:`PackSettings` (or ``None``).
    """


@hookspec
def guanxi_register_permissions() -> list[Permission | Role]:
    """Return permissions and roles the pack adds to the authorization model."""


# --------------------------------------------------------------------------------------------------
# Customer and interaction events: run inside the caller's transaction
# --------------------------------------------------------------------------------------------------


@hookspec
def guanxi_validate_customer(
    session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]
) -> list[Problem]:
    """Return problems with a customer about to be created or updated (``changes`` is empty on
    create).  All implementations run; any problem aborts the write with a 422 naming the field."""


@hookspec
def guanxi_on_customer_created(session: Session, tenant: Tenant, customer: Customer) -> None:
    """Called after a customer row is flushed, before commit.  Raising rolls the create back."""


@hookspec
def guanxi_on_customer_updated(
    session: Session, tenant: Tenant, customer: Customer, changes: dict[str, Any]
) -> None:
    """Called after an update is flushed; ``changes`` maps field -> (old, new)."""


@hookspec
def guanxi_on_customers_merged(
    session: Session, tenant: Tenant, survivor: Customer, duplicate: Customer
) -> None:
    """Called after core moved every row referencing ``duplicate`` to ``survivor``.

    Core already repoints foreign keys of all tables (packs' included); implement this only for
    derived data that must be recomputed.
    """


@hookspec
def guanxi_on_interaction_logged(session: Session, tenant: Tenant, interaction: Interaction) -> None:
    """Called after an interaction is flushed, before commit."""


# --------------------------------------------------------------------------------------------------
# Tenant lifecycle
# --------------------------------------------------------------------------------------------------


@hookspec
def guanxi_on_tenant_enabled(session: Session, tenant: Tenant, first_time: bool) -> None:
    """Called when the tenant enables this pack (only this pack's implementation runs).

    Seed defaults and backfill from data that existed before the pack (``first_time`` is False when
    the pack was enabled before and is coming back; existing pack rows are kept either way).
    """


@hookspec
def guanxi_on_tenant_disabled(session: Session, tenant: Tenant) -> None:
    """Called when the tenant disables this pack.  Must not delete data: disabling is reversible."""


@hookspec
def guanxi_purge_tenant_data(session: Session, tenant: Tenant) -> None:
    """Delete the pack's rows for a tenant; called by ``guanxi plugins purge`` after confirmation.

    Core deletes rows of the pack's registered tables by default; implement this only for data
    outside them (files, caches).
    """


@hookspec
def guanxi_seed_demo(session: Session, tenant: Tenant) -> None:
    """Add realistic demo data for the pack to a demo tenant (``guanxi demo``); only for enabled
    packs, after core's demo customers and interactions exist."""
