"""Outcome figures of program 5 (職安健康處: inspections, penalties, publication, outreach).

Every figure is an aggregate query over the records; nothing is stored. The year of an
inspection is the year it was carried out (``inspected_on``), of a penalty the year it was
decided (``decided_on``), of a publication the year it was announced (``announced_on``). Only
the bureau's own decisions are counted: entries imported from the Ministry of Labor's open data
are shown in the register but are not the bureau's work.

An empty penalty amount means "not published", not zero (before April 2019 the bureau
published its decisions without the amount); the amount figure adds up the amounts that are
known and says how many decisions have none.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import get_language, gettext

from hopehome.outcomes.registry import Period, Result, indicator, ratio

from .choices import InspectionType, Law, PenaltyStatus, Source
from .choices import Result as InspectionResult
from .models import Award, CounsellingVisit, Inspection, Penalty, PenaltyItem, SafetyPartnership


# --- the records of a year --------------------------------------------------------------------
def inspections_in(period: Period) -> QuerySet[Inspection]:
    """Inspections carried out in the period (an inspection still planned has no date)."""
    return Inspection.objects.filter(inspected_on__gte=period.start, inspected_on__lte=period.end)


def decisions_in(period: Period) -> QuerySet[Penalty]:
    """The bureau's own penalty decisions of the period (imported entries excluded)."""
    return Penalty.objects.filter(
        source=Source.BUREAU, decided_on__gte=period.start, decided_on__lte=period.end
    )


def announced_in(period: Period) -> QuerySet[Penalty]:
    """The bureau's decisions announced in the period, including those withdrawn since."""
    return Penalty.objects.filter(
        source=Source.BUREAU,
        announced_on__gte=period.start,
        announced_on__lte=period.end,
        status__in=(PenaltyStatus.PUBLISHED, PenaltyStatus.WITHDRAWN),
    )


def visits_in(period: Period) -> QuerySet[CounsellingVisit]:
    return CounsellingVisit.objects.filter(visited_on__gte=period.start, visited_on__lte=period.end)


# --- breakdowns -------------------------------------------------------------------------------
def _counts_by_choice(qs: QuerySet, field: str, choices, count: str = "id") -> dict[str, Result]:
    """Rows per value of ``field`` (one GROUP BY), keyed by label in the order of ``choices``."""
    counts = {
        r[field]: r["n"] for r in qs.values(field).annotate(n=Count(count, distinct=True)).order_by()
    }
    return {str(label): Result(counts[v], counts[v]) for v, label in choices if counts.get(v)}


def industry_label(code: str | None, name_zh: str | None, name_en: str | None) -> str:
    """``C 製造業`` (``C Manufacturing`` in English); units without an industry are 未分類."""
    if not code:
        return gettext("未分類")
    english = (get_language() or "").startswith("en") and name_en
    return f"{code} {name_en if english else name_zh}"


def _by_industry(qs: QuerySet, path: str, count: str = "id") -> dict[str, Result]:
    """Rows per industry of ``path`` (an Industry foreign key), in the order of the codes."""
    rows = (
        qs.values(f"{path}__code", f"{path}__name_zh", f"{path}__name_en")
        .annotate(n=Count(count, distinct=True))
        .order_by(f"{path}__code")
    )
    breakdown: dict[str, Result] = {}
    for r in rows:
        label = industry_label(r[f"{path}__code"], r[f"{path}__name_zh"], r[f"{path}__name_en"])
        n = r["n"] + (breakdown[label].value if label in breakdown else 0)
        breakdown[label] = Result(n, n)
    return breakdown


def _inspection_drilldown(qs: QuerySet[Inspection]) -> QuerySet[Inspection]:
    # The generic drill-down page prints str(inspection): its number and the unit's name.
    return qs.select_related("organization").order_by("inspected_on", "id")


def _penalty_drilldown(qs: QuerySet[Penalty]) -> QuerySet[Penalty]:
    return qs.order_by("decided_on", "id")


# --- inspections ------------------------------------------------------------------------------
@indicator(
    "inspection.inspections",
    title_zh="勞動檢查場次",
    title_en="Labour inspections carried out",
    pillar="safety",
    program=5,
    unit="inspections",
    description_zh="該年度完成實地檢查的場次（含勞動條件、職業安全衛生及專案檢查），依檢查類型分列；附註為受檢事業單位家數。",
    description_en="Inspections carried out in the year (labour conditions, occupational safety and health, and project inspections), by type; the note gives the number of establishments inspected.",
)
def inspections(period: Period) -> Result:
    qs = inspections_in(period)
    row = qs.aggregate(n=Count("id"), units=Count("organization", distinct=True))
    breakdown = _counts_by_choice(qs, "type", InspectionType.choices)
    note = gettext("受檢事業單位 %(n)d 家。") % {"n": row["units"]} if row["n"] else ""
    return Result(row["n"], row["n"], None, breakdown=breakdown, note=note,
                  drilldown=_inspection_drilldown(qs))  # fmt: skip


