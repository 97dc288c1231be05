"""Every state change of the job-matching app (台南工作好找, programs 3 and 4).

Each service checks who may act (a staff permission, or ownership for employers and job
seekers), validates the business rules with zh-Hant messages, writes inside one transaction
and records an audit entry. E-mails go out after the transaction commits.

Seeker services accept either the seeker's user or their :class:`SeekerProfile`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hopehome.core import audit
from hopehome.core.choices import AuditAction, OrganizationKind
from hopehome.core.dates import add_working_days
from hopehome.core.models import AuditEntry, District, Industry, MinimumWage, Organization
from hopehome.core.permissions import has_perm, require
from hopehome.core.search import index_text
from hopehome.core.search import search as search_tokens_filter
from hopehome.core.validators import normalize_identifier, validate_ubn

from .choices import (
    OPEN_APPLICATION_STATUSES,
    AdviceStatus,
    AdviceTopic,
    ApplicationSource,
    ApplicationStatus,
    EmploymentType,
    Occupation,
    RefusalReason,
    SalaryType,
    VacancyStatus,
)
from .models import (
    ACCESS_FEATURES,
    FRIENDLY_FLAGS,
    HOURS_PER_MONTH,
    AdviceRequest,
    Application,
    ApplicationEvent,
    EmployerAccount,
    SavedJob,
    SavedSearch,
    SeekerNote,
    SeekerProfile,
    Vacancy,
)
from .screening import screen_vacancy

logger = logging.getLogger(__name__)

A = ApplicationStatus
V = VacancyStatus

MAX_VACANCY_DAYS = 60  # a posting runs at most 60 days
APPLICATION_IDLE_DAYS = 60  # open applications nobody acted on for this long expire
ADVICE_TARGET_WORKING_DAYS = 3
MAX_SAVED_SEARCHES = 20
DIGEST_MAX_ITEMS = 20
MAX_MESSAGE_LENGTH = 2000

VACANCY_FIELDS: tuple[str, ...] = (
    "title", "description", "occupation", "industry", "district", "address", "employment_type",
    "salary_type", "salary_min", "salary_max", "working_hours", "openings", "requirements",
    "friendly_youth", "friendly_disability", "friendly_middle_aged", "friendly_new_immigrant",
    "friendly_indigenous", "access_step_free", "access_screen_reader", "access_assistive_devices",
    "access_flexible_hours", "contact_name", "contact_phone", "contact_email", "posted_on",
    "expires_on",
)  # fmt: skip
EDITABLE_VACANCY_STATUSES = (V.DRAFT, V.PENDING, V.REJECTED)

SEEKER_FIELDS: tuple[str, ...] = (
    "display_name", "phone", "birth_date", "desired_occupations", "desired_districts",
    "desired_types", "desired_salary", "skills", "target_groups", "needs_step_free",
    "needs_screen_reader", "needs_assistive_devices", "needs_flexible_hours",
    "accommodation_notes", "digest_enabled",
)  # fmt: skip
_SEEKER_M2M = ("desired_districts", "target_groups")

# Application moves an employer (or staff with jobs.refer) may make.
APPLICATION_MOVES: dict[str, frozenset[str]] = {
    A.NEW: frozenset({A.PROCESSING, A.INTERVIEW, A.HIRED, A.REFUSED}),
    A.PROCESSING: frozenset({A.INTERVIEW, A.HIRED, A.REFUSED}),
    A.INTERVIEW: frozenset({A.HIRED, A.REFUSED}),
}

# Saved-search parameters understood by the digest (the search form's fields).
FRIENDLY_PARAM = {field.removeprefix("friendly_"): field for field, _label in FRIENDLY_FLAGS}
ACCESS_PARAM = {field.removeprefix("access_"): field for field, _label in ACCESS_FEATURES}
SAVED_SEARCH_KEYS = frozenset(
    {"q", "district", "industry", "occupation", "employment_type", "salary_min", "friendly", "access", "sort"}
)


# --- accounts -------------------------------------------------------------------------------
def seeker_profile(user) -> SeekerProfile | None:
    """The user's job-seeker profile, or None (anonymous users, employers, staff)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if isinstance(user, SeekerProfile):
        return user
    return getattr(user, "seeker", None)


def employer_account(user) -> EmployerAccount | None:
    """The user's employer account, or None."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "employer_account", None)


def _profile(seeker) -> SeekerProfile:
    """A SeekerProfile from a profile or a seeker's user; PermissionDenied for anyone else."""
    if isinstance(seeker, SeekerProfile):
        return seeker
    profile = seeker_profile(seeker)
    if profile is None:
        raise PermissionDenied(_("此功能限求職者帳號使用。"))
    return profile


def _user_of(seeker) -> Any:
    return seeker.user if isinstance(seeker, SeekerProfile) else seeker


def _clean_email(email: str, errors: dict[str, list]) -> str:
    value = (email or "").strip().lower()
    if not value:
        errors.setdefault("email", []).append(_("請輸入電子郵件。"))
        return value
    try:
        validate_email(value)
    except ValidationError:
        errors.setdefault("email", []).append(_("「%(value)s」不是有效的電子郵件地址。") % {"value": value[:100]})
        return value
    if get_user_model().objects.filter(Q(username__iexact=value) | Q(email__iexact=value)).exists():
        errors.setdefault("email", []).append(
            _("電子郵件「%(value)s」已註冊，請直接登入或使用忘記密碼。") % {"value": value}
        )
    return value


def _check_password(password: str, user, errors: dict[str, list]) -> None:
    if not password:
        errors.setdefault("password", []).append(_("請設定密碼。"))
        return
    try:
        validate_password(password, user)
    except ValidationError as e:
        errors.setdefault("password", []).extend(e.messages)


def register_seeker(*, email: str, password: str, display_name: str, phone: str = "", birth_date=None) -> SeekerProfile:
    """Create a job seeker's account (username = e-mail lower-cased) and profile."""
    errors: dict[str, list] = {}
    email = _clean_email(email, errors)
    display_name = (display_name or "").strip()
    if not display_name:
        errors.setdefault("display_name", []).append(_("請輸入姓名或暱稱。"))
    elif len(display_name) > 100:
        errors.setdefault("display_name", []).append(_("姓名最多 100 個字。"))
    phone = (phone or "").strip()
    if len(phone) > 30:
        errors.setdefault("phone", []).append(_("電話最多 30 個字元。"))
    if birth_date is not None and birth_date > timezone.localdate():
        errors.setdefault("birth_date", []).append(_("出生日期不可晚於今天。"))
    User = get_user_model()
    _check_password(password, User(username=email, email=email), errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=email, email=email, password=password)
            profile = SeekerProfile.objects.create(
                user=user, display_name=display_name, phone=phone, birth_date=birth_date
            )
            audit.record_create(user, profile, context="seeker sign-up")
    except IntegrityError:
        raise ValidationError({"email": [_("電子郵件「%(value)s」已註冊。") % {"value": email}]}) from None
    return profile


