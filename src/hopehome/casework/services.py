"""Every change to an occupational-injury case goes through these functions.

Confidentiality: a case is visible only to its case manager, the supervisors of that case
manager's division, and the director (:func:`visible_cases`). Every read of a case
(:func:`view_case`) and every export (:func:`export_case`, which needs a reason) is written to
the access log. Changes carry the version they were based on; a stale version is refused with
:class:`EditConflict` so that two people editing the same case never overwrite each other.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core import audit
from hopehome.core.choices import AuditAction, Role
from hopehome.core.models import AuditEntry, Person
from hopehome.core.permissions import BUREAU_WIDE, has_perm, require, staff_profile

from .choices import NEXT_STATUS, OPEN_STATUSES, CaseStatus, ServiceKind, Severity
from .models import CaseContact, CaseService, ConsolationRate, InjuryCase

CASE_FIELDS = (
    "employer", "employer_name", "injury_date", "kind", "severity", "disability_grade", "source",
    "description", "service_plan", "next_followup_on",
)  # fmt: skip


class EditConflict(ValidationError):
    """Someone else changed the case since it was opened for editing."""

    def __init__(self):
        super().__init__(
            _("此個案已被其他同仁修改，您的變更尚未儲存。請重新開啟個案，確認最新內容後再修改。"),
            code="conflict",
        )


# --- visibility -----------------------------------------------------------------------------
def visible_cases(user) -> QuerySet[InjuryCase]:
    """The cases ``user`` may see: own (case manager), division's (supervisor), all (director)."""
    profile = staff_profile(user)
    qs = InjuryCase.objects.select_related("person", "case_manager")
    if profile is None or not has_perm(user, "casework.view_case"):
        return qs.none()
    if profile.role == Role.DIRECTOR:
        return qs
    if profile.role == Role.SUPERVISOR:
        return qs.filter(case_manager__staff_profile__division=profile.division)
    return qs.filter(case_manager=user)


def _visible_case(user, pk: int, *, lock: bool = False) -> InjuryCase:
    qs = visible_cases(user)
    if lock:
        qs = qs.select_for_update(of=("self",))
    case = qs.filter(pk=pk).first()
    if case is None:
        raise PermissionDenied(_("您沒有檢視此個案的權限，或個案不存在。"))
    return case


def view_case(user, pk: int, *, context: str = "case record") -> InjuryCase:
    """Open one case for ``user``: refused unless visible, and logged as an access entry."""
    require(user, "casework.view_case")
    case = _visible_case(user, pk)
    audit._write(user, AuditAction.VIEW, case, person=case.person, context=context)  # noqa: SLF001
    return case


def export_case(user, pk: int, *, reason: str) -> dict[str, Any]:
    """The whole case as data, for a transfer or a report; needs a reason, which is logged."""
    require(user, "casework.export_case")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationError({"reason": _("匯出個案資料必須說明理由（至少 4 個字）。")})
    case = _visible_case(user, pk)
    audit._write(user, AuditAction.EXPORT, case, person=case.person, context=f"export: {reason}"[:200])  # noqa: SLF001
    return {
        "case": audit.snapshot(case),
        "person": {"name": case.person.name, "id_number": case.person.id_number, "phone": case.person.phone,
                   "address": case.person.address},
        "services": [audit.snapshot(s) for s in case.services.all()],
        "contacts": [audit.snapshot(c) for c in case.contacts.all()],
    }  # fmt: skip


def case_access_log(user, pk: int) -> QuerySet[AuditEntry]:
    """Who viewed, exported or changed this case (supervisors and the director)."""
    require(user, "casework.approve_closure")
    case = _visible_case(user, pk)
    return AuditEntry.objects.filter(
        Q(object_type="casework.injurycase", object_id=str(case.pk))
        | Q(person=case.person, object_type__startswith="casework.")
    ).order_by("-at", "-id")


# --- opening and editing --------------------------------------------------------------------
def _next_number(opened_on: date) -> str:
    prefix = f"OI{opened_on.year}-"
    last = InjuryCase.objects.filter(number__startswith=prefix).order_by("-number").values_list("number", flat=True).first()
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _check_case_manager(user) -> None:
    profile = staff_profile(user)
    if profile is None or profile.role != Role.CASE_MANAGER or not has_perm(user, "casework.manage_case"):
        raise ValidationError({"case_manager": _("個案管理員必須是勞安福利科的個案管理員。")})