@indicator(
    "inspection.inspections_by_industry",
    title_zh="勞動檢查場次（依行業別）",
    title_en="Labour inspections by industry",
    pillar="safety",
    program=5,
    unit="inspections",
    description_zh="該年度完成實地檢查的場次，依受檢事業單位的行業（行業統計分類大類）分列。",
    description_en="Inspections carried out in the year, by the industry section of the establishment inspected.",
)
def inspections_by_industry(period: Period) -> Result:
    qs = inspections_in(period)
    breakdown = _by_industry(qs, "organization__industry")
    total = sum(r.value for r in breakdown.values())
    return Result(total, total, None, breakdown=breakdown, drilldown=_inspection_drilldown(qs))


@indicator(
    "inspection.violation_rate",
    title_zh="勞動檢查違規比率",
    title_en="Share of inspections that found violations",
    pillar="safety",
    program=5,
    unit="%",
    description_zh="該年度完成且已有結果的檢查中，檢查結果為違規者所占比率；分母為有結果的檢查場次，依檢查類型分列。",
    description_en="Of the inspections carried out in the year that have a result, the share whose result was violations; the denominator is the inspections with a result. By type.",
)
def violation_rate(period: Period) -> Result:
    qs = inspections_in(period).exclude(result=InspectionResult.PENDING)
    violations = Q(result=InspectionResult.VIOLATIONS)
    rows = {
        r["type"]: r
        for r in qs.values("type").annotate(n=Count("id"), bad=Count("id", filter=violations)).order_by()
    }
    breakdown = {
        str(label): Result(ratio(rows[v]["bad"], rows[v]["n"]), rows[v]["bad"], rows[v]["n"])
        for v, label in InspectionType.choices
        if v in rows
    }
    bad = sum(r["bad"] for r in rows.values())
    done = sum(r["n"] for r in rows.values())
    return Result(ratio(bad, done), bad, done, breakdown=breakdown,
                  drilldown=_inspection_drilldown(qs.filter(violations)))  # fmt: skip


# --- penalties --------------------------------------------------------------------------------
@indicator(
    "inspection.penalties",
    title_zh="裁處件數",
    title_en="Penalty decisions",
    pillar="safety",
    program=5,
    unit="decisions",
    description_zh="本局該年度作成的裁處（處分字號）件數，依違反法規分列（一件裁處可涉及數部法規）；不含自勞動部開放資料匯入的紀錄。",
    description_en="The bureau's penalty decisions (disposition numbers) of the year, by act violated (one decision may cover several acts); entries imported from the Ministry of Labor's open data are not counted.",
)
def penalties(period: Period) -> Result:
    qs = decisions_in(period)
    total = qs.count()
    items = PenaltyItem.objects.filter(penalty__in=qs)
    breakdown = _counts_by_choice(items, "law", Law.choices, count="penalty")
    return Result(total, total, None, breakdown=breakdown, drilldown=_penalty_drilldown(qs))


@indicator(
    "inspection.penalty_amount",
    title_zh="裁處罰鍰金額",
    title_en="Fines decided",
    pillar="safety",
    program=5,
    unit="NT$",
    description_zh="本局該年度裁處的目前罰鍰金額合計（新臺幣元，已反映訴願減輕或撤銷）；分母為有金額的裁處件數。未公布金額者不列計。",
    description_en="The current amounts of the bureau's penalty decisions of the year, in NT$ (after any reduction or revocation on appeal); the denominator is the decisions with an amount. Decisions whose amount is not published are not counted.",
)
def penalty_amount(period: Period) -> Result:
    qs = decisions_in(period)
    row = qs.aggregate(
        amount=Sum("current_amount"),
        initial=Sum("initial_amount", filter=Q(current_amount__isnull=False)),
        priced=Count("id", filter=Q(current_amount__isnull=False)),
        unpriced=Count("id", filter=Q(current_amount__isnull=True)),
    )
    amount = row["amount"] or 0
    notes = []
    if row["initial"] and row["initial"] != amount:
        notes.append(gettext("原處分金額合計 %(amount)s 元。") % {"amount": f"{row['initial']:,}"})
    if row["unpriced"]:
        notes.append(gettext("另有 %(n)d 件裁處未公布金額。") % {"n": row["unpriced"]})
    return Result(amount, amount, row["priced"], note="".join(notes),
                  drilldown=_penalty_drilldown(qs.filter(current_amount__isnull=False)))  # fmt: skip


