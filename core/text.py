"""Names and free text: Unicode normalization and script-independent name keys.

``张伟``, ``張偉`` and ``张 伟`` share the key ``zhangwei``; a Latin-script name matches in either
word order (``Zhang Wei`` / ``Wei Zhang``).  Conversion uses OpenCC's tables (Traditional to
Simplified) and pypinyin (tone-less pinyin).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[^\W\d_]+")


def clean_text(value: str | None) -> str:
    """NFC-normalize, trim and fold runs of white space (incl. ideographic space) to one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


@lru_cache(maxsize=1)
def _t2s() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional Chinese characters to Simplified; other text unchanged."""
    if not _CJK.search(text):
        return text
    return _t2s().convert(text)  # type: ignore[attr-defined]


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, ...]:
    """Comparison keys of a person's name: one for Chinese script, both word orders for Latin.

    The first key is the canonical one stored in ``Customer.name_key``.
    """
    name = clean_text(name)
    if not name:
        return ()
    if has_cjk(name):
        compact = to_simplified(_SPACES.sub("", name))
        return ("".join(lazy_pinyin(compact, style=Style.NORMAL)).lower(),)
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = [w.lower() for w in _LATIN_WORD.findall(bare)]
    if not words:
        return (_SPACES.sub("", name).lower(),)
    forward = "".join(words)
    backward = "".join(reversed(words))
    return (forward,) if forward == backward else (forward, backward)


def name_key(name: str) -> str:
    keys = name_keys(name)
    return keys[0] if keys else ""
