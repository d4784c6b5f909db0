"""Words outside templates: messages translated in Python, and the catalog tools for packs."""
