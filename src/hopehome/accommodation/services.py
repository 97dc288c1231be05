"""Job redesign (職務再設計): every change to an application goes through these functions.

An application is taken in by the bureau from the employer's (or the self-employed worker's)
paper or e-mail form, with its items in the five official categories. It moves submitted →
under review → approved | partly approved | rejected → disbursed → closed (the follow-up three
months after the start date). Items may be added or changed until the decision.

The yearly cap (:class:`~.models.SubsidyCap`, NT$100,000): the amounts approved for one person in
one calendar year — the year of the decision — may not exceed the cap in force on the decision
date. A decision that would pass it is refused with the amount still available. Officially
approved exceptions exist; only the director (``accommodation.approve_over_cap``) may approve
over the cap, and must record why; the exception is written to the audit trail.

Every step checks its permission and writes an audit entry tied to the worker
(``person=application.person``); opening an application writes an access entry.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core import audit
from hopehome.core.choices import DisabilityCategory, OrganizationKind
from hopehome.core.models import Organization, Person, TargetGroup
from hopehome.core.permissions import has_perm, require
from hopehome.core.services import create_organization, create_person, find_person
from hopehome.core.validators import normalize_identifier, validate_ubn

from .choices import (
    APPROVED_STATUSES,
    ApplicantKind,
    ApplicationStatus,
    Category,
    Impairment,
    ItemDecision,
)
from .models import RedesignApplication, RedesignItem, SubsidyCap

S = ApplicationStatus
PROGRAMME_START_YEAR = 2013  # the first cap row; earlier dates are typing mistakes
MAX_ITEM_AMOUNT = 1_000_000
MAX_ITEMS = 30
FOLLOW_UP_MONTHS = 3
EDITABLE_STATUSES = (S.SUBMITTED, S.UNDER_REVIEW)
DECIDED_STATUSES = (S.APPROVED, S.PARTLY_APPROVED)
PUBLIC_EMPLOYER_KINDS = (OrganizationKind.GOVERNMENT, OrganizationKind.SCHOOL)
# The certificate category a new person gets from the impairment the redesign addresses.
DISABILITY_OF_IMPAIRMENT = {
    Impairment.VISUAL: DisabilityCategory.SENSORY,
    Impairment.HEARING: DisabilityCategory.SENSORY,
    Impairment.MOBILITY: DisabilityCategory.MOVEMENT,
    Impairment.INTELLECTUAL: DisabilityCategory.MENTAL,
    Impairment.PSYCHIATRIC: DisabilityCategory.MENTAL,
}
APPLICATION_FIELDS = (
    "applicant_kind", "certificate_number", "certificate_valid_until", "impairment", "job_title",
    "workplace", "needs", "submitted_on",
)  # fmt: skip
ITEM_FIELDS = ("category", "name", "description", "amount_requested")


def money(amount: int | None) -> str:
    """NT$ amounts as the bureau writes them: 35,000."""
    return f"{int(amount or 0):,}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day when it has fewer days)."""
    import calendar

    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def follow_up_from(employment_start: date) -> date:
    """The first day the three-month follow-up may be recorded."""
    return add_months(employment_start, FOLLOW_UP_MONTHS)


# --- the cap ----------------------------------------------------------------------------------
def cap_in_force(on: date) -> SubsidyCap | None:
    return SubsidyCap.objects.filter(effective_from__lte=on).order_by("-effective_from").first()


def cap_amount(on: date) -> int | None:
    cap = cap_in_force(on)
    return cap.amount if cap else None


def approved_in_year(
    person: Person, year: int, *, exclude: RedesignApplication | None = None
) -> int:
    """What has been approved for ``person`` in ``year`` (one aggregate query)."""
    qs = RedesignApplication.objects.filter(person=person, year=year, status__in=APPROVED_STATUSES)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.aggregate(total=Coalesce(Sum("approved_total"), 0))["total"]