def register_employer(
    *, email: str, password: str, ubn: str, organization_name: str, contact_name: str, phone: str,
    district=None, industry=None, address: str = "",
) -> EmployerAccount:
    """Create an employer's account; the organization with that UBN is reused or created."""
    errors: dict[str, list] = {}
    email = _clean_email(email, errors)
    ubn_value = normalize_identifier(ubn)
    try:
        validate_ubn(ubn_value)
    except ValidationError as e:
        errors.setdefault("ubn", []).extend(e.messages)
    organization_name = (organization_name or "").strip()
    contact_name = (contact_name or "").strip()
    phone = (phone or "").strip()
    address = (address or "").strip()
    if not organization_name:
        errors.setdefault("organization_name", []).append(_("請輸入事業單位名稱。"))
    if not contact_name:
        errors.setdefault("contact_name", []).append(_("請輸入聯絡人姓名。"))
    if not phone:
        errors.setdefault("phone", []).append(_("請輸入聯絡電話。"))
    elif len(phone) > 30:
        errors.setdefault("phone", []).append(_("電話最多 30 個字元。"))
    if district is not None and not isinstance(district, District):
        errors.setdefault("district", []).append(_("請選擇行政區。"))
    if industry is not None and not isinstance(industry, Industry):
        errors.setdefault("industry", []).append(_("請選擇行業。"))
    User = get_user_model()
    _check_password(password, User(username=email, email=email), errors)
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=email, email=email, password=password)
            org = Organization.objects.filter(ubn=ubn_value).first()
            if org is None:
                org = Organization.objects.create(
                    kind=OrganizationKind.EMPLOYER, name=organization_name[:200], ubn=ubn_value,
                    district=district, industry=industry, address=address[:200],
                )  # fmt: skip
                audit.record_create(user, org, context="employer sign-up")
            account = EmployerAccount.objects.create(
                user=user, organization=org, contact_name=contact_name[:100], phone=phone
            )
            audit.record_create(user, account, context="employer sign-up")
    except IntegrityError:
        raise ValidationError({"email": [_("電子郵件「%(value)s」已註冊。") % {"value": email}]}) from None
    return account


def verify_employer(actor, account: EmployerAccount) -> EmployerAccount:
    require(actor, "jobs.verify_employer")
    with transaction.atomic():
        account = EmployerAccount.objects.select_for_update().get(pk=account.pk)
        if account.is_verified:
            return account
        before = audit.snapshot(account)
        account.is_verified = True
        account.verified_at = timezone.now()
        account.verified_by = actor
        account.save(update_fields=["is_verified", "verified_at", "verified_by", "updated_at"])
        audit.record_update(actor, account, before, context="verify employer")
    return account


def update_seeker_profile(seeker, data: dict) -> SeekerProfile:
    """Change the seeker's own profile. ``data`` holds model field names; the districts and
    target groups are iterables of model instances."""
    profile = _profile(seeker)
    errors: dict[str, list] = {}
    values = {k: v for k, v in data.items() if k in SEEKER_FIELDS}
    if "display_name" in values:
        values["display_name"] = (values["display_name"] or "").strip()
        if not values["display_name"]:
            errors.setdefault("display_name", []).append(_("請輸入姓名或暱稱。"))
    if "desired_occupations" in values:
        chosen = [str(v) for v in values["desired_occupations"] or []]
        bad = [v for v in chosen if v not in Occupation.values]
        if bad:
            errors.setdefault("desired_occupations", []).append(
                _("「%(value)s」不是可選的職類。") % {"value": bad[0][:30]}
            )
        values["desired_occupations"] = list(dict.fromkeys(chosen))
    if "desired_types" in values:
        chosen = [str(v) for v in values["desired_types"] or []]
        bad = [v for v in chosen if v not in EmploymentType.values]
        if bad:
            errors.setdefault("desired_types", []).append(
                _("「%(value)s」不是可選的工作性質。") % {"value": bad[0][:30]}
            )
        values["desired_types"] = list(dict.fromkeys(chosen))
    if "desired_salary" in values and values["desired_salary"] in ("", None):
        values["desired_salary"] = None
    elif "desired_salary" in values:
        try:
            salary = int(values["desired_salary"])
        except (TypeError, ValueError):
            salary = -1
        if salary < 0:
            errors.setdefault("desired_salary", []).append(_("希望月薪應為 0 以上的整數。"))
        values["desired_salary"] = salary
    if values.get("birth_date") and values["birth_date"] > timezone.localdate():
        errors.setdefault("birth_date", []).append(_("出生日期不可晚於今天。"))
    m2m = {name: list(values.pop(name) or []) for name in _SEEKER_M2M if name in values}
    for name in ("phone", "skills", "accommodation_notes"):
        if name in values:
            values[name] = (values[name] or "").strip()
    for name in ("needs_step_free", "needs_screen_reader", "needs_assistive_devices", "needs_flexible_hours",
                 "digest_enabled"):  # fmt: skip
        if name in values:
            values[name] = bool(values[name])
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = audit.snapshot(profile, values.keys())
        for name, value in values.items():
            setattr(profile, name, value)
        try:
            profile.full_clean(exclude=["user", "person", *_SEEKER_M2M])
        except ValidationError as e:
            profile.refresh_from_db(fields=list(values))
            raise ValidationError(e.message_dict) from None
        profile.save()
        audit.record_update(_user_of(seeker), profile, before, person=profile.person, context="seeker profile")
        changed: dict[str, Any] = {}
        for name, items in m2m.items():
            manager = getattr(profile, name)
            old = sorted(manager.values_list("pk", flat=True))
            new = sorted({obj.pk for obj in items})
            if old != new:
                manager.set(items)
                changed[name] = {"before": old, "after": new}
        if changed:
            audit.record_changes(_user_of(seeker), profile, changed, person=profile.person, context="seeker profile")
    return profile


# --- vacancies ------------------------------------------------------------------------------
def vacancy_index_text(vacancy: Vacancy) -> str:
    """The search tokens of a vacancy: its texts, employer, district and occupation label."""
    with translation.override("zh-hant"):
        occupation = str(Occupation(vacancy.occupation).label) if vacancy.occupation in Occupation.values else ""
    district = vacancy.district if vacancy.district_id else None
    return index_text(
        vacancy.title, vacancy.description, vacancy.requirements,
        vacancy.employer.name if vacancy.employer_id else "",
        district.name_zh if district else "", occupation,
    )  # fmt: skip


