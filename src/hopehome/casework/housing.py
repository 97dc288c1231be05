"""Housing repair with union volunteers (職災及弱勢勞工房屋修繕): every change goes through here.

An application moves applied → surveyed → approved (or rejected) → in progress (first work day)
→ completed (before/after photos and the household's satisfaction). Volunteer teams are unions
and associations; their volunteers bring trades and attend work days. Changes carry an optional
``expected_version``: a stale one is refused with :class:`RepairConflict`, nothing lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core import audit
from hopehome.core.choices import OrganizationKind
from hopehome.core.models import District, Organization, Person
from hopehome.core.permissions import require
from hopehome.core.services import create_organization, create_person, find_person
from hopehome.core.text import join_list
from hopehome.core.validators import normalize_identifier

from .choices import AttachmentKind, HouseholdCategory, RepairStatus, Trade
from .models import Attachment, InjuryCase, RepairApplication, Volunteer, VolunteerTeam, WorkDay

PROGRAMME_START_YEAR = 2013
TEAM_KINDS = (OrganizationKind.UNION, OrganizationKind.NGO)
OPEN_REPAIR_STATUSES = (
    RepairStatus.APPLIED, RepairStatus.SURVEYED, RepairStatus.APPROVED, RepairStatus.IN_PROGRESS,
)  # fmt: skip
MAX_MATERIALS_COST = 10_000_000
SCHEDULE_HORIZON_DAYS = 366


class RepairConflict(ValidationError):
    """Someone else changed the application since it was opened for editing."""

    def __init__(self):
        super().__init__(
            _(
                "此修繕申請已被其他同仁修改，您的變更尚未儲存。請重新開啟申請，確認最新內容後再修改。"
            ),
            code="conflict",
        )


# --- reading --------------------------------------------------------------------------------
def applications(actor, *, status: str | None = None) -> QuerySet[RepairApplication]:
    """Applications for the list screen, newest first, with the applicant and district."""
    require(actor, "housing.view")
    qs = RepairApplication.objects.select_related("applicant", "district").order_by(
        "-applied_on", "-id"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def overview(actor, year: int) -> dict[str, Any]:
    """Counts by status, this year's completed homes and the cumulative counter — one query."""
    require(actor, "housing.view")
    start, end = date(PROGRAMME_START_YEAR, 1, 1), date(year, 12, 31)
    figures = RepairApplication.objects.aggregate(
        total=Count("id"),
        completed_year=Count("id", filter=Q(status=RepairStatus.COMPLETED, completed_on__range=(date(year, 1, 1), end))),
        completed_cumulative=Count("id", filter=Q(status=RepairStatus.COMPLETED, completed_on__range=(start, end))),
        **{f"status_{value}": Count("id", filter=Q(status=value)) for value in RepairStatus.values},
    )  # fmt: skip
    return {
        "total": figures["total"],
        "completed_year": figures["completed_year"],
        "completed_cumulative": figures["completed_cumulative"],
        "by_status": [
            (value, label, figures[f"status_{value}"]) for value, label in RepairStatus.choices
        ],
    }


