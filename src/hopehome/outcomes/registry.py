"""The indicator registry.

Each program's ``indicators.py`` registers its outcome figures with :func:`indicator`. A figure
is computed for a period (a calendar year) with aggregate queries and returns a
:class:`Result`: value, numerator, denominator, and, where it has one, a per-unit breakdown
and a drill-down queryset of the records behind it. The public outcomes page, the staff
dashboard, ``/api/v1/outcomes/{year}`` and ``hopehome outcomes`` all read this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language

PILLARS = {
    "talent": ("人才培育", "Talent development"),
    "employment": ("促進就業", "Employment promotion"),
    "safety": ("安全健康", "Safety and health"),
    "warmth": ("溫暖友善", "Warmth and inclusion"),
}


@dataclass(frozen=True)
class Period:
    """A calendar year, [start, end]."""

    year: int

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


@dataclass
class Result:
    value: Decimal | int | None
    numerator: int | None = None
    denominator: int | None = None
    breakdown: dict[str, Result] = field(default_factory=dict)
    note: str = ""
    drilldown: QuerySet | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "value": _json_number(self.value),
            "numerator": self.numerator,
            "denominator": self.denominator,
        }
        if self.note:
            data["note"] = self.note
        if self.breakdown:
            data["by_unit"] = {k: v.as_dict() for k, v in self.breakdown.items()}
        return data


def _json_number(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def ratio(numerator: int, denominator: int, places: int = 1) -> Decimal | None:
    """numerator/denominator as a percentage, half-up rounded; None when undefined."""
    if not denominator:
        return None
    q = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(q, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Indicator:
    key: str
    title_zh: str
    title_en: str
    pillar: str
    program: int
    unit: str  # "%", "people", "medals", "years" …
    compute: Callable[[Period], Result]
    description_zh: str = ""
    description_en: str = ""

    @property
    def title(self) -> str:
        return self.title_en if (get_language() or "").startswith("en") else self.title_zh

    @property
    def description(self) -> str:
        return self.description_en if (get_language() or "").startswith("en") else self.description_zh

    @property
    def pillar_title(self) -> str:
        zh, en = PILLARS[self.pillar]
        return en if (get_language() or "").startswith("en") else zh

    def as_meta(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "pillar": self.pillar,
            "program": self.program,
            "unit": self.unit,
        }


_REGISTRY: dict[str, Indicator] = {}


def indicator(key: str, *, title_zh: str, title_en: str, pillar: str, program: int, unit: str,
              description_zh: str = "", description_en: str = ""):  # fmt: skip
    """Decorator registering ``fn(period) -> Result`` under ``key``."""
    if pillar not in PILLARS:
        raise ValueError(f"unknown pillar {pillar!r}")
    if not 1 <= program <= 10:
        raise ValueError("program must be 1–10")

    def decorate(fn: Callable[[Period], Result]) -> Callable[[Period], Result]:
        if key in _REGISTRY:
            raise ValueError(f"indicator {key!r} registered twice")
        _REGISTRY[key] = Indicator(key, title_zh, title_en, pillar, program, unit, fn,
                                   description_zh, description_en)  # fmt: skip
        return fn

    return decorate


def all_indicators() -> list[Indicator]:
    """Every indicator, by program and then in the order the program registered them."""
    return sorted(_REGISTRY.values(), key=lambda i: i.program)


def get(key: str) -> Indicator:
    return _REGISTRY[key]


def compute_all(year: int) -> dict[str, Result]:
    period = Period(year)
    return {ind.key: ind.compute(period) for ind in all_indicators()}


# --- years and reports (used by the outcomes page, the API and ``hopehome outcomes``) --------
YEAR_MIN = 2000
YEAR_MAX = 2100


def is_valid_year(year: int) -> bool:
    """Years the figures may be asked for."""
    return YEAR_MIN <= year <= YEAR_MAX


def default_year(today: date | None = None) -> int:
    """The year shown first: the last complete calendar year."""
    if today is None:
        from django.utils import timezone

        today = timezone.localdate()
    return today.year - 1


def report(year: int) -> list[tuple[Indicator, Result]]:
    """Every registered indicator with its figure for ``year``, in program order."""
    results = compute_all(year)
    return [(ind, results[ind.key]) for ind in all_indicators()]


def as_json(indicator_: Indicator, result: Result) -> dict[str, Any]:
    """One indicator's meta and figure, as the API and the CLI publish them."""
    return {
        **indicator_.as_meta(),
        "description_zh": indicator_.description_zh,
        "description_en": indicator_.description_en,
        **result.as_dict(),
    }