def _is_owner(user, vacancy: Vacancy) -> bool:
    account = employer_account(user)
    return account is not None and account.organization_id == vacancy.employer_id


def _is_vacancy_staff(user) -> bool:
    return has_perm(user, "jobs.post_vacancy") or has_perm(user, "jobs.review_vacancy")


def _check_vacancy_actor(actor, vacancy: Vacancy) -> None:
    """Only the owning employer or jobs staff may change a vacancy."""
    if employer_account(actor) is not None:
        if not _is_owner(actor, vacancy):
            raise PermissionDenied(_("您只能管理貴單位刊登的職缺。"))
        return
    if not _is_vacancy_staff(actor):
        raise PermissionDenied(_("您沒有執行此項作業的權限。"))


def _add(errors: dict[str, list], field: str, message) -> None:
    errors.setdefault(field, []).append(message)


def _field_errors(vacancy: Vacancy) -> dict[str, list]:
    """Checks that hold for any saved vacancy (draft or not)."""
    errors: dict[str, list] = {}
    if not all(
        v is None or (isinstance(v, int) and not isinstance(v, bool))
        for v in (vacancy.openings, vacancy.salary_min, vacancy.salary_max)
    ):
        return errors  # not numbers yet: the field validation reports them
    if vacancy.openings is not None and vacancy.openings < 1:
        _add(errors, "openings", _("需求人數至少 1 人（目前填寫 %(value)s 人）。") % {"value": vacancy.openings})
    if vacancy.salary_min is not None and vacancy.salary_max is not None and vacancy.salary_max < vacancy.salary_min:
        _add(
            errors, "salary_max",
            _("薪資上限 %(max)s 元不可低於薪資下限 %(min)s 元。")
            % {"max": f"{vacancy.salary_max:,}", "min": f"{vacancy.salary_min:,}"},
        )  # fmt: skip
    if isinstance(vacancy.posted_on, date) and isinstance(vacancy.expires_on, date):
        if vacancy.expires_on <= vacancy.posted_on:
            _add(
                errors, "expires_on",
                _("截止日期 %(expires)s 必須晚於刊登日期 %(posted)s。")
                % {"expires": vacancy.expires_on.isoformat(), "posted": vacancy.posted_on.isoformat()},
            )  # fmt: skip
        elif vacancy.expires_on > vacancy.posted_on + timedelta(days=MAX_VACANCY_DAYS):
            _add(
                errors, "expires_on",
                _("職缺最多刊登 %(days)s 天：刊登日期 %(posted)s 的截止日期最晚為 %(latest)s。")
                % {
                    "days": MAX_VACANCY_DAYS, "posted": vacancy.posted_on.isoformat(),
                    "latest": (vacancy.posted_on + timedelta(days=MAX_VACANCY_DAYS)).isoformat(),
                },
            )  # fmt: skip
    return errors


def check_vacancy_rules(vacancy: Vacancy) -> dict[str, list[str]]:
    """The submit rules, by field (empty when the vacancy may be submitted and published):
    the salary is not below the minimum wage in force on the posting date; the expiry date is
    after the posting date and at most 60 days later; at least one opening."""
    errors = _field_errors(vacancy)
    if vacancy.salary_min is not None and isinstance(vacancy.posted_on, date):
        wage = MinimumWage.in_force(vacancy.posted_on)
        if wage is not None:
            hourly = vacancy.salary_type == SalaryType.HOURLY
            minimum = wage.hourly if hourly else wage.monthly
            if vacancy.salary_min < minimum:
                if hourly:
                    message = _(
                        "時薪 %(salary)s 元低於最低工資：%(year)s 年最低時薪為 %(minimum)s 元（%(since)s 起適用）。"
                    )
                else:
                    message = _(
                        "月薪 %(salary)s 元低於最低工資：%(year)s 年最低月薪為 %(minimum)s 元（%(since)s 起適用）。"
                    )
                _add(
                    errors, "salary_min",
                    message % {
                        "salary": f"{vacancy.salary_min:,}", "year": vacancy.posted_on.year,
                        "minimum": f"{minimum:,}", "since": wage.effective_from.isoformat(),
                    },
                )  # fmt: skip
    return {field: [str(m) for m in messages] for field, messages in errors.items()}


def save_vacancy(actor, data: dict, *, vacancy: Vacancy | None = None, employer: Organization | None = None) -> Vacancy:
    """Create (``vacancy=None``) or edit a draft, pending or rejected vacancy.

    An employer user posts for their own organization (``employer`` is ignored); staff with
    ``jobs.post_vacancy`` pass ``employer`` and the vacancy is marked as posted by the bureau.
    """
    account = employer_account(actor)
    if vacancy is None:
        if account is not None:
            employer = account.organization
            by_staff = False
        else:
            require(actor, "jobs.post_vacancy")
            if not isinstance(employer, Organization):
                raise ValidationError({"employer": [_("請選擇刊登職缺的雇主。")]})
            by_staff = True
        vacancy = Vacancy(employer=employer, created_by=actor, posted_by_staff=by_staff, status=V.DRAFT)
        creating = True
    else:
        if account is not None:
            if not _is_owner(actor, vacancy):
                raise PermissionDenied(_("您只能管理貴單位刊登的職缺。"))
        else:
            require(actor, "jobs.post_vacancy")
        vacancy = Vacancy.objects.get(pk=vacancy.pk)
        if vacancy.status not in EDITABLE_VACANCY_STATUSES:
            raise ValidationError(
                _("「%(status)s」的職缺不能修改；請關閉後重新建立。") % {"status": vacancy.get_status_display()}
            )
        creating = False
    values = {k: v for k, v in data.items() if k in VACANCY_FIELDS}
    for name in ("title", "description", "address", "working_hours", "requirements", "contact_name",
                 "contact_phone", "contact_email"):  # fmt: skip
        if name in values:
            values[name] = (values[name] or "").strip()
    if creating and not values.get("posted_on"):
        values["posted_on"] = timezone.localdate()
    if creating and not values.get("expires_on") and isinstance(values.get("posted_on"), date):
        values["expires_on"] = values["posted_on"] + timedelta(days=30)
    before = {} if creating else audit.snapshot(vacancy, VACANCY_FIELDS)
    for name, value in values.items():
        setattr(vacancy, name, value)
    errors: dict[str, list] = {}
    try:
        vacancy.full_clean(exclude=["employer", "created_by", "reviewed_by", "status"], validate_constraints=False)
    except ValidationError as e:
        errors = {field: list(messages) for field, messages in e.message_dict.items()}
    for field, messages in _field_errors(vacancy).items():
        if field not in errors:
            errors[field] = messages
    if errors:
        raise ValidationError({f: [str(m) for m in ms] for f, ms in errors.items()})
    with transaction.atomic():
        vacancy.search_tokens = vacancy_index_text(vacancy)
        vacancy.screen_findings = screen_vacancy(vacancy)  # shown to the employer while editing
        vacancy.save()
        if creating:
            audit.record_create(actor, vacancy, context="vacancy")
        else:
            audit.record_update(actor, vacancy, before, context="vacancy")
    return vacancy


