"""Small frozen records that packs contribute through ``guanxi_register_*`` hooks.

Records, not dicts: the host validates them in one place and a typo fails loudly at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class PackInfo:
    """Who a pack is and what it needs.

    ``core_api`` is a PEP 440 specifier over ``core.CORE_API_VERSION`` (e.g. ``">=1.0,<2"``);
    ``depends`` maps other packs' names to specifiers over their versions.
    """

    name: str
    title: str
    version: str
    core_api: str
    description: str = ""
    depends: Mapping[str, str] = field(default_factory=dict)
    #: Translations of ``title`` keyed by locale (``zh_Hans``, ``zh_Hant``).
    titles: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class MigrationsLocation:
    """Where a pack's Alembic versions live and the branch label its revisions carry."""

    branch: str
    versions_dir: Path


@dataclass(frozen=True)
class ApiRouter:
    """A FastAPI router mounted once under ``/api/v1/<pack>/``."""

    router: Any  # fastapi.APIRouter; typed loosely so core.records imports nothing heavy


@dataclass(frozen=True)
class WebRoute:
    """A router of server-rendered pages mounted under ``/<pack>/``."""

    router: Any


@dataclass(frozen=True)
class TemplateDir:
    """A directory of Jinja2 templates; a pack keeps its own under ``templates/<pack>/``.

    ``locale_dir`` holds the pack's catalogs (``<locale>/LC_MESSAGES/messages.po``) for its
    templates, nav labels and panel titles; they are looked up after core's.
    """

    path: Path
    locale_dir: Path | None = None


@dataclass(frozen=True)
class NavItem:
    """An entry in the main navigation; ``label`` is an English msgid translated per locale."""

    label: str
    href: str
    order: int = 100
    permission: str | None = None
    #: A URL answering a short HTML fragment (a count) shown beside the label, loaded by htmx.
    badge: str | None = None