def _clean_case_fields(fields: dict[str, Any], today: date) -> None:
    errors: dict[str, Any] = {}
    injury_date = fields.get("injury_date")
    if injury_date and injury_date > today:
        errors["injury_date"] = _("受傷日期不可晚於今天。")
    if fields.get("severity") == Severity.DISABILITY and not fields.get("disability_grade"):
        errors["disability_grade"] = _("失能案件須填寫失能等級（1–15）。")
    grade = fields.get("disability_grade")
    if grade is not None and not 1 <= int(grade) <= 15:
        errors["disability_grade"] = _("失能等級須介於 1 到 15。")
    nxt = fields.get("next_followup_on")
    if nxt and nxt < today - timedelta(days=1):
        errors["next_followup_on"] = _("下次追蹤日期不可早於今天。")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_case(actor, *, person: Person, case_manager=None, opened_on: date | None = None, **fields: Any) -> InjuryCase:
    """Open (收案) a case for an injured worker, assigned to a case manager."""
    require(actor, "casework.manage_case")
    case_manager = case_manager or actor
    _check_case_manager(case_manager)
    profile = staff_profile(actor)
    if profile.role == Role.CASE_MANAGER and case_manager != actor:
        raise PermissionDenied(_("個案管理員只能為自己收案；指派給他人請由主管辦理。"))
    today = timezone.localdate()
    opened_on = opened_on or today
    _clean_case_fields(fields, today)
    if fields.get("injury_date") and fields["injury_date"] > opened_on:
        raise ValidationError({"injury_date": _("受傷日期不可晚於收案日期。")})
    for attempt in range(3):
        try:
            with transaction.atomic():
                case = InjuryCase(person=person, case_manager=case_manager, opened_on=opened_on,
                                  number=_next_number(opened_on), **{k: v for k, v in fields.items() if k in CASE_FIELDS})  # fmt: skip
                case.full_clean(exclude=["number"])
                case.save()
            break
        except IntegrityError:
            if attempt == 2:
                raise
    audit.record_create(actor, case, person=person, context="open injury case")
    return case


def _save_versioned(actor, case: InjuryCase, expected_version: int, changes: dict[str, Any], context: str) -> InjuryCase:
    """Apply ``changes`` only if the case is still at ``expected_version``; audit the difference."""
    before = audit.snapshot(case, changes.keys())
    updated = InjuryCase.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    if not updated:
        raise EditConflict()
    case.refresh_from_db()
    audit.record_update(actor, case, before, person=case.person, context=context)
    return case


@transaction.atomic
def update_case(actor, pk: int, expected_version: int, **fields: Any) -> InjuryCase:
    require(actor, "casework.manage_case")
    case = _visible_case(actor, pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("已結案的個案不能修改；如需繼續服務請重新開案。"))
    changes = {k: v for k, v in fields.items() if k in CASE_FIELDS}
    merged = {k: getattr(case, k) for k in CASE_FIELDS if k != "next_followup_on"} | changes
    _clean_case_fields(merged, timezone.localdate())
    return _save_versioned(actor, case, expected_version, changes, "update injury case")


@transaction.atomic
def advance(actor, pk: int, expected_version: int) -> InjuryCase:
    """Move a case one step along intake → assessment → service plan → in service."""
    require(actor, "casework.manage_case")
    case = _visible_case(actor, pk)
    target = NEXT_STATUS.get(case.status)
    if target is None:
        raise ValidationError(_("此狀態的個案不能再往下一步。"), code="bad_transition")
    if target == CaseStatus.IN_SERVICE:
        if not case.service_plan.strip():
            raise ValidationError({"service_plan": _("開始服務前須先填寫服務計畫。")})
        if case.next_followup_on is None:
            raise ValidationError({"next_followup_on": _("開始服務前須設定下次追蹤日期。")})
    return _save_versioned(actor, case, expected_version, {"status": target}, f"advance to {target}")


@transaction.atomic
def request_closure(actor, pk: int, expected_version: int, *, reason: str, note: str = "") -> InjuryCase:
    require(actor, "casework.manage_case")
    case = _visible_case(actor, pk)
    if case.status != CaseStatus.IN_SERVICE:
        raise ValidationError(_("只有服務中的個案可以申請結案。"), code="bad_transition")
    if not reason:
        raise ValidationError({"closure_reason": _("請選擇結案原因。")})
    return _save_versioned(actor, case, expected_version, {
        "status": CaseStatus.CLOSURE_REQUESTED, "closure_reason": reason, "closure_note": note,
        "closure_requested_at": timezone.now(),
    }, "request closure")  # fmt: skip


