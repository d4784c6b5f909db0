"""A real SMTP server per test (aiosmtpd on a free port) and helpers to add users."""

from __future__ import annotations

import email
import socket
import uuid
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from core.models import User


class _Inbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.original_content or envelope.content)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """(host, port, inbox) of a running SMTP server that keeps every message it accepts."""
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller.hostname, controller.port, inbox
    finally:
        controller.stop()


@pytest.fixture
def make_user(uow):
    """Add an active user to a tenant (no password: these users never sign in here)."""

    def make(tenant, *, role: str = "rep", locale: str | None = None, name: str | None = None) -> User:
        with uow(tenant) as session:
            user = User(
                tenant_id=tenant.id,
                email=f"u-{uuid.uuid4().hex[:10]}@example.com",
                display_name=name or f"User {role}",
                role=role,
                locale=locale,
            )
            session.add(user)
            session.flush()
            return user

    return make