def submit_vacancy(actor, vacancy: Vacancy) -> Vacancy:
    """Send a draft (or rejected) vacancy for review: rules first, then the §5 screen."""
    _check_vacancy_actor(actor, vacancy)
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().select_related("employer", "district").get(pk=vacancy.pk)
        if vacancy.status not in (V.DRAFT, V.REJECTED):
            raise ValidationError(
                _("只有草稿或退回的職缺可以送審（目前狀態：%(status)s）。") % {"status": vacancy.get_status_display()}
            )
        errors = check_vacancy_rules(vacancy)
        if errors:
            raise ValidationError(errors)
        before = audit.snapshot(vacancy, ["status", "screen_findings", "submitted_at", "rejection_reason"])
        vacancy.screen_findings = screen_vacancy(vacancy)
        vacancy.status = V.PENDING
        vacancy.submitted_at = timezone.now()
        vacancy.rejection_reason = ""
        vacancy.search_tokens = vacancy_index_text(vacancy)
        vacancy.save()
        audit.record_update(actor, vacancy, before, context="submit vacancy")
    return vacancy


def _employer_verified(vacancy: Vacancy) -> bool:
    if vacancy.posted_by_staff:
        return True
    creator = vacancy.created_by
    account = employer_account(creator) if creator is not None else None
    if account is not None:
        return account.is_verified
    return EmployerAccount.objects.filter(organization_id=vacancy.employer_id, is_verified=True).exists() or not (
        EmployerAccount.objects.filter(organization_id=vacancy.employer_id).exists()
    )


def publish_vacancy(actor, vacancy: Vacancy, *, note: str = "") -> Vacancy:
    """Publish a pending vacancy. A vacancy the screen flagged needs a note saying why it is
    not discriminatory; the submit rules are checked again."""
    require(actor, "jobs.review_vacancy")
    note = (note or "").strip()
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().select_related("employer", "district").get(pk=vacancy.pk)
        if vacancy.status != V.PENDING:
            raise ValidationError(
                _("只有待審核的職缺可以刊登（目前狀態：%(status)s）。") % {"status": vacancy.get_status_display()}
            )
        errors = check_vacancy_rules(vacancy)
        if errors:
            raise ValidationError(errors)
        if vacancy.expires_on < timezone.localdate():
            raise ValidationError(
                {"expires_on": [_("截止日期 %(date)s 已過，請退回請雇主更新刊登期間。") % {"date": vacancy.expires_on.isoformat()}]}
            )
        if not _employer_verified(vacancy):
            raise ValidationError(_("雇主帳號尚未查核，請先完成雇主查核再刊登職缺。"))
        findings = screen_vacancy(vacancy)
        if findings and not note:
            raise ValidationError(
                {"note": [_("此職缺有 %(n)s 處可能違反就業服務法第5條的文字，請說明為何不構成就業歧視後再刊登，或退回請雇主修改。") % {"n": len(findings)}]}
            )
        old_status = vacancy.status
        vacancy.screen_findings = findings
        vacancy.status = V.PUBLISHED
        vacancy.published_at = timezone.now()
        vacancy.reviewed_by = actor
        vacancy.search_tokens = vacancy_index_text(vacancy)
        vacancy.save()
        changes: dict[str, Any] = {"status": {"before": old_status, "after": V.PUBLISHED}}
        if note:
            changes["review_note"] = note
        audit.record_changes(actor, vacancy, changes, context="publish vacancy")
    _notify_vacancy_owner(vacancy, published=True)
    return vacancy


def reject_vacancy(actor, vacancy: Vacancy, reason: str) -> Vacancy:
    require(actor, "jobs.review_vacancy")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("請填寫退回原因，讓雇主知道需要修改的地方。")]})
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        if vacancy.status != V.PENDING:
            raise ValidationError(
                _("只有待審核的職缺可以退回（目前狀態：%(status)s）。") % {"status": vacancy.get_status_display()}
            )
        before = audit.snapshot(vacancy, ["status", "rejection_reason", "reviewed_by"])
        vacancy.status = V.REJECTED
        vacancy.rejection_reason = reason
        vacancy.reviewed_by = actor
        vacancy.save(update_fields=["status", "rejection_reason", "reviewed_by", "updated_at"])
        audit.record_update(actor, vacancy, before, context="reject vacancy")
    _notify_vacancy_owner(vacancy, published=False)
    return vacancy


def close_vacancy(actor, vacancy: Vacancy) -> Vacancy:
    """Stop a published (or pending) vacancy; it leaves search at once."""
    _check_vacancy_actor(actor, vacancy)
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        if vacancy.status not in (V.PUBLISHED, V.PENDING):
            raise ValidationError(
                _("只有刊登中或待審核的職缺可以關閉（目前狀態：%(status)s）。") % {"status": vacancy.get_status_display()}
            )
        before = audit.snapshot(vacancy, ["status", "closed_at"])
        vacancy.status = V.CLOSED
        vacancy.closed_at = timezone.now()
        vacancy.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record_update(actor, vacancy, before, context="close vacancy")
    return vacancy


def _bulk_audit(rows: Iterable[tuple[Any, dict]], *, context: str, person_of=None) -> None:
    """System changes of many rows (daily jobs): one update entry each."""
    entries = [
        AuditEntry(
            actor=None, actor_label="system", action=AuditAction.UPDATE,
            object_type=obj._meta.label_lower, object_id=str(obj.pk), object_repr=str(obj)[:200],
            person=person_of(obj) if person_of else None, changes=changes, context=context[:200],
        )  # fmt: skip
        for obj, changes in rows
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)


