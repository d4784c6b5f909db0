"""The pack engine, in one package, and packs as a tenant sees them.

Engine: ``loader`` (entry points, validation, dependency order, the process-wide registry for entry
points), ``registry`` (the loaded packs and the caches derived from them), ``contracts`` (what each
hook must return), ``facade`` (one typed method per hook: ``TenantHooks``, ``PackHooks``,
``StartupHooks``), ``state`` (enable/disable per tenant, ``hooks_for``), ``purge``, ``selection``
(``GUANXI_PACKS``), ``trace`` (``GUANXI_TRACE_HOOKS``) and ``builtin`` (core's own hook
implementations).  A tenant's side: ``models`` (pack state), ``views`` (API) and ``pages`` (settings).

Importing this package imports none of them, so ``guanxi --help`` pays only for what it uses.
"""
