"""Outcome indicators over the API: the catalogue and every figure of a year.

Figures are aggregates (value, numerator, denominator, per-unit breakdown); the drill-down
querysets of the registry, which reach people, are never published.
"""

from __future__ import annotations

from ninja import Path, Router, Schema

from hopehome.api.errors import ErrorOut

from . import registry

router = Router()


class IndicatorMeta(Schema):
    key: str
    title_zh: str
    title_en: str
    pillar: str
    program: int
    unit: str
    description_zh: str
    description_en: str


class UnitFigure(Schema):
    value: float | int | None
    numerator: int | None
    denominator: int | None
    note: str | None = None


class IndicatorFigure(IndicatorMeta):
    value: float | int | None
    numerator: int | None
    denominator: int | None
    note: str | None = None
    by_unit: dict[str, UnitFigure] | None = None


class YearFigures(Schema):
    year: int
    indicators: dict[str, IndicatorFigure]


@router.get("", response=list[IndicatorMeta], summary="施政成果指標目錄")
def catalogue(request):
    """Every registered indicator: key, titles, pillar, program, unit and how it is computed."""
    return [
        {
            **ind.as_meta(),
            "description_zh": ind.description_zh,
            "description_en": ind.description_en,
        }
        for ind in registry.all_indicators()
    ]


@router.get(
    "/{year}",
    response={200: YearFigures, 422: ErrorOut},
    exclude_unset=True,
    summary="某年度的施政成果指標",
)
def figures(request, year: int = Path(..., ge=registry.YEAR_MIN, le=registry.YEAR_MAX, description="西元年，2000–2100")):  # fmt: skip
    """Every registered indicator computed from the records for a calendar year."""
    return {
        "year": year,
        "indicators": {
            ind.key: registry.as_json(ind, result) for ind, result in registry.report(year)
        },
    }
