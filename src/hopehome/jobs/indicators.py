"""Outcome figures of program 4 (台南工作好找: vacancies, applications, hires, advice).

Every figure is an aggregate query over the records; nothing is stored. The year of a vacancy
is the year it was published (``published_at``), of an application or a referral the year it
was made (``created_at``), of a hire the date the seeker was hired (``hired_on``), of an advice
request the year it was answered (``answered_at``). Datetimes are cut at midnight in Taipei.

Hires are broken down by the target groups the seeker declared on their profile (a seeker in
several groups is counted in each, so the groups may add up to more than the total; those in
none are listed as such). Youth is also computed from the birth date: ``jobs.hires_youth``
counts the hires of seekers aged 15–29 on the day they were hired, whatever they declared.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from hopehome.core.models import TargetGroup
from hopehome.outcomes.registry import Period, Result, indicator, ratio

from .choices import AdviceTopic, ApplicationSource, ApplicationStatus, EmploymentType
from .models import AdviceRequest, Application, SeekerProfile, Vacancy

YOUTH_MIN_AGE, YOUTH_MAX_AGE = 15, 29
TOP_DISTRICTS = 10


# --- the records of a year --------------------------------------------------------------------
def year_span(period: Period) -> tuple[datetime, datetime]:
    """[start, end) of the period as aware datetimes at midnight in the local time zone."""
    tz = timezone.get_default_timezone()
    start = timezone.make_aware(datetime.combine(period.start, time.min), tz)
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min), tz)
    return start, end


def published_in(period: Period) -> QuerySet[Vacancy]:
    """Vacancies first published in the period, whatever their status now."""
    start, end = year_span(period)
    return Vacancy.objects.filter(published_at__gte=start, published_at__lt=end)


def applications_in(period: Period) -> QuerySet[Application]:
    """Applications made (by the seeker or as a referral) in the period."""
    start, end = year_span(period)
    return Application.objects.filter(created_at__gte=start, created_at__lt=end)


def hires_in(period: Period) -> QuerySet[Application]:
    """Applications that ended in a hire dated in the period."""
    return Application.objects.filter(
        status=ApplicationStatus.HIRED, hired_on__gte=period.start, hired_on__lte=period.end
    )


def answered_in(period: Period) -> QuerySet[AdviceRequest]:
    start, end = year_span(period)
    return AdviceRequest.objects.filter(answered_at__gte=start, answered_at__lt=end)


def with_age_at_hire(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Annotate ``age_at_hire``: the seeker's age in whole years on ``hired_on`` (SQL)."""
    return qs.annotate(
        _hired_md=ExtractMonth("hired_on") * 100 + ExtractDay("hired_on"),
        _birth_md=ExtractMonth("seeker__birth_date") * 100 + ExtractDay("seeker__birth_date"),
    ).annotate(
        age_at_hire=ExtractYear("hired_on")
        - ExtractYear("seeker__birth_date")
        - Case(When(_hired_md__lt=F("_birth_md"), then=Value(1)), default=Value(0), output_field=IntegerField())
    )


def youth_hires(qs: QuerySet[Application]) -> QuerySet[Application]:
    """The hires in ``qs`` of seekers aged 15–29 on the day they were hired."""
    return with_age_at_hire(qs.filter(seeker__birth_date__isnull=False)).filter(
        age_at_hire__gte=YOUTH_MIN_AGE, age_at_hire__lte=YOUTH_MAX_AGE
    )


# --- breakdowns and drill-downs ---------------------------------------------------------------
def _counts_by_choice(qs: QuerySet, field: str, choices) -> dict[str, Result]:
    """Rows per value of ``field`` (one GROUP BY), keyed by label in the order of ``choices``."""
    counts = {r[field]: r["n"] for r in qs.values(field).annotate(n=Count("id")).order_by()}
    return {str(label): Result(counts[v], counts[v]) for v, label in choices if counts.get(v)}