def cap_usage(person: Person, year: int) -> dict[str, int | None]:
    """Approved this year, the cap in force at the end of it (or today), and what remains."""
    today = timezone.localdate()
    on = min(date(year, 12, 31), today) if year <= today.year else date(year, 1, 1)
    cap = cap_amount(on)
    approved = approved_in_year(person, year)
    remaining = None if cap is None else max(cap - approved, 0)
    return {"year": year, "approved": approved, "cap": cap, "remaining": remaining}


# --- reading ----------------------------------------------------------------------------------
def applications(actor, *, status: str = "", year: int | None = None, category: str = "",
                 number: str = "") -> QuerySet[RedesignApplication]:  # fmt: skip
    """The list screen: newest first, with person, employer and the requested total.

    ``year`` is the decision year; undecided applications count in the year they were submitted.
    ``category`` keeps applications with at least one item in that category.
    """
    require(actor, "accommodation.view")
    qs = RedesignApplication.objects.select_related("person", "employer")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(
            Q(year=year)
            | Q(
                year__isnull=True,
                submitted_on__gte=date(year, 1, 1),
                submitted_on__lte=date(year, 12, 31),
            )
        )
    if category:
        qs = qs.filter(
            Exists(RedesignItem.objects.filter(application=OuterRef("pk"), category=category))
        )
    if number:
        qs = qs.filter(number__istartswith=number.strip())
    return qs.annotate(requested_total=Coalesce(Sum("items__amount_requested"), 0)).order_by(
        "-submitted_on", "-id"
    )


def status_counts(actor) -> list[tuple[str, str, int]]:
    """Applications per status (one query), in the order of the lifecycle."""
    require(actor, "accommodation.view")
    counts = dict(
        RedesignApplication.objects.values_list("status").annotate(n=Count("id")).order_by()
    )
    return [(value, label, counts.get(value, 0)) for value, label in ApplicationStatus.choices]


