"""Role- and division-based permissions, checked in services, and record scoping.

A permission names the roles that hold it and, where the work belongs to a division, the
divisions whose staff may use it. The director and the administrator are bureau-wide.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import Role

TRAINING_DIVISIONS = frozenset({"vtc"})  # 職訓就服中心
CASEWORK_DIVISIONS = frozenset({"safety_welfare"})  # 勞安福利科: occupational-injury services
INSPECTION_DIVISIONS = frozenset({"osh", "labor_conditions"})  # 職業安全健康處, 勞動條件科
JOBS_DIVISIONS = frozenset({"employment", "vtc"})  # 就業促進科, 職訓就服中心 (employment services)
ACCOMMODATION_DIVISIONS = frozenset({"employment"})  # 就業促進科: disabled workers' employment


@dataclass(frozen=True)
class Rule:
    roles: frozenset[str]
    divisions: frozenset[str] | None = None  # None: any division


R = Role
ALL_STAFF = frozenset(r.value for r in Role)
PERMISSIONS: dict[str, Rule] = {
    # registry
    "core.view_person": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.INSPECTOR, R.SUPERVISOR, R.DIRECTOR})),
    "core.view_full_identifier": Rule(frozenset({R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR})),
    "core.change_person": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR})),
    "core.change_organization": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR, R.ADMINISTRATOR})),
    "core.view_audit": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR, R.ADMINISTRATOR})),
    "outcomes.view_dashboard": Rule(ALL_STAFF),
    # program 1: vocational training
    "training.view": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR}), TRAINING_DIVISIONS),
    "training.manage_course": Rule(frozenset({R.CLERK, R.SUPERVISOR}), TRAINING_DIVISIONS),
    "training.manage_enrollment": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR}), TRAINING_DIVISIONS),
    "training.record_followup": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR}), TRAINING_DIVISIONS),
    "training.import_roster": Rule(frozenset({R.CLERK, R.SUPERVISOR}), TRAINING_DIVISIONS),
    "training.record_ttqs": Rule(frozenset({R.CLERK, R.SUPERVISOR}), TRAINING_DIVISIONS),
    "training.edit_ttqs_bands": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR}), TRAINING_DIVISIONS),
    # program 8: occupational-injury cases and housing repair
    "casework.view_case": Rule(frozenset({R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR}), CASEWORK_DIVISIONS),
    "casework.manage_case": Rule(frozenset({R.CASE_MANAGER, R.SUPERVISOR}), CASEWORK_DIVISIONS),
    "casework.approve_closure": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR}), CASEWORK_DIVISIONS),
    "casework.export_case": Rule(frozenset({R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR}), CASEWORK_DIVISIONS),
    "casework.edit_rates": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR}), CASEWORK_DIVISIONS),
    "housing.view": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR}), CASEWORK_DIVISIONS),
    "housing.manage": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR}), CASEWORK_DIVISIONS),
    "housing.approve": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR}), CASEWORK_DIVISIONS),
    # program 5: inspections, penalties, publication (record-level rules in inspection.services)
    "inspection.view": Rule(frozenset({R.INSPECTOR, R.CLERK, R.SUPERVISOR, R.DIRECTOR}), INSPECTION_DIVISIONS),
    "inspection.inspect": Rule(frozenset({R.INSPECTOR, R.SUPERVISOR}), INSPECTION_DIVISIONS),
    "inspection.decide_penalty": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR}), INSPECTION_DIVISIONS),
    "inspection.publish": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR}), INSPECTION_DIVISIONS),
    "inspection.record_event": Rule(frozenset({R.CLERK, R.SUPERVISOR}), INSPECTION_DIVISIONS),
    "inspection.import": Rule(frozenset({R.CLERK, R.SUPERVISOR}), INSPECTION_DIVISIONS),
    "inspection.record_outreach": Rule(frozenset({R.INSPECTOR, R.CLERK, R.SUPERVISOR}), INSPECTION_DIVISIONS),
    # programs 3 and 4: vacancies, job seekers, advice (台南工作好找)
    "jobs.view": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR}), JOBS_DIVISIONS),
    "jobs.review_vacancy": Rule(frozenset({R.CLERK, R.SUPERVISOR}), JOBS_DIVISIONS),
    "jobs.post_vacancy": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR}), JOBS_DIVISIONS),
    "jobs.verify_employer": Rule(frozenset({R.CLERK, R.SUPERVISOR}), JOBS_DIVISIONS),
    "jobs.view_seeker": Rule(frozenset({R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR}), JOBS_DIVISIONS),
    "jobs.refer": Rule(frozenset({R.CASE_MANAGER, R.SUPERVISOR}), JOBS_DIVISIONS),
    "jobs.answer_advice": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR}), JOBS_DIVISIONS),
    # program 3: job redesign (職務再設計)
    "accommodation.view": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR, R.DIRECTOR}), ACCOMMODATION_DIVISIONS),
    "accommodation.manage": Rule(frozenset({R.CLERK, R.CASE_MANAGER, R.SUPERVISOR}), ACCOMMODATION_DIVISIONS),
    "accommodation.decide": Rule(frozenset({R.SUPERVISOR, R.DIRECTOR}), ACCOMMODATION_DIVISIONS),
    "accommodation.approve_over_cap": Rule(frozenset({R.DIRECTOR}), ACCOMMODATION_DIVISIONS),
}
BUREAU_WIDE = frozenset({R.DIRECTOR, R.ADMINISTRATOR})


def staff_profile(user):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "staff_profile", None)


def has_perm(user, perm: str) -> bool:
    rule = PERMISSIONS[perm]
    profile = staff_profile(user)
    if profile is None:
        return False
    if profile.role not in rule.roles:
        return False
    if rule.divisions is None or profile.role in BUREAU_WIDE:
        return True
    return profile.division.code in rule.divisions


def require(user, perm: str) -> None:
    if not has_perm(user, perm):
        raise PermissionDenied(_("您沒有執行此項作業的權限。"))


# --- record scoping -------------------------------------------------------------------------
# Each program registers, for the divisions that run it, the people its records concern.
PersonScope = Callable[[object], Q]  # receives the viewer's StaffProfile
_person_scopes: dict[str, list[PersonScope]] = {}


def register_person_scope(divisions: frozenset[str], scope: PersonScope) -> None:
    for code in divisions:
        _person_scopes.setdefault(code, []).append(scope)


def scope_people(user, queryset: QuerySet) -> QuerySet:
    """The people ``user`` may see: bureau-wide roles see all; others, their division's."""
    profile = staff_profile(user)
    if profile is None or not has_perm(user, "core.view_person"):
        return queryset.none()
    if profile.role in BUREAU_WIDE:
        return queryset
    scopes = _person_scopes.get(profile.division.code, [])
    if not scopes:
        return queryset.none()
    condition = Q()
    for scope in scopes:
        condition |= scope(profile)
    return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


# --- record scoping for drill-downs ---------------------------------------------------------
# Each program says who may list its records behind an indicator, and which of them.
RecordScope = Callable[[object, QuerySet], QuerySet]
_record_scopes: dict[str, RecordScope] = {}


def register_record_scope(model_label: str, scope: RecordScope) -> None:
    """``scope(user, queryset)`` returns the rows ``user`` may see or raises PermissionDenied."""
    _record_scopes[model_label] = scope


def scope_records(user, queryset: QuerySet) -> QuerySet:
    """The rows of ``queryset`` that ``user`` may list; models nobody registered are refused."""
    scope = _record_scopes.get(queryset.model._meta.label_lower)
    if scope is None:
        raise PermissionDenied(_("您沒有檢視這些紀錄的權限。"))
    return scope(user, queryset)


def scope_requiring(perm: str) -> RecordScope:
    """A record scope that lets holders of ``perm`` see every row and refuses everyone else."""

    def scope(user, queryset: QuerySet) -> QuerySet:
        require(user, perm)
        return queryset

    return scope
