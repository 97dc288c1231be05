"""Program 5 workflow: inspections, notices, penalty decisions, their history and publication.

Every change goes through these functions. Each checks the permission (``inspection.*`` in
:mod:`hopehome.core.permissions`), then the record-level rule, runs in one transaction, writes
an audit entry and refuses bad input with a :class:`ValidationError` that changes nothing.

Record-level rules: an inspector sees the inspections they lead or are assigned to, a
supervisor those of their division, the director all (:func:`visible_inspections`); penalties
follow their inspection (:func:`visible_penalties`). The complainant's identity (勞基法 §74) is
read only through :func:`complaint_for`, by the assigned inspectors and their supervisor, and
every read is logged.

Workflow of an inspection::

    planned → inspected → notice_issued (限期改善) → penalty_decided → published
            → follow_up (複查) → closed
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core import audit
from hopehome.core.choices import AuditAction, Role
from hopehome.core.models import Organization
from hopehome.core.permissions import INSPECTION_DIVISIONS, has_perm, require, staff_profile
from hopehome.core.search import index_text, search
from hopehome.core.text import fold, join_list

from .choices import (
    LAW_ALIASES,
    UNDER_APPEAL,
    AppealStatus,
    InspectionStatus,
    InspectionType,
    Law,
    Origin,
    PenaltyEventKind,
    PenaltyStatus,
    Project,
    Result,
    Source,
)
from .models import (
    Award,
    Complaint,
    CounsellingVisit,
    Inspection,
    Penalty,
    PenaltyEvent,
    PenaltyItem,
    PenaltyRange,
    SafetyPartnership,
    Violation,
)

AUTHORITY = "臺南市"
MAX_NOTICE_DAYS = 90  # 限期改善: the deadline is at most this many days away
MAX_PLAN_AHEAD_DAYS = 730
AGGRAVATION_PERCENT = 50  # 勞基法 §79(4): the maximum may be raised by up to 50 %
# Stored notes are data in the register's language, not interface text.
AGGRAVATION_NOTE = "依勞動基準法第79條第4項加重"
MAX_AMOUNT = 100_000_000
S = InspectionStatus

# Where each step may start from.
NOTICE_FROM = (S.INSPECTED,)
PENALTY_FROM = (S.INSPECTED, S.NOTICE_ISSUED, S.PENALTY_DECIDED)
FOLLOW_UP_FROM = (S.INSPECTED, S.NOTICE_ISSUED, S.PENALTY_DECIDED, S.PUBLISHED)
CLOSE_FROM = (S.INSPECTED, S.PENALTY_DECIDED, S.PUBLISHED, S.FOLLOW_UP)


def _today() -> date:
    return timezone.localdate()


# --- articles and fine ranges ---------------------------------------------------------------
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_RUN = re.compile("[" + "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "]+")
_ARTICLE_FULL = re.compile(r"第?(\d+)條(?:之(\d+))?(?:第(\d+)項)?(?:第(\d+)款)?")
ARTICLE_HINT = _("請寫成「第24條」、「第32條第2項」或「第17條之1」的形式。")


def _cn_number(text: str) -> int:
    total = current = 0
    for ch in text:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def normalize_article(value: Any) -> str:
    """An article as 第N條, 第N條第M項, 第N條之1 (…第K款): from "24", "§24", "24-1", "第二十四條" ….

    A law name in front ("勞動基準法第24條") is dropped. Raises ValidationError if unreadable.
    """
    raw = str(value or "")
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", raw))
    for name in sorted(LAW_ALIASES, key=len, reverse=True):
        if text.startswith(name):
            text = text[len(name) :]
            break
    text = _CN_RUN.sub(lambda m: str(_cn_number(m.group())), text.lstrip("§"))
    parts: tuple[str | None, ...] | None = None
    if re.fullmatch(r"\d+", text):
        parts = (text, None, None, None)
    elif m := re.fullmatch(r"(\d+)-(\d+)", text):
        parts = (m.group(1), m.group(2), None, None)
    elif m := _ARTICLE_FULL.fullmatch(text):
        parts = m.groups()
    if not parts or any(p is not None and not 1 <= int(p) <= 999 for p in parts):
        raise ValidationError(
            _("條文「%(value)s」的格式無法辨識。%(hint)s"),
            code="bad_article", params={"value": raw.strip()[:40], "hint": ARTICLE_HINT},
        )  # fmt: skip
    number, sub, paragraph, item = (int(p) if p else None for p in parts)
    article = f"第{number}條"
    if sub:
        article += f"之{sub}"
    if paragraph:
        article += f"第{paragraph}項"
    if item:
        article += f"第{item}款"
    return article


def normalize_law(value: Any) -> str:
    """A law code from its code or any of its names (勞基法, 性別工作平等法 …)."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value or "")))
    if text in Law.values:
        return text
    if text in LAW_ALIASES:
        return LAW_ALIASES[text].value
    raise ValidationError(_("請從清單選擇違反的法規。"), code="bad_law")


def article_candidates(article: str) -> list[str]:
    """The article itself, then without 款, without 項, and the base article 第N條."""
    out = [article]
    for pattern in (r"第\d+款$", r"第\d+項$", r"之\d+$"):
        article = re.sub(pattern, "", article)
        out.append(article)
    return list(dict.fromkeys(a for a in out if a))


def penalty_range(law: str, article: str, on: date | None = None) -> PenaltyRange | None:
    """The fine range for ``law`` + ``article`` valid on ``on``: the exact article first, else its
    base article ("第30條第1項" → "第30條"). None when the table has no row (other acts)."""
    on = on or _today()
    candidates = article_candidates(article)
    rows = PenaltyRange.objects.filter(law=law, article__in=candidates, valid_from__lte=on).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=on)
    )
    best: dict[str, PenaltyRange] = {}
    for row in rows.order_by("-valid_from"):
        best.setdefault(row.article, row)
    return next((best[a] for a in candidates if a in best), None)


def max_with_aggravation(row: PenaltyRange) -> int:
    return row.max_amount + row.max_amount * AGGRAVATION_PERCENT // 100