def expire_vacancies(today: date | None = None) -> int:
    """Published vacancies past their expiry date become expired; returns how many."""
    today = today or timezone.localdate()
    total = 0
    while True:
        with transaction.atomic():
            batch = list(
                Vacancy.objects.select_related("employer")
                .filter(status=V.PUBLISHED, expires_on__lt=today)
                .order_by("id")[:500]
            )
            if not batch:
                break
            changed = Vacancy.objects.filter(pk__in=[v.pk for v in batch], status=V.PUBLISHED).update(
                status=V.EXPIRED, updated_at=timezone.now()
            )
            _bulk_audit(
                ((v, {"status": {"before": V.PUBLISHED, "after": V.EXPIRED}}) for v in batch),
                context="vacancy expired",
            )
            total += changed
    return total


# --- saved jobs and searches ----------------------------------------------------------------
def save_job(seeker, vacancy: Vacancy) -> SavedJob:
    profile = _profile(seeker)
    if vacancy.status != V.PUBLISHED:
        raise ValidationError(_("只能收藏刊登中的職缺。"))
    with transaction.atomic():
        saved, created = SavedJob.objects.get_or_create(seeker=profile, vacancy=vacancy)
        if created:
            audit.record_create(_user_of(seeker), saved, person=profile.person, context="saved job")
    return saved


def unsave_job(seeker, vacancy: Vacancy) -> None:
    profile = _profile(seeker)
    with transaction.atomic():
        for saved in SavedJob.objects.filter(seeker=profile, vacancy=vacancy):
            audit.record_delete(_user_of(seeker), saved, person=profile.person, context="saved job")
            saved.delete()


def _clean_search_params(params: dict) -> dict:
    if not isinstance(params, dict):
        raise ValidationError({"params": [_("搜尋條件格式錯誤。")]})
    clean: dict[str, Any] = {}
    for key, value in params.items():
        if key not in SAVED_SEARCH_KEYS or value in (None, "", [], ()):
            continue
        if key in ("friendly", "access"):
            values = [value] if isinstance(value, str) else list(value)
            allowed = FRIENDLY_PARAM if key == "friendly" else ACCESS_PARAM
            values = [str(v) for v in values if str(v) in allowed]
            if values:
                clean[key] = values
        elif key == "salary_min":
            try:
                clean[key] = max(int(value), 0)
            except (TypeError, ValueError):
                raise ValidationError({"params": [_("薪資下限應為整數。")]}) from None
        else:
            clean[key] = str(value)[:100]
    return clean


def save_search(seeker, name: str, params: dict) -> SavedSearch:
    """Keep a search; new matches are e-mailed in the daily digest."""
    profile = _profile(seeker)
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("請為這個搜尋取個名稱。")]})
    if len(name) > 100:
        raise ValidationError({"name": [_("名稱最多 100 個字。")]})
    clean = _clean_search_params(params)
    with transaction.atomic():
        if SavedSearch.objects.filter(seeker=profile).count() >= MAX_SAVED_SEARCHES:
            raise ValidationError(
                _("最多可儲存 %(n)s 個搜尋，請先刪除不需要的搜尋。") % {"n": MAX_SAVED_SEARCHES}
            )
        saved = SavedSearch.objects.create(seeker=profile, name=name, params=clean, last_sent_at=timezone.now())
        audit.record_create(_user_of(seeker), saved, person=profile.person, context="saved search")
    return saved


def delete_saved_search(seeker, saved: SavedSearch) -> None:
    profile = _profile(seeker)
    if saved.seeker_id != profile.pk:
        raise PermissionDenied(_("您只能刪除自己儲存的搜尋。"))
    with transaction.atomic():
        audit.record_delete(_user_of(seeker), saved, person=profile.person, context="saved search")
        saved.delete()


def open_vacancies_queryset(today: date | None = None) -> QuerySet[Vacancy]:
    today = today or timezone.localdate()
    return Vacancy.objects.filter(status=V.PUBLISHED, expires_on__gte=today)


def saved_search_queryset(params: dict, *, today: date | None = None) -> QuerySet[Vacancy]:
    """Open vacancies matching a saved search's parameters (newest first)."""
    qs = open_vacancies_queryset(today)
    if params.get("district"):
        qs = qs.filter(district__postcode=params["district"])
    if params.get("industry"):
        qs = qs.filter(industry__code=params["industry"])
    if params.get("occupation"):
        qs = qs.filter(occupation=params["occupation"])
    if params.get("employment_type"):
        qs = qs.filter(employment_type=params["employment_type"])
    if params.get("salary_min"):
        qs = qs.filter(monthly_equivalent__gte=int(params["salary_min"]))
    for key in params.get("friendly") or []:
        if key in FRIENDLY_PARAM:
            qs = qs.filter(**{FRIENDLY_PARAM[key]: True})
    for key in params.get("access") or []:
        if key in ACCESS_PARAM:
            qs = qs.filter(**{ACCESS_PARAM[key]: True})
    if params.get("q"):
        qs = search_tokens_filter(qs, params["q"])
    return qs.order_by("-posted_on", "-id")


