"""Read side of the public violations register and its statistics.

Only penalties whose status is "published" are ever listed; a withdrawn one appears nowhere but
as a withdrawal note on its unit's page. Every figure is an aggregate computed in SQL on indexed
columns (``inspection/migrations/0003_register_indexes.py``), so a year's statistics stay fast
with a million penalties. Months are read from the ISO text of the date (``substr(…, 6, 2)``),
which SQLite and PostgreSQL both evaluate natively.

Nothing here reads the complainant (``Complaint``), inspection findings or any staff member.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.utils import timezone
from django.utils.translation import get_language

from hopehome.core.models import District, Industry, Organization
from hopehome.core.search import search

from .choices import UNDER_APPEAL, InspectionType, Law, PenaltyStatus, Source
from .models import CounsellingVisit, Inspection, Penalty, PenaltyEvent, PenaltyItem

FIRST_YEAR = 2000
SORTS = ("newest", "amount")
UBN_RE = re.compile(r"^\d{8}$")


def latest_allowed_year() -> int:
    return timezone.localdate().year + 1


@dataclass
class RegisterQuery:
    """The search and filters of the register (all optional)."""

    q: str = ""
    law: str = ""
    article: str = ""
    year: int | None = None
    industry: str = ""
    district: str = ""
    under_appeal: bool | None = None
    source: str = ""
    sort: str = "newest"


def normalize_article(value: str | None) -> str:
    """An article as stored (``第24條``, ``第32條第2項``, ``第17條之1``); "" if unreadable.

    Accepts full-width text, a bare number (``24`` → ``第24條``), ``24-1`` or ``第24-1條``
    (→ ``第24條之1``) and spaces anywhere.
    """
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or ""))
    match = re.fullmatch(r"第?(\d+)(?:-(\d+))?條?", text)
    if match:
        return f"第{match[1]}條" + (f"之{match[2]}" if match[2] else "")
    match = re.fullmatch(r"第(\d+)-(\d+)條((?:第\d+[項款目])*)", text)
    if match:
        return f"第{match[1]}條之{match[2]}{match[3]}"
    if re.fullmatch(r"第\d+條(?:之\d+)?(?:第\d+[項款目])*", text):
        return text
    return ""


def _article_q(article: str) -> Q:
    """An article and its paragraphs; ``第38條之1`` also matches the raw form ``第38-1條``."""
    forms = {article}
    match = re.fullmatch(r"第(\d+)條之(\d+)(.*)", article)
    if match:
        forms.add(f"第{match[1]}-{match[2]}條{match[3]}")
    q = Q()
    for form in forms:
        q |= Q(article=form) | Q(article__startswith=form + "第")
    return q


def published_penalties() -> QuerySet:
    return Penalty.objects.filter(status=PenaltyStatus.PUBLISHED)


def _year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def filter_register(qs: QuerySet, query: RegisterQuery) -> QuerySet:
    """Apply the register's search and filters to a queryset of penalties."""
    if query.q:
        q = unicodedata.normalize("NFKC", query.q).strip()
        if UBN_RE.match(q):
            matched = search(Penalty.objects.all(), q).values("id")
            qs = qs.filter(Q(id__in=Subquery(matched)) | Q(organization__ubn=q))
        else:
            qs = search(qs, q)
    if query.law or query.article:
        items = PenaltyItem.objects.order_by()
        if query.law:
            items = items.filter(law=query.law)
        if query.article:
            items = items.filter(_article_q(query.article))
        if query.q:  # few rows match the words: probe each one's items
            qs = qs.filter(Exists(items.filter(penalty=OuterRef("pk"))))
        else:  # read the matching items once from the (law, article, penalty) index
            qs = qs.filter(id__in=items.values("penalty_id"))
    if query.year:
        qs = qs.filter(decided_on__range=_year_range(query.year))
    if query.industry:
        qs = qs.filter(industry_code=query.industry)
    if query.district:
        qs = qs.filter(district_postcode=query.district)
    if query.under_appeal is True:
        qs = qs.filter(appeal_status__in=UNDER_APPEAL)
    elif query.under_appeal is False:
        qs = qs.exclude(appeal_status__in=UNDER_APPEAL)
    if query.source:
        qs = qs.filter(source=query.source)
    return qs


def _items_prefetch() -> Prefetch:
    return Prefetch(
        "items",
        queryset=PenaltyItem.objects.only(
            "id", "penalty_id", "law", "article", "description", "amount"
        ).order_by("id"),
    )


def register_penalties(query: RegisterQuery) -> QuerySet:
    """Published penalties matching ``query``, sorted, with their organization and items."""
    qs = filter_register(published_penalties(), query)
    if query.sort == "amount":
        qs = qs.order_by(F("current_amount").desc(nulls_last=True), "-decided_on", "-id")
    else:
        qs = qs.order_by("-decided_on", "-id")
    return qs.select_related("organization").prefetch_related(_items_prefetch())