def range_message(law: str, article: str, row: PenaltyRange, *, aggravated: bool = False):
    """ "勞動基準法第24條的罰鍰範圍為 20,000 至 1,000,000 元" (and the raised maximum, if aggravated)."""
    params = {
        "law": Law(law).label, "article": article, "penalty_article": row.penalty_article,
        "min": f"{row.min_amount:,}", "max": f"{row.max_amount:,}", "raised": f"{max_with_aggravation(row):,}",
    }  # fmt: skip
    if aggravated:
        return (
            _(
                "%(law)s%(article)s的罰鍰範圍為 %(min)s 至 %(max)s 元（依%(penalty_article)s，加重後最高 %(raised)s 元）。"
            )
            % params
        )
    return (
        _("%(law)s%(article)s的罰鍰範圍為 %(min)s 至 %(max)s 元（依%(penalty_article)s）。")
        % params
    )


# --- who sees what ----------------------------------------------------------------------------
def _assigned_ids(user) -> QuerySet:
    return Inspection.inspectors.through.objects.filter(user_id=user.pk).values("inspection_id")


def visible_inspections(user) -> QuerySet[Inspection]:
    """Inspector: those they lead or are assigned to; supervisor: their division's; director: all."""
    profile = staff_profile(user)
    qs = Inspection.objects.select_related("organization", "lead_inspector", "division")
    if profile is None or not has_perm(user, "inspection.view"):
        return qs.none()
    if profile.role == Role.DIRECTOR:
        return qs
    if profile.role == Role.SUPERVISOR:
        return qs.filter(division_id=profile.division_id)
    if profile.role == Role.INSPECTOR:
        return qs.filter(Q(lead_inspector_id=user.pk) | Q(pk__in=_assigned_ids(user)))
    return qs.none()


def visible_penalties(user) -> QuerySet[Penalty]:
    """Penalties follow their inspection; imported ones (no inspection) are visible to the
    division staff who hold ``inspection.view`` except inspectors, who see their own cases only."""
    profile = staff_profile(user)
    qs = Penalty.objects.select_related("organization", "inspection")
    if profile is None or not has_perm(user, "inspection.view"):
        return qs.none()
    if profile.role == Role.DIRECTOR:
        return qs
    if profile.role == Role.INSPECTOR:
        return qs.filter(inspection__in=visible_inspections(user).values("pk"))
    return qs.filter(Q(inspection__division_id=profile.division_id) | Q(inspection__isnull=True))


def search_inspections(
    user,
    *,
    q: str = "",
    status: str = "",
    type: str = "",
    origin: str = "",
    year: int | None = None,
) -> QuerySet[Inspection]:
    """The inspections ``user`` may see, filtered; newest first."""
    require(user, "inspection.view")
    qs = visible_inspections(user)
    if q:
        qs = qs.filter(
            Q(number__icontains=q.strip())
            | Q(organization__name_key__contains=fold(q))
            | Q(organization__ubn=q.strip())
        )
    if status:
        qs = qs.filter(status=status)
    if type:
        qs = qs.filter(type=type)
    if origin:
        qs = qs.filter(origin=origin)
    if year:
        qs = qs.filter(
            Q(inspected_on__year=year) | Q(inspected_on__isnull=True, planned_on__year=year)
        )
    return qs.order_by(F("inspected_on").desc(nulls_first=True), "-planned_on", "-id")


def search_penalties(
    user,
    *,
    q: str = "",
    status: str = "",
    appeal_status: str = "",
    source: str = "",
    year: int | None = None,
) -> QuerySet[Penalty]:
    """The penalties ``user`` may see, filtered (name, responsible person, UBN or 處分字號)."""
    require(user, "inspection.view")
    qs = visible_penalties(user)
    if q:
        q = q.strip()
        by_number = qs.filter(disposition_number=q)
        qs = by_number if by_number.exists() else search(qs, q)
    if status:
        qs = qs.filter(status=status)
    if appeal_status:
        qs = qs.filter(appeal_status=appeal_status)
    if source:
        qs = qs.filter(source=source)
    if year:
        qs = qs.filter(decided_on__gte=date(year, 1, 1), decided_on__lte=date(year, 12, 31))
    return qs.order_by("-decided_on", "-id")


def _pk(obj) -> int:
    return obj.pk if hasattr(obj, "pk") else int(obj)


def _inspection_for(actor, inspection, *, lock: bool = False) -> Inspection:
    qs = visible_inspections(actor)
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=_pk(inspection)).first()
    if found is None:
        raise PermissionDenied(_("您沒有檢視此檢查的權限，或檢查不存在。"))
    return found


def _penalty_for(actor, penalty, *, lock: bool = False) -> Penalty:
    qs = visible_penalties(actor)
    if lock:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=_pk(penalty)).first()
    if found is None:
        raise PermissionDenied(_("您沒有檢視此裁處的權限，或裁處不存在。"))
    return found


def assignable_inspectors() -> QuerySet:
    """Staff who may lead or join an inspection: inspectors and supervisors of the inspection divisions."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__role__in=[Role.INSPECTOR, Role.SUPERVISOR],
            staff_profile__division__code__in=INSPECTION_DIVISIONS,
        )
        .select_related("staff_profile__division")
        .order_by("staff_profile__division__sort_order", "first_name", "username")
    )


def _is_assigned(user, inspection: Inspection) -> bool:
    if inspection.lead_inspector_id == user.pk:
        return True
    return Inspection.inspectors.through.objects.filter(
        inspection_id=inspection.pk, user_id=user.pk
    ).exists()


def can_read_complaint(user, inspection: Inspection) -> bool:
    """勞基法 §74: the assigned inspectors and the supervisor of the inspection's division."""
    profile = staff_profile(user)
    if profile is None or not has_perm(user, "inspection.view"):
        return False
    if profile.role == Role.SUPERVISOR and profile.division_id == inspection.division_id:
        return True
    return _is_assigned(user, inspection)


def next_steps(user, inspection: Inspection) -> dict[str, bool]:
    """Which workflow steps ``user`` may take on ``inspection`` now (for the action buttons)."""
    inspect = has_perm(user, "inspection.inspect")
    status = inspection.status
    has_violations = inspection.result == Result.VIOLATIONS
    unpenalised = (
        has_violations and inspection.violations.filter(penalty_items__isnull=True).exists()
    )
    follow_ups_open = inspection.follow_ups.filter(status=S.PLANNED).exists()
    return {
        "record": inspect and status == S.PLANNED,
        "notice": inspect and status in NOTICE_FROM and inspection.result in (Result.VIOLATIONS, Result.COUNSELLING_ONLY),
        "penalty": has_perm(user, "inspection.decide_penalty") and status in PENALTY_FROM and unpenalised,
        "follow_up": inspect and status in FOLLOW_UP_FROM and inspection.result != Result.COMPLIANT,
        "close": inspect and status in CLOSE_FROM and not follow_ups_open and not (
            status == S.INSPECTED and inspection.result == Result.VIOLATIONS),
    }  # fmt: skip


