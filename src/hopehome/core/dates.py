"""Dates on input: ISO, YYYYMMDD, slashes, and ROC (民國) years; ROC display for staff."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ROC_OFFSET = 1911


def parse_date(value, *, field_label: str = "") -> date:
    """Parse a date typed by a person or found in a file; raise ValidationError if impossible."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    text = text.replace("民國", "").replace("年", "/").replace("月", "/").replace("日", "")
    text = text.translate(str.maketrans("０１２３４５６７８９／－．", "0123456789/-."))
    m = re.fullmatch(r"(\d{2,4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    elif re.fullmatch(r"\d{8}", text):
        y, mo, d = int(text[:4]), int(text[4:6]), int(text[6:])
    elif re.fullmatch(r"\d{7}", text):  # ROC 1081217
        y, mo, d = int(text[:3]), int(text[3:5]), int(text[5:])
    else:
        raise ValidationError(
            _("%(label)s「%(value)s」不是可辨識的日期（例如 2019-12-17 或 108/12/17）。"),
            code="invalid_date",
            params={"label": field_label, "value": text[:20]},
        )
    if y < 1000:
        y += _ROC_OFFSET
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValidationError(
            _("%(label)s「%(value)s」不是存在的日期。"),
            code="impossible_date",
            params={"label": field_label, "value": text[:20]},
        ) from None


def roc(value: date | None) -> str:
    if not value:
        return ""
    return f"{value.year - _ROC_OFFSET}/{value.month:02d}/{value.day:02d}"


def add_working_days(start: date, days: int) -> date:
    """The date ``days`` working days after ``start``: Monday–Friday, minus the holidays in
    :class:`~hopehome.core.models.Holiday`, plus its make-up working days."""
    from datetime import timedelta

    from .models import Holiday

    horizon = start + timedelta(days=days * 3 + 30)
    special = dict(Holiday.objects.filter(date__gt=start, date__lte=horizon).values_list("date", "is_working_day"))
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        working = special.get(current, current.weekday() < 5)
        if working:
            left -= 1
    return current
