"""Outcome figures of program 8 (occupational-injury cases and housing repair).

Every figure is an aggregate query over the records: nothing is stored. The drill-down
querysets list cases and repair applications by number and masked identifier only
(``InjuryCase.__str__`` and ``RepairApplication.__str__``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from hopehome.outcomes.registry import Period, Result, indicator, ratio

from .choices import HouseholdCategory, InjuryKind, RepairStatus, ServiceKind, Severity
from .models import CaseContact, CaseService, InjuryCase, RepairApplication, VolunteerTeam, WorkDay

# The housing-repair programme began in 2013; the cumulative counter starts there.
PROGRAMME_START = date(2013, 1, 1)


# --- cases ----------------------------------------------------------------------------------
def open_on(day: date) -> Q:
    """Cases open at the end of ``day``: opened by then and not closed by then."""
    return Q(opened_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def cases_open_on(day: date) -> QuerySet[InjuryCase]:
    return InjuryCase.objects.filter(open_on(day))


def served_in(period: Period) -> Q:
    """Cases opened in the period, or with a service or a follow-up contact in it."""
    services = CaseService.objects.filter(
        case=OuterRef("pk"), provided_on__gte=period.start, provided_on__lte=period.end
    )
    contacts = CaseContact.objects.filter(
        case=OuterRef("pk"), contacted_on__gte=period.start, contacted_on__lte=period.end
    )
    return (
        Q(opened_on__gte=period.start, opened_on__lte=period.end)
        | Exists(services)
        | Exists(contacts)
    )


def coverage_reference_date(period: Period, today: date | None = None) -> date:
    """The day 完整無漏 is measured on: the period's end, or today for the current year."""
    today = today or timezone.localdate()
    return min(period.end, today)


def followup_on_reference(reference: date, today: date) -> Any:
    """The next follow-up date each case carried on ``reference``.

    Today it is the case's own date. For an earlier day it is the date set by the last
    follow-up contact made by then, so that a past year's figure does not change when its
    cases are closed or followed up later; a case without such a contact falls back to its
    current date.
    """
    if reference >= today:
        return F("next_followup_on")
    last_contact = (
        CaseContact.objects.filter(case=OuterRef("pk"), contacted_on__lte=reference)
        .order_by("-contacted_on", "-id")
        .values("next_followup_on")[:1]
    )
    return Coalesce(Subquery(last_contact), F("next_followup_on"))


def coverage_counts(reference: date, today: date | None = None) -> dict[str, int]:
    """Cases open on ``reference``, and those with a service plan and no overdue follow-up."""
    today = today or timezone.localdate()
    qs = cases_open_on(reference).annotate(followup=followup_on_reference(reference, today))
    return qs.aggregate(
        open=Count("id"),
        covered=Count("id", filter=~Q(service_plan="") & Q(followup__gte=reference)),
        no_plan=Count("id", filter=Q(service_plan="")),
        overdue=Count("id", filter=Q(followup__lt=reference) | Q(followup__isnull=True)),
    )


def counts_by(qs: QuerySet, field: str, choices) -> dict[str, Result]:
    """Rows per value of ``field`` (one GROUP BY), keyed by label in the order of ``choices``."""
    counts = {r[field]: r["n"] for r in qs.values(field).annotate(n=Count("id")).order_by()}
    return {str(label): Result(counts[v], counts[v]) for v, label in choices if v in counts}


def _case_drilldown(qs: QuerySet[InjuryCase]) -> QuerySet[InjuryCase]:
    # The generic drill-down page prints str(case): its number and the masked identifier.
    return qs.select_related("person").order_by("opened_on", "id")


@indicator(
    "casework.open_cases",
    title_zh="職災個案服務中案件數",
    title_en="Open occupational-injury cases",
    pillar="warmth",
    program=8,
    unit="cases",
    description_zh="年底（本年度為今天）仍在服務中、尚未結案的職災個案數，依嚴重程度分列。",
    description_en="Occupational-injury cases open at the end of the year (today for the current year), by severity.",
)
def open_cases(period: Period) -> Result:
    qs = cases_open_on(period.end)
    breakdown = counts_by(qs, "severity", Severity.choices)
    total = sum(r.value for r in breakdown.values())
    return Result(total, total, None, breakdown=breakdown, drilldown=_case_drilldown(qs))


