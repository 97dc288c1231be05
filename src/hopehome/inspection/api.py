"""The public violations register over the API: published penalties and yearly statistics.

Only published penalties and their public fields (勞基法 §80-1) are served: no inspection
details, no staff, no complainant. A list costs a constant number of queries (count, page,
items), whatever the page size.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import field_validator

from hopehome.api.errors import ErrorOut, invalid_parameter
from hopehome.core.models import District, Industry

from . import queries
from .choices import UNDER_APPEAL, Law, Source
from .models import Penalty
from .views.register import unit_url

router = Router()

MAX_PAGE_SIZE = 100


class ChoiceOut(Schema):
    value: str
    label: str


class PenaltyItemOut(Schema):
    law: ChoiceOut
    article: str
    description: str
    amount: int | None


class PenaltyEventOut(Schema):
    kind: ChoiceOut
    occurred_on: date
    amount_after: int | None


class PenaltyOut(Schema):
    id: int
    authority: str
    announced_on: date | None
    decided_on: date
    disposition_number: str
    unit_name: str
    responsible_person: str
    ubn: str | None
    items: list[PenaltyItemOut]
    content: str
    amount: int | None = Field(description="目前金額（新臺幣元）；null 表示未公布，不是 0")
    initial_amount: int | None = Field(description="原處分金額；null 表示未公布")
    amount_type: ChoiceOut
    appeal_status: ChoiceOut
    under_appeal: bool = Field(description="true：訴願或行政訴訟中，處分尚未確定")
    remarks: str
    source: ChoiceOut
    industry_code: str
    district_postcode: str
    url: str


class PenaltyDetailOut(PenaltyOut):
    events: list[PenaltyEventOut]


class PenaltyPage(Schema):
    items: list[PenaltyOut]
    count: int = Field(description="符合筆數；count_capped 為 true 時實際超過此數")
    count_capped: bool = Field(description="true：符合者超過 10,000 筆，未逐筆計算")
    page: int
    page_size: int
    pages: int


class PenaltyFilters(Schema):
    q: str | None = Field(None, max_length=100, description="事業單位名稱、負責人或 8 位數統一編號")
    law: Law | None = Field(None, description="違反法規")
    article: str | None = Field(None, max_length=40, description="條文，例如 第24條、第32條第2項")
    year: int | None = Field(None, ge=queries.FIRST_YEAR, le=2100, description="處分年度（西元）")
    industry: str | None = Field(None, pattern=r"^[A-Za-z]$", description="行業大類代碼 A–S")
    district: str | None = Field(None, pattern=r"^\d{3}$", description="行政區郵遞區號，例如 700")
    under_appeal: bool | None = Field(
        None, description="true：只列訴願或行政訴訟中的處分；false：排除"
    )
    source: Source | None = Field(
        None, description="資料來源：bureau（本局）或 mol_import（勞動部開放資料）"
    )
    sort: Literal["newest", "amount"] = Field(
        "newest", description="newest：處分日期新到舊；amount：金額高到低"
    )
    page: int = Field(1, ge=1, description="頁次，從 1 開始")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每頁筆數（1–100）")

    @field_validator(
        "q",
        "law",
        "article",
        "year",
        "industry",
        "district",
        "under_appeal",
        "source",
        mode="before",
    )
    @classmethod
    def blank_is_absent(cls, value):
        """An empty parameter (``?year=``), as an HTML form sends it, means no filter."""
        return None if isinstance(value, str) and not value.strip() else value


def register_query(filters: PenaltyFilters) -> queries.RegisterQuery:
    """The register query of the API parameters; unknown codes are bad parameters."""
    article = ""
    if filters.article:
        article = queries.normalize_article(filters.article)
        if not article:
            raise invalid_parameter(
                "article",
                _("條文格式不正確，請輸入例如「第24條」或「第32條第2項」。"),
                code="bad_article",
            )
    industry = (filters.industry or "").upper()
    if industry and not Industry.objects.filter(level="section", code=industry).exists():
        raise invalid_parameter(
            "industry",
            _("找不到代碼為 %(code)s 的行業大類。") % {"code": industry},
            code="unknown_industry",
        )
    if filters.district and not District.objects.filter(postcode=filters.district).exists():
        raise invalid_parameter(
            "district",
            _("找不到郵遞區號為 %(postcode)s 的臺南市行政區。") % {"postcode": filters.district},
            code="unknown_district",
        )
    if filters.year and filters.year > queries.latest_allowed_year():
        raise invalid_parameter(
            "year",
            _("年度不可晚於 %(year)s 年。") % {"year": queries.latest_allowed_year()},
            code="year_too_late",
        )
    return queries.RegisterQuery(
        q=(filters.q or "").strip(),
        law=filters.law or "",
        article=article,
        year=filters.year,
        industry=industry,
        district=filters.district or "",
        under_appeal=filters.under_appeal,
        source=filters.source or "",
        sort=filters.sort,
    )


def _choice(value: str, label) -> dict[str, str]:
    return {"value": value, "label": str(label)}


def penalty_data(p: Penalty) -> dict[str, Any]:
    """The public fields of one published penalty."""
    return {
        "id": p.pk,
        "authority": p.authority,
        "announced_on": p.announced_on,
        "decided_on": p.decided_on,
        "disposition_number": p.disposition_number,
        "unit_name": p.unit_name,
        "responsible_person": p.responsible_person,
        "ubn": p.organization.ubn if p.organization_id else None,
        "items": [
            {
                "law": _choice(i.law, i.get_law_display()),
                "article": i.article,
                "description": i.description,
                "amount": i.amount,
            }
            for i in p.items.all()
        ],  # fmt: skip
        "content": p.content,
        "amount": p.current_amount,
        "initial_amount": p.initial_amount,
        "amount_type": _choice(p.amount_type, p.get_amount_type_display()),
        "appeal_status": _choice(p.appeal_status, p.get_appeal_status_display()),
        "under_appeal": p.appeal_status in UNDER_APPEAL,
        "remarks": p.remarks,
        "source": _choice(p.source, p.get_source_display()),
        "industry_code": p.industry_code,
        "district_postcode": p.district_postcode,
        "url": unit_url(p),
    }


@router.get(
    "/penalties",
    response={200: PenaltyPage, 422: ErrorOut},
    summary="違反勞動法令事業單位（公布資料）",
)
def list_penalties(request, filters: Query[PenaltyFilters]):
    """Published penalties matching the search and filters, newest first, paginated."""
    page = queries.register_page(register_query(filters), filters.page, filters.page_size, clamp=False)
    return {
        "items": [penalty_data(p) for p in page.rows],
        "count": page.count,
        "count_capped": page.capped,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": (page.count + filters.page_size - 1) // filters.page_size,
    }


@router.get(
    "/penalties/{penalty_id}", response={200: PenaltyDetailOut, 404: ErrorOut, 422: ErrorOut},
    summary="一筆公布之裁處",
)  # fmt: skip
def get_penalty(request, penalty_id: int = Path(..., ge=1)):
    """One published penalty with its history; anything not published is not found."""
    try:
        p = queries.public_penalty(penalty_id)
    except Penalty.DoesNotExist:
        raise Http404(penalty_id) from None
    data = penalty_data(p)
    data["events"] = [
        {
            "kind": _choice(e.kind, e.get_kind_display()),
            "occurred_on": e.occurred_on,
            "amount_after": e.amount_after,
        }
        for e in p.events.all()
    ]
    return data


class MonthCount(Schema):
    month: int
    count: int


class LabelCount(Schema):
    value: str
    label: str
    count: int


class ArticleCount(Schema):
    law: str
    law_label: str
    article: str
    count: int


class MonthPenalties(Schema):
    month: int
    count: int
    amount: int
    amount_unpublished: int


class CounselledUnit(Schema):
    name: str
    industry_code: str | None
    industry: str | None
    visited_on: date


class PenaltyTotals(Schema):
    count: int
    amount: int
    amount_unpublished: int
    under_appeal: int
    bureau: int
    mol_import: int


class StatisticsOut(Schema):
    year: int
    inspections_total: int
    inspections_by_month: list[MonthCount]
    inspections_by_type: list[LabelCount]
    inspections_by_industry: list[LabelCount]
    violations_total: int
    violations_by_law: list[LabelCount]
    violations_by_article: list[ArticleCount]
    penalties_by_month: list[MonthPenalties]
    penalty_totals: PenaltyTotals
    counselled_units: list[CounselledUnit]


@router.get(
    "/statistics/{year}",
    response={200: StatisticsOut, 422: ErrorOut},
    summary="年度勞動檢查與裁處統計",
)
def get_statistics(request, year: int = Path(..., ge=queries.FIRST_YEAR, le=2100)):
    """A year's inspections by month, type and industry; violations by law and article;
    published penalties and amounts by month; counselled units."""
    if year > queries.latest_allowed_year():
        raise invalid_parameter(
            "year", _("年度不可晚於 %(year)s 年。") % {"year": queries.latest_allowed_year()},
            code="year_too_late", location="path",
        )  # fmt: skip
    s = queries.cached_year_statistics(year)
    from .choices import InspectionType

    type_values = [v for v, _label in InspectionType.choices]
    totals = s["penalty_totals"]
    return {
        "year": year,
        "inspections_total": s["inspections_total"],
        "inspections_by_month": [
            {"month": m + 1, "count": n} for m, n in enumerate(s["inspections_by_month"])
        ],
        "inspections_by_type": [
            {"value": v, "label": str(label), "count": n}
            for v, (label, n) in zip(type_values, s["inspections_by_type"], strict=True)
        ],
        "inspections_by_industry": [
            {"value": code, "label": str(name or ""), "count": n}
            for code, name, n in s["inspections_by_industry"]
        ],
        "violations_total": s["violations_total"],
        "violations_by_law": [
            {"value": v, "label": str(label), "count": n} for v, label, n in s["violations_by_law"]
        ],
        "violations_by_article": [
            {"law": v, "law_label": str(label), "article": article, "count": n}
            for v, label, article, n in s["violations_by_article"]
        ],
        "penalties_by_month": [
            {
                "month": r["month"],
                "count": r["count"],
                "amount": r["amount"] or 0,
                "amount_unpublished": r["unpublished"],
            }
            for r in s["penalties_by_month"]
        ],
        "penalty_totals": {
            "count": totals["count"],
            "amount": totals["amount"],
            "amount_unpublished": totals["unpublished"],
            "under_appeal": totals["under_appeal"],
            "bureau": totals["bureau"],
            "mol_import": totals["imported"],
        },  # fmt: skip
        "counselled_units": [
            {
                "name": v.organization.name,
                "industry_code": v.organization.industry.code if v.organization.industry else None,
                "industry": v.organization.industry.name if v.organization.industry else None,
                "visited_on": v.visited_on,
            }
            for v in s["counselled_units"]
        ],
    }
