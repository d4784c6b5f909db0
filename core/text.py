"""Names and free text: Unicode normalization and script-independent name keys.

``张伟``, ``張偉`` and ``张 伟`` share the key ``zhangwei``; a Latin-script name matches in either
word order (``Zhang Wei`` / ``Wei Zhang``).  Conversion uses OpenCC's tables (Traditional to
Simplified) and pypinyin (tone-less pinyin).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from pypinyin import Style, lazy_pinyin
from pypinyin.constants import PHRASES_DICT

_SPACES = re.compile(r"\s+")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[^\W\d_]+")
_LONGEST_PHRASE = max(len(p) for p in PHRASES_DICT)


def clean_text(value: str | None) -> str:
    """NFC-normalize, trim and fold runs of white space (incl. ideographic space) to one space."""
    if value is None:
        return ""
    if value.isprintable() and "  " not in value:
        # no white space but single ASCII spaces (str.isprintable is False for tabs, line breaks
        # and the ideographic space): nothing to fold, which spares an import a regex per cell;
        # ASCII is its own NFC form
        return (value if value.isascii() else unicodedata.normalize("NFC", value)).strip()
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


@lru_cache(maxsize=1)
def _t2s() -> object:
    from opencc import OpenCC

    return OpenCC("t2s")


@lru_cache(maxsize=1)
def _t2s_tables() -> list[tuple[int, dict[str, str]]] | None:
    """OpenCC's loaded Traditional->Simplified tables as (longest key, table); None if unknown."""
    converter = _t2s()
    try:
        converter.convert("")  # type: ignore[attr-defined]  # loads the dictionaries
        chain = converter._dict_chain_data  # type: ignore[attr-defined]
        return [(int(longest), table) for group in chain for longest, _short, table in group]
    except Exception:
        return None


def _t2s_would_change(text: str, tables: list[tuple[int, dict[str, str]]]) -> bool:
    """Whether any substring of ``text`` is a key of a table (only then can OpenCC change it)."""
    size = len(text)
    for longest, table in tables:
        for i in range(size):
            for j in range(i + 1, min(size, i + longest) + 1):
                if text[i:j] in table:
                    return True
    return False


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional Chinese characters to Simplified; other text unchanged."""
    if not _CJK.search(text):
        return text
    # OpenCC replaces only substrings that are keys of its tables, and most names contain none;
    # checking that is ~20x cheaper than running the converter.
    tables = _t2s_tables()
    if tables is not None and not _t2s_would_change(text, tables):
        return text
    return _t2s().convert(text)  # type: ignore[attr-defined]


@lru_cache(maxsize=1)
def _s2t() -> object:
    from opencc import OpenCC

    return OpenCC("s2t")


@lru_cache(maxsize=4096)
def script_variants(text: str) -> tuple[str, ...]:
    """``text`` as typed, in Simplified and in Traditional script (distinct values only), so a
    search typed in one script finds names stored in the other."""
    if not _CJK.search(text):
        return (text,)
    variants = (text, to_simplified(text), _s2t().convert(text))  # type: ignore[attr-defined]
    return tuple(dict.fromkeys(variants))


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


@cache
def _char_pinyin(char: str) -> str:
    return "".join(lazy_pinyin(char, style=Style.NORMAL)).lower()


def _pinyin(text: str) -> str:
    """Tone-less pinyin of ``text``, exactly as ``lazy_pinyin`` gives it, but fast for names.

    ``lazy_pinyin`` segments text against its phrase dictionary (a phrase can change a
    character's reading), which costs ~50 µs even for a short name.  A name that contains no
    dictionary phrase is read character by character, which is what ``lazy_pinyin`` would do, so
    it is assembled from cached per-character readings; any name containing a phrase takes the
    full path.
    """
    size = len(text)
    for i in range(size - 1):
        for j in range(i + 2, min(size, i + _LONGEST_PHRASE) + 1):
            if text[i:j] in PHRASES_DICT:
                return "".join(lazy_pinyin(text, style=Style.NORMAL)).lower()
    return "".join(_char_pinyin(c) for c in text)


@lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, ...]:
    """Comparison keys of a person's name: one for Chinese script, both word orders for Latin.

    The first key is the canonical one stored in ``Customer.name_key``.
    """
    name = clean_text(name)
    if not name:
        return ()
    if has_cjk(name):
        return (_pinyin(to_simplified(_SPACES.sub("", name))),)
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