# --- inspections ------------------------------------------------------------------------------
def _next_number(year: int) -> str:
    prefix = f"LI{year}-"
    last = (
        Inspection.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    seq = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{seq:05d}"


def _check_date(errors: dict, field: str, value, *, label, not_future: bool = True) -> date | None:
    if not isinstance(value, date):
        errors[field] = _("請填寫%(label)s。") % {"label": label}
        return None
    if not_future and value > _today():
        errors[field] = _("%(label)s不可晚於今天。") % {"label": label}
    return value


def _clean_complaint(data: dict | None, errors: dict, planned_on) -> dict[str, Any]:
    data = dict(data or {})
    name = (data.get("complainant_name") or "").strip()
    content = (data.get("content") or "").strip()
    phone = (data.get("complainant_phone") or "").strip()
    email = (data.get("complainant_email") or "").strip()
    if not name:
        errors["complainant_name"] = _("申訴檢查須填寫申訴人姓名（僅承辦檢查員及其主管可見）。")
    elif len(name) > 100:
        errors["complainant_name"] = _("申訴人姓名最多 100 個字。")
    if not content:
        errors["content"] = _("請填寫申訴內容。")
    if phone and not re.fullmatch(r"[0-9()#+\- ]{7,30}", phone):
        errors["complainant_phone"] = _("電話號碼格式不正確，例如 0912-345-678 或 06-2982334。")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["complainant_email"] = _("電子郵件格式不正確。")
    received = _check_date(errors, "received_on", data.get("received_on"), label=_("收件日期"))
    if received and isinstance(planned_on, date) and received > planned_on:
        errors["received_on"] = _("收件日期不可晚於預定檢查日。")
    return {"complainant_name": name, "complainant_phone": phone, "complainant_email": email,
            "content": content, "received_on": received}  # fmt: skip


def _record_complaint_created(actor, complaint: Complaint) -> None:
    """The audit entry of a complaint leaves the complainant's identity out."""
    audit._write(  # noqa: SLF001
        actor, AuditAction.CREATE, complaint,
        changes={"after": {"inspection": complaint.inspection_id, "received_on": complaint.received_on.isoformat()}},
        context="complaint recorded (identity withheld, 勞基法 §74)",
    )  # fmt: skip


@transaction.atomic
def plan_inspection(
    actor, *, organization: Organization, site: str = "", type: str, project: str = "", origin: str,
    planned_on: date, lead_inspector, inspectors: Iterable = (), complaint: dict | None = None,
    follow_up_of: Inspection | None = None,
) -> Inspection:  # fmt: skip
    """Plan an inspection; its number is LI{year}-{seq:05d} and its division the lead's.

    An inspector may plan only inspections they take part in; a supervisor only for their
    division's inspectors. A complaint inspection needs the complaint (``complainant_name``,
    ``complainant_phone``, ``complainant_email``, ``content``, ``received_on``).
    """
    require(actor, "inspection.inspect")
    errors: dict[str, Any] = {}
    inspectors = [u for u in dict.fromkeys(inspectors or []) if u != lead_inspector]
    if not isinstance(organization, Organization):
        errors["organization"] = _("請選擇受檢事業單位。")
    site = (site or "").strip()
    if len(site) > 200:
        errors["site"] = _("檢查場所最多 200 個字。")
    if type not in InspectionType.values:
        errors["type"] = _("請選擇檢查類型。")
    project = project or ""
    if project not in Project.values:
        errors["project"] = _("請從清單選擇專案。")
    elif type == InspectionType.PROJECT and not project:
        errors["project"] = _("專案檢查須選擇專案（例如外送平台、客運業者）。")
    if origin not in Origin.values:
        errors["origin"] = _("請選擇檢查來源。")
    if not isinstance(planned_on, date):
        errors["planned_on"] = _("請填寫預定檢查日。")
    elif planned_on > _today() + timedelta(days=MAX_PLAN_AHEAD_DAYS):
        errors["planned_on"] = _("預定檢查日不可超過兩年後。")
    if lead_inspector is None or not has_perm(lead_inspector, "inspection.inspect"):
        errors["lead_inspector"] = _("主辦檢查員必須是職業安全健康處或勞動條件科的檢查員或主管。")
    if any(not has_perm(u, "inspection.inspect") for u in inspectors):
        errors["inspectors"] = _("協同檢查員必須是職業安全健康處或勞動條件科的檢查員或主管。")
    complaint_fields = None
    if origin == Origin.COMPLAINT:
        complaint_fields = _clean_complaint(complaint, errors, planned_on)
    elif complaint and any(complaint.values()):
        errors["origin"] = _(
            "只有申訴檢查可以填寫申訴資料；請將檢查來源改為「申訴檢查」或清空申訴欄位。"
        )
    if origin == Origin.FOLLOW_UP and follow_up_of is None:
        errors["origin"] = _("複查須指定原檢查；請由原檢查頁面安排複查。")
    if follow_up_of is not None and origin != Origin.FOLLOW_UP:
        errors["origin"] = _("指定原檢查時，檢查來源須為「複查」。")
    if errors:
        raise ValidationError(errors)
    profile = staff_profile(actor)
    lead_profile = staff_profile(lead_inspector)
    if profile.role == Role.INSPECTOR and actor != lead_inspector and actor not in inspectors:
        raise PermissionDenied(_("檢查員只能規劃自己參與的檢查；指派給他人請由主管辦理。"))
    if profile.role == Role.SUPERVISOR and lead_profile.division_id != profile.division_id:
        raise PermissionDenied(_("主管只能為本單位的檢查員規劃檢查。"))
    if follow_up_of is not None:
        follow_up_of = _inspection_for(actor, follow_up_of)
    for attempt in range(3):
        try:
            with transaction.atomic():
                inspection = Inspection.objects.create(
                    number=_next_number(planned_on.year), organization=organization, site=site, type=type,
                    project=project, origin=origin, division_id=lead_profile.division_id,
                    lead_inspector=lead_inspector, planned_on=planned_on, follow_up_of=follow_up_of,
                )  # fmt: skip
            break
        except IntegrityError:
            if attempt == 2:
                raise
    inspection.inspectors.set(inspectors)
    audit.record_create(actor, inspection, context="plan inspection")
    if inspectors:
        audit.record_changes(actor, inspection, {"inspectors": {"before": [], "after": [u.pk for u in inspectors]}},
                             context="assign inspectors")  # fmt: skip
    if complaint_fields is not None:
        _record_complaint_created(
            actor, Complaint.objects.create(inspection=inspection, **complaint_fields)
        )
    return inspection


def _clean_violations(violations, errors: dict, complainant: str | None) -> list[dict[str, Any]]:
    cleaned = []
    problems = []
    for number, item in enumerate(violations or [], start=1):
        row: dict[str, Any] = {}
        try:
            row["law"] = normalize_law(item.get("law"))
        except ValidationError as e:
            problems.append(_("第 %(n)s 筆違規：%(error)s") % {"n": number, "error": e.messages[0]})
        try:
            row["article"] = normalize_article(item.get("article"))
        except ValidationError as e:
            problems.append(_("第 %(n)s 筆違規：%(error)s") % {"n": number, "error": e.messages[0]})
        row["description"] = (item.get("description") or "").strip()
        if not row["description"]:
            problems.append(_("第 %(n)s 筆違規：請填寫違規事實。") % {"n": number})
        elif complainant and complainant in row["description"]:
            problems.append(
                _("第 %(n)s 筆違規：違規事實將會公開，不可記載申訴人姓名（勞動基準法第74條）。")
                % {"n": number}
            )
        workers = item.get("workers_affected") or 0
        if (
            not isinstance(workers, int)
            or isinstance(workers, bool)
            or not 0 <= workers <= 1_000_000
        ):
            problems.append(_("第 %(n)s 筆違規：受影響勞工人數須為 0 以上的整數。") % {"n": number})
        row["workers_affected"] = workers
        cleaned.append(row)
    if problems:
        errors["violations"] = problems
    return cleaned


@transaction.atomic
def record_inspection(
    actor,
    inspection,
    *,
    inspected_on: date,
    findings: str,
    result: str,
    violations: Iterable[dict] = (),
) -> Inspection:
    """Record what the inspection found. Articles are normalised (第24條, 第32條第2項, 第17條之1).

    A result of "violations" needs at least one violation; "compliant" allows none.
    """
    require(actor, "inspection.inspect")
    inspection = _inspection_for(actor, inspection, lock=True)
    if inspection.status != S.PLANNED:
        raise ValidationError(
            _("此檢查已登錄結果（目前狀態：%(status)s），不能重複登錄。")
            % {"status": inspection.get_status_display()}
        )
    complainant = (
        Complaint.objects.filter(inspection=inspection)
        .values_list("complainant_name", flat=True)
        .first()
    )
    errors: dict[str, Any] = {}
    _check_date(errors, "inspected_on", inspected_on, label=_("檢查日期"))
    findings = (findings or "").strip()
    if not findings:
        errors["findings"] = _("請填寫檢查發現；合格者請簡述檢查範圍與結果。")
    elif complainant and complainant in findings:
        errors["findings"] = _(
            "檢查發現不可記載申訴人姓名（勞動基準法第74條）；申訴人資料已另行保密存放。"
        )
    violations = list(violations or [])
    if result not in (Result.COMPLIANT, Result.VIOLATIONS, Result.COUNSELLING_ONLY):
        errors["result"] = _("請選擇檢查結果。")
    elif result == Result.VIOLATIONS and not violations:
        errors["violations"] = _("檢查結果為「違規」時，須至少登錄一項違規事項。")
    elif result == Result.COMPLIANT and violations:
        errors["violations"] = _(
            "檢查結果為「合格」時不可登錄違規事項；請改選「違規」或刪除違規事項。"
        )
    cleaned = (
        _clean_violations(violations, errors, complainant) if "violations" not in errors else []
    )
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(inspection, ["inspected_on", "findings", "result", "status"])
    inspection.inspected_on, inspection.findings, inspection.result = inspected_on, findings, result
    inspection.status = S.INSPECTED
    inspection.save(update_fields=["inspected_on", "findings", "result", "status", "updated_at"])
    audit.record_update(actor, inspection, before, context="record inspection")
    for row in cleaned:
        audit.record_create(
            actor,
            Violation.objects.create(inspection=inspection, **row),
            context="record violation",
        )
    return inspection


@transaction.atomic
def issue_notice(
    actor, inspection, *, improve_by: date, issued_on: date | None = None
) -> Inspection:
    """限期改善: order improvement by ``improve_by``, after the notice date (``issued_on``,
    default today) and at most 90 days after it. A notice dated in the past (entering an
    earlier notice) may not precede the inspection."""
    require(actor, "inspection.inspect")
    inspection = _inspection_for(actor, inspection, lock=True)
    if inspection.status not in NOTICE_FROM or inspection.result not in (
        Result.VIOLATIONS,
        Result.COUNSELLING_ONLY,
    ):
        raise ValidationError(_("只有已檢查且有違規或需輔導改善的檢查可以限期改善。"))
    issued_on = issued_on or _today()
    if issued_on > _today() or (inspection.inspected_on and issued_on < inspection.inspected_on):
        raise ValidationError({"issued_on": _("通知日期須介於檢查日期與今天之間。")})
    if not isinstance(improve_by, date):
        raise ValidationError({"improve_by": _("請填寫改善期限。")})
    if improve_by <= issued_on:
        raise ValidationError({"improve_by": _("改善期限須晚於通知日期。")})
    latest = issued_on + timedelta(days=MAX_NOTICE_DAYS)
    if improve_by > latest:
        raise ValidationError(
            {"improve_by": _("改善期限最長為 %(days)s 天（%(date)s 以前）。")
             % {"days": MAX_NOTICE_DAYS, "date": latest.isoformat()}}
        )  # fmt: skip
    before = audit.snapshot(inspection, ["improve_by", "status"])
    inspection.improve_by, inspection.status = improve_by, S.NOTICE_ISSUED
    inspection.save(update_fields=["improve_by", "status", "updated_at"])
    audit.record_update(actor, inspection, before, context="issue notice to improve")
    return inspection


@transaction.atomic
def schedule_follow_up(actor, inspection, *, planned_on: date, lead_inspector=None) -> Inspection:
    """Plan a follow-up inspection (複查) of the same unit and site; returns the new inspection."""
    require(actor, "inspection.inspect")
    inspection = _inspection_for(actor, inspection, lock=True)
    if inspection.status not in FOLLOW_UP_FROM or inspection.result == Result.COMPLIANT:
        raise ValidationError(
            _("此檢查目前不能安排複查（狀態：%(status)s）。")
            % {"status": inspection.get_status_display()}
        )
    if not isinstance(planned_on, date):
        raise ValidationError({"planned_on": _("請填寫複查日期。")})
    if inspection.inspected_on and planned_on <= inspection.inspected_on:
        raise ValidationError({"planned_on": _("複查日期須晚於原檢查日期。")})
    if inspection.improve_by and planned_on < inspection.improve_by:
        raise ValidationError(
            {
                "planned_on": _("複查日期不可早於改善期限 %(date)s。")
                % {"date": inspection.improve_by.isoformat()}
            }
        )
    follow_up = plan_inspection(
        actor, organization=inspection.organization, site=inspection.site, type=inspection.type,
        project=inspection.project, origin=Origin.FOLLOW_UP, planned_on=planned_on,
        lead_inspector=lead_inspector or inspection.lead_inspector, inspectors=list(inspection.inspectors.all()),
        follow_up_of=inspection,
    )  # fmt: skip
    before = audit.snapshot(inspection, ["status"])
    inspection.status = S.FOLLOW_UP
    inspection.save(update_fields=["status", "updated_at"])
    audit.record_update(actor, inspection, before, context="schedule follow-up")
    return follow_up


@transaction.atomic
def close_inspection(actor, inspection, *, closed_on: date | None = None) -> Inspection:
    """Close (結案): a compliant or counselled inspection, one with a decided penalty, or a
    followed-up one once every follow-up has been carried out. ``closed_on`` defaults to today."""
    require(actor, "inspection.inspect")
    inspection = _inspection_for(actor, inspection, lock=True)
    if inspection.status not in CLOSE_FROM:
        raise ValidationError(
            _("此檢查目前不能結案（狀態：%(status)s）。")
            % {"status": inspection.get_status_display()}
        )
    if inspection.status == S.INSPECTED and inspection.result == Result.VIOLATIONS:
        raise ValidationError(_("有違規事項的檢查須先限期改善、裁處或安排複查才能結案。"))
    if inspection.follow_ups.filter(status=S.PLANNED).exists():
        raise ValidationError(_("複查尚未完成，不能結案。"))
    closed_on = closed_on or _today()
    if closed_on > _today() or (inspection.inspected_on and closed_on < inspection.inspected_on):
        raise ValidationError({"closed_on": _("結案日期須介於檢查日期與今天之間。")})
    before = audit.snapshot(inspection, ["status", "closed_on"])
    inspection.status, inspection.closed_on = S.CLOSED, closed_on
    inspection.save(update_fields=["status", "closed_on", "updated_at"])
    audit.record_update(actor, inspection, before, context="close inspection")
    return inspection


def complaint_for(actor, inspection) -> Complaint | None:
    """The complaint behind an inspection, for its assigned inspectors and their supervisor only.

    Every read is written to the access log. Anyone else gets PermissionDenied.
    """
    require(actor, "inspection.view")
    found = Inspection.objects.filter(pk=_pk(inspection)).first()
    if found is None or not can_read_complaint(actor, found):
        raise PermissionDenied(
            _("申訴人身分依勞動基準法第74條保密，僅承辦檢查員及其主管可以檢視。")
        )
    complaint = Complaint.objects.filter(inspection=found).first()
    if complaint is not None:
        audit._write(
            actor, AuditAction.VIEW, complaint, context="complainant identity (勞基法 §74)"
        )  # noqa: SLF001
    return complaint


def get_inspection(actor, inspection) -> Inspection:
    """One inspection ``actor`` may see (PermissionDenied otherwise)."""
    require(actor, "inspection.view")
    return _inspection_for(actor, inspection)


def inspection_record(actor, inspection) -> dict[str, Any]:
    """One inspection for its detail page: facts, violations, penalties with items and events,
    follow-ups, the complaint (entitled users only, logged) and the permitted next steps."""
    require(actor, "inspection.view")
    found = _inspection_for(actor, inspection)
    penalties = found.penalties.prefetch_related(
        "items", Prefetch("events", PenaltyEvent.objects.select_related("recorded_by"))
    )
    entitled = can_read_complaint(actor, found)
    return {
        "inspection": found,
        "inspectors": list(found.inspectors.all()),
        "violations": list(found.violations.all()),
        "penalties": list(penalties),
        "follow_ups": list(found.follow_ups.select_related("lead_inspector")),
        "complaint": complaint_for(actor, found) if entitled else None,
        "can_read_complaint": entitled,
        "steps": next_steps(actor, found),
    }


def unpenalised_violations(actor, inspection) -> tuple[Inspection, list[Violation]]:
    """The violations of an inspection that no decision covers yet (for the decision form)."""
    require(actor, "inspection.decide_penalty")
    found = _inspection_for(actor, inspection)
    return found, list(found.violations.filter(penalty_items__isnull=True))


# --- penalties --------------------------------------------------------------------------------
def index_penalty(penalty: Penalty) -> None:
    """Refresh ``search_tokens`` (name, responsible person, raw name, UBN)."""
    ubn = penalty.organization.ubn if penalty.organization_id and penalty.organization else ""
    penalty.search_tokens = index_text(
        penalty.unit_name, penalty.responsible_person, penalty.raw_name, ubn
    )


def _clean_disposition_number(value: Any, errors: dict) -> str:
    number = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value or "")))
    if not number:
        errors["disposition_number"] = _("請填寫處分字號。")
    elif len(number) > 100:
        errors["disposition_number"] = _("處分字號最多 100 個字。")
    else:
        other = Penalty.objects.filter(authority=AUTHORITY, disposition_number=number).first()
        if other is not None:
            errors["disposition_number"] = _duplicate_message(number, other)
    return number