@dataclass(frozen=True)
class CustomerPanel:
    """A customer-page panel, rendered from ``template`` with ``context(session, tenant, customer)``."""

    key: str
    title: str
    template: str
    context: Callable[..., Mapping[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class DashboardWidget:
    """A tile or chart on the dashboard, rendered from ``template`` with ``context(session, tenant)``.

    A context that declares a ``caller`` parameter also gets the page (``caller=page``), so figures
    about customers can keep to those the user may see (``sdk.visible_to(caller, column)``).
    """

    key: str
    title: str
    template: str
    context: Callable[..., Mapping[str, Any]]
    order: int = 100


@dataclass(frozen=True)
class CliCommand:
    """A Typer app added as ``guanxi <name> ...``."""

    name: str
    app: Any  # typer.Typer
    help: str = ""


@dataclass(frozen=True)
class Edition:
    """A named set of packs and core features a tenant can be upgraded to.

    ``rank`` orders editions from small to large (basic 10, standard 20, professional 30, industry
    40, online 50); an edition includes everything of the edition named in ``extends``.
    """

    name: str
    title: str
    rank: int
    packs: tuple[str, ...] = ()
    features: tuple[str, ...] = ()
    extends: str | None = None
    #: Translations of ``title`` keyed by locale (``zh_Hans``, ``zh_Hant``), as on :class:`PackInfo`.
    titles: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def for_industry(cls, pack: str, title: str, titles: Mapping[str, str]) -> Edition:
        """The edition a vertical pack is sold as: ``<pack>-industry``, professional plus the pack.

        Every vertical pack offers one; the rank and what it extends are the product's tiers, so
        they are written here once rather than in each pack.
        """
        return cls(f"{pack}-industry", title, 40, packs=(pack,), extends="professional", titles=titles)


@dataclass(frozen=True)
class Metric:
    """A value metric computed per tenant and period.

    ``compute(session=, tenant=, start=, end=)`` returns the value for the dates ``start`` (inclusive)
    to ``end`` (exclusive) in the tenant's time zone, or ``None`` when there is nothing to measure
    (no customers in the base, no answers): an empty period is not a 0 % rate.  One set-based query.
    """

    key: str
    title: str
    compute: Callable[..., Any]
    unit: str = ""
    titles: Mapping[str, str] = field(default_factory=dict)
    #: Optional: ``per_customer(session=, tenant=, customer_ids=, start=, end=)`` returns
    #: ``{customer_id: value}`` for the given customers over the same kind of period, in one
    #: set-based statement (a customer without a value is left out).  The customer page shows it
    #: for the last 12 months; metrics without one are firm-wide only.
    per_customer: Callable[..., Mapping[int, Any]] | None = None


@dataclass(frozen=True)
class DueReminder:
    """One thing to remind someone of, as a reminder rule yields it.

    ``subject`` names what the reminder is about (``customer:12``, ``receivable:7``); with the rule
    and ``due_on`` it makes the delivery key the database keeps unique, so a repeated run never
    delivers it twice.  Recipients are ``user_ids`` when given, else the customer's owner, else the
    tenant's owners and admins.
    """

    subject: str
    due_on: Any  # datetime.date
    customer_id: int | None = None
    #: Plain text, or a :class:`Translatable` that each recipient reads in their own language.
    text: str | Translatable = ""
    user_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ReminderRule:
    """A rule of the daily reminder run.

    ``due(session=, tenant=, on=)`` returns the :class:`DueReminder` records due on date ``on``
    (the tenant's local date), computed with a set-based query, never one query per customer.
    """

    key: str
    title: str
    due: Callable[..., Any]
    titles: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SegmentField:
    """A filter a segment can use: ``condition(tenant=, value=)`` returns a SQLAlchemy boolean
    expression over ``customers`` (typically ``Customer.id.in_(<select of the pack's table>)``);
    it raises ``ValueError`` with a plain message when ``value`` is unusable."""

    key: str
    title: str
    condition: Callable[..., Any]
    titles: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportType:
    """A record type the import/export machinery can read and write for a pack.

    ``columns`` maps each field to the header aliases it is recognised by (English, Simplified,
    Traditional; the first alias is the header an export writes); ``required`` fields must have a
    column and a value in every row.  Core streams the file, maps headers and checks required
    cells, then calls ``load_rows(session=, tenant=, rows=list[ImportRow])`` once per batch
    (``batch_size`` rows) inside the batch's transaction.  The loader gets the whole batch so that it
    can work set-based: a fixed number of statements per batch, never one per row
    (``sdk.importing`` has the helpers: customers, stored keys, ``executemany`` inserts, timeline
    entries).  It returns ``{line: Problem}`` for rows it refuses (``Problem.field`` a field
    name), ``None``, or an ``sdk.importing.LoadResult`` that also counts the rows already stored.
    A dry run calls it the same way and rolls the transaction back.  ``load_rows`` should skip or
    upsert on the pack's own natural key so that importing a file twice creates nothing new.

    ``group_by`` names a field whose adjacent rows belong together (an order's lines): a batch
    is never cut between two rows with the same value, so a loader sees a whole group at once.
    ``batch_size`` is how many rows a batch holds: a set-based loader's statements cost about the
    same for five thousand rows as for one thousand, and fewer, larger transactions rewrite fewer
    index pages; a larger batch holds SQLite's write lock longer (about half a second).

    ``export_rows(session=, tenant=, caller=)``, when given, yields the stored records as rows
    (``{field: text}``) that ``load_rows`` accepts unchanged, limited to what ``caller`` may
    see (``sdk.visible_to``; ``None`` for an operator); core writes them to CSV or XLSX with the
    first alias of each column as its header, so exporting and importing the file creates nothing.
    """

    key: str
    title: str
    columns: Mapping[str, tuple[str, ...]]
    load_rows: Callable[..., Any]
    required: tuple[str, ...] = ()
    group_by: str | None = None
    export_rows: Callable[..., Any] | None = None
    batch_size: int = 5000


@dataclass(frozen=True)
class ImportRow:
    """One data row of a pack's import file: its line (header = 1) and the cleaned text of every
    mapped field (empty cells left out)."""

    line: int
    values: Mapping[str, str]


@dataclass(frozen=True)
class Permission:
    """A permission a pack adds, and the roles that hold it by default."""

    key: str
    title: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class Role:
    """A tenant role a pack adds (e.g. ``technician``), with the permissions it grants."""

    name: str
    title: str
    permissions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Job:
    """A named function the job runner calls, now or on a schedule (``guanxi_register_jobs``).

    ``run(ctx, **args)`` receives a :class:`JobContext` and the JSON arguments it was enqueued with;
    it must be idempotent for its key (a retried or re-enqueued run has one visible effect).
    ``schedule`` is a cron line (``"0 7 * * *"``), read in each tenant's time zone for a
    ``per_tenant`` job and in UTC otherwise; ``None`` means the job only runs when enqueued.  A
    per-tenant job of a pack runs only for tenants that enabled the pack; core's run for every
    tenant.  A failed attempt is retried after ``backoff_seconds * 2**(attempt - 1)`` until
    ``max_attempts``, then shown to the tenant's admins as failed.
    """

    name: str
    run: Callable[..., Any]
    schedule: str | None = None
    per_tenant: bool = True
    max_attempts: int = 3
    backoff_seconds: int = 60
    title: str = ""
    #: The title by locale (``zh_Hans``, ``zh_Hant``), shown to admins on the jobs page.
    titles: Mapping[str, str] = field(default_factory=dict)
    #: How long a run may stay ``running`` before its process is taken for dead and the run is
    #: retried.  Longer than the slowest honest run (an import of a large file), shorter than
    #: the time a stuck run may block its work (a daily reminder should not wait a day).
    stale_after_seconds: int = 3600


@dataclass(frozen=True)
class JobContext:
    """What a job's function is given besides its arguments.

    ``session`` is one unit of work (tenant-scoped for a per-tenant job): committed when the
    function returns, rolled back when it raises.  ``engine`` is for work that must follow a commit
    of its own (sending e-mails).  ``now`` is the runner's clock, so tests move time instead of
    waiting; ``fired_at`` is the schedule's firing a periodic run stands for (else ``None``).
    """

    engine: Any  # sqlalchemy.Engine
    session: Any  # sqlmodel.Session
    tenant: Any  # core.models.Tenant | None
    now: Any  # datetime.datetime (UTC)
    key: str
    attempt: int
    fired_at: Any = None  # datetime.datetime | None


@dataclass(frozen=True)
class Translatable:
    """A message to be read in the reader's language, not the writer's.

    Built where the text is decided (a reminder rule, a job) and translated where the reader is
    known (the recipient of a reminder, the customer a survey goes to): ``msgid`` is the English
    text with ``%(name)s`` placeholders, ``args`` fill them after translation, ``pack`` names whose
    catalog holds the translations (``None``: core's).  Values of ``args`` stay JSON-friendly
    (strings, numbers), because the message is stored until it is delivered.
    """

    msgid: str
    args: Mapping[str, Any] = field(default_factory=dict)
    pack: str | None = None


@dataclass(frozen=True)
class PackSettings:
    """The per-tenant settings a pack declares (``guanxi_register_settings``).

    ``schema`` is a pydantic model class whose every field has a default, so a tenant that never
    saved anything still reads a valid instance.  Text, number, boolean and choice (``Literal`` or
    ``Enum``) fields get a form field on the settings page; other fields (lists, nested models)
    are kept and changed through the API.  ``title``/``titles`` name the section, and
    ``field_titles`` maps each field to its label by locale (``en``, ``zh_Hans``, ``zh_Hant``;
    ``en`` may come from the field's own ``title`` instead).
    """

    schema: type
    title: str = ""
    titles: Mapping[str, str] = field(default_factory=dict)
    field_titles: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class TimelineSource:
    """Records a pack puts on the customer timeline, merged by time with core's interactions.

    ``query(tenant=, customer_id=)`` returns a SQLAlchemy ``select`` of one customer's records with
    these labelled columns: ``occurred_at`` (UTC), ``id`` (unique within the source), ``summary``
    (text), and optionally ``kind``, ``amount`` and ``currency``.  Core wraps each source's select
    with its key, its keyset condition and a limit, and merges all of them with ``UNION ALL`` in one
    statement ordered by ``(occurred_at, source, id)``, so paging is stable across sources.

    ``link`` is a URL template formatted with the row's ``id`` (``"/retail/orders/{id}"``) or
    ``None``.  ``hides_interactions(tenant=, customer_id=)``, when given, returns a ``select`` of
    interaction ids this source stands for (an order replacing the purchase it was logged as), so
    one event does not show twice; they reappear when the pack is disabled.  ``key`` is
    ``<pack>.<things>``; ``title`` an English label, ``titles`` its translations by locale.
    """

    key: str
    title: str
    query: Callable[..., Any]
    link: str | None = None
    titles: Mapping[str, str] = field(default_factory=dict)
    hides_interactions: Callable[..., Any] | None = None


@dataclass(frozen=True)
class GoodsCostSource:
    """What the goods a pack sold cost, per customer: the cost side of gross profit.

    ``query(tenant=, lo=, hi=)`` returns a SQLAlchemy ``select`` with two labelled columns,
    ``customer_id`` and ``cost`` (money in the tenant's currency), one row or many per customer,
    for the sales the pack recorded at UTC times ``[lo, hi)``.  Core sums every source with its
    own recorded goods costs in one statement, so a pack's rows are never read one by one.  Only
    sales that are also purchases on the timeline (their revenue is counted) should be reported.
    ``key`` is ``<pack>.<things>``.
    """

    key: str
    query: Callable[..., Any]


@dataclass(frozen=True)
class StaticDir:
    """A directory of a pack's public assets (CSS, images, scripts), served at ``/static/<pack>/``."""

    path: Path