def _check_approver(actor, case: InjuryCase) -> None:
    require(actor, "casework.approve_closure")
    if actor == case.case_manager:
        raise PermissionDenied(_("結案須由主管核准，承辦的個案管理員不能自行核准。"))


@transaction.atomic
def approve_closure(actor, pk: int, expected_version: int) -> InjuryCase:
    """A supervisor (or the director) approves the closure; the case leaves every queue."""
    case = _visible_case(actor, pk)
    _check_approver(actor, case)
    if case.status != CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("此個案沒有待核准的結案申請。"), code="bad_transition")
    return _save_versioned(actor, case, expected_version, {
        "status": CaseStatus.CLOSED, "closed_on": timezone.localdate(), "closure_approved_by": actor,
        "next_followup_on": None,
    }, "approve closure")  # fmt: skip


@transaction.atomic
def return_closure(actor, pk: int, expected_version: int, *, note: str) -> InjuryCase:
    """A supervisor sends a closure request back: the case continues in service."""
    case = _visible_case(actor, pk)
    _check_approver(actor, case)
    if case.status != CaseStatus.CLOSURE_REQUESTED:
        raise ValidationError(_("此個案沒有待核准的結案申請。"), code="bad_transition")
    if not (note or "").strip():
        raise ValidationError({"note": _("退回結案申請請說明理由。")})
    return _save_versioned(actor, case, expected_version, {
        "status": CaseStatus.IN_SERVICE, "closure_note": f"{case.closure_note}\n[退回] {note}".strip(),
        "closure_requested_at": None,
    }, "return closure request")  # fmt: skip


@transaction.atomic
def reopen(actor, pk: int, expected_version: int, *, reason: str, next_followup_on: date) -> InjuryCase:
    require(actor, "casework.manage_case")
    case = _visible_case(actor, pk)
    if case.status != CaseStatus.CLOSED:
        raise ValidationError(_("只有已結案的個案可以重新開案。"), code="bad_transition")
    if not (reason or "").strip():
        raise ValidationError({"reason": _("重新開案請說明理由。")})
    if next_followup_on < timezone.localdate():
        raise ValidationError({"next_followup_on": _("下次追蹤日期不可早於今天。")})
    return _save_versioned(actor, case, expected_version, {
        "status": CaseStatus.ASSESSMENT, "closed_on": None, "closure_approved_by": None, "closure_reason": "",
        "closure_requested_at": None, "reopened_count": case.reopened_count + 1, "next_followup_on": next_followup_on,
        "closure_note": f"{case.closure_note}\n[重新開案] {reason}".strip(),
    }, "reopen case")  # fmt: skip


@transaction.atomic
def reassign(actor, pk: int, expected_version: int, *, case_manager) -> InjuryCase:
    """A supervisor hands a case to another case manager of the division."""
    require(actor, "casework.approve_closure")
    case = _visible_case(actor, pk)
    _check_case_manager(case_manager)
    profile = staff_profile(actor)
    if profile.role not in BUREAU_WIDE and profile.role != Role.DIRECTOR:
        if case_manager.staff_profile.division_id != profile.division_id:
            raise ValidationError({"case_manager": _("只能指派給本科的個案管理員。")})
    return _save_versioned(actor, case, expected_version, {"case_manager": case_manager}, "reassign case")


# --- services and follow-ups ----------------------------------------------------------------
def consolation_amount(severity: str, on: date) -> int | None:
    rate = ConsolationRate.objects.filter(severity=severity, effective_from__lte=on).order_by("-effective_from").first()
    return rate.amount if rate else None