def export_penalties(query: RegisterQuery) -> QuerySet:
    """The same selection as :func:`register_penalties`, for streaming downloads."""
    return register_penalties(query)


def public_penalty(penalty_id: int) -> Penalty:
    """One published penalty with its items and history; ``Penalty.DoesNotExist`` otherwise."""
    return (
        published_penalties()
        .select_related("organization")
        .prefetch_related(_items_prefetch(), _events_prefetch())
        .get(pk=penalty_id)
    )


def _events_prefetch() -> Prefetch:
    return Prefetch(
        "events",
        queryset=PenaltyEvent.objects.only(
            "id", "penalty_id", "kind", "occurred_on", "amount_after"
        ).order_by("occurred_on", "id"),
    )


# --- unit pages -------------------------------------------------------------------------------
@dataclass
class UnitRecord:
    """What the public may see of one business unit."""

    name: str
    organization: Organization | None = None
    responsible_people: list[str] = field(default_factory=list)
    penalties: list[Penalty] = field(default_factory=list)
    withdrawn: list[Penalty] = field(default_factory=list)
    visits: list[CounsellingVisit] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.penalties or self.withdrawn or self.visits)


def _unit_penalties(qs: QuerySet) -> tuple[list[Penalty], list[Penalty]]:
    published = list(
        qs.filter(status=PenaltyStatus.PUBLISHED)
        .order_by("-decided_on", "-id")
        .prefetch_related(_items_prefetch(), _events_prefetch())
    )
    withdrawn = list(
        qs.filter(status=PenaltyStatus.WITHDRAWN)
        .only(
            "id",
            "authority",
            "disposition_number",
            "decided_on",
            "withdrawn_on",
            "withdrawal_note",
            "appeal_status",
        )
        .order_by("-withdrawn_on", "-id")
    )
    return published, withdrawn


def unit_record(org_id: int) -> UnitRecord:
    """A unit's published penalties, withdrawal notes and counselling visits.

    Raises ``Organization.DoesNotExist`` when the unit has nothing public.
    """
    org = Organization.objects.select_related("industry", "district").get(pk=org_id)
    published, withdrawn = _unit_penalties(Penalty.objects.filter(organization=org))
    visits = list(
        CounsellingVisit.objects.filter(organization=org).only(
            "id", "organization_id", "visited_on", "topic"
        )
    )
    record = UnitRecord(
        name=org.name, organization=org, penalties=published, withdrawn=withdrawn, visits=visits
    )
    if record.is_empty:
        raise Organization.DoesNotExist(org_id)
    record.responsible_people = list(
        dict.fromkeys(p.responsible_person for p in published if p.responsible_person)
    )
    return record


def named_unit_record(name: str) -> UnitRecord:
    """The public record of a unit known only by name (imported records without an organization).

    A natural person (no unit name) is matched on the responsible person's name. Raises
    ``Penalty.DoesNotExist`` when nothing public has that name.
    """
    name = (name or "").strip()
    if not name:
        raise Penalty.DoesNotExist(name)
    qs = Penalty.objects.filter(organization__isnull=True).filter(
        Q(unit_name=name) | Q(unit_name="", responsible_person=name)
    )
    published, withdrawn = _unit_penalties(qs)
    record = UnitRecord(name=name, penalties=published, withdrawn=withdrawn)
    if record.is_empty:
        raise Penalty.DoesNotExist(name)
    record.responsible_people = list(
        dict.fromkeys(p.responsible_person for p in published if p.responsible_person)
    )
    return record


# --- statistics --------------------------------------------------------------------------------
def latest_statistics_year() -> int:
    """The latest year with a published penalty or an inspection (this year when there is none)."""
    dates = [
        published_penalties().aggregate(d=Max("decided_on"))["d"],
        Inspection.objects.aggregate(d=Max("inspected_on"))["d"],
    ]
    dates = [d for d in dates if d]
    return max(dates).year if dates else timezone.localdate().year


PENALTY_FIGURES = ("count", "amount", "unpublished", "under_appeal", "bureau", "imported")


