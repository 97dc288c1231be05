"""Checksums for 身分證字號, 統一證號 (old and new) and 統一編號.

The algorithms and test vectors come from the project's reference notes on identifier
validation. Every validator works on the normalised value (:func:`normalize_identifier`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .choices import IdType

LETTER_CODE = {c: n for c, n in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True)}
_ID_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 1, 1)
_UBN_WEIGHTS = (1, 2, 1, 2, 1, 2, 4, 1)


def normalize_identifier(value: str | None) -> str:
    """NFKC (full-width to ASCII), strip spaces and dashes, upper-case."""
    if value is None:
        return ""
    value = unicodedata.normalize("NFKC", str(value))
    return re.sub(r"[\s\-]", "", value).upper()


def _check(letter_code: int, digits: list[int]) -> bool:
    x1, x2 = divmod(letter_code, 10)
    return (x1 + 9 * x2 + sum(w * d for w, d in zip(_ID_WEIGHTS, digits, strict=True))) % 10 == 0


def is_national_id(v: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][12]\d{8}", v)) and _check(
        LETTER_CODE[v[0]], [int(c) for c in v[1:]]
    )


def is_resident_new(v: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][89]\d{8}", v)) and _check(
        LETTER_CODE[v[0]], [int(c) for c in v[1:]]
    )


def is_resident_old(v: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-D]\d{8}", v):
        return False
    d1 = LETTER_CODE[v[1]] % 10
    return _check(LETTER_CODE[v[0]], [d1] + [int(c) for c in v[2:]])


def classify_personal_id(value: str, *, today: date | None = None, new_input: bool = True) -> str:
    """Return the :class:`IdType` of a normalised personal identifier or raise ValidationError.

    Old-format 統一證號 are refused on new input after the configured cut-off; records saved
    earlier still load (``new_input=False``).
    """
    v = normalize_identifier(value)
    if not v:
        raise ValidationError(_("請輸入身分證字號或統一證號。"), code="required")
    if is_national_id(v):
        return IdType.NATIONAL
    if is_resident_new(v):
        return IdType.RESIDENT_NEW
    if is_resident_old(v):
        cutoff = settings.HOPEHOME["OLD_RESIDENT_NUMBER_ACCEPTED_UNTIL"]
        today = today or timezone.localdate()
        if new_input and today > cutoff:
            raise ValidationError(
                _("舊式統一證號已於 %(date)s 停用，請輸入新式統一證號。"),
                code="retired",
                params={"date": cutoff.isoformat()},
            )
        return IdType.RESIDENT_OLD
    if not re.fullmatch(r"[A-Z][0-9A-D]\d{8}", v):
        raise ValidationError(
            _("「%(value)s」格式不符：應為 1 個英文字母加 9 個數字（例如 A123456789）。"),
            code="format",
            params={"value": v[:12]},
        )
    raise ValidationError(
        _("「%(value)s」檢查碼錯誤，請確認是否輸入正確。"),
        code="checksum",
        params={"value": v},
    )


def validate_personal_id(value: str) -> None:
    classify_personal_id(value)


def ubn_sum(v: str) -> int:
    return sum(p // 10 + p % 10 for p in (int(d) * w for d, w in zip(v, _UBN_WEIGHTS, strict=True)))


def is_ubn(v: str) -> bool:
    """The 2023 rule: the weighted sum divisible by 5 (or by 5 after +1 when digit 7 is '7')."""
    if not re.fullmatch(r"\d{8}", v):
        return False
    s = ubn_sum(v)
    return s % 5 == 0 or (v[6] == "7" and (s + 1) % 5 == 0)


def validate_ubn(value: str) -> None:
    v = normalize_identifier(value)
    if not re.fullmatch(r"\d{8}", v):
        raise ValidationError(_("統一編號應為 8 位數字。"), code="format")
    if not is_ubn(v):
        raise ValidationError(
            _("統一編號「%(value)s」檢查碼錯誤。"), code="checksum", params={"value": v}
        )