def application_for_staff(
    actor, pk: int, *, perm: str = "housing.view", log: bool = False
) -> RepairApplication:
    """One application; with ``log`` the read is written to the access log (the detail screen)."""
    require(actor, perm)
    application = (
        RepairApplication.objects.select_related(
            "applicant", "district", "injury_case", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise RepairApplication.DoesNotExist
    if log:
        audit.record_view(
            actor, application.applicant, context=f"repair application {application.number}"
        )
    return application


def application_details(application: RepairApplication) -> dict[str, Any]:
    """Work days (with team and volunteers) and attachments by kind, for the detail screen."""
    work_days = list(
        application.work_days.select_related("team__organization")
        .prefetch_related("volunteers")
        .order_by("date", "id")
    )
    labels = dict(Trade.choices)
    for day in work_days:
        day.trade_names = [str(labels[t]) for t in day.trades if t in labels]
    attachments = list(application.attachments.order_by("created_at", "id"))
    by_kind = {value: [] for value in AttachmentKind.values}
    for a in attachments:
        by_kind[a.kind].append(a)
    attendances = sum(len(d.volunteers.all()) for d in work_days)
    return {"work_days": work_days, "attachments": by_kind, "attendances": attendances}


def teams(actor) -> list[VolunteerTeam]:
    """Every team with its volunteers (each with ``trade_names``) and its number of work days."""
    require(actor, "housing.view")
    result = list(
        VolunteerTeam.objects.select_related("organization")
        .prefetch_related("volunteers")
        .annotate(work_day_count=Count("work_days", distinct=True))
        .order_by("organization__name", "id")
    )
    labels = dict(Trade.choices)
    for team in result:
        for volunteer in team.volunteers.all():
            volunteer.trade_names = [str(labels[t]) for t in volunteer.trades if t in labels]
    return result


def team_candidates() -> QuerySet[Organization]:
    """Unions and associations that are not yet a volunteer team."""
    return Organization.objects.filter(kind__in=TEAM_KINDS, volunteer_team__isnull=True).order_by(
        "name"
    )


# --- helpers --------------------------------------------------------------------------------
def _locked(application: RepairApplication, expected_version: int | None) -> RepairApplication:
    current = (
        RepairApplication.objects.select_for_update()
        .select_related("applicant")
        .get(pk=application.pk)
    )
    if expected_version is not None and int(expected_version) != current.version:
        raise RepairConflict()
    return current


def _save(
    actor, application: RepairApplication, changes: dict[str, Any], context: str
) -> RepairApplication:
    before = audit.snapshot(application, changes.keys())
    RepairApplication.objects.filter(pk=application.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), **changes
    )
    application.refresh_from_db()
    audit.record_update(actor, application, before, person=application.applicant, context=context)
    return application


def _bump(application: RepairApplication) -> None:
    RepairApplication.objects.filter(pk=application.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )


def _clean_trades(trades: Iterable[str] | None, field: str, *, required: bool = True) -> list[str]:
    values = list(dict.fromkeys(trades or []))
    unknown = [t for t in values if t not in Trade.values]
    if unknown:
        raise ValidationError(
            {field: _("工種「%(trade)s」不在工種清單中。") % {"trade": unknown[0]}}
        )
    if required and not values:
        raise ValidationError({field: _("請至少選擇一個工種。")})
    return [t for t in Trade.values if t in values]


def _clean_phone(phone: str | None, field: str) -> str:
    phone = (phone or "").strip()
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone and (
        not all(ch.isdigit() or ch in " -+()#" for ch in phone) or not 7 <= len(digits) <= 15
    ):
        raise ValidationError({field: _("電話號碼格式不正確（例如 06-2991111 或 0912345678）。")})
    return phone


def _next_number(applied_on: date) -> str:
    prefix = f"HR{applied_on.year}-"
    last = (
        RepairApplication.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:04d}"


def _resolve_applicant(actor, applicant: Person | dict[str, Any]) -> Person:
    if isinstance(applicant, Person):
        return applicant
    data = dict(applicant or {})
    id_number = normalize_identifier(data.get("id_number"))
    if not id_number:
        raise ValidationError({"id_number": _("請輸入申請人的身分證字號或統一證號。")})
    existing = find_person(id_number)
    if existing is not None:
        name = (data.get("name") or "").strip()
        if name and name != existing.name:
            raise ValidationError({"name": _("此證號已登錄，但姓名與登錄資料不符，請確認。")})
        return existing
    data["id_number"] = id_number
    data["phone"] = _clean_phone(data.get("phone"), "phone")
    return create_person(actor, context="repair application", **data)


def _resolve_case(actor, injury_case: InjuryCase | str | None) -> InjuryCase | None:
    from .services import visible_cases

    if injury_case in (None, ""):
        return None
    qs = visible_cases(actor)
    if isinstance(injury_case, InjuryCase):
        found = qs.filter(pk=injury_case.pk).first()
    else:
        found = qs.filter(number=str(injury_case).strip().upper()).first()
    if found is None:
        raise ValidationError({"injury_case": _("查無此職災個案，或您沒有檢視此個案的權限。")})
    return found


# --- applications ---------------------------------------------------------------------------
@transaction.atomic
def apply_for_repair(actor, *, applicant: Person | dict[str, Any], category: str, address: str,
                     district: District | None = None, eligibility_note: str = "",
                     injury_case: InjuryCase | str | None = None,
                     applied_on: date | None = None) -> RepairApplication:  # fmt: skip
    """Register a household's application; ``applicant`` is a Person or new person data."""
    require(actor, "housing.manage")
    today = timezone.localdate()
    applied_on = applied_on or today
    errors: dict[str, Any] = {}
    if category not in HouseholdCategory.values:
        errors["category"] = _("請選擇身分類別。")
    address = (address or "").strip()
    if not address:
        errors["address"] = _("請輸入修繕地址。")
    elif len(address) > 200:
        errors["address"] = _("地址不可超過 200 個字。")
    if applied_on > today:
        errors["applied_on"] = _("申請日期不可晚於今天。")
    elif applied_on.year < PROGRAMME_START_YEAR:
        errors["applied_on"] = _("申請日期不可早於計畫開辦的 2013 年。")
    if errors:
        raise ValidationError(errors)
    case = _resolve_case(actor, injury_case)
    person = _resolve_applicant(actor, applicant)
    if RepairApplication.objects.filter(applicant=person, status__in=OPEN_REPAIR_STATUSES).exists():
        raise ValidationError(
            {
                "id_number": ValidationError(
                    _("此申請人已有一件辦理中的修繕申請，請勿重複申請。"), code="duplicate"
                )
            }
        )
    for attempt in range(3):
        try:
            with transaction.atomic():
                application = RepairApplication(
                    number=_next_number(applied_on), applicant=person, category=category, address=address,
                    district=district, eligibility_note=(eligibility_note or "").strip(), injury_case=case,
                    applied_on=applied_on,
                )  # fmt: skip
                application.full_clean(exclude=["number"])
                application.save()
            break
        except IntegrityError:
            if attempt == 2:
                raise
    audit.record_create(actor, application, person=person, context="repair application")
    return application


@transaction.atomic
def record_survey(actor, application: RepairApplication, *, surveyed_on: date, needs: dict[str, str],
                  expected_version: int | None = None) -> RepairApplication:  # fmt: skip
    """The site survey (會勘): the repair needs by trade."""
    require(actor, "housing.manage")
    application = _locked(application, expected_version)
    if application.status not in (RepairStatus.APPLIED, RepairStatus.SURVEYED):
        raise ValidationError(_("只有尚未核定的申請可以登錄會勘結果。"), code="bad_transition")
    errors: dict[str, Any] = {}
    if surveyed_on is None:
        errors["surveyed_on"] = _("請輸入會勘日期。")
    elif surveyed_on < application.applied_on:
        errors["surveyed_on"] = _("會勘日期不可早於申請日期。")
    elif surveyed_on > timezone.localdate():
        errors["surveyed_on"] = _("會勘日期不可晚於今天。")
    cleaned: dict[str, str] = {}
    for trade, text in (needs or {}).items():
        if trade not in Trade.values:
            errors["needs"] = _("工種「%(trade)s」不在工種清單中。") % {"trade": trade}
            break
        text = (text or "").strip()
        if len(text) > 500:
            errors[f"need_{trade}"] = _("每個工種的需求說明不可超過 500 個字。")
        elif text:
            cleaned[trade] = text
    if not cleaned and "needs" not in errors:
        errors["needs"] = _("請至少填寫一個工種的修繕需求。")
    if errors:
        raise ValidationError(errors)
    needs_in_order = {t: cleaned[t] for t in Trade.values if t in cleaned}
    return _save(actor, application, {"surveyed_on": surveyed_on, "needs": needs_in_order,
                                      "status": RepairStatus.SURVEYED}, "repair survey")  # fmt: skip


@transaction.atomic
def decide(actor, application: RepairApplication, *, approve: bool, reason: str = "",
           expected_version: int | None = None) -> RepairApplication:  # fmt: skip
    """A supervisor approves the repair or rejects it with a reason."""
    require(actor, "housing.approve")
    application = _locked(application, expected_version)
    if application.status != RepairStatus.SURVEYED:
        raise ValidationError(_("完成會勘的申請才能核定。"), code="bad_transition")
    reason = (reason or "").strip()
    if approve:
        changes = {"status": RepairStatus.APPROVED, "rejection_reason": ""}
    else:
        if not reason:
            raise ValidationError({"reason": _("不予修繕須說明理由。")})
        if len(reason) > 200:
            raise ValidationError({"reason": _("理由不可超過 200 個字。")})
        changes = {"status": RepairStatus.REJECTED, "rejection_reason": reason}
    changes["decided_by"] = actor
    return _save(actor, application, changes, "repair decision")


# --- volunteer teams ------------------------------------------------------------------------
@transaction.atomic
def register_team(actor, organization: Organization | dict[str, Any], contact_name: str = "",
                  contact_phone: str = "") -> VolunteerTeam:  # fmt: skip
    """A union or association joins as a volunteer team; ``organization`` may be new data."""
    require(actor, "housing.manage")
    contact_name = (contact_name or "").strip()
    if len(contact_name) > 100:
        raise ValidationError({"contact_name": _("聯絡人姓名不可超過 100 個字。")})
    contact_phone = _clean_phone(contact_phone, "contact_phone")
    if isinstance(organization, dict):
        kind = organization.get("kind")
        if kind not in TEAM_KINDS:
            raise ValidationError({"kind": _("志工團隊須為工會或協會等非營利團體。")})
        if not (organization.get("name") or "").strip():
            raise ValidationError({"name": _("請輸入團體名稱。")})
        organization = create_organization(actor, context="volunteer team", **organization)
    elif organization is None:
        raise ValidationError({"organization": _("請選擇團體或輸入新團體名稱。")})
    elif organization.kind not in TEAM_KINDS:
        raise ValidationError({"organization": _("志工團隊須為工會或協會等非營利團體。")})
    if VolunteerTeam.objects.filter(organization=organization).exists():
        raise ValidationError(
            {"organization": ValidationError(_("此團體已是志工團隊。"), code="duplicate")}
        )
    team = VolunteerTeam.objects.create(
        organization=organization, contact_name=contact_name, contact_phone=contact_phone
    )
    audit.record_create(actor, team, context="volunteer team")
    return team


@transaction.atomic
def add_volunteer(
    actor, team: VolunteerTeam, name: str, phone: str = "", trades: Iterable[str] = ()
) -> Volunteer:
    """A volunteer of a team with the trades they bring."""
    require(actor, "housing.manage")
    team = VolunteerTeam.objects.select_for_update().get(pk=team.pk)
    if not team.is_active:
        raise ValidationError({"team": _("此志工團隊已停止合作，不能新增志工。")})
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("請輸入志工姓名。")})
    if len(name) > 100:
        raise ValidationError({"name": _("姓名不可超過 100 個字。")})
    phone = _clean_phone(phone, "phone")
    trades = _clean_trades(trades, "trades")
    if team.volunteers.filter(name=name, phone=phone).exists():
        raise ValidationError(
            {"name": ValidationError(_("此團隊已有同名同電話的志工。"), code="duplicate")}
        )
    volunteer = Volunteer.objects.create(team=team, name=name, phone=phone, trades=trades)
    audit.record_create(actor, volunteer, context=f"volunteer of {team.organization.name}"[:200])
    return volunteer