def year_statistics(year: int) -> dict:
    """Every public figure of a year, computed by a few aggregate queries.

    Inspections count when they were carried out in the year (``inspected_on``); penalties,
    their items and amounts when published and decided in the year; counselled units by visit
    date. Amounts are current amounts (after appeal); an amount not published is not summed
    and is counted apart. Figures are grouped by day in SQL (in index order) and the at most
    366 daily rows are added up into months.
    """
    start, end = _year_range(year)
    inspections = Inspection.objects.filter(inspected_on__range=(start, end)).order_by()
    penalties = published_penalties().filter(decided_on__range=(start, end)).order_by()
    items = PenaltyItem.objects.filter(
        penalty__status=PenaltyStatus.PUBLISHED, penalty__decided_on__range=(start, end)
    ).order_by()

    inspections_by_month = [0] * 12
    for day, n in inspections.values_list("inspected_on").annotate(n=Count("id")):
        inspections_by_month[day.month - 1] += n
    type_counts = dict(inspections.values_list("type").annotate(n=Count("id")))
    inspections_by_type = [
        (label, type_counts.get(value, 0)) for value, label in InspectionType.choices
    ]
    industry_counts = dict(
        inspections.values_list("organization__industry__code").annotate(n=Count("id"))
    )
    industries = {
        i.code: i for i in Industry.objects.filter(code__in=[c for c in industry_counts if c])
    }
    inspections_by_industry = sorted(
        (
            (code or "", industries[code].name if code in industries else None, n)
            for code, n in industry_counts.items()
        ),
        key=lambda row: (row[0] == "", row[0]),
    )

    law_labels = dict(Law.choices)
    article_rows = list(items.values_list("law", "article").annotate(n=Count("id")))
    violations_by_article = sorted(
        ((law, law_labels.get(law, law), article, n) for law, article, n in article_rows),
        key=lambda r: (-r[3], r[0], r[2]),
    )
    law_counts: dict[str, int] = {}
    for law, _label, _article, n in violations_by_article:
        law_counts[law] = law_counts.get(law, 0) + n
    violations_by_law = sorted(
        ((value, law_labels.get(value, value), n) for value, n in law_counts.items()),
        key=lambda r: (-r[2], r[0]),
    )

    daily = penalties.values("decided_on").annotate(
        count=Count("id"),
        amount=Sum("current_amount"),
        unpublished=Count("id", filter=Q(current_amount__isnull=True)),
        under_appeal=Count("id", filter=Q(appeal_status__in=UNDER_APPEAL)),
        bureau=Count("id", filter=Q(source=Source.BUREAU)),
        imported=Count("id", filter=Q(source=Source.MOL_IMPORT)),
    )
    months = [dict.fromkeys(PENALTY_FIGURES, 0) | {"month": m} for m in range(1, 13)]
    for row in daily:
        month = months[row["decided_on"].month - 1]
        for key in PENALTY_FIGURES:
            month[key] += row[key] or 0
    totals = {key: sum(m[key] for m in months) for key in PENALTY_FIGURES}

    visits = list(
        CounsellingVisit.objects.filter(visited_on__range=(start, end))
        .select_related("organization__industry")
        .only("id", "visited_on", "organization__name", "organization__industry__code",
              "organization__industry__name_zh", "organization__industry__name_en")
        .order_by("visited_on", "id")
    )  # fmt: skip
    return {
        "year": year,
        "inspections_by_month": inspections_by_month,
        "inspections_total": sum(inspections_by_month),
        "inspections_by_type": inspections_by_type,
        "inspections_by_industry": inspections_by_industry,
        "violations_by_law": violations_by_law,
        "violations_by_article": violations_by_article,
        "violations_total": sum(law_counts.values()),
        "penalties_by_month": months,
        "penalty_totals": totals,
        "counselled_units": visits,
    }


STATISTICS_CACHE_SECONDS = 600


def data_version() -> str:
    """Changes whenever a record behind the statistics is added or saved (indexed maxima only)."""
    parts = [
        Penalty.objects.aggregate(u=Max("updated_at"), i=Max("id")),
        PenaltyItem.objects.aggregate(i=Max("id")),
        Inspection.objects.aggregate(u=Max("updated_at"), i=Max("id")),
        CounsellingVisit.objects.aggregate(u=Max("updated_at"), i=Max("id")),
    ]
    return "|".join(f"{p.get('u')}/{p.get('i')}" for p in parts)


def cached_year_statistics(year: int) -> dict:
    """:func:`year_statistics`, kept for a few minutes and recomputed as soon as the data change.

    A year with a million penalties takes seconds to aggregate; every later view of the same
    data answers from the cache.
    """
    key = (
        "inspection.register.statistics:"
        + hashlib.sha256(f"{year}|{get_language()}|{data_version()}".encode()).hexdigest()
    )
    stats = cache.get(key)
    if stats is None:
        stats = year_statistics(year)
        cache.set(key, stats, STATISTICS_CACHE_SECONDS)
    return stats


def industry_sections() -> list[Industry]:
    return list(Industry.objects.filter(level="section").order_by("code"))


def active_districts() -> list[District]:
    return list(District.objects.filter(is_active=True).order_by("postcode"))