def _vacancy_drilldown(qs: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    # The generic drill-down page prints str(vacancy): its title and the employer's name.
    return qs.select_related("employer").order_by("published_at", "id")


def _application_drilldown(qs: QuerySet[Application]) -> QuerySet[Application]:
    return qs.select_related("seeker", "vacancy").order_by("created_at", "id")


# --- vacancies --------------------------------------------------------------------------------
@indicator(
    "jobs.vacancies_published",
    title_zh="刊登職缺數",
    title_en="Vacancies published",
    pillar="employment",
    program=4,
    unit="vacancies",
    description_zh="該年度經本局審核刊登於台南工作好找的職缺數（含其後關閉或到期者），依工作性質分列；附註為刊登職缺的雇主家數。",
    description_en="Vacancies the bureau reviewed and published on 台南工作好找 in the year (including those closed or expired since), by employment type; the note gives the number of employers.",
)
def vacancies_published(period: Period) -> Result:
    qs = published_in(period)
    row = qs.aggregate(n=Count("id"), employers=Count("employer", distinct=True))
    breakdown = _counts_by_choice(qs, "employment_type", EmploymentType.choices)
    note = gettext("刊登職缺的雇主 %(n)d 家。") % {"n": row["employers"]} if row["n"] else ""
    return Result(row["n"], row["n"], None, breakdown=breakdown, note=note,
                  drilldown=_vacancy_drilldown(qs))  # fmt: skip


@indicator(
    "jobs.vacancies_by_district",
    title_zh="刊登職缺數（依工作地點行政區）",
    title_en="Vacancies published by district",
    pillar="employment",
    program=4,
    unit="vacancies",
    description_zh="該年度刊登的職缺，依工作地點行政區分列：職缺最多的十個行政區，其餘合計為「其他行政區」。",
    description_en="Vacancies published in the year by the district of the workplace: the ten districts with the most vacancies, the rest together as “other districts”.",
)
def vacancies_by_district(period: Period) -> Result:
    qs = published_in(period)
    rows = list(
        qs.values("district__postcode", "district__name_zh")
        .annotate(n=Count("id"))
        .order_by("-n", "district__postcode")
    )
    total = sum(r["n"] for r in rows)
    breakdown = {
        f"{r['district__postcode']} {r['district__name_zh']}": Result(r["n"], r["n"], total)
        for r in rows[:TOP_DISTRICTS]
    }
    rest = sum(r["n"] for r in rows[TOP_DISTRICTS:])
    if rest:
        breakdown[gettext("其他行政區")] = Result(rest, rest, total)
    return Result(total, total, None, breakdown=breakdown, drilldown=_vacancy_drilldown(qs))


@indicator(
    "jobs.openings",
    title_zh="刊登職缺需求人數",
    title_en="Openings in the vacancies published",
    pillar="employment",
    program=4,
    unit="people",
    description_zh="該年度刊登職缺的需求人數合計，依工作性質分列；分母為刊登職缺數。",
    description_en="The number of people the vacancies published in the year asked for, by employment type; the denominator is the number of vacancies.",
)
def openings(period: Period) -> Result:
    qs = published_in(period)
    rows = {
        r["employment_type"]: r
        for r in qs.values("employment_type").annotate(n=Count("id"), people=Sum("openings")).order_by()
    }
    breakdown = {
        str(label): Result(rows[v]["people"], rows[v]["people"], rows[v]["n"])
        for v, label in EmploymentType.choices
        if v in rows
    }
    people = sum(r["people"] for r in rows.values())
    vacancies = sum(r["n"] for r in rows.values())
    return Result(people, people, vacancies, breakdown=breakdown, drilldown=_vacancy_drilldown(qs))


# --- applications and hires -------------------------------------------------------------------
@indicator(
    "jobs.applications",
    title_zh="應徵人次",
    title_en="Applications",
    pillar="employment",
    program=4,
    unit="applications",
    description_zh="該年度求職者經台南工作好找應徵及本局推介的應徵人次，依來源分列；附註為應徵的求職者人數。",
    description_en="Applications made in the year through 台南工作好找, by the seekers themselves or as the bureau's referrals, by source; the note gives the number of seekers.",
)
def applications(period: Period) -> Result:
    qs = applications_in(period)
    row = qs.aggregate(n=Count("id"), seekers=Count("seeker", distinct=True))
    breakdown = _counts_by_choice(qs, "source", ApplicationSource.choices)
    note = gettext("應徵的求職者 %(n)d 人。") % {"n": row["seekers"]} if row["n"] else ""
    return Result(row["n"], row["n"], None, breakdown=breakdown, note=note,
                  drilldown=_application_drilldown(qs))  # fmt: skip


@indicator(
    "jobs.hires",
    title_zh="媒合錄取人次",
    title_en="Hires",
    pillar="employment",
    program=4,
    unit="hires",
    description_zh="該年度經台南工作好找應徵或推介而錄取的人次（以錄取日期計），依求職者登錄的身分別分列；同時具多種身分者於各身分別分別計入，未登錄身分別者另列。",
    description_en="Hires in the year (by hiring date) from applications and referrals made through 台南工作好找, by the target groups the seeker declared; a seeker in several groups counts in each, and those in none are listed apart.",
)
def hires(period: Period) -> Result:
    qs = hires_in(period)
    groups = TargetGroup.objects.order_by("sort_order", "code")
    member = SeekerProfile.target_groups.through.objects.filter(seekerprofile_id=OuterRef("seeker_id"))
    aggregates = {"n": Count("id"), "none": Count("id", filter=~Exists(member))}
    for group in groups:
        aggregates[f"g{group.pk}"] = Count("id", filter=Exists(member.filter(targetgroup_id=group.pk)))
    row = qs.aggregate(**aggregates)
    breakdown = {
        group.name: Result(row[f"g{group.pk}"], row[f"g{group.pk}"], row["n"])
        for group in groups
        if row[f"g{group.pk}"]
    }
    if row["none"]:
        breakdown[gettext("未登錄身分別")] = Result(row["none"], row["none"], row["n"])
    note = ""
    if row["n"]:
        note = gettext("錄取的求職者 %(n)d 人。") % {"n": qs.aggregate(n=Count("seeker", distinct=True))["n"]}
    return Result(row["n"], row["n"], None, breakdown=breakdown, note=note,
                  drilldown=_application_drilldown(qs))  # fmt: skip


@indicator(
    "jobs.hires_youth",
    title_zh="青年（15–29 歲）媒合錄取人次",
    title_en="Hires of young people (15–29)",
    pillar="employment",
    program=4,
    unit="hires",
    description_zh="該年度錄取人次中，錄取當日年滿 15 歲、未滿 30 歲的求職者人次（依出生日期計算，不論是否登錄青年身分）；分母為該年度全部錄取人次，依工作性質分列。",
    description_en="Of the hires in the year, those of seekers aged 15 to 29 on the day they were hired (computed from the birth date, whether or not they declared themselves youth); the denominator is all hires of the year. By employment type.",
)
def hires_youth(period: Period) -> Result:
    qs = hires_in(period)
    total = qs.count()
    youth = youth_hires(qs)
    rows = {
        r["vacancy__employment_type"]: r["n"]
        for r in youth.values("vacancy__employment_type").annotate(n=Count("id")).order_by()
    }
    breakdown = {str(label): Result(rows[v], rows[v]) for v, label in EmploymentType.choices if rows.get(v)}
    n = sum(rows.values())
    unknown = qs.filter(seeker__birth_date__isnull=True).count() if total else 0
    note = gettext("另有 %(n)d 人次未登錄出生日期，無法判斷年齡。") % {"n": unknown} if unknown else ""
    return Result(n, n, total, breakdown=breakdown, note=note, drilldown=_application_drilldown(youth))


@indicator(
    "jobs.referrals",
    title_zh="推介就業人次",
    title_en="Referrals by the bureau",
    pillar="employment",
    program=4,
    unit="referrals",
    description_zh="該年度就業服務人員代求職者推介應徵的人次，依推介目前的結果分列；附註為其中已錄取者。",
    description_en="Applications the bureau's employment staff made in the year on a seeker's behalf, by their current outcome; the note gives how many led to a hire.",
)
def referrals(period: Period) -> Result:
    qs = applications_in(period).filter(source=ApplicationSource.REFERRAL)
    breakdown = _counts_by_choice(qs, "status", ApplicationStatus.choices)
    total = sum(r.value for r in breakdown.values())
    hired = breakdown.get(str(ApplicationStatus.HIRED.label))
    note = gettext("其中 %(n)d 人次已錄取。") % {"n": hired.value} if hired else ""
    return Result(total, total, None, breakdown=breakdown, note=note, drilldown=_application_drilldown(qs))


# --- advice -----------------------------------------------------------------------------------
@indicator(
    "jobs.advice_within_target",
    title_zh="求職諮詢於 3 個工作天內回覆比率",
    title_en="Advice requests answered within 3 working days",
    pillar="employment",
    program=4,
    unit="%",
    description_zh="該年度回覆的求職諮詢中，於提問後 3 個工作天（扣除國定假日）內回覆者所占比率；分母為該年度回覆件數，依主題分列。",
    description_en="Of the advice requests answered in the year, the share answered within 3 working days of the question (public holidays excluded); the denominator is the requests answered in the year. By topic.",
)
def advice_within_target(period: Period) -> Result:
    qs = answered_in(period)
    on_time = Q(answered_within_target=True)
    rows = {
        r["topic"]: r
        for r in qs.values("topic").annotate(n=Count("id"), ok=Count("id", filter=on_time)).order_by()
    }
    breakdown = {
        str(label): Result(ratio(rows[v]["ok"], rows[v]["n"]), rows[v]["ok"], rows[v]["n"])
        for v, label in AdviceTopic.choices
        if v in rows
    }
    ok = sum(r["ok"] for r in rows.values())
    done = sum(r["n"] for r in rows.values())
    return Result(ratio(ok, done), ok, done, breakdown=breakdown,
                  drilldown=qs.select_related("seeker").order_by("answered_at", "id"))  # fmt: skip