def get_application(
    actor, pk: int, *, perm: str = "accommodation.view", log: bool = False
) -> RedesignApplication:
    """One application for ``actor``; with ``log`` the read is written to the access log."""
    require(actor, perm)
    application = (
        RedesignApplication.objects.select_related(
            "person", "employer", "case_manager", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise RedesignApplication.DoesNotExist
    if log:
        audit.record_view(
            actor, application.person, context=f"job redesign application {application.number}"
        )
    return application


def view_application(actor, pk: int) -> RedesignApplication:
    """Open an application's record: permission-checked and logged as an access entry."""
    return get_application(actor, pk, log=True)


def follow_ups_due(actor, today: date | None = None) -> dict[str, QuerySet[RedesignApplication]]:
    """Disbursed applications whose three-month follow-up is due, and those still without a start
    date (the follow-up cannot be scheduled until it is known)."""
    require(actor, "accommodation.view")
    today = today or timezone.localdate()
    latest_start = add_months(today, -FOLLOW_UP_MONTHS)
    base = RedesignApplication.objects.select_related("person", "employer")
    return {
        "due": base.filter(status=S.DISBURSED, employment_start__isnull=False, employment_start__lte=latest_start)
        .order_by("employment_start", "id"),
        "upcoming": base.filter(status=S.DISBURSED, employment_start__gt=latest_start).order_by("employment_start", "id"),
        "no_start": base.filter(status__in=(*DECIDED_STATUSES, S.DISBURSED), employment_start__isnull=True)
        .order_by("decided_on", "id"),
    }  # fmt: skip


# --- helpers ----------------------------------------------------------------------------------
def _locked(application: RedesignApplication) -> RedesignApplication:
    return (
        RedesignApplication.objects.select_for_update()
        .select_related("person")
        .get(pk=application.pk)
    )


def _save(
    actor, application: RedesignApplication, changes: dict[str, Any], context: str
) -> RedesignApplication:
    before = audit.snapshot(application, changes.keys())
    for key, value in changes.items():
        setattr(application, key, value)
    application.save()
    audit.record_update(actor, application, before, person=application.person, context=context)
    return application


def _next_number(submitted_on: date) -> str:
    prefix = f"JR-{submitted_on.year}-"
    last = (
        RedesignApplication.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _clean_text(data: Mapping[str, Any], key: str, limit: int) -> str:
    return str(data.get(key) or "").strip()[: limit + 1]


def clean_item(data: Mapping[str, Any], prefix: str = "") -> tuple[dict[str, Any], dict[str, Any]]:
    """One item's cleaned values and its errors by field name."""
    errors: dict[str, Any] = {}
    category = str(data.get("category") or "")
    if category not in Category.values:
        errors["category"] = _("請選擇補助類別。")
    name = _clean_text(data, "name", 100)
    if not name:
        errors["name"] = _("請輸入項目名稱，例如「擴視機」。")
    elif len(name) > 100:
        errors["name"] = _("項目名稱不可超過 100 個字。")
    description = _clean_text(data, "description", 2000)
    if len(description) > 2000:
        errors["description"] = _("說明不可超過 2,000 個字。")
    amount = data.get("amount_requested")
    try:
        amount = int(amount) if amount not in (None, "") and not isinstance(amount, bool) else None
    except (TypeError, ValueError):
        amount = None
        errors["amount_requested"] = _("申請金額須為整數（新臺幣元）。")
    if amount is None and "amount_requested" not in errors:
        errors["amount_requested"] = _("請輸入申請金額（新臺幣元）。")
    elif amount is not None and not 1 <= amount <= MAX_ITEM_AMOUNT:
        errors["amount_requested"] = _("申請金額須介於 1 元至 %(max)s 元。") % {
            "max": money(MAX_ITEM_AMOUNT)
        }
    values = {
        "category": category,
        "name": name,
        "description": description,
        "amount_requested": amount,
    }
    return values, {f"{prefix}{k}": v for k, v in errors.items()}


def _clean_items(items: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = list(items or [])
    if not rows:
        raise ValidationError({"items": _("請至少填寫一個申請項目。")})
    if len(rows) > MAX_ITEMS:
        raise ValidationError({"items": _("一件申請最多 %(n)d 個項目。") % {"n": MAX_ITEMS}})
    cleaned, messages = [], []
    for n, row in enumerate(rows, start=1):
        values, errors = clean_item(row)
        cleaned.append(values)
        for message in errors.values():
            messages.append(_("第 %(n)d 項：%(message)s") % {"n": n, "message": message})
    if messages:
        raise ValidationError({"items": messages})
    return cleaned


def _resolve_employer(
    actor, data: Mapping[str, Any], kind: str, errors: dict
) -> Organization | None:
    employer = data.get("employer")
    ubn = normalize_identifier(data.get("employer_ubn"))
    name = str(data.get("employer_name") or "").strip()
    if kind == ApplicantKind.SELF_EMPLOYED:
        if employer is not None or ubn:
            errors["employer_ubn"] = _("自營作業者申請時不需填寫雇主。")
        return None
    if isinstance(employer, Organization):
        if not employer.ubn and not (
            employer.is_bureau_unit or employer.kind in PUBLIC_EMPLOYER_KINDS
        ):
            errors["employer"] = _("雇主須有統一編號，請先至機構資料補登。")
        return employer
    if not ubn:
        errors["employer_ubn"] = _("請輸入雇主的統一編號。")
        return None
    try:
        validate_ubn(ubn)
    except ValidationError as e:
        errors["employer_ubn"] = e.messages
        return None
    existing = Organization.objects.filter(ubn=ubn).first()
    if existing is not None:
        return existing
    if not name:
        errors["employer_name"] = _("此統一編號尚未登錄，請輸入雇主名稱。")
        return None
    if len(name) > 200:
        errors["employer_name"] = _("雇主名稱不可超過 200 個字。")
        return None
    return data  # created once the rest of the form is valid (see create_application)


def _resolve_person(
    actor, data: Mapping[str, Any], impairment: str, errors: dict
) -> Person | dict[str, Any] | None:
    person = data.get("person")
    if isinstance(person, Person):
        return person
    id_number = normalize_identifier(data.get("id_number"))
    if not id_number:
        errors["id_number"] = _("請輸入身心障礙者的身分證字號或統一證號。")
        return None
    existing = find_person(id_number)
    name = str(data.get("name") or "").strip()
    if existing is not None:
        if name and name != existing.name:
            errors["name"] = _("此證號已登錄，但姓名與登錄資料不符，請確認。")
        return existing
    if not name:
        errors["name"] = _("請輸入身心障礙者姓名。")
        return None
    fields = {"id_number": id_number, "name": name}
    for key in ("birth_date", "sex", "phone", "email", "district", "address"):
        if data.get(key) not in (None, ""):
            fields[key] = data[key]
    fields["disability_category"] = data.get("disability_category") or DISABILITY_OF_IMPAIRMENT.get(
        impairment, ""
    )
    return fields


def _create_person(actor, fields: dict[str, Any], impairment: str, context: str) -> Person:
    codes = ["disabled"] + (["visually_impaired"] if impairment == Impairment.VISUAL else [])
    groups = list(TargetGroup.objects.filter(code__in=codes))
    return create_person(actor, target_groups=groups, context=context, **fields)


# --- intake -----------------------------------------------------------------------------------
@transaction.atomic
def create_application(actor, data: Mapping[str, Any], items: Iterable[Mapping[str, Any]], *,
                       context: str = "job redesign application") -> RedesignApplication:  # fmt: skip
    """Register an application taken in from the paper or e-mail form.

    ``data``: ``applicant_kind``; the employer as ``employer`` (an Organization) or
    ``employer_ubn`` (+ ``employer_name`` when the UBN is new) — none for a self-employed
    applicant; the worker as ``person`` or ``id_number`` + ``name`` (+ ``birth_date``, ``sex``,
    ``phone``); ``certificate_number``, ``certificate_valid_until``, ``impairment``,
    ``job_title``, ``workplace``, ``needs``, ``submitted_on`` (default today), ``case_manager``.
    ``items``: dicts with ``category``, ``name``, ``description``, ``amount_requested``.
    """
    require(actor, "accommodation.manage")
    today = timezone.localdate()
    errors: dict[str, Any] = {}
    kind = str(data.get("applicant_kind") or "")
    if kind not in ApplicantKind.values:
        errors["applicant_kind"] = _("請選擇申請人類別（雇主或自營作業者）。")
    impairment = str(data.get("impairment") or "")
    if impairment not in Impairment.values:
        errors["impairment"] = _("請選擇障礙類型。")
    certificate = _clean_text(data, "certificate_number", 40)
    if not certificate:
        errors["certificate_number"] = _("請輸入身心障礙證明字號。")
    elif len(certificate) > 40:
        errors["certificate_number"] = _("證明字號不可超過 40 個字。")
    job_title = _clean_text(data, "job_title", 100)
    if not job_title:
        errors["job_title"] = _("請輸入擔任的職務，例如「電話服務員」。")
    elif len(job_title) > 100:
        errors["job_title"] = _("職務不可超過 100 個字。")
    workplace = _clean_text(data, "workplace", 200)
    if not workplace:
        errors["workplace"] = _("請輸入工作地點。")
    elif len(workplace) > 200:
        errors["workplace"] = _("工作地點不可超過 200 個字。")
    needs = _clean_text(data, "needs", 5000)
    if not needs:
        errors["needs"] = _("請說明工作上遇到的困難與需要的協助。")
    elif len(needs) > 5000:
        errors["needs"] = _("需求說明不可超過 5,000 個字。")
    submitted_on = data.get("submitted_on") or today
    if not isinstance(submitted_on, date):
        errors["submitted_on"] = _("日期格式不正確。")
    elif submitted_on > today:
        errors["submitted_on"] = _("申請日期不可晚於今天。")
    elif submitted_on.year < PROGRAMME_START_YEAR:
        errors["submitted_on"] = _("申請日期不可早於 %(year)d 年。") % {
            "year": PROGRAMME_START_YEAR
        }
    valid_until = data.get("certificate_valid_until") or None
    if valid_until is not None and not isinstance(valid_until, date):
        errors["certificate_valid_until"] = _("日期格式不正確。")
    elif valid_until and isinstance(submitted_on, date) and valid_until < submitted_on:
        errors["certificate_valid_until"] = _("身心障礙證明在申請日已過期，請附有效證明。")
    case_manager = data.get("case_manager") or None
    if case_manager is not None and not has_perm(case_manager, "accommodation.manage"):
        errors["case_manager"] = _("承辦人須為就業促進科同仁。")
    employer = (
        _resolve_employer(actor, data, kind, errors) if kind in ApplicantKind.values else None
    )
    person = _resolve_person(actor, data, impairment, errors)
    try:
        cleaned_items = _clean_items(items)
    except ValidationError as e:
        errors.update(e.message_dict)
    if errors:
        raise ValidationError(errors)
    if isinstance(employer, Mapping):
        employer = create_organization(
            actor, name=str(employer.get("employer_name")).strip(), kind=OrganizationKind.EMPLOYER,
            ubn=normalize_identifier(employer.get("employer_ubn")), context=context,
        )  # fmt: skip
    if isinstance(person, dict):
        person = _create_person(actor, person, impairment, context)
    for attempt in range(3):
        try:
            with transaction.atomic():
                application = RedesignApplication.objects.create(
                    number=_next_number(submitted_on), applicant_kind=kind, employer=employer, person=person,
                    certificate_number=certificate, certificate_valid_until=valid_until, impairment=impairment,
                    job_title=job_title, workplace=workplace, needs=needs, submitted_on=submitted_on,
                    case_manager=case_manager or actor,
                )  # fmt: skip
            break
        except IntegrityError:
            if attempt == 2:
                raise
    audit.record_create(actor, application, person=person, context=context)
    for values in cleaned_items:
        item = RedesignItem.objects.create(application=application, **values)
        audit.record_create(actor, item, person=person, context=context)
    return application


def _editable(application: RedesignApplication) -> None:
    if application.status not in EDITABLE_STATUSES:
        raise ValidationError(_("申請已核定，項目不能再修改。"), code="bad_transition")


@transaction.atomic
def add_item(actor, application: RedesignApplication, data: Mapping[str, Any]) -> RedesignItem:
    """Add an item while the application is submitted or under review."""
    require(actor, "accommodation.manage")
    application = _locked(application)
    _editable(application)
    if application.items.count() >= MAX_ITEMS:
        raise ValidationError(_("一件申請最多 %(n)d 個項目。") % {"n": MAX_ITEMS})
    values, errors = clean_item(data)
    if errors:
        raise ValidationError(errors)
    item = RedesignItem.objects.create(application=application, **values)
    audit.record_create(
        actor, item, person=application.person, context=f"job redesign item of {application.number}"
    )
    return item


@transaction.atomic
def edit_item(actor, item: RedesignItem, data: Mapping[str, Any]) -> RedesignItem:
    """Change an item's category, name, description or amount before the decision."""
    require(actor, "accommodation.manage")
    application = _locked(item.application)
    _editable(application)
    item = RedesignItem.objects.select_for_update().get(pk=item.pk)
    values, errors = clean_item({k: data.get(k, getattr(item, k)) for k in ITEM_FIELDS})
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(item, ITEM_FIELDS)
    for key, value in values.items():
        setattr(item, key, value)
    item.save()
    audit.record_update(
        actor,
        item,
        before,
        person=application.person,
        context=f"job redesign item of {application.number}",
    )
    return item


@transaction.atomic
def remove_item(actor, item: RedesignItem) -> None:
    """Withdraw an item before the decision; an application keeps at least one."""
    require(actor, "accommodation.manage")
    application = _locked(item.application)
    _editable(application)
    if application.items.count() <= 1:
        raise ValidationError(_("申請至少要有一個項目；若整件撤回，請於審查時不予核定。"))
    audit.record_delete(
        actor, item, person=application.person, context=f"job redesign item of {application.number}"
    )
    item.delete()


@transaction.atomic
def start_review(
    actor, application: RedesignApplication, *, case_manager=None
) -> RedesignApplication:
    """Take a submitted application into review (optionally reassigning its case manager)."""
    require(actor, "accommodation.manage")
    application = _locked(application)
    if application.status != S.SUBMITTED:
        raise ValidationError(_("只有「已申請」的案件可以開始審查。"), code="bad_transition")
    changes: dict[str, Any] = {"status": S.UNDER_REVIEW}
    if case_manager is not None:
        if not has_perm(case_manager, "accommodation.manage"):
            raise ValidationError({"case_manager": _("承辦人須為就業促進科同仁。")})
        changes["case_manager"] = case_manager
    return _save(actor, application, changes, "job redesign review started")


# --- the decision -----------------------------------------------------------------------------
def _clean_decisions(items: list[RedesignItem], decisions: Mapping[Any, Any]) -> tuple[dict[int, tuple[str, int, str]], list[str]]:  # fmt: skip
    by_id: dict[int, Any] = {}
    for key, value in (decisions or {}).items():
        try:
            by_id[int(key)] = value
        except (TypeError, ValueError):
            by_id[-1] = value  # reported below as not belonging to the application
    cleaned: dict[int, tuple[str, int, str]] = {}
    messages: list[str] = []
    unknown = set(by_id) - {i.pk for i in items}
    if unknown:
        messages.append(_("審查結果含有不屬於本案的項目。"))
    for item in items:
        label = item.name
        if item.pk not in by_id:
            messages.append(_("「%(item)s」尚未填寫審查結果。") % {"item": label})
            continue
        try:
            decision, amount, reason = by_id[item.pk]
        except (TypeError, ValueError):
            messages.append(_("「%(item)s」的審查結果格式不正確。") % {"item": label})
            continue
        reason = str(reason or "").strip()
        if len(reason) > 200:
            messages.append(_("「%(item)s」的審查理由不可超過 200 個字。") % {"item": label})
            continue
        try:
            amount = None if amount in (None, "") else int(amount)
        except (TypeError, ValueError):
            messages.append(_("「%(item)s」的核定金額須為整數。") % {"item": label})
            continue
        if decision == ItemDecision.APPROVED:
            if amount is not None and amount != item.amount_requested:
                messages.append(
                    _("「%(item)s」核定金額與申請金額不同時，請選擇「核減」。") % {"item": label}
                )
                continue
            amount = item.amount_requested
        elif decision == ItemDecision.REDUCED:
            if amount is None or not 1 <= amount < item.amount_requested:
                messages.append(
                    _("「%(item)s」核減後的金額須介於 1 元至 %(max)s 元（低於申請金額）。")
                    % {"item": label, "max": money(item.amount_requested - 1)}
                )
                continue
            if not reason:
                messages.append(_("「%(item)s」核減須說明理由。") % {"item": label})
                continue
        elif decision == ItemDecision.REJECTED:
            if amount:
                messages.append(_("「%(item)s」不予補助時核定金額應為 0。") % {"item": label})
                continue
            amount = 0
            if not reason:
                messages.append(_("「%(item)s」不予補助須說明理由。") % {"item": label})
                continue
        else:
            messages.append(
                _("請選擇「%(item)s」的審查結果（核定、核減或不予補助）。") % {"item": label}
            )
            continue
        cleaned[item.pk] = (decision, amount, reason)
    return cleaned, messages


@transaction.atomic
def decide(actor, application: RedesignApplication, decisions: Mapping[Any, Any], reason: str = "", *,
           cap_exception_reason: str = "", decided_on: date | None = None) -> RedesignApplication:  # fmt: skip
    """Decide every item: ``decisions`` maps item id → (decision, amount, reason).

    All items approved → approved; all rejected → rejected (a reason is required); otherwise
    partly approved (a reason is required). The approved total counts against the cap of the
    decision year; see the module documentation for the exception.
    """
    require(actor, "accommodation.decide")
    today = timezone.localdate()
    decided_on = decided_on or today
    application = _locked(application)
    if application.status != S.UNDER_REVIEW:
        raise ValidationError(
            _("只有「審查中」的案件可以核定；請先開始審查。"), code="bad_transition"
        )
    errors: dict[str, Any] = {}
    if decided_on > today:
        errors["decided_on"] = _("核定日期不可晚於今天。")
    elif decided_on < application.submitted_on:
        errors["decided_on"] = _("核定日期不可早於申請日期。")
    reason = (reason or "").strip()
    cap_exception_reason = (cap_exception_reason or "").strip()
    items = list(application.items.select_for_update().order_by("category", "id"))
    cleaned, messages = _clean_decisions(items, decisions)
    if messages:
        errors["decisions"] = messages
    if errors:
        raise ValidationError(errors)
    results = {d for d, _amount, _reason in cleaned.values()}
    total = sum(amount for _d, amount, _reason in cleaned.values())
    if results == {ItemDecision.APPROVED}:
        status = S.APPROVED
    elif results == {ItemDecision.REJECTED}:
        status = S.REJECTED
    else:
        status = S.PARTLY_APPROVED
    if status != S.APPROVED and not reason:
        raise ValidationError({"reason": _("不予核定或部分核定時，須填寫審查意見。")})
    over_cap, cap, used = False, None, 0
    if total:
        # The person's row is locked so that two decisions cannot both pass the cap.
        list(
            Person.objects.select_for_update()
            .filter(pk=application.person_id)
            .values_list("pk", flat=True)
        )
        cap = cap_amount(decided_on)
        used = approved_in_year(application.person, decided_on.year, exclude=application)
        if cap is not None and used + total > cap:
            over_cap = True
            params = {"cap": money(cap), "used": money(used), "total": money(total),
                      "remaining": money(max(cap - used, 0)), "year": decided_on.year}  # fmt: skip
            if not has_perm(actor, "accommodation.approve_over_cap"):
                raise ValidationError(
                    _("核定 %(total)s 元將超過每人每年補助上限 %(cap)s 元：%(year)d 年已核定 %(used)s 元，"
                      "本年度尚可核定 %(remaining)s 元。超過上限須經局長專案核准。") % params,
                    code="over_cap",
                )  # fmt: skip
            if not cap_exception_reason:
                raise ValidationError({"cap_exception_reason": _(
                    "核定 %(total)s 元將超過每人每年補助上限 %(cap)s 元（本年度尚可核定 %(remaining)s 元）；"
                    "專案核准超過上限須填寫核准理由。") % params})  # fmt: skip
    for item in items:
        decision, amount, item_reason = cleaned[item.pk]
        before = audit.snapshot(item, ("decision", "amount_approved", "reason"))
        item.decision, item.amount_approved, item.reason = decision, amount, item_reason
        item.save(update_fields=["decision", "amount_approved", "reason"])
        audit.record_update(actor, item, before, person=application.person,
                            context=f"job redesign decision {application.number}")  # fmt: skip
    changes = {
        "status": status, "decided_on": decided_on, "decided_by": actor, "year": decided_on.year,
        "decision_reason": reason, "approved_total": total,
        "cap_exception_reason": cap_exception_reason if over_cap else "",
    }  # fmt: skip
    application = _save(actor, application, changes, "job redesign decision")
    if over_cap:
        audit.record_changes(
            actor, application,
            {"cap_exception": {"year": decided_on.year, "cap": cap, "approved_before": used, "approved_now": total,
                               "reason": cap_exception_reason}},
            person=application.person, context="approved over the yearly cap",
        )  # fmt: skip
    return application


# --- after the decision -----------------------------------------------------------------------
@transaction.atomic
def disburse(actor, application: RedesignApplication, amount: int, on: date) -> RedesignApplication:
    """Record the payment (撥款): at most the approved total, not before the decision."""
    require(actor, "accommodation.manage")
    application = _locked(application)
    if application.status not in DECIDED_STATUSES:
        raise ValidationError(
            _("只有已核定（或部分核定）且尚未撥款的案件可以登錄撥款。"), code="bad_transition"
        )
    errors: dict[str, Any] = {}
    try:
        amount = int(amount)
    except (TypeError, ValueError):
        amount = 0
    if not 1 <= amount <= application.approved_total:
        errors["amount"] = _("撥款金額須介於 1 元至核定金額 %(total)s 元。") % {
            "total": money(application.approved_total)
        }
    if not isinstance(on, date):
        errors["on"] = _("請輸入撥款日期。")
    elif on > timezone.localdate():
        errors["on"] = _("撥款日期不可晚於今天。")
    elif application.decided_on and on < application.decided_on:
        errors["on"] = _("撥款日期不可早於核定日期 %(date)s。") % {
            "date": application.decided_on.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    return _save(actor, application, {"status": S.DISBURSED, "disbursed_amount": amount, "disbursed_on": on},
                 "job redesign disbursement")  # fmt: skip


@transaction.atomic
def record_start(
    actor, application: RedesignApplication, employment_start: date
) -> RedesignApplication:
    """The worker's start date in the job the redesign supports (到職日)."""
    require(actor, "accommodation.manage")
    application = _locked(application)
    if application.status not in (*DECIDED_STATUSES, S.DISBURSED):
        raise ValidationError(
            _("只有已核定且尚未結案的案件可以登錄到職日期。"), code="bad_transition"
        )
    if not isinstance(employment_start, date):
        raise ValidationError({"employment_start": _("請輸入到職日期。")})
    if employment_start > timezone.localdate():
        raise ValidationError({"employment_start": _("到職日期不可晚於今天；請於到職後登錄。")})
    if employment_start.year < PROGRAMME_START_YEAR - 30:
        raise ValidationError({"employment_start": _("到職日期不正確。")})
    return _save(
        actor, application, {"employment_start": employment_start}, "job redesign employment start"
    )


@transaction.atomic
def follow_up(actor, application: RedesignApplication, on: date, employed_after_3_months: bool,
              note: str = "") -> RedesignApplication:  # fmt: skip
    """The three-month follow-up; it closes the case. Only from three months after the start."""
    require(actor, "accommodation.manage")
    application = _locked(application)
    if application.status != S.DISBURSED:
        raise ValidationError(_("只有已撥款的案件可以登錄三個月追蹤。"), code="bad_transition")
    if application.employment_start is None:
        raise ValidationError(_("請先登錄到職日期，才能登錄三個月追蹤。"), code="no_start")
    errors: dict[str, Any] = {}
    earliest = follow_up_from(application.employment_start)
    if not isinstance(on, date):
        errors["on"] = _("請輸入追蹤日期。")
    elif on > timezone.localdate():
        errors["on"] = _("追蹤日期不可晚於今天。")
    elif on < earliest:
        errors["on"] = _("到職滿三個月（%(date)s）後才能登錄追蹤結果。") % {
            "date": earliest.isoformat()
        }
    if employed_after_3_months not in (True, False):
        errors["employed_after_3_months"] = _("請選擇三個月後是否仍在職。")
    note = (note or "").strip()
    if len(note) > 2000:
        errors["note"] = _("追蹤紀錄不可超過 2,000 個字。")
    elif employed_after_3_months is False and not note:
        errors["note"] = _("未持續就業時，請記錄離職原因與後續協助。")
    if errors:
        raise ValidationError(errors)
    return _save(
        actor, application,
        {"status": S.CLOSED, "followed_up_on": on, "employed_after_3_months": employed_after_3_months,
         "follow_up_note": note},
        "job redesign follow-up",
    )  # fmt: skip
