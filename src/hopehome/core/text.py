"""Text folding for search keys (reference: tainan.md §3).

Stored names are never rewritten; search runs on a folded key: NFKC (full/half width and
parentheses), 臺→台 and the common variant pairs, lower case, collapsed whitespace.
"""

from __future__ import annotations

import re
import unicodedata

VARIANTS = str.maketrans({"臺": "台", "峯": "峰", "啓": "啟", "恒": "恆", "栢": "柏", "黄": "黃", "温": "溫"})


def fold(value: str | None) -> str:
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value).translate(VARIANTS).lower()
    return re.sub(r"\s+", " ", value).strip()


def canonical_place(value: str | None) -> str:
    """Reference fields (city, authority) use the official 臺 form."""
    return unicodedata.normalize("NFKC", value or "").strip().replace("台", "臺")


def join_list(items) -> str:
    """Join words the way the active language lists them (、 in Chinese, ", " in English)."""
    from django.utils.translation import pgettext

    return pgettext("list separator", "、").join(str(i) for i in items)
