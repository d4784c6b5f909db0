"""Tools for pack authors that run at development time, not in production requests.

``guanxi plugins new`` (:mod:`core.sdkdev.scaffold`), ``guanxi plugins check``
(:mod:`core.sdkdev.check`), the hook reference (:mod:`core.sdkdev.hookref`) and the registry of
deprecated hook and sdk names (:mod:`core.sdkdev.deprecations`).  Nothing here is imported when a
request is served, except the deprecation registry, which is small and has no dependencies.
"""