@indicator(
    "casework.cases_served",
    title_zh="年度服務職災個案數",
    title_en="Occupational-injury cases served in the year",
    pillar="warmth",
    program=8,
    unit="cases",
    description_zh="該年度收案，或該年度有任何服務或追蹤紀錄的職災個案數，依事故類型分列。",
    description_en="Cases opened in the year or with any service or follow-up contact in it, by kind of injury.",
)
def cases_served(period: Period) -> Result:
    qs = InjuryCase.objects.filter(served_in(period))
    breakdown = counts_by(qs, "kind", InjuryKind.choices)
    total = sum(r.value for r in breakdown.values())
    return Result(total, total, None, breakdown=breakdown, drilldown=_case_drilldown(qs))


def services_in(period: Period) -> QuerySet[CaseService]:
    return CaseService.objects.filter(provided_on__gte=period.start, provided_on__lte=period.end)


@indicator(
    "casework.services_by_kind",
    title_zh="職災個案服務項次",
    title_en="Services delivered to occupational-injury cases",
    pillar="warmth",
    program=8,
    unit="services",
    description_zh="該年度登錄的個案服務總項次（慰問金、法令諮詢、心理支持、義剪、物資致贈等），依服務項目分列。",
    description_en="Services recorded on cases in the year (consolation payments, rights counselling, psychological support, haircuts, goods …), by kind.",
)
def services_by_kind(period: Period) -> Result:
    # In the order of the service list, so that every year's table reads the same way.
    breakdown = counts_by(services_in(period), "kind", ServiceKind.choices)
    total = sum(r.value for r in breakdown.values())
    return Result(total, total, None, breakdown=breakdown)


@indicator(
    "casework.consolation_total",
    title_zh="職災慰問金發放金額",
    title_en="Occupational-injury consolation payments",
    pillar="warmth",
    program=8,
    unit="NT$",
    description_zh="該年度發放的職災慰問金總額（新臺幣元）；分母為發放筆數，依個案嚴重程度分列。",
    description_en="Consolation payments made in the year, in NT$; the denominator is the number of payments. By severity of the case.",
)
def consolation_total(period: Period) -> Result:
    qs = services_in(period).filter(kind=ServiceKind.CONSOLATION)
    rows = (
        qs.values("case__severity")
        .annotate(amount=Sum("amount"), n=Count("id"))
        .order_by("case__severity")
    )
    labels = dict(Severity.choices)
    breakdown = {
        str(labels.get(r["case__severity"], r["case__severity"])): Result(
            r["amount"], r["amount"], r["n"]
        )
        for r in rows
    }
    amount = sum(r["amount"] for r in rows)
    payments = sum(r["n"] for r in rows)
    return Result(amount, amount, payments, breakdown=breakdown)


@indicator(
    "casework.followup_coverage",
    title_zh="完整無漏：服務計畫與追蹤到位比率",
    title_en="Complete, no-gap care: open cases with a service plan and no overdue follow-up",
    pillar="warmth",
    program=8,
    unit="%",
    description_zh="年底（本年度為今天）服務中的個案，已有服務計畫且下次追蹤日期未逾期者所占比率；分母為當日服務中個案數。",
    description_en="Of the cases open at the end of the year (today for the current year), the share with a service plan and a next follow-up date not yet past; the denominator is the open cases on that day.",
)
def followup_coverage(period: Period) -> Result:
    today = timezone.localdate()
    reference = coverage_reference_date(period, today)
    if reference < period.start:  # a future year
        return Result(None, 0, 0)
    row = coverage_counts(reference, today)
    breakdown = {}
    if row["open"]:
        breakdown = {
            gettext("尚無服務計畫"): Result(row["no_plan"], row["no_plan"], row["open"]),
            gettext("追蹤逾期或未排定"): Result(row["overdue"], row["overdue"], row["open"]),
        }
    return Result(
        ratio(row["covered"], row["open"]), row["covered"], row["open"], breakdown=breakdown,
        note=gettext("以 %(date)s 為基準日。") % {"date": reference.isoformat()}, drilldown=_case_drilldown(cases_open_on(reference)),
    )  # fmt: skip


# --- housing repair -------------------------------------------------------------------------
def completed_between(start: date, end: date) -> QuerySet[RepairApplication]:
    return RepairApplication.objects.filter(
        status=RepairStatus.COMPLETED, completed_on__gte=start, completed_on__lte=end
    )