def send_saved_search_digests(now: datetime | None = None) -> int:
    """E-mail each seeker the vacancies published since each saved search last ran; returns
    the number of e-mails sent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    searches = (
        SavedSearch.objects.filter(seeker__digest_enabled=True, seeker__user__is_active=True)
        .exclude(seeker__user__email="")
        .select_related("seeker__user")
        .order_by("seeker_id", "id")
    )
    per_seeker: dict[int, list[tuple[SavedSearch, list[Vacancy], int]]] = {}
    seekers: dict[int, SeekerProfile] = {}
    done: list[int] = []
    for saved in searches.iterator(chunk_size=500):
        since = saved.last_sent_at or saved.created_at
        qs = saved_search_queryset(saved.params or {}, today=today).filter(
            published_at__gt=since, published_at__lte=now
        )
        items = list(qs.select_related("employer", "district")[:DIGEST_MAX_ITEMS])
        done.append(saved.pk)
        if not items:
            continue
        count = len(items) if len(items) < DIGEST_MAX_ITEMS else qs.count()
        per_seeker.setdefault(saved.seeker_id, []).append((saved, items, count))
        seekers[saved.seeker_id] = saved.seeker
    messages = []
    for seeker_id, sections in per_seeker.items():
        messages.append(_digest_message(seekers[seeker_id], sections))
    sent = 0
    if messages:
        try:
            sent = get_connection().send_messages(messages) or 0
        except Exception:  # the watermark stays, so the next run retries
            logger.exception("saved-search digest failed")
            return 0
    SavedSearch.objects.filter(pk__in=done).update(last_sent_at=now)
    return sent


# --- e-mail ---------------------------------------------------------------------------------
def _url(name: str, **kwargs) -> str:
    try:
        return settings.SITE_URL.rstrip("/") + reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return settings.SITE_URL.rstrip("/") + "/jobs/"


def _footer() -> list[str]:
    return ["", gettext("臺南市政府勞工局　台南工作好找"), gettext("本信件由系統自動寄送，請勿直接回覆。")]


def _send_later(recipient: str, subject: str, lines: list[str]) -> None:
    """Send one plain-text e-mail after the current transaction commits."""
    recipient = (recipient or "").strip()
    if not recipient:
        return
    message = EmailMessage(str(subject), "\n".join(str(x) for x in lines + _footer()), settings.DEFAULT_FROM_EMAIL, [recipient])

    def send():
        try:
            message.send()
        except Exception:
            logger.exception("e-mail to %s failed", recipient)

    transaction.on_commit(send)


def _digest_message(seeker: SeekerProfile, sections) -> EmailMessage:
    total = sum(count for _s, _items, count in sections)
    subject = gettext("【台南工作好找】您儲存的搜尋有 %(n)s 筆新職缺") % {"n": total}
    lines = [gettext("%(name)s 您好：") % {"name": seeker.display_name}, ""]
    for saved, items, count in sections:
        lines.append(gettext("「%(name)s」新職缺 %(n)s 筆：") % {"name": saved.name, "n": count})
        for v in items:
            lines.append(
                gettext("- %(title)s／%(employer)s／%(district)s／%(salary)s")
                % {"title": v.title, "employer": v.employer.name, "district": v.district.name,
                   "salary": salary_text(v)}  # fmt: skip
            )
            lines.append("  " + _url("jobs:detail", pk=v.pk))
        if count > len(items):
            lines.append(gettext("（另有 %(n)s 筆，請至網站查看。）") % {"n": count - len(items)})
        lines.append("")
    lines.append(gettext("不想再收到通知？請至個人資料取消「以電子郵件通知新職缺」。"))
    lines.append(_url("jobs:profile"))
    return EmailMessage(subject, "\n".join(lines + _footer()), settings.DEFAULT_FROM_EMAIL, [seeker.user.email])


def salary_text(vacancy: Vacancy) -> str:
    """「月薪 32,000–36,000 元」 / 「時薪 190 元」."""
    kind = vacancy.get_salary_type_display()
    if vacancy.salary_max and vacancy.salary_max != vacancy.salary_min:
        return gettext("%(kind)s %(min)s–%(max)s 元") % {
            "kind": kind, "min": f"{vacancy.salary_min:,}", "max": f"{vacancy.salary_max:,}",
        }  # fmt: skip
    return gettext("%(kind)s %(min)s 元") % {"kind": kind, "min": f"{vacancy.salary_min:,}"}


def _vacancy_owner_emails(vacancy: Vacancy) -> list[str]:
    """Where news about a vacancy goes: its contact address, the employer user who posted it,
    or else the organization's employer accounts."""
    emails = []
    if vacancy.contact_email:
        emails.append(vacancy.contact_email)
    creator = vacancy.created_by if vacancy.created_by_id else None
    if creator is not None and employer_account(creator) is not None:
        emails.append(creator.email)
    if not emails:
        emails = list(
            EmployerAccount.objects.filter(organization_id=vacancy.employer_id, user__is_active=True)
            .order_by("id")
            .values_list("user__email", flat=True)
        )
    return list(dict.fromkeys(e.strip().lower() for e in emails if e and e.strip()))


def _notify_vacancy_owner(vacancy: Vacancy, *, published: bool) -> None:
    for email in _vacancy_owner_emails(vacancy):
        if published:
            subject = gettext("【台南工作好找】職缺「%(title)s」已刊登") % {"title": vacancy.title}
            lines = [
                gettext("您好："), "",
                gettext("您的職缺「%(title)s」已通過審核並刊登，截止日期 %(date)s。")
                % {"title": vacancy.title, "date": vacancy.expires_on.isoformat()},
                _url("jobs:detail", pk=vacancy.pk),
            ]  # fmt: skip
        else:
            subject = gettext("【台南工作好找】職缺「%(title)s」需要修改") % {"title": vacancy.title}
            lines = [
                gettext("您好："), "",
                gettext("您的職缺「%(title)s」未通過審核，原因如下：") % {"title": vacancy.title},
                vacancy.rejection_reason, "",
                gettext("請登入修改後重新送審："), _url("employer:dashboard"),
            ]  # fmt: skip
        _send_later(email, subject, lines)


# --- applications ---------------------------------------------------------------------------
def _event(application: Application, actor, from_status: str, to_status: str, note: str = "") -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application, actor=actor if getattr(actor, "pk", None) else None,
        from_status=from_status, to_status=to_status, note=note,
    )  # fmt: skip


def _check_can_apply(profile: SeekerProfile, vacancy: Vacancy) -> None:
    today = timezone.localdate()
    if vacancy.status != V.PUBLISHED or vacancy.expires_on < today:
        raise ValidationError(_("職缺「%(title)s」已不再開放應徵。") % {"title": vacancy.title})
    if Application.objects.filter(vacancy=vacancy, seeker=profile).exists():
        raise ValidationError(_("您已應徵過職缺「%(title)s」，不能重複應徵。") % {"title": vacancy.title})


def _create_application(profile, vacancy, *, actor, source, referred_by=None, message="", note=""):
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().select_related("employer").get(pk=vacancy.pk)
        _check_can_apply(profile, vacancy)
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    vacancy=vacancy, seeker=profile, source=source, referred_by=referred_by,
                    message=message, last_action_at=timezone.now(),
                )  # fmt: skip
        except IntegrityError:
            raise ValidationError(
                _("您已應徵過職缺「%(title)s」，不能重複應徵。") % {"title": vacancy.title}
            ) from None
        _event(application, actor, "", A.NEW, note)
        audit.record_create(actor, application, person=profile.person, context=f"application ({source})")
    return application


def apply(seeker, vacancy: Vacancy, *, message: str = "") -> Application:
    """A seeker applies to an open vacancy (once)."""
    profile = _profile(seeker)
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError({"message": [_("應徵訊息最多 %(n)s 個字。") % {"n": MAX_MESSAGE_LENGTH}]})
    application = _create_application(
        profile, vacancy, actor=profile.user, source=ApplicationSource.SEEKER, message=message
    )
    v = application.vacancy
    for email in _vacancy_owner_emails(v):
        _send_later(
            email,
            gettext("【台南工作好找】職缺「%(title)s」有新的應徵") % {"title": v.title},
            [gettext("您好："), "", gettext("%(name)s 應徵了您的職缺「%(title)s」，請登入查看並回覆。")
             % {"name": profile.display_name, "title": v.title}, _url("employer:dashboard")],
        )  # fmt: skip
    return application


