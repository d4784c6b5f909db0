"""Who is calling, and their unit of work: one object for the JSON API and the web pages.

A request's dependency reads its credentials without I/O (a verified access token, an API key,
a signed cookie) and hands out a :class:`Caller` that is not open yet.  Route dependencies record
what the route requires (``require(...)``, a pack's gate) and :meth:`Caller.settle` checks it all
before the handler runs: on the event loop when the caller is remembered from a recent read,
otherwise by opening the caller in one worker-thread hop.  Opening is one
:func:`core.tenancy.unit_of_work` and :func:`core.auth.callers.authenticate`; when the caller was
remembered it happens on first use, in the sync handler's own worker thread, so a read costs no
hop of its own.  At the end :func:`caller_scope` ends the unit of work: an open read closes on
the event loop (a pool check-in), a write commits in one worker-thread hop, and anything that
raised rolls back.  API, web pages and operators differ only in their credentials and in the
exceptions their refusals are.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, ExitStack, asynccontextmanager
from dataclasses import replace
from typing import Any, Self

import anyio.to_thread
from sqlmodel import Session

from core.audit.service import bind_actor, bound_actor
from core.auth import principals
from core.auth.callers import CallerSource, Credentials, Opened, Pending, authenticate
from core.auth.errors import NotAuthenticated
from core.errors import NotFound, PermissionDenied
from core.models import Tenant, User
from core.packs.facade import TenantHooks
from core.packs.registry import PackRegistry
from core.packs.state import hooks_for
from core.tenancy import session_registry

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Caller:
    """The caller of one request: session, tenant, user (``None`` for an API key), actor, API
    key, permissions and the tenant's hooks.  Built eagerly from its parts (tests, jobs), or
    by a request dependency through :meth:`pending`, opening on first use."""

    def __init__(
        self,
        session: Session | None = None,
        tenant: Tenant | None = None,
        user: User | None = None,
        actor: str = "",
        api_key: Any | None = None,
        permissions: frozenset[str] = frozenset(),
        hooks: TenantHooks | None = None,
    ) -> None:
        self._reset()
        if session is not None:
            self._opened = Opened(session, tenant, user, actor, api_key, permissions, hooks)

    _opened: Opened | None
    _pending: Pending | None
    _stack: ExitStack | None
    _failure: BaseException | None

    def _reset(self) -> None:
        self._opened = self._pending = self._stack = self._failure = None
        self._permissions_needed: list[str] = []
        self._packs_needed: list[str] = []
        self._refusals: list[str] = []

    @classmethod
    def pending(cls, source: CallerSource, credentials: Credentials, *, read_only: bool) -> Self:
        caller = cls.__new__(cls)
        caller._reset()
        caller._pending = Pending(source, credentials, read_only)
        return caller

    # -- what handlers read; each opens the caller if needed --------------------------------------

    def _state(self) -> Opened:
        if self._opened is None:
            self.open()
        assert self._opened is not None
        return self._opened

    @property
    def session(self) -> Session:
        return self._state().session

    @property
    def tenant(self) -> Tenant:
        tenant = self._state().tenant
        assert tenant is not None, "operators act on no tenant"
        return tenant

    @property
    def user(self) -> User | None:
        return self._state().user

    @property
    def actor(self) -> str:
        """Who acts, for the audit log: ``user:<email>``, ``apikey:<name>`` or ``operator:<email>``."""
        return self._state().actor

    @property
    def api_key(self) -> Any | None:
        return self._state().api_key

    @property
    def permissions(self) -> frozenset[str]:
        return self._state().permissions

    @property
    def registry(self) -> PackRegistry:
        """The pack registry this caller's unit of work calls hooks through."""
        return session_registry(self.session)

    @property
    def hooks(self) -> TenantHooks:
        """The tenant's hooks, read on first use (most reads never need the enabled packs)."""
        state = self._state()
        if state.hooks is None:
            state.hooks = hooks_for(state.session, self.tenant)
        return state.hooks

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    def require(self, permission: str) -> None:
        """Refuse unless the caller holds ``permission``."""
        if permission not in self.permissions:
            raise self._forbidden(f"your role does not allow this (needs '{permission}')")

    # -- requirements: recorded by dependencies, each of which then awaits settle() -------------

    def need_permission(self, permission: str) -> None:
        self._record(self._permissions_needed, permission)

    def need_pack(self, pack: str) -> None:
        """Answer as missing unless the tenant enabled ``pack``; its changes are audited as its."""
        self._record(self._packs_needed, pack)

    def refuse(self, reason: str) -> None:
        self._record(self._refusals, reason)

    def _record(self, requirements: list[str], requirement: str) -> None:
        requirements.append(requirement)
        if self._opened is not None:
            self._check()

    async def settle(self) -> None:
        """Check the account and every requirement recorded so far, before the handler runs.

        A caller remembered from a recent read (with its tenant's packs, when a pack's gate
        asks) is checked here, on the event loop, without I/O; its unit of work still opens in
        the handler's thread, where a write loads everything afresh and checks again.  Any other
        caller (an API key, a web session, an operator, one not seen for a few seconds) is
        opened now, in one worker-thread hop.
        """
        if self._failure is not None:
            raise self._failure
        if self._opened is None and not self._recall():
            await anyio.to_thread.run_sync(self.open)

    def _recall(self) -> bool:
        """Check the requirements from remembered facts; ``False`` when some are not remembered."""
        pending = self._pending
        if pending is None or pending.credentials.kind != "user":
            return False
        source, credentials = pending.source, pending.credentials
        pair = principals.remembered(source.database, credentials.user_id)
        if pair is None or pair[0].tenant_id != credentials.tenant_id:
            return False
        enabled = source.remembered_packs(credentials.tenant_id) if self._packs_needed else frozenset()
        if enabled is None:
            return False
        try:
            self._check_against(enabled, source.model.permissions(pair[0].role))
        except Exception as refusal:
            self._failure = refusal
            raise
        return True

    def _check(self) -> None:
        enabled: frozenset[str] = frozenset()
        if self._packs_needed:
            enabled = self.hooks.enabled
            if self._pending is not None:
                self._pending.source.remember_packs(self.tenant.id or 0, enabled)
        self._check_against(enabled, self.permissions)
        for pack in self._packs_needed:
            bind_actor(self.session, replace(bound_actor(self.session), via_pack=pack))

    def _check_against(self, enabled: frozenset[str], permissions: frozenset[str]) -> None:
        """Every recorded requirement, in the order of the answers: 404 first, then 403."""
        for pack in self._packs_needed:
            if pack not in enabled:
                raise self._missing(f"not found: pack '{pack}' is not enabled for this tenant")
        for permission in self._permissions_needed:
            if permission not in permissions:
                raise self._forbidden(f"your role does not allow this (needs '{permission}')")
        for reason in self._refusals:
            raise self._forbidden(reason)

    # -- the answers, which the web page overrides --------------------------------------------------

    def _unauthenticated(self, message: str) -> Exception:
        return NotAuthenticated(message)

    def _forbidden(self, message: str) -> Exception:
        return PermissionDenied(message)

    def _missing(self, message: str) -> Exception:
        return NotFound(message)

    def _after_open(self) -> None:
        """What a subclass adds once the account is known (the web page's language)."""

    # -- the unit of work -------------------------------------------------------------------------

    def open(self) -> None:
        """Open the unit of work, check the account and every requirement recorded so far."""
        if self._opened is not None:
            return
        if self._failure is not None:
            raise self._failure
        assert self._pending is not None, "an eager caller is always open"
        stack = ExitStack()
        try:
            pending = self._pending
            self._opened = authenticate(
                pending.source,
                pending.credentials,
                stack,
                read_only=pending.read_only,
                unauthenticated=self._unauthenticated,
                forbidden=self._forbidden,
            )
            self._after_open()
            self._check()
        except BaseException as exc:
            self._opened, self._failure = None, exc
            stack.__exit__(type(exc), exc, exc.__traceback__)
            raise
        self._stack = stack

    def close(self, error: BaseException | None) -> None:
        """End the unit of work: commit a write that raised nothing, roll back anything else.

        A caller nobody opened is opened first, so its refusal is the answer; a refusal the
        handler caught is still the answer.
        """
        if self._opened is None and self._failure is None and self._pending is not None:
            self.open()
        if self._failure is not None and error is None:
            raise self._failure
        stack, self._stack = self._stack, None
        if stack is not None:
            if error is None:
                stack.__exit__(None, None, None)
            else:
                stack.__exit__(type(error), error, error.__traceback__)

    @property
    def ends_on_the_loop(self) -> bool:
        """Whether ending needs no worker thread: nothing to end, or an open read (a pool check-in
        costs less than the hop); a write commits, and an unopened caller must be checked first."""
        if self._opened is None:
            return self._failure is not None or self._pending is None
        return self._pending is not None and self._pending.read_only


@asynccontextmanager
async def caller_scope(caller: Caller) -> AsyncIterator[Caller]:
    """The request's part of the dependency: hand out ``caller``, then end its unit of work."""
    try:
        await caller.settle()
        yield caller
    except BaseException as error:
        if caller.ends_on_the_loop:
            caller.close(error)
        else:
            await anyio.to_thread.run_sync(caller.close, error)
        raise
    if caller.ends_on_the_loop:
        caller.close(None)
    else:
        await anyio.to_thread.run_sync(caller.close, None)


@asynccontextmanager
async def session_scope(work: AbstractContextManager[Session]) -> AsyncIterator[Session]:
    """A writer's unit of work without a caller (signing in): it connects on first use, so it is
    entered on the loop, and ends in one worker thread."""
    session = work.__enter__()
    try:
        yield session
    except BaseException as error:
        await anyio.to_thread.run_sync(work.__exit__, type(error), error, error.__traceback__)
        raise
    await anyio.to_thread.run_sync(work.__exit__, None, None, None)
