"""Shared set-up for benchmarks: a migrated scratch SQLite database and the installed packs."""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Sequence
from pathlib import Path

QUICK = os.environ.get("GUANXI_BENCH_QUICK") == "1"


def scratch_sqlite(name: str) -> str:
    """A fresh, migrated SQLite database in a temporary directory; returns its URL."""
    from core.migrate import upgrade
    from core.packs.loader import get_registry

    path = Path(tempfile.mkdtemp(prefix=f"guanxi-bench-{name}-")) / "bench.db"
    url = f"sqlite:///{path}"
    upgrade(url, get_registry())
    return url


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: Sequence[float]) -> str:
    return f"median {statistics.median(values) * 1000:.2f} ms, p95 {percentile(values, 95) * 1000:.2f} ms"


class MailSink:
    """An SMTP handler that only counts the messages it receives (aiosmtpd calls it)."""

    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        self.count += 1
        return "250 OK"


def local_mail_server(engine: object, tenant: object) -> tuple[MailSink, object]:
    """A started local SMTP server on a free port, set as ``tenant``'s mail server; returns the
    sink counting what arrives and the controller to stop."""
    import socket

    from aiosmtpd.controller import Controller

    from core.packs.loader import get_registry
    from core.smtp.service import set_smtp_settings
    from core.tenancy import unit_of_work

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sink = MailSink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    with unit_of_work(engine, tenant.id, registry=get_registry()) as session:  # type: ignore[arg-type,attr-defined]
        set_smtp_settings(
            session=session,
            tenant=tenant,
            host="127.0.0.1",
            port=port,
            starttls=False,
            sender="crm@example.com",
        )
    return sink, controller