@transaction.atomic
def add_service(actor, pk: int, *, kind: str, provided_on: date, amount: int | None = None,
                items: str = "", note: str = "") -> CaseService:  # fmt: skip
    """Record a service on an open case. A consolation payment follows the rate table."""
    require(actor, "casework.manage_case")
    case = _visible_case(actor, pk, lock=True)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError(_("已結案的個案不能再登錄服務。"))
    if kind not in ServiceKind.values:
        raise ValidationError({"kind": _("請選擇服務項目。")})
    if provided_on > timezone.localdate():
        raise ValidationError({"provided_on": _("服務日期不可晚於今天。")})
    if provided_on < case.injury_date:
        raise ValidationError({"provided_on": _("服務日期不可早於受傷日期。")})
    if kind == ServiceKind.CONSOLATION:
        if case.services.filter(kind=ServiceKind.CONSOLATION).exists():
            raise ValidationError({"kind": _("此個案已發放過職災慰問金。")}, code="duplicate")
        standard = consolation_amount(case.severity, provided_on)
        if standard is None:
            raise ValidationError({"amount": _("尚未設定此嚴重程度的慰問金額度，請先由主管設定。")})
        amount = standard if amount in (None, "") else int(amount)
        if amount != standard:
            raise ValidationError({"amount": _("慰問金額應為 %(amount)s 元（依額度表）。") % {"amount": f"{standard:,}"}})
    elif kind == ServiceKind.GOODS and not (items or "").strip():
        raise ValidationError({"items": _("物資致贈請填寫品項。")})
    service = CaseService(case=case, kind=kind, provided_on=provided_on, amount=amount or 0, items=items.strip(),
                          note=note.strip(), recorded_by=actor)  # fmt: skip
    service.full_clean()
    service.save()
    InjuryCase.objects.filter(pk=case.pk).update(version=F("version") + 1, updated_at=timezone.now())
    audit.record_create(actor, service, person=case.person, context=f"case {case.number}")
    return service


@transaction.atomic
def record_contact(actor, pk: int, *, contacted_on: date, method: str, note: str,
                   next_followup_on: date | None) -> CaseContact:  # fmt: skip
    """A follow-up contact; open cases must always carry their next follow-up date."""
    require(actor, "casework.manage_case")
    case = _visible_case(actor, pk, lock=True)
    today = timezone.localdate()
    errors: dict[str, Any] = {}
    if contacted_on > today:
        errors["contacted_on"] = _("追蹤日期不可晚於今天。")
    if contacted_on < case.opened_on:
        errors["contacted_on"] = _("追蹤日期不可早於收案日期。")
    if not (note or "").strip():
        errors["note"] = _("請填寫追蹤紀錄。")
    if case.status != CaseStatus.CLOSED:
        if next_followup_on is None:
            errors["next_followup_on"] = _("未結案的個案必須設定下次追蹤日期。")
        elif next_followup_on <= contacted_on or next_followup_on < today:
            errors["next_followup_on"] = _("下次追蹤日期須晚於本次追蹤日期，且不可早於今天。")
    if errors:
        raise ValidationError(errors)
    contact = CaseContact(case=case, contacted_on=contacted_on, method=method, note=note.strip(),
                          next_followup_on=next_followup_on, recorded_by=actor)  # fmt: skip
    contact.full_clean()
    contact.save()
    changes: dict[str, Any] = {"version": F("version") + 1, "updated_at": timezone.now()}
    if case.status != CaseStatus.CLOSED:
        changes["next_followup_on"] = next_followup_on
    if case.first_contact_on is None:
        changes["first_contact_on"] = contacted_on
    InjuryCase.objects.filter(pk=case.pk).update(**changes)
    audit.record_create(actor, contact, person=case.person, context=f"case {case.number}")
    return contact


# --- queues ---------------------------------------------------------------------------------
def my_queue(user, today: date | None = None, horizon_days: int = 7) -> dict[str, QuerySet]:
    """A case manager's open cases: overdue, due within ``horizon_days``, and the rest."""
    today = today or timezone.localdate()
    mine = visible_cases(user).filter(case_manager=user, status__in=OPEN_STATUSES)
    return {
        "overdue": mine.filter(next_followup_on__lt=today).order_by("next_followup_on", "id"),
        "due": mine.filter(next_followup_on__gte=today, next_followup_on__lte=today + timedelta(days=horizon_days)).order_by("next_followup_on", "id"),
        "later": mine.filter(Q(next_followup_on__gt=today + timedelta(days=horizon_days)) | Q(next_followup_on__isnull=True)).order_by(F("next_followup_on").asc(nulls_first=True), "id"),
    }  # fmt: skip


def team_overview(user, today: date | None = None) -> dict[str, Any]:
    """A supervisor's view: per case manager, open / overdue / closure requests (one aggregate)."""
    require(user, "casework.approve_closure")
    today = today or timezone.localdate()
    cases = visible_cases(user)
    per_manager = (
        cases.filter(status__in=OPEN_STATUSES)
        .values("case_manager_id", "case_manager__first_name", "case_manager__username")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(next_followup_on__lt=today)),
            no_plan=Count("id", filter=Q(service_plan="")),
            closure_requests=Count("id", filter=Q(status=CaseStatus.CLOSURE_REQUESTED)),
        )
        .order_by("case_manager__username")
    )
    return {
        "per_manager": list(per_manager),
        "overdue": cases.filter(status__in=OPEN_STATUSES, next_followup_on__lt=today).order_by("next_followup_on", "id"),
        "closure_requests": cases.filter(status=CaseStatus.CLOSURE_REQUESTED).order_by("closure_requested_at", "id"),
    }