# --- work, costs and completion -------------------------------------------------------------
def _clean_hours(hours) -> Decimal:
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, ValueError):
        raise ValidationError({"hours": _("請輸入每人時數（例如 8 或 4.5）。")}) from None
    if not value.is_finite() or not Decimal("0.5") <= value <= Decimal("24"):
        raise ValidationError({"hours": _("每人時數須介於 0.5 到 24 小時。")})
    if value != value.quantize(Decimal("0.1")):
        raise ValidationError({"hours": _("每人時數最多到小數點後一位。")})
    return value


@transaction.atomic
def schedule_work_day(actor, application: RepairApplication, *, date: date, team: VolunteerTeam,
                      volunteers: Iterable[Volunteer], trades: Iterable[str], hours=8, note: str = "",
                      expected_version: int | None = None) -> WorkDay:  # fmt: skip
    """A day of work with a team and its volunteers; the first one starts the repair."""
    require(actor, "housing.manage")
    application = _locked(application, expected_version)
    if application.status not in (RepairStatus.APPROVED, RepairStatus.IN_PROGRESS):
        raise ValidationError(_("核定修繕後才能安排施工日。"), code="bad_transition")
    errors: dict[str, Any] = {}
    today = timezone.localdate()
    earliest = application.surveyed_on or application.applied_on
    if date is None:
        errors["date"] = _("請輸入施工日期。")
    elif date < earliest:
        errors["date"] = _("施工日期不可早於會勘日期。")
    elif date > today + timedelta(days=SCHEDULE_HORIZON_DAYS):
        errors["date"] = _("施工日期只能排在一年內。")
    if team is None:
        errors["team"] = _("請選擇志工團隊。")
    elif not team.is_active:
        errors["team"] = _("此志工團隊已停止合作。")
    volunteers = list(volunteers or [])
    if not volunteers:
        errors["volunteers"] = _("請至少選擇一位出勤志工。")
    elif team is not None and any(v.team_id != team.pk for v in volunteers):
        errors["volunteers"] = _("出勤志工必須是所選志工團隊的成員。")
    elif any(not v.is_active for v in volunteers):
        errors["volunteers"] = _("已停止服務的志工不能排入施工日。")
    note = (note or "").strip()
    if len(note) > 200:
        errors["note"] = _("備註不可超過 200 個字。")
    if errors:
        raise ValidationError(errors)
    trades = _clean_trades(trades, "trades")
    hours = _clean_hours(hours)
    if application.work_days.filter(date=date, team=team).exists():
        raise ValidationError(
            {"date": ValidationError(_("此團隊在這一天已排有施工。"), code="duplicate")}
        )
    day = WorkDay.objects.create(
        application=application, date=date, team=team, trades=trades, hours=hours, note=note
    )
    day.volunteers.set(volunteers)
    audit.record_create(
        actor, day, person=application.applicant, context=f"repair {application.number}"
    )
    audit.record_changes(actor, day, {"volunteers": {"before": [], "after": sorted(v.pk for v in volunteers)}},
                         person=application.applicant, context=f"repair {application.number}")  # fmt: skip
    if application.status == RepairStatus.APPROVED:
        _save(actor, application, {"status": RepairStatus.IN_PROGRESS}, "first work day")
    else:
        _bump(application)
    return day


