"""The ``guanxi`` command: assembly of command groups that core and packs provide."""