def case_managers_of(user) -> QuerySet:
    """Case managers a supervisor may assign cases to."""
    profile = staff_profile(user)
    qs = get_user_model().objects.filter(staff_profile__role=Role.CASE_MANAGER, staff_profile__division__code__in=("safety_welfare",), is_active=True)
    if profile and profile.role == Role.SUPERVISOR:
        qs = qs.filter(staff_profile__division=profile.division)
    return qs.order_by("username")


def service_totals(cases: QuerySet) -> dict[str, Any]:
    return CaseService.objects.filter(case__in=cases).aggregate(count=Count("id"), amount=Sum("amount"))


# --- staff screens: intake, the case record, rates ------------------------------------------
def lookup_worker(actor, id_number: str) -> Person | None:
    """The registered person holding ``id_number`` (exact), for intake; a match is logged."""
    from hopehome.core.services import find_person
    from hopehome.core.validators import classify_personal_id, normalize_identifier

    require(actor, "casework.manage_case")
    value = normalize_identifier(id_number)
    try:
        classify_personal_id(value, new_input=False)
    except ValidationError as e:
        raise ValidationError({"id_number": e.messages}) from None
    person = find_person(value)
    if person is not None:
        audit.record_view(actor, person, context="injury case intake lookup")
    return person


@transaction.atomic
def open_case_for_worker(actor, *, id_number: str, new_person: dict[str, Any] | None = None,
                         case_manager=None, **fields: Any) -> InjuryCase:  # fmt: skip
    """Open a case for the worker holding ``id_number``, registering the worker first if unknown.

    All or nothing: when the case is refused, no new person is left behind.
    """
    from hopehome.core.services import create_person

    require(actor, "casework.manage_case")
    person = lookup_worker(actor, id_number)
    if person is None:
        data = {k: v for k, v in (new_person or {}).items() if v not in (None, "")}
        if not (data.get("name") or "").strip():
            raise ValidationError({"name": _("查無此證號的民眾，請填寫姓名以新增民眾資料。")})
        person = create_person(actor, id_number=id_number, context="injury case intake", **data)
    return open_case(actor, person=person, case_manager=case_manager, **fields)


def case_record(user, pk: int) -> dict[str, Any]:
    """One case with its services (and totals), contacts and documents; the read is logged."""
    case = view_case(user, pk)
    services = case.services.select_related("recorded_by")
    return {
        "case": case,
        "services": list(services),
        "totals": case.services.aggregate(count=Count("id"), amount=Sum("amount")),
        "contacts": list(case.contacts.select_related("recorded_by")),
        "attachments": list(case.attachments.select_related("uploaded_by")),
    }


def consolation_rates() -> list[ConsolationRate]:
    """The rate table, each row marked ``is_current`` (in force today) or ``is_future``."""
    today = timezone.localdate()
    rates = list(ConsolationRate.objects.order_by("severity", "-effective_from"))
    seen: set[str] = set()
    for rate in rates:
        rate.is_future = rate.effective_from > today
        rate.is_current = not rate.is_future and rate.severity not in seen
        if rate.is_current:
            seen.add(rate.severity)
    return rates


@transaction.atomic
def add_consolation_rate(actor, *, severity: str, amount: int | None, effective_from: date | None,
                         note: str = "") -> ConsolationRate:  # fmt: skip
    """Add a row to the 慰問金 table (the city sets the amounts by its own rules)."""
    require(actor, "casework.edit_rates")
    errors: dict[str, Any] = {}
    if severity not in Severity.values:
        errors["severity"] = _("請選擇嚴重程度。")
    if amount is None or int(amount) <= 0:
        errors["amount"] = _("慰問金額須大於 0 元。")
    if effective_from is None:
        errors["effective_from"] = _("請輸入生效日。")
    if not errors and ConsolationRate.objects.filter(severity=severity, effective_from=effective_from).exists():
        errors["effective_from"] = _("此嚴重程度在這一天已有生效的額度，請勿重複設定。")
    if errors:
        raise ValidationError(errors)
    rate = ConsolationRate(severity=severity, amount=int(amount), effective_from=effective_from,
                           note=(note or "").strip())  # fmt: skip
    rate.full_clean()
    rate.save()
    audit.record_create(actor, rate, context="consolation rate")
    return rate