def refer(actor, seeker, vacancy: Vacancy, *, note: str = "") -> Application:
    """Staff refer (推介) a seeker to an open vacancy."""
    require(actor, "jobs.refer")
    profile = _profile(seeker)
    application = _create_application(
        profile, vacancy, actor=actor, source=ApplicationSource.REFERRAL, referred_by=actor,
        note=(note or "").strip(),
    )  # fmt: skip
    v = application.vacancy
    _send_later(
        profile.user.email,
        gettext("【台南工作好找】已為您推介職缺「%(title)s」") % {"title": v.title},
        [gettext("%(name)s 您好：") % {"name": profile.display_name}, "",
         gettext("就業服務人員已將您推介至「%(employer)s」的職缺「%(title)s」，雇主將與您聯繫。")
         % {"employer": v.employer.name, "title": v.title}, _url("jobs:detail", pk=v.pk)],
    )  # fmt: skip
    for email in _vacancy_owner_emails(v):
        _send_later(
            email,
            gettext("【台南工作好找】就業服務推介：職缺「%(title)s」") % {"title": v.title},
            [gettext("您好："), "", gettext("臺南市政府勞工局推介求職者 %(name)s 應徵您的職缺「%(title)s」，請登入查看並回覆。")
             % {"name": profile.display_name, "title": v.title}, _url("employer:dashboard")],
        )  # fmt: skip
    return application


def cancel_application(seeker, application: Application) -> Application:
    profile = _profile(seeker)
    if application.seeker_id != profile.pk:
        raise PermissionDenied(_("您只能取消自己的應徵。"))
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status not in OPEN_APPLICATION_STATUSES:
            raise ValidationError(
                _("這筆應徵已是「%(status)s」，不能取消。") % {"status": application.get_status_display()}
            )
        before = audit.snapshot(application, ["status", "last_action_at"])
        old = application.status
        application.status = A.CANCELLED
        application.last_action_at = timezone.now()
        application.save(update_fields=["status", "last_action_at", "updated_at"])
        _event(application, profile.user, old, A.CANCELLED)
        audit.record_update(profile.user, application, before, person=profile.person, context="cancel application")
    return application


def can_manage_application(user, application: Application) -> bool:
    """The vacancy's employer, or staff with jobs.refer."""
    account = employer_account(user)
    if account is not None:
        return account.organization_id == application.vacancy.employer_id
    return has_perm(user, "jobs.refer")


def set_application_status(
    actor, application: Application, status: str, *, interview_at=None, hired_on=None,
    refusal_reason: str = "", refusal_note: str = "", show_reason_to_seeker: bool = False, note: str = "",
) -> Application:
    """Move an application along new → processing → interview → hired | refused."""
    if not can_manage_application(actor, application):
        raise PermissionDenied(_("您只能處理貴單位職缺的應徵。"))
    refusal_reason = (refusal_reason or "").strip()
    refusal_note = (refusal_note or "").strip()
    note = (note or "").strip()
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("vacancy", "seeker__user").get(
            pk=application.pk
        )
        old = application.status
        if status not in APPLICATION_MOVES.get(old, frozenset()):
            target = A(status).label if status in A.values else status
            raise ValidationError(
                {"status": [_("應徵狀態不能從「%(from)s」改為「%(to)s」。")
                            % {"from": application.get_status_display(), "to": target}]}
            )  # fmt: skip
        errors: dict[str, list] = {}
        if status == A.REFUSED:
            if not refusal_reason:
                _add(errors, "refusal_reason", _("未錄取時請選擇原因。"))
            elif refusal_reason not in RefusalReason.values:
                _add(errors, "refusal_reason", _("「%(value)s」不是可選的未錄取原因。") % {"value": refusal_reason[:30]})
            if refusal_reason == RefusalReason.OTHER and not refusal_note:
                _add(errors, "refusal_note", _("原因為「其他」時請填寫說明。"))
        if status == A.INTERVIEW and interview_at is not None and not isinstance(interview_at, datetime):
            _add(errors, "interview_at", _("請輸入面試日期與時間。"))
        if status == A.HIRED:
            hired_on = hired_on or timezone.localdate()
            if hired_on < application.created_at.date() - timedelta(days=1):
                _add(errors, "hired_on", _("錄取日期 %(date)s 不可早於應徵日期。") % {"date": hired_on.isoformat()})
        if errors:
            raise ValidationError(errors)
        fields = ["status", "last_action_at", "interview_at", "hired_on", "refusal_reason",
                  "refusal_note", "show_reason_to_seeker"]  # fmt: skip
        before = audit.snapshot(application, fields)
        application.status = status
        application.last_action_at = timezone.now()
        if status == A.INTERVIEW and interview_at is not None:
            application.interview_at = interview_at
        if status == A.HIRED:
            application.hired_on = hired_on
        if status == A.REFUSED:
            application.refusal_reason = refusal_reason
            application.refusal_note = refusal_note
            application.show_reason_to_seeker = bool(show_reason_to_seeker)
        application.save(update_fields=[*fields, "updated_at"])
        _event(application, actor, old, status, note)
        audit.record_update(actor, application, before, person=application.seeker.person, context="application status")
    _notify_status(application)
    return application


def _notify_status(application: Application) -> None:
    seeker = application.seeker
    v = application.vacancy
    status = application.status
    lines = [gettext("%(name)s 您好：") % {"name": seeker.display_name}, ""]
    if status == A.INTERVIEW:
        lines.append(gettext("「%(employer)s」邀請您參加職缺「%(title)s」的面試。") % {"employer": v.employer.name, "title": v.title})
        if application.interview_at:
            when = timezone.localtime(application.interview_at).strftime("%Y-%m-%d %H:%M")
            lines.append(gettext("面試時間：%(when)s") % {"when": when})
    elif status == A.HIRED:
        lines.append(gettext("恭喜！「%(employer)s」已錄取您擔任「%(title)s」。") % {"employer": v.employer.name, "title": v.title})
    elif status == A.REFUSED:
        lines.append(gettext("很遺憾，您應徵的職缺「%(title)s」（%(employer)s）未獲錄取。") % {"employer": v.employer.name, "title": v.title})
        if application.show_reason_to_seeker:
            lines.append(gettext("原因：%(reason)s") % {"reason": application.get_refusal_reason_display()})
            if application.refusal_note:
                lines.append(application.refusal_note)
        lines.append(gettext("如需協助找工作，歡迎在 App 上提出諮詢。"))
    else:
        return
    lines.append(_url("jobs:applications"))
    _send_later(seeker.user.email, gettext("【台南工作好找】應徵進度更新：%(title)s") % {"title": v.title}, lines)


