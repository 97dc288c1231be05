"""Outcome figures of program 1, computed with aggregate queries over the records."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from hopehome.outcomes.registry import Period, Result, indicator, ratio

from .choices import EMPLOYMENT_RATE_CATEGORIES, GOLD_OR_BETTER, CourseCategory, EnrollmentStatus
from .models import Enrollment, TTQSEvaluation

S = EnrollmentStatus


def employment_aggregates() -> dict:
    """The four counts of the 訓後就業率, as conditional aggregates."""
    return {
        "completers": Count("id", filter=Q(status=S.COMPLETED)),
        "early": Count("id", filter=Q(status=S.EARLY_EMPLOYED)),
        "employed": Count("id", filter=Q(status=S.COMPLETED, counts_as_employed=True)),
        "public_assistance": Count(
            "id",
            filter=Q(public_assistance=True)
            & (Q(status=S.COMPLETED, counts_as_employed=True) | Q(status=S.EARLY_EMPLOYED)),
        ),
        "dropped": Count("id", filter=Q(status=S.DROPPED)),
    }


def employment_rate(row: dict) -> tuple[int, int]:
    """(numerator, denominator) of (就業 + 提前就業 − 公法救助) / (結訓 + 提前就業 − 公法救助)."""
    pa = row["public_assistance"]
    return row["employed"] + row["early"] - pa, row["completers"] + row["early"] - pa


def matured_before() -> object:
    """Courses that ended on or before this date have passed the follow-up window."""
    return timezone.localdate() - timedelta(days=settings.HOPEHOME["EMPLOYMENT_WINDOW_DAYS"])


def year_enrollments(period: Period) -> QuerySet:
    return Enrollment.objects.filter(course__ends_on__gte=period.start, course__ends_on__lte=period.end)


def _rate_for_category(period: Period, category: str) -> Result:
    qs = year_enrollments(period).filter(course__category=category)
    cutoff = matured_before()
    matured = qs.filter(course__ends_on__lte=cutoff)
    row = matured.aggregate(**employment_aggregates())
    num, den = employment_rate(row)
    pending = qs.filter(course__ends_on__gt=cutoff).values("course_id").distinct().count() if period.end > cutoff else 0
    note = (
        ngettext(
            "%(n)d 個班次仍在結訓後 %(days)d 天的追蹤期內，尚未列計。",
            "%(n)d 個班次仍在結訓後 %(days)d 天的追蹤期內，尚未列計。",
            pending,
        )
        % {"n": pending, "days": settings.HOPEHOME["EMPLOYMENT_WINDOW_DAYS"]}
        if pending
        else ""
    )
    drill = matured.filter(status__in=(S.COMPLETED, S.EARLY_EMPLOYED)).select_related("course", "person")
    return Result(ratio(num, den), num, den, note=note, drilldown=drill)


@indicator(
    "training.employment_rate.unemployed",
    title_zh="失業者職前訓練訓後就業率",
    title_en="Employment rate after pre-employment training for the unemployed",
    pillar="talent",
    program=1,
    unit="%",
    description_zh="(就業人數＋提前就業人數－公法救助就業人數) ÷ (結訓人數＋提前就業人數－公法救助就業人數)；就業指結訓後 90 日內加保勞保。",
    description_en="(employed + early-employed − public-assistance) ÷ (completers + early-employed − public-assistance); employed means insured within 90 days after completion.",
)
def unemployed_rate(period: Period) -> Result:
    return _rate_for_category(period, CourseCategory.UNEMPLOYED)


@indicator(
    "training.employment_rate.care_worker",
    title_zh="照顧服務員職業訓練訓後就業率",
    title_en="Employment rate after long-term-care worker training",
    pillar="talent",
    program=1,
    unit="%",
    description_zh="照顧服務員訓練班次，計算方式同訓後就業率。",
    description_en="Care-worker courses, computed like the post-training employment rate.",
)
def care_worker_rate(period: Period) -> Result:
    return _rate_for_category(period, CourseCategory.CARE_WORKER)


@indicator(
    "training.completers",
    title_zh="結訓人數",
    title_en="Trainees who completed a course",
    pillar="talent",
    program=1,
    unit="people",
    description_zh="該年度結訓課程的結訓人數；分母為結訓、退訓與提前就業人數合計。",
    description_en="Completers of courses ending in the year; the denominator is completers + dropped + early-employed.",
)
def completers(period: Period) -> Result:
    qs = year_enrollments(period)
    row = qs.aggregate(**employment_aggregates())
    den = row["completers"] + row["dropped"] + row["early"]
    return Result(
        row["completers"], row["completers"], den,
        drilldown=qs.filter(status=S.COMPLETED).select_related("course", "person"),
    )  # fmt: skip


@indicator(
    "ttqs.gold_total",
    title_zh="TTQS 金牌累計面數（本局所屬單位）",
    title_en="TTQS gold medals to date (bureau units)",
    pillar="talent",
    program=1,
    unit="medals",
    description_zh="本局所屬單位至該年度為止獲得金牌（含白金）等級的評核次數；分母為評核次數。",
    description_en="Evaluations of bureau units up to the year graded gold or platinum; the denominator is all their evaluations.",
)
def gold_total(period: Period) -> Result:
    qs = TTQSEvaluation.objects.filter(year__lte=period.year, organization__is_bureau_unit=True)
    per_unit = (
        qs.values("organization__name")
        .annotate(gold=Count("id", filter=Q(grade__in=GOLD_OR_BETTER)), evaluations=Count("id"))
        .order_by("organization__name")
    )
    breakdown = {
        row["organization__name"]: Result(row["gold"], row["gold"], row["evaluations"]) for row in per_unit
    }
    totals = qs.aggregate(gold=Count("id", filter=Q(grade__in=GOLD_OR_BETTER)), evaluations=Count("id"))
    return Result(
        totals["gold"], totals["gold"], totals["evaluations"], breakdown=breakdown,
        drilldown=qs.filter(grade__in=GOLD_OR_BETTER).select_related("organization"),
    )  # fmt: skip


_STREAK_SQL = """
WITH gold AS (
    SELECT e.organization_id AS org, e.year AS year,
           e.year - ROW_NUMBER() OVER (PARTITION BY e.organization_id ORDER BY e.year) AS island
    FROM training_ttqsevaluation e
    WHERE e.year <= %s AND e.grade IN (%s, %s)
)
SELECT o.name, COUNT(*) AS streak, MIN(g.year) AS since
FROM gold g
JOIN gold last ON last.org = g.org AND last.year = %s AND last.island = g.island
JOIN core_organization o ON o.id = g.org
GROUP BY o.name
ORDER BY o.name
"""


def gold_streaks(year: int) -> list[tuple[str, int, int]]:
    """(unit, consecutive gold-or-better years ending in ``year``, first year of the run)."""
    with connection.cursor() as cursor:
        cursor.execute(_STREAK_SQL, [year, *[str(g) for g in GOLD_OR_BETTER], year])
        return [(name, int(streak), int(since)) for name, streak, since in cursor.fetchall()]


@indicator(
    "ttqs.gold_streak",
    title_zh="TTQS 連續金牌年數",
    title_en="Consecutive TTQS gold years",
    pillar="talent",
    program=1,
    unit="years",
    description_zh="各單位截至該年度連續獲得金牌（含白金）等級的年數；總值為最長者。",
    description_en="Per unit, the run of consecutive gold-or-better years ending in the year; the total is the longest run.",
)
def gold_streak(period: Period) -> Result:
    streaks = gold_streaks(period.year)
    breakdown = {
        name: Result(n, n, None, note=gettext("自 %(year)d 年起") % {"year": since}) for name, n, since in streaks
    }
    best = max((n for _, n, _ in streaks), default=0)
    return Result(best, best, None, breakdown=breakdown)


def rate_table(group_by: list[str], period: Period | None = None) -> list[dict]:
    """The 訓後就業率 grouped by course, category, provider and/or year, for staff screens.

    Only the categories the rate applies to (:data:`EMPLOYMENT_RATE_CATEGORIES`) are counted.
    """
    from django.db.models.functions import ExtractYear

    qs = Enrollment.objects.all() if period is None else year_enrollments(period)
    qs = qs.filter(course__category__in=EMPLOYMENT_RATE_CATEGORIES).annotate(year=ExtractYear("course__ends_on"))
    cutoff = matured_before()
    rows = list(
        qs.values(*group_by)
        .annotate(**employment_aggregates(), last_end=Max("course__ends_on"))
        .order_by(*group_by)
    )
    for row in rows:
        num, den = employment_rate(row)
        row["numerator"], row["denominator"] = num, den
        # A group whose latest course is still inside the follow-up window is "pending".
        row["pending"] = row["last_end"] > cutoff
        row["rate"] = None if row["pending"] else ratio(num, den)
    return rows