@transaction.atomic
def record_costs(actor, application: RepairApplication, *, materials_cost: int, donations: str = "",
                 expected_version: int | None = None) -> RepairApplication:  # fmt: skip
    """Materials cost and the goods and money donated for the repair."""
    require(actor, "housing.manage")
    application = _locked(application, expected_version)
    if application.status == RepairStatus.REJECTED:
        raise ValidationError(_("不予修繕的申請不能登錄費用。"), code="bad_transition")
    try:
        cost = int(materials_cost)
    except (TypeError, ValueError):
        raise ValidationError({"materials_cost": _("材料費請輸入整數金額（新臺幣元）。")}) from None
    if cost < 0 or cost > MAX_MATERIALS_COST:
        raise ValidationError({"materials_cost": _("材料費須介於 0 到 10,000,000 元。")})
    donations = (donations or "").strip()
    if len(donations) > 2000:
        raise ValidationError({"donations": _("捐贈說明不可超過 2,000 個字。")})
    return _save(
        actor, application, {"materials_cost": cost, "donations": donations}, "repair costs"
    )


@transaction.atomic
def complete(actor, application: RepairApplication, *, completed_on: date, satisfaction: int,
             expected_version: int | None = None) -> RepairApplication:  # fmt: skip
    """Completion (完工): work done, before and after photos, and the household's satisfaction."""
    require(actor, "housing.manage")
    application = _locked(application, expected_version)
    if application.status != RepairStatus.IN_PROGRESS:
        raise ValidationError(_("施工中的申請才能登錄完工。"), code="bad_transition")
    last_day = application.work_days.aggregate(last=Max("date"))["last"]
    if last_day is None:
        raise ValidationError(_("尚未登錄任何施工日，不能完工。"))
    photos = Attachment.objects.filter(repair=application).aggregate(
        before=Count("id", filter=Q(kind=AttachmentKind.BEFORE)),
        after=Count("id", filter=Q(kind=AttachmentKind.AFTER)),
    )
    errors: dict[str, Any] = {}
    missing = []
    if not photos["before"]:
        missing.append(_("修繕前照片"))
    if not photos["after"]:
        missing.append(_("修繕後照片"))
    if missing:
        errors[NON_FIELD_ERRORS] = _("完工須附修繕前與修繕後照片，尚缺：%(missing)s。") % {
            "missing": join_list(missing)
        }
    if completed_on is None:
        errors["completed_on"] = _("請輸入完工日期。")
    elif completed_on < last_day:
        errors["completed_on"] = _("完工日期不可早於最後一個施工日（%(day)s）。") % {
            "day": last_day.isoformat()
        }
    elif completed_on > timezone.localdate():
        errors["completed_on"] = _("完工日期不可晚於今天。")
    try:
        satisfaction = int(satisfaction)
    except (TypeError, ValueError):
        satisfaction = 0
    if not 1 <= satisfaction <= 5:
        errors["satisfaction"] = _("滿意度須為 1 到 5 分。")
    if errors:
        raise ValidationError(errors)
    return _save(actor, application, {"status": RepairStatus.COMPLETED, "completed_on": completed_on,
                                      "satisfaction": satisfaction}, "repair completed")  # fmt: skip


# --- figures --------------------------------------------------------------------------------
def completed_count(year: int) -> int:
    """Homes repaired (completed) in ``year``."""
    return RepairApplication.objects.filter(
        status=RepairStatus.COMPLETED, completed_on__range=(date(year, 1, 1), date(year, 12, 31))
    ).count()


def completed_cumulative(until_year: int) -> int:
    """Homes repaired since the programme began in 2013, up to the end of ``until_year``."""
    return RepairApplication.objects.filter(
        status=RepairStatus.COMPLETED,
        completed_on__range=(date(PROGRAMME_START_YEAR, 1, 1), date(until_year, 12, 31)),
    ).count()


def volunteer_days(year: int) -> int:
    """Volunteer attendances in ``year``: one per volunteer per work day."""
    return WorkDay.volunteers.through.objects.filter(
        workday__date__range=(date(year, 1, 1), date(year, 12, 31))
    ).count()