def _by_category(qs: QuerySet[RepairApplication]) -> dict[str, Result]:
    return counts_by(qs, "category", HouseholdCategory.choices)


def _repair_drilldown(qs: QuerySet[RepairApplication]) -> QuerySet[RepairApplication]:
    return qs.select_related("applicant").order_by("completed_on", "id")


@indicator(
    "housing.completed",
    title_zh="職災及弱勢勞工房屋修繕完工戶數",
    title_en="Homes of injured and disadvantaged workers repaired",
    pillar="warmth",
    program=8,
    unit="homes",
    description_zh="該年度由工會志工修繕完工的職災、弱勢及原住民勞工住家戶數，依身分類別分列。",
    description_en="Homes of injured, disadvantaged and indigenous workers repaired by union volunteers and completed in the year, by household category.",
)
def housing_completed(period: Period) -> Result:
    qs = completed_between(period.start, period.end)
    breakdown = _by_category(qs)
    total = sum(r.value for r in breakdown.values())
    return Result(total, total, None, breakdown=breakdown, drilldown=_repair_drilldown(qs))


@indicator(
    "housing.completed_cumulative",
    title_zh="房屋修繕累計完工戶數（2013 年起）",
    title_en="Homes repaired since the programme began in 2013",
    pillar="warmth",
    program=8,
    unit="homes",
    description_zh="自 2013 年計畫開辦起至該年度底累計修繕完工戶數，依完工年度分列。",
    description_en="Homes completed from 2013, when the programme began, to the end of the year, by year of completion.",
)
def housing_completed_cumulative(period: Period) -> Result:
    if period.end < PROGRAMME_START:
        return Result(0, 0, None)
    qs = completed_between(PROGRAMME_START, period.end)
    rows = (
        qs.annotate(year=ExtractYear("completed_on"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("year")
    )
    breakdown = {str(r["year"]): Result(r["n"], r["n"]) for r in rows}
    total = sum(r["n"] for r in rows)
    return Result(total, total, None, breakdown=breakdown, drilldown=_repair_drilldown(qs))


@indicator(
    "housing.volunteer_days",
    title_zh="修繕志工出勤人次",
    title_en="Volunteer attendances on repair work days",
    pillar="warmth",
    program=8,
    unit="attendances",
    description_zh="該年度各施工日出勤志工人次合計；分母為施工日數，依志工團隊分列。",
    description_en="Volunteer attendances on the year's repair work days; the denominator is the number of work days. By volunteer team.",
)
def volunteer_days(period: Period) -> Result:
    qs = WorkDay.objects.filter(date__gte=period.start, date__lte=period.end)
    rows = (
        qs.values("team__organization__name")
        .annotate(attendances=Count("volunteers"), days=Count("id", distinct=True))
        .order_by("team__organization__name")
    )
    breakdown = {
        r["team__organization__name"]: Result(r["attendances"], r["attendances"], r["days"])
        for r in rows
    }
    attendances = sum(r["attendances"] for r in rows)
    days = sum(r["days"] for r in rows)
    return Result(attendances, attendances, days, breakdown=breakdown)


# --- the public programme page --------------------------------------------------------------
def housing_summary(today: date | None = None) -> dict[str, Any]:
    """Public counters of the housing-repair programme: no personal data, aggregates only."""
    today = today or timezone.localdate()
    completed = RepairApplication.objects.filter(status=RepairStatus.COMPLETED, completed_on__gte=PROGRAMME_START,
                                                 completed_on__lte=today)  # fmt: skip
    by_year = list(
        completed.annotate(year=ExtractYear("completed_on"))
        .values("year")
        .annotate(homes=Count("id"))
        .order_by("year")
    )
    totals = completed.aggregate(
        this_year=Count("id", filter=Q(completed_on__year=today.year)), since_start=Count("id")
    )
    teams = list(
        VolunteerTeam.objects.filter(is_active=True)
        .annotate(volunteers_count=Count("volunteers", filter=Q(volunteers__is_active=True)))
        .values("organization__name", "volunteers_count")
        .order_by("organization__name")
    )
    return {
        "year": today.year,
        "this_year": totals["this_year"],
        "since_start": totals["since_start"],
        "start_year": PROGRAMME_START.year,
        "by_year": by_year,
        "teams": teams,
    }
