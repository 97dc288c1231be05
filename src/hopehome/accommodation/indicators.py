"""Outcome figures of program 3 (新視界客製服務: job redesign, 職務再設計).

Every figure is an aggregate query over the applications; nothing is stored. An application
counts in the year of its decision (``year``) when it was approved or partly approved —
whether or not it has been disbursed or closed since. Employment counts in the year the worker
started (``employment_start``), retention in the year of the three-month follow-up.

The drill-down lists applications by number (``RedesignApplication.__str__``); only staff holding
``accommodation.view`` may open it.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext

from hopehome.outcomes.registry import Period, Result, indicator, ratio

from .choices import APPROVED_STATUSES, Category, Impairment, ItemDecision
from .models import RedesignApplication, RedesignItem

GRANTED_ITEMS = (ItemDecision.APPROVED, ItemDecision.REDUCED)


def approved_in(period: Period) -> QuerySet[RedesignApplication]:
    """Applications approved (wholly or partly) with a decision in the period."""
    return RedesignApplication.objects.filter(year=period.year, status__in=APPROVED_STATUSES)


def employed_in(period: Period, *, impairment: str | None = None) -> QuerySet[RedesignApplication]:
    """Approved applications whose worker started the job in the period."""
    qs = RedesignApplication.objects.filter(
        status__in=APPROVED_STATUSES,
        employment_start__gte=period.start,
        employment_start__lte=period.end,
    )
    if impairment:
        qs = qs.filter(impairment=impairment)
    return qs


def followed_up_in(period: Period) -> QuerySet[RedesignApplication]:
    return RedesignApplication.objects.filter(
        followed_up_on__gte=period.start,
        followed_up_on__lte=period.end,
        employed_after_3_months__isnull=False,
    )


def _drilldown(qs: QuerySet[RedesignApplication]) -> QuerySet[RedesignApplication]:
    return qs.select_related("person").order_by("number", "id")


def _granted_items(period: Period) -> QuerySet[RedesignItem]:
    return RedesignItem.objects.filter(
        application__year=period.year,
        application__status__in=APPROVED_STATUSES,
        decision__in=GRANTED_ITEMS,
    )


def people_served(period: Period) -> int:
    """Distinct people with an approved application decided in the period."""
    return approved_in(period).aggregate(n=Count("person", distinct=True))["n"]


@indicator(
    "accommodation.cases",
    title_zh="職務再設計核定案件",
    title_en="Job-redesign applications approved",
    pillar="employment",
    program=3,
    unit="cases",
    description_zh="該年度核定（含部分核定）的職務再設計申請件數，依補助類別分列（一案可含多個類別）。",
    description_en="Job-redesign applications approved (wholly or partly) in the year, by subsidy category (one application may cover several).",
)
def cases(period: Period) -> Result:
    qs = approved_in(period)
    n = qs.count()
    rows = dict(
        _granted_items(period)
        .values_list("category")
        .annotate(n=Count("application", distinct=True))
        .order_by()
    )
    breakdown = {
        str(label): Result(rows[v], rows[v]) for v, label in Category.choices if rows.get(v)
    }
    return Result(n, n, None, breakdown=breakdown, drilldown=_drilldown(qs))


@indicator(
    "accommodation.amount_approved",
    title_zh="職務再設計核定補助金額",
    title_en="Job-redesign subsidies approved",
    pillar="employment",
    program=3,
    unit="NT$",
    description_zh="該年度核定的職務再設計補助金額（新臺幣元），依補助類別分列。",
    description_en="Job-redesign subsidies approved in the year (NT$), by subsidy category.",
)
def amount_approved(period: Period) -> Result:
    qs = approved_in(period)
    row = qs.aggregate(total=Coalesce(Sum("approved_total"), 0), n=Count("id"))
    rows = dict(
        _granted_items(period)
        .values_list("category")
        .annotate(total=Coalesce(Sum("amount_approved"), 0))
        .order_by()
    )
    breakdown = {
        str(label): Result(rows[v], rows[v]) for v, label in Category.choices if rows.get(v)
    }
    note = gettext("核定 %(n)d 案。") % {"n": row["n"]} if row["n"] else ""
    return Result(
        row["total"], row["total"], None, breakdown=breakdown, note=note, drilldown=_drilldown(qs)
    )


@indicator(
    "accommodation.people_served",
    title_zh="職務再設計服務人數",
    title_en="People helped through job redesign",
    pillar="employment",
    program=3,
    unit="people",
    description_zh="該年度獲核定職務再設計補助的身心障礙者人數（同一人多案計一人），依障礙類型分列。",
    description_en="People with disabilities granted a job-redesign subsidy in the year (each counted once), by impairment.",
)
def people(period: Period) -> Result:
    qs = approved_in(period)
    n = people_served(period)
    rows = dict(qs.values_list("impairment").annotate(n=Count("person", distinct=True)).order_by())
    breakdown = {
        str(label): Result(rows[v], rows[v]) for v, label in Impairment.choices if rows.get(v)
    }
    return Result(n, n, None, breakdown=breakdown, drilldown=_drilldown(qs))


@indicator(
    "accommodation.visually_impaired_employed",
    title_zh="視障者經職務再設計成功就業人數",
    title_en="Visually impaired people employed through job redesign",
    pillar="employment",
    program=3,
    unit="people",
    description_zh="該年度到職、且其職務再設計申請獲核定的視覺障礙者人數（同一人多案計一人）。",
    description_en="Visually impaired people who started a job in the year supported by an approved job-redesign application (each counted once).",
)
def visually_impaired_employed(period: Period) -> Result:
    qs = employed_in(period, impairment=Impairment.VISUAL)
    n = qs.aggregate(n=Count("person", distinct=True))["n"]
    return Result(n, n, None, drilldown=_drilldown(qs))


@indicator(
    "accommodation.retention_3_months",
    title_zh="職務再設計三個月穩定就業率",
    title_en="Still employed three months after job redesign",
    pillar="employment",
    program=3,
    unit="%",
    description_zh="該年度完成三個月追蹤的案件中，到職三個月後仍在職的比率。",
    description_en="Of the cases followed up in the year, the share whose worker was still employed three months after starting.",
)
def retention(period: Period) -> Result:
    qs = followed_up_in(period)
    row = qs.aggregate(total=Count("id"), kept=Count("id", filter=Q(employed_after_3_months=True)))
    return Result(ratio(row["kept"], row["total"]), row["kept"], row["total"],
                  drilldown=_drilldown(qs.filter(employed_after_3_months=True)))  # fmt: skip