def expire_applications(now: datetime | None = None) -> int:
    """Open applications nobody acted on for 60 days expire; the seeker gets an e-mail."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=APPLICATION_IDLE_DAYS)
    total = 0
    while True:
        with transaction.atomic():
            batch = list(
                Application.objects.select_related("vacancy__employer", "seeker__user")
                .filter(status__in=OPEN_APPLICATION_STATUSES, last_action_at__lt=cutoff)
                .order_by("id")[:500]
            )
            if not batch:
                break
            stamp = timezone.now()
            Application.objects.filter(pk__in=[a.pk for a in batch]).update(
                status=A.EXPIRED, last_action_at=stamp, updated_at=stamp
            )
            ApplicationEvent.objects.bulk_create(
                [ApplicationEvent(application=a, at=stamp, from_status=a.status, to_status=A.EXPIRED,
                                  note=gettext("%(days)s 天未處理，系統自動結案。") % {"days": APPLICATION_IDLE_DAYS})
                 for a in batch]
            )  # fmt: skip
            _bulk_audit(
                ((a, {"status": {"before": a.status, "after": A.EXPIRED}}) for a in batch),
                context="application expired", person_of=lambda a: a.seeker.person,
            )  # fmt: skip
            for a in batch:
                _send_later(
                    a.seeker.user.email,
                    gettext("【台南工作好找】應徵已逾期：%(title)s") % {"title": a.vacancy.title},
                    [gettext("%(name)s 您好：") % {"name": a.seeker.display_name}, "",
                     gettext("您應徵「%(employer)s」的職缺「%(title)s」已超過 %(days)s 天沒有進度，系統已將這筆應徵結案。")
                     % {"employer": a.vacancy.employer.name, "title": a.vacancy.title, "days": APPLICATION_IDLE_DAYS},
                     gettext("建議您繼續應徵其他職缺，或在 App 上提出諮詢，就業服務人員會協助您。"),
                     _url("jobs:search")],
                )  # fmt: skip
            total += len(batch)
    return total


# --- seekers seen by staff ------------------------------------------------------------------
def visible_seekers(actor) -> QuerySet[SeekerProfile]:
    require(actor, "jobs.view_seeker")
    return SeekerProfile.objects.select_related("user", "person")


def _record_seeker_view(actor, profile: SeekerProfile, context: str) -> None:
    if profile.person_id:
        audit.record_view(actor, profile.person, context=context)
    else:
        audit.record_access(actor, profile, action=AuditAction.VIEW, context=context)


def view_seeker(actor, seeker) -> SeekerProfile:
    """A seeker's record for staff; the view is audited."""
    require(actor, "jobs.view_seeker")
    profile = _profile(seeker)
    _record_seeker_view(actor, profile, context="job seeker record")
    return profile


def add_seeker_note(actor, seeker, text: str) -> SeekerNote:
    require(actor, "jobs.view_seeker")
    profile = _profile(seeker)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("請輸入紀錄內容。")]})
    if len(text) > 5000:
        raise ValidationError({"text": [_("紀錄內容最多 5000 個字。")]})
    with transaction.atomic():
        note = SeekerNote.objects.create(seeker=profile, author=actor, text=text)
        audit.record_create(actor, note, person=profile.person, context="seeker note")
    return note


# --- advice requests ------------------------------------------------------------------------
def ask_advice(seeker, *, topic: str, question: str) -> AdviceRequest:
    """A seeker's question; due within 3 working days."""
    profile = _profile(seeker)
    question = (question or "").strip()
    errors: dict[str, list] = {}
    if topic not in AdviceTopic.values:
        _add(errors, "topic", _("請選擇諮詢主題。"))
    if not question:
        _add(errors, "question", _("請輸入您的問題。"))
    elif len(question) > MAX_MESSAGE_LENGTH:
        _add(errors, "question", _("問題最多 %(n)s 個字。") % {"n": MAX_MESSAGE_LENGTH})
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        advice = AdviceRequest.objects.create(
            seeker=profile, topic=topic, question=question, asked_at=now,
            due_on=add_working_days(timezone.localdate(now), ADVICE_TARGET_WORKING_DAYS),
        )  # fmt: skip
        audit.record_create(profile.user, advice, person=profile.person, context="advice request")
    return advice


def answer_advice(actor, advice: AdviceRequest, answer: str) -> AdviceRequest:
    require(actor, "jobs.answer_advice")
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("請輸入回覆內容。")]})
    with transaction.atomic():
        advice = AdviceRequest.objects.select_for_update().select_related("seeker__user").get(pk=advice.pk)
        if advice.status != AdviceStatus.OPEN:
            raise ValidationError(
                _("這則諮詢已是「%(status)s」，不能再回覆。") % {"status": advice.get_status_display()}
            )
        before = audit.snapshot(advice, ["status", "answer", "answered_at", "answered_by", "answered_within_target"])
        now = timezone.now()
        advice.status = AdviceStatus.ANSWERED
        advice.answer = answer
        advice.answered_at = now
        advice.answered_by = actor
        advice.answered_within_target = timezone.localdate(now) <= advice.due_on
        advice.save()
        audit.record_update(actor, advice, before, person=advice.seeker.person, context="answer advice")
        seeker = advice.seeker
        _send_later(
            seeker.user.email,
            gettext("【台南工作好找】您的諮詢已回覆：%(topic)s") % {"topic": advice.get_topic_display()},
            [gettext("%(name)s 您好：") % {"name": seeker.display_name}, "",
             gettext("您在 %(date)s 提出的問題：") % {"date": timezone.localdate(advice.asked_at).isoformat()},
             advice.question, "", gettext("就業服務人員的回覆："), answer, "", _url("jobs:advice")],
        )  # fmt: skip
    return advice


def withdraw_advice(seeker, advice: AdviceRequest) -> AdviceRequest:
    profile = _profile(seeker)
    if advice.seeker_id != profile.pk:
        raise PermissionDenied(_("您只能撤回自己的諮詢。"))
    with transaction.atomic():
        advice = AdviceRequest.objects.select_for_update().get(pk=advice.pk)
        if advice.status != AdviceStatus.OPEN:
            raise ValidationError(
                _("這則諮詢已是「%(status)s」，不能撤回。") % {"status": advice.get_status_display()}
            )
        before = audit.snapshot(advice, ["status"])
        advice.status = AdviceStatus.WITHDRAWN
        advice.save(update_fields=["status", "updated_at"])
        audit.record_update(profile.user, advice, before, person=profile.person, context="withdraw advice")
    return advice


def hourly_to_monthly(amount: int) -> int:
    return amount * HOURS_PER_MONTH