def _duplicate_message(number: str, other: Penalty | None):
    if other is None:
        return _("處分字號「%(number)s」已經使用過，同一主管機關的處分字號不可重複。") % {
            "number": number
        }
    return _("處分字號「%(number)s」已用於 %(date)s 對「%(unit)s」的裁處，同一主管機關的處分字號不可重複。") % {
        "number": number, "date": other.decided_on.isoformat(), "unit": other.unit_name or other.responsible_person}  # fmt: skip


@transaction.atomic
def decide_penalty(
    actor,
    inspection,
    *,
    disposition_number: str,
    decided_on: date,
    items: Iterable[dict],
    aggravated: bool = False,
) -> Penalty:
    """Decide a penalty (裁處) on violations of the inspection.

    Each item is ``{"violation": Violation or id, "amount": int}``. The amount is checked
    against :class:`PenaltyRange` for the law and article valid on the decision date (the exact
    article first, else its base article 第N條); outside [min, max] it is refused with the range
    in the message. ``aggravated`` (勞基法 §79(4)) raises the maximum by up to 50 %. Articles with
    no range row — other acts such as 職業安全衛生法 or 就業服務法 — are accepted as typed.
    Errors on an item are keyed ``amount_<violation id>``.
    """
    require(actor, "inspection.decide_penalty")
    inspection = _inspection_for(actor, inspection, lock=True)
    if inspection.status not in PENALTY_FROM or inspection.result != Result.VIOLATIONS:
        raise ValidationError(
            _("只有已檢查且有違規事項的檢查可以裁處（目前狀態：%(status)s）。")
            % {"status": inspection.get_status_display()}
        )
    organization = inspection.organization
    errors: dict[str, Any] = {}
    number = _clean_disposition_number(disposition_number, errors)
    if (
        _check_date(errors, "decided_on", decided_on, label=_("處分日期"))
        and inspection.inspected_on
        and decided_on < inspection.inspected_on
    ):
        errors["decided_on"] = _("處分日期不可早於檢查日期 %(date)s。") % {
            "date": inspection.inspected_on.isoformat()
        }
    own = {v.pk: v for v in inspection.violations.all()}
    taken = dict(
        PenaltyItem.objects.filter(violation_id__in=own).values_list(
            "violation_id", "penalty__disposition_number"
        )
    )
    chosen: list[tuple[Violation, int]] = []
    for item in items or []:
        try:
            violation = own.get(_pk(item.get("violation")))
        except (TypeError, ValueError):
            violation = None
        if violation is None:
            errors.setdefault("items", []).append(_("違規事項不屬於此檢查。"))
            continue
        key = f"amount_{violation.pk}"
        amount = item.get("amount")
        if violation.pk in taken:
            errors[key] = _("此違規事項已於處分字號「%(number)s」裁處。") % {
                "number": taken[violation.pk]
            }
        elif any(v.pk == violation.pk for v, _amount in chosen):
            errors[key] = _("同一違規事項只能列一次。")
        elif (
            not isinstance(amount, int) or isinstance(amount, bool) or not 0 < amount <= MAX_AMOUNT
        ):
            errors[key] = _("罰鍰金額須為大於 0 的整數（新臺幣元）。")
        else:
            row = penalty_range(
                violation.law,
                violation.article,
                decided_on if isinstance(decided_on, date) else None,
            )
            if row is not None:
                high = max_with_aggravation(row) if aggravated else row.max_amount
                if not row.min_amount <= amount <= high:
                    errors[key] = _("罰鍰金額 %(amount)s 元不在法定範圍內：%(range)s") % {
                        "amount": f"{amount:,}", "range": range_message(violation.law, violation.article, row, aggravated=aggravated)}  # fmt: skip
            chosen.append((violation, amount))
    if not chosen and "items" not in errors and not any(k.startswith("amount_") for k in errors):
        errors["items"] = _("請至少為一項違規事項填寫罰鍰金額。")
    if errors:
        raise ValidationError(errors)
    total = sum(amount for _v, amount in chosen)
    penalty = Penalty(
        authority=AUTHORITY, disposition_number=number, decided_on=decided_on, organization=organization,
        unit_name=organization.name, responsible_person=organization.responsible_person, inspection=inspection,
        content="；".join(v.description for v, _a in chosen), initial_amount=total, current_amount=total,
        source=Source.BUREAU, status=PenaltyStatus.DECIDED,
        industry_code=organization.industry.code if organization.industry_id else "",
        district_postcode=organization.district.postcode if organization.district_id else "",
    )  # fmt: skip
    index_penalty(penalty)
    try:
        with transaction.atomic():
            penalty.save()
    except IntegrityError:
        raise ValidationError({"disposition_number": _duplicate_message(number, None)}) from None
    for violation, amount in chosen:
        PenaltyItem.objects.create(penalty=penalty, violation=violation, law=violation.law, article=violation.article,
                                   description=violation.description, amount=amount)  # fmt: skip
    note = AGGRAVATION_NOTE if aggravated else ""
    PenaltyEvent.objects.create(penalty=penalty, kind=PenaltyEventKind.ISSUED, occurred_on=decided_on,
                                amount_after=total, note=note, recorded_by=actor)  # fmt: skip
    audit.record_create(
        actor, penalty, context="decide penalty" + (" (aggravated, §79(4))" if aggravated else "")
    )
    if inspection.status != S.PENALTY_DECIDED:
        before = audit.snapshot(inspection, ["status"])
        inspection.status = S.PENALTY_DECIDED
        inspection.save(update_fields=["status", "updated_at"])
        audit.record_update(actor, inspection, before, context="decide penalty")
    return penalty


