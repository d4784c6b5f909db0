"""The equipment pack: opportunities through a long sale.

Its declaration is data, in ``pack.toml`` beside this module; the SDK expands it into the hook
implementations (see :meth:`sdk.Pack.from_manifest`).
"""

from sdk import Pack

pack = Pack.from_manifest(__name__)