@indicator(
    "inspection.published",
    title_zh="公布違反勞動法令事業單位筆數",
    title_en="Penalty decisions published",
    pillar="safety",
    program=5,
    unit="entries",
    description_zh="本局該年度依勞動基準法第80條之1等規定公告的裁處筆數（含其後因原處分撤銷而撤除公布者），依是否公布罰鍰金額分列。",
    description_en="The bureau's penalty decisions announced in the year under Labor Standards Act §80-1 and similar provisions (including those later withdrawn because the decision was revoked), by whether the fine was published.",
)
def published(period: Period) -> Result:
    qs = announced_in(period)
    row = qs.aggregate(
        n=Count("id"),
        priced=Count("id", filter=Q(current_amount__isnull=False)),
        withdrawn=Count("id", filter=Q(status=PenaltyStatus.WITHDRAWN)),
    )
    breakdown = {}
    if row["n"]:
        unpriced = row["n"] - row["priced"]
        breakdown = {
            gettext("公布裁處金額"): Result(row["priced"], row["priced"], row["n"]),
            gettext("未公布裁處金額"): Result(unpriced, unpriced, row["n"]),
        }
    note = (
        gettext("其中 %(n)d 筆已因原處分撤銷而撤除公布。") % {"n": row["withdrawn"]}
        if row["withdrawn"]
        else ""
    )
    return Result(row["n"], row["n"], None, breakdown=breakdown, note=note,
                  drilldown=_penalty_drilldown(qs))  # fmt: skip


# --- outreach ---------------------------------------------------------------------------------
@indicator(
    "inspection.counselled_units",
    title_zh="輔導事業單位家數",
    title_en="Establishments counselled",
    pillar="safety",
    program=5,
    unit="units",
    description_zh="該年度接受本局輔導訪視的事業單位家數（同一單位多次輔導計一家），依行業別分列；附註為輔導訪視次數。",
    description_en="Establishments the bureau visited for counselling in the year (each counted once however often visited), by industry; the note gives the number of visits.",
)
def counselled_units(period: Period) -> Result:
    qs = visits_in(period)
    row = qs.aggregate(visits=Count("id"), units=Count("organization", distinct=True))
    breakdown = _by_industry(qs, "organization__industry", count="organization")
    note = gettext("輔導訪視 %(n)d 次。") % {"n": row["visits"]} if row["visits"] else ""
    return Result(row["units"], row["units"], None, breakdown=breakdown, note=note,
                  drilldown=qs.select_related("organization").order_by("visited_on", "id"))  # fmt: skip


@indicator(
    "inspection.partnerships_signed",
    title_zh="簽署安全健康伙伴",
    title_en="Safety and health partnerships signed",
    pillar="safety",
    program=5,
    unit="partnerships",
    description_zh="本局該年度與工業區、工程團隊、勞工健康服務機構等簽署的安全（健康促進）伙伴關係件數，逐項列出簽署日期。",
    description_en="Safety (and health-promotion) partnerships the bureau signed in the year with industrial parks, construction teams, occupational-health centres and others, each with its signing date.",
)
def partnerships_signed(period: Period) -> Result:
    qs = SafetyPartnership.objects.filter(signed_on__gte=period.start, signed_on__lte=period.end)
    breakdown: dict[str, Result] = {}
    for title, signed_on in qs.order_by("signed_on", "id").values_list("title", "signed_on"):
        key = title if title not in breakdown else f"{title}（{signed_on.isoformat()}）"
        breakdown[key] = Result(1, 1, None, note=signed_on.isoformat())
    total = len(breakdown)
    return Result(total, total, None, breakdown=breakdown, drilldown=qs.order_by("signed_on", "id"))


@indicator(
    "inspection.awards",
    title_zh="輔導企業獲獎數",
    title_en="Awards won by enterprises the bureau coached",
    pillar="safety",
    program=5,
    unit="awards",
    description_zh="本局輔導的企業於該年度獲得的獎項（如全國職安衛生五星獎）數，依獎項分列。",
    description_en="Awards (such as the national five-star occupational safety and health award) won in the year by enterprises the bureau coached, by award.",
)
def awards(period: Period) -> Result:
    qs = Award.objects.filter(awarded_on__gte=period.start, awarded_on__lte=period.end)
    rows = qs.values("name").annotate(n=Count("id")).order_by("-n", "name")
    breakdown = {r["name"]: Result(r["n"], r["n"]) for r in rows}
    total = sum(r.value for r in breakdown.values())
    return Result(total, total, None, breakdown=breakdown,
                  drilldown=qs.select_related("organization").order_by("awarded_on", "id"))  # fmt: skip