def missing_publication_fields(penalty: Penalty) -> list:
    """The §80-1 fields a penalty lacks: unit name, responsible person, date, article, amount."""
    missing = []
    if not penalty.unit_name.strip():
        missing.append(_("事業單位名稱"))
    if not penalty.responsible_person.strip():
        missing.append(_("負責人姓名"))
    if not penalty.decided_on:
        missing.append(_("處分日期"))
    if not penalty.items.exclude(article="").exists():
        missing.append(_("違反條文"))
    if penalty.current_amount is None:
        missing.append(_("罰鍰金額"))
    return missing


@transaction.atomic
def publish_penalty(actor, penalty, *, announced_on: date) -> Penalty:
    """Publish under 勞基法 §80-1; every required field must be present."""
    require(actor, "inspection.publish")
    penalty = _penalty_for(actor, penalty, lock=True)
    if penalty.status == PenaltyStatus.PUBLISHED:
        raise ValidationError(_("此裁處已經公布。"))
    if penalty.appeal_status == AppealStatus.REVOKED:
        raise ValidationError(_("原處分已撤銷，不能公布。"))
    errors: dict[str, Any] = {}
    if (
        _check_date(errors, "announced_on", announced_on, label=_("公告日期"))
        and announced_on < penalty.decided_on
    ):
        errors["announced_on"] = _("公告日期不可早於處分日期 %(date)s。") % {
            "date": penalty.decided_on.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    missing = missing_publication_fields(penalty)
    if missing:
        raise ValidationError(
            _("依勞動基準法第80條之1，公布須載明事業單位名稱、負責人姓名、處分日期、違反條文及罰鍰金額；此裁處缺少：%(missing)s。請先補正機構資料。")
            % {"missing": join_list(missing)}, code="incomplete",
        )  # fmt: skip
    before = audit.snapshot(penalty, ["status", "announced_on", "withdrawn_on", "withdrawal_note"])
    penalty.status, penalty.announced_on = PenaltyStatus.PUBLISHED, announced_on
    penalty.withdrawn_on, penalty.withdrawal_note = None, ""
    index_penalty(penalty)
    penalty.save()
    audit.record_update(actor, penalty, before, context="publish penalty (勞基法 §80-1)")
    inspection = penalty.inspection
    if inspection is not None and inspection.status == S.PENALTY_DECIDED:
        before = audit.snapshot(inspection, ["status"])
        inspection.status = S.PUBLISHED
        inspection.save(update_fields=["status", "updated_at"])
        audit.record_update(actor, inspection, before, context="publish penalty")
    return penalty


def _withdraw(penalty: Penalty, on: date, note: str) -> None:
    penalty.status, penalty.withdrawn_on, penalty.withdrawal_note = (
        PenaltyStatus.WITHDRAWN,
        on,
        note[:300],
    )


@transaction.atomic
def withdraw_publication(actor, penalty, *, note: str) -> Penalty:
    """Take a published entry off the register (a correction); the public note says why."""
    require(actor, "inspection.publish")
    penalty = _penalty_for(actor, penalty, lock=True)
    if penalty.status != PenaltyStatus.PUBLISHED:
        raise ValidationError(_("只有已公布的裁處可以撤除公布。"))
    note = (note or "").strip()
    if len(note) < 4:
        raise ValidationError({"note": _("請說明撤除公布的原因（至少 4 個字），此說明會公開。")})
    if len(note) > 300:
        raise ValidationError({"note": _("說明最多 300 個字。")})
    before = audit.snapshot(penalty, ["status", "withdrawn_on", "withdrawal_note"])
    _withdraw(penalty, _today(), note)
    penalty.save()
    audit.record_update(actor, penalty, before, context="withdraw publication")
    return penalty


RETENTION_NOTE = "公布期間屆滿"


def retention_days() -> int | None:
    """``HOPEHOME["PUBLICATION_RETENTION_DAYS"]``: None keeps published entries published."""
    return settings.HOPEHOME.get("PUBLICATION_RETENTION_DAYS")


@transaction.atomic
def expire_publications(actor=None, *, today: date | None = None) -> int:
    """Withdraw the bureau's entries published longer than the retention setting, each with the
    public note "公布期間屆滿" and an audit entry; nothing happens when the setting is None.
    Returns how many entries were withdrawn."""
    days = retention_days()
    if days is None:
        return 0
    today = today or _today()
    expired = Penalty.objects.select_for_update().filter(
        status=PenaltyStatus.PUBLISHED,
        source=Source.BUREAU,
        announced_on__lt=today - timedelta(days=int(days)),
    )
    count = 0
    for penalty in expired.iterator(chunk_size=500):
        before = audit.snapshot(penalty, ["status", "withdrawn_on", "withdrawal_note"])
        _withdraw(penalty, today, RETENTION_NOTE)
        penalty.save(update_fields=["status", "withdrawn_on", "withdrawal_note", "updated_at"])
        audit.record_update(actor, penalty, before, context="publication period ended")
        count += 1
    return count


EVENT_KINDS = [k for k in PenaltyEventKind.values if k != PenaltyEventKind.ISSUED]
REVOCATION_NOTE = "原處分經訴願撤銷"


@transaction.atomic
def record_penalty_event(
    actor, penalty, *, kind: str, occurred_on: date, amount_after: int | None = None, note: str = ""
) -> PenaltyEvent:
    """Add a step to a penalty's history, in date order and not before the decision.

    appeal_filed → 訴願中; appeal_dismissed → 原處分維持; reduced → the current amount becomes
    ``amount_after`` (lower than before); revoked → 原處分撤銷, and the entry is withdrawn from
    publication with a public note (``note`` or "原處分經訴願撤銷"), its history kept; paid;
    enforcement (移送強制執行).
    """
    require(actor, "inspection.record_event")
    penalty = _penalty_for(actor, penalty, lock=True)
    if penalty.source != Source.BUREAU:
        raise ValidationError(_("勞動部開放資料匯入的裁處由重新匯入更新，不能在此登錄歷程。"))
    errors: dict[str, Any] = {}
    note = (note or "").strip()
    if len(note) > 300:
        errors["note"] = _("說明最多 300 個字。")
    if kind not in EVENT_KINDS:
        errors["kind"] = _("請選擇事件。")
    if _check_date(errors, "occurred_on", occurred_on, label=_("事件日期")):
        if occurred_on < penalty.decided_on:
            errors["occurred_on"] = _("事件日期不可早於處分日期 %(date)s。") % {
                "date": penalty.decided_on.isoformat()
            }
        else:
            last = (
                penalty.events.order_by("-occurred_on")
                .values_list("occurred_on", flat=True)
                .first()
            )
            if last and occurred_on < last:
                errors["occurred_on"] = _(
                    "事件須依日期順序登錄；最近一筆事件的日期為 %(date)s。"
                ) % {"date": last.isoformat()}
    if errors:
        raise ValidationError(errors)
    revoked = penalty.appeal_status == AppealStatus.REVOKED
    if revoked:
        raise ValidationError(_("原處分已撤銷，不能再登錄其他歷程。"))
    if kind == PenaltyEventKind.APPEAL_FILED and penalty.appeal_status in UNDER_APPEAL:
        raise ValidationError({"kind": _("此裁處已在訴願或行政訴訟中。")})
    if kind == PenaltyEventKind.APPEAL_DISMISSED and penalty.appeal_status not in UNDER_APPEAL:
        raise ValidationError({"kind": _("尚未登錄提起訴願，不能登錄訴願駁回。")})
    if kind == PenaltyEventKind.REDUCED:
        if not isinstance(amount_after, int) or isinstance(amount_after, bool) or amount_after <= 0:
            raise ValidationError(
                {
                    "amount_after": _(
                        "變更減輕須填寫減輕後的金額（大於 0 的整數）；全部撤銷請選「撤銷」。"
                    )
                }
            )
        if penalty.current_amount is not None and amount_after >= penalty.current_amount:
            raise ValidationError(
                {
                    "amount_after": _("減輕後的金額須低於目前金額 %(amount)s 元。")
                    % {"amount": f"{penalty.current_amount:,}"}
                }
            )
    elif amount_after is not None:
        raise ValidationError({"amount_after": _("只有「變更減輕」需要填寫事件後金額。")})
    if kind == PenaltyEventKind.PAID and penalty.events.filter(kind=PenaltyEventKind.PAID).exists():
        raise ValidationError({"kind": _("此裁處已登錄繳納。")})
    before = audit.snapshot(
        penalty, ["appeal_status", "current_amount", "status", "withdrawn_on", "withdrawal_note"]
    )
    if kind == PenaltyEventKind.APPEAL_FILED:
        penalty.appeal_status = AppealStatus.APPEAL_PENDING
    elif kind == PenaltyEventKind.APPEAL_DISMISSED:
        penalty.appeal_status = AppealStatus.UPHELD
    elif kind == PenaltyEventKind.REDUCED:
        penalty.current_amount, penalty.appeal_status = amount_after, AppealStatus.REDUCED
    elif kind == PenaltyEventKind.REVOKED:
        penalty.appeal_status = AppealStatus.REVOKED
        _withdraw(penalty, occurred_on, note or REVOCATION_NOTE)
    event = PenaltyEvent.objects.create(
        penalty=penalty, kind=kind, occurred_on=occurred_on, note=note, recorded_by=actor,
        amount_after=amount_after if kind == PenaltyEventKind.REDUCED else penalty.current_amount,
    )  # fmt: skip
    index_penalty(penalty)
    penalty.save()
    audit.record_create(actor, event, context="penalty event")
    audit.record_update(actor, penalty, before, context=f"penalty event: {kind}")
    return event


def penalty_record(actor, penalty) -> dict[str, Any]:
    """One penalty for its detail page, with items, events and what ``actor`` may do."""
    require(actor, "inspection.view")
    found = _penalty_for(actor, penalty)
    can_publish = has_perm(actor, "inspection.publish")
    return {
        "penalty": found,
        "items": list(found.items.all()),
        "events": list(found.events.select_related("recorded_by")),
        "inspection_visible": found.inspection_id is not None
        and visible_inspections(actor).filter(pk=found.inspection_id).exists(),
        "missing": missing_publication_fields(found),
        "can_publish": can_publish and found.status != PenaltyStatus.PUBLISHED and found.appeal_status != AppealStatus.REVOKED,
        "can_withdraw": can_publish and found.status == PenaltyStatus.PUBLISHED,
        "can_record_event": has_perm(actor, "inspection.record_event") and found.source == Source.BUREAU
        and found.appeal_status != AppealStatus.REVOKED,
    }  # fmt: skip


# --- outreach: counselling, partnerships, awards ----------------------------------------------
def _clean_text(
    errors: dict, field: str, value: Any, *, label, max_length: int, required: bool = True
) -> str:
    text = (value or "").strip()
    if required and not text:
        errors[field] = _("請填寫%(label)s。") % {"label": label}
    elif len(text) > max_length:
        errors[field] = _("%(label)s最多 %(n)s 個字。") % {"label": label, "n": max_length}
    return text


@transaction.atomic
def record_counselling(
    actor, organization: Organization, visited_on: date, topic: str
) -> CounsellingVisit:
    """A counselling visit (輔導); the unit's name, industry and date are public."""
    require(actor, "inspection.record_outreach")
    errors: dict[str, Any] = {}
    if not isinstance(organization, Organization):
        errors["organization"] = _("請選擇受輔導的事業單位。")
    _check_date(errors, "visited_on", visited_on, label=_("輔導日期"))
    topic = _clean_text(errors, "topic", topic, label=_("輔導主題"), max_length=200)
    if errors:
        raise ValidationError(errors)
    visit = CounsellingVisit.objects.create(organization=organization, visited_on=visited_on, topic=topic,
                                            division_id=staff_profile(actor).division_id)  # fmt: skip
    audit.record_create(actor, visit, context="counselling visit")
    return visit


@transaction.atomic
def sign_partnership(
    actor, title: str, partners: Iterable[Organization], signed_on: date, scope: str = ""
) -> SafetyPartnership:
    """A safety partnership (安全伙伴) signed with one or more parties."""
    require(actor, "inspection.record_outreach")
    errors: dict[str, Any] = {}
    title = _clean_text(errors, "title", title, label=_("名稱"), max_length=200)
    partners = list(dict.fromkeys(partners or []))
    if not partners or not all(isinstance(p, Organization) for p in partners):
        errors["partners"] = _("請至少選擇一個合作夥伴。")
    _check_date(errors, "signed_on", signed_on, label=_("簽署日期"))
    scope = _clean_text(
        errors, "scope", scope, label=_("合作範圍"), max_length=2000, required=False
    )
    if errors:
        raise ValidationError(errors)
    partnership = SafetyPartnership.objects.create(title=title, signed_on=signed_on, scope=scope)
    partnership.partners.set(partners)
    audit.record_create(actor, partnership, context="safety partnership")
    audit.record_changes(actor, partnership, {"partners": {"before": [], "after": [p.pk for p in partners]}},
                         context="safety partnership parties")  # fmt: skip
    return partnership


@transaction.atomic
def record_award(
    actor, organization: Organization, name: str, awarded_on: date, note: str = ""
) -> Award:
    """An award (e.g. 五星獎) to an enterprise the bureau coached."""
    require(actor, "inspection.record_outreach")
    errors: dict[str, Any] = {}
    if not isinstance(organization, Organization):
        errors["organization"] = _("請選擇獲獎的事業單位。")
    name = _clean_text(errors, "name", name, label=_("獎項"), max_length=100)
    _check_date(errors, "awarded_on", awarded_on, label=_("獲獎日期"))
    note = _clean_text(errors, "note", note, label=_("說明"), max_length=200, required=False)
    if errors:
        raise ValidationError(errors)
    award = Award.objects.create(
        organization=organization, name=name, awarded_on=awarded_on, note=note
    )
    audit.record_create(actor, award, context="award")
    return award


def counselling_visits(actor) -> QuerySet[CounsellingVisit]:
    require(actor, "inspection.view")
    return CounsellingVisit.objects.select_related("organization__industry", "division")


def partnerships(actor) -> QuerySet[SafetyPartnership]:
    require(actor, "inspection.view")
    return SafetyPartnership.objects.prefetch_related("partners")


def awards(actor) -> QuerySet[Award]:
    require(actor, "inspection.view")
    return Award.objects.select_related("organization")
