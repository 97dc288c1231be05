"""Vacancies recommended to a job seeker, with a transparent score and its reasons.

Candidates come from one indexed query: open vacancies (published, not past their expiry
date) in one of the seeker's desired occupations or districts (or, with neither, employment
types), newest first, at most :data:`CANDIDATE_LIMIT` rows; vacancies the seeker already
applied to are left out. Each candidate then earns points the seeker can read as "why this
job":

========================================  ======
occupation is one the seeker wants          30
district is one the seeker wants            20
employment type is one the seeker wants     15
salary (monthly equivalent) ≥ the wish      15
each accommodation need the job meets       10
each friendly flag for the seeker's group   10
========================================  ======
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from .choices import EmploymentType, Occupation, VacancyStatus
from .models import (
    ACCESS_FEATURES,
    FRIENDLY_FLAGS,
    NEEDS_TO_FEATURES,
    Application,
    SeekerProfile,
    Vacancy,
)

CANDIDATE_LIMIT = 500

POINTS_OCCUPATION = 30
POINTS_DISTRICT = 20
POINTS_TYPE = 15
POINTS_SALARY = 15
POINTS_ACCESS = 10
POINTS_FRIENDLY = 10

# Target groups (core TargetGroup codes) served by each friendly flag of a vacancy.
FRIENDLY_FOR_GROUPS = {
    "friendly_youth": frozenset({"youth"}),
    "friendly_disability": frozenset({"disabled", "visually_impaired"}),
    "friendly_middle_aged": frozenset({"middle_aged"}),
    "friendly_new_immigrant": frozenset({"new_immigrant"}),
    "friendly_indigenous": frozenset({"indigenous"}),
}


@dataclass
class Recommendation:
    vacancy: Vacancy
    score: int
    reasons: list[str] = field(default_factory=list)


def _profile(seeker) -> SeekerProfile | None:
    if isinstance(seeker, SeekerProfile):
        return seeker
    return getattr(seeker, "seeker", None)


def candidates(profile: SeekerProfile, *, today=None, district_ids=None):
    """The bounded candidate set (a queryset) for ``profile``."""
    today = today or timezone.localdate()
    occupations = [o for o in profile.desired_occupations or [] if o in Occupation.values]
    types = [t for t in profile.desired_types or [] if t in EmploymentType.values]
    if district_ids is None:
        district_ids = list(profile.desired_districts.values_list("pk", flat=True))
    condition = Q()
    if occupations:
        condition |= Q(occupation__in=occupations)
    if district_ids:
        condition |= Q(district_id__in=district_ids)
    if not occupations and not district_ids and types:
        condition |= Q(employment_type__in=types)
    qs = Vacancy.objects.filter(status=VacancyStatus.PUBLISHED, expires_on__gte=today)
    if condition:
        qs = qs.filter(condition)
    applied = Application.objects.filter(seeker=profile).values("vacancy_id")
    return (
        qs.exclude(pk__in=applied)
        .select_related("employer", "district")
        .order_by("-posted_on", "-id")[:CANDIDATE_LIMIT]
    )


def score(vacancy: Vacancy, profile: SeekerProfile, *, district_ids, group_codes) -> Recommendation:
    """The points ``vacancy`` earns for ``profile`` and the reasons, in the table's order."""
    points = 0
    reasons: list[str] = []
    if vacancy.occupation in (profile.desired_occupations or []):
        points += POINTS_OCCUPATION
        reasons.append(gettext("職類符合：%(label)s") % {"label": vacancy.get_occupation_display()})
    if vacancy.district_id in district_ids:
        points += POINTS_DISTRICT
        reasons.append(gettext("工作地點符合：%(district)s") % {"district": vacancy.district.name})
    if vacancy.employment_type in (profile.desired_types or []):
        points += POINTS_TYPE
        reasons.append(gettext("工作性質符合：%(type)s") % {"type": vacancy.get_employment_type_display()})
    if profile.desired_salary and vacancy.monthly_equivalent >= profile.desired_salary:
        points += POINTS_SALARY
        reasons.append(
            gettext("薪資符合期望：月薪約 %(salary)s 元，不低於您希望的 %(desired)s 元")
            % {"salary": f"{vacancy.monthly_equivalent:,}", "desired": f"{profile.desired_salary:,}"}
        )
    labels = dict(ACCESS_FEATURES)
    for need, feature in NEEDS_TO_FEATURES:
        if getattr(profile, need) and getattr(vacancy, feature):
            points += POINTS_ACCESS
            reasons.append(gettext("符合您的職場需求：%(feature)s") % {"feature": labels[feature]})
    friendly_labels = dict(FRIENDLY_FLAGS)
    for flag, groups in FRIENDLY_FOR_GROUPS.items():
        if getattr(vacancy, flag) and groups & group_codes:
            points += POINTS_FRIENDLY
            reasons.append(gettext("友善職缺：%(label)s") % {"label": friendly_labels[flag]})
    return Recommendation(vacancy=vacancy, score=points, reasons=reasons)


def recommend(seeker, *, limit: int = 20) -> list[Recommendation]:
    """Open vacancies for ``seeker`` (a user or a SeekerProfile), best score first."""
    profile = _profile(seeker)
    if profile is None:
        return []
    district_ids = set(profile.desired_districts.values_list("pk", flat=True))
    group_codes = frozenset(profile.target_groups.values_list("code", flat=True))
    scored = [
        score(v, profile, district_ids=district_ids, group_codes=group_codes)
        for v in candidates(profile, district_ids=list(district_ids))
    ]
    scored = [r for r in scored if r.score > 0]
    scored.sort(key=lambda r: (-r.score, -r.vacancy.posted_on.toordinal(), -r.vacancy.pk))
    return scored[: max(int(limit), 0)]
