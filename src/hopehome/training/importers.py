"""Import of training providers' rosters (結訓名冊): one row per trainee.

Columns (zh-Hant or English headers): 課程代碼 course_code, 課程名稱 course_title, 訓練類別
category, 開訓日期 course_start_date (optional), 結訓日期 course_end_date, 訓練時數 hours
(optional), 身分證字號 national_id, 姓名 name, 結訓狀態 outcome, 就業日期 employed_on (optional),
公法救助 public_assistance (optional, Y/N). The upload page lists them with the accepted values.

Every row is validated first; a file with any bad row changes nothing and comes back with a
per-row report. A good file is written in one transaction through the training services:
unknown courses are created (hours from 訓練時數 or the default, start = end date when 開訓日期
is absent, capacity = the number of trainees listed), people are matched by identifier or
registered, each enrolment gets its outcome, and an employment date becomes a roster follow-up.
Importing the same file again changes nothing and writes no audit entries.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core.choices import OrganizationKind, Role
from hopehome.core.dates import parse_date
from hopehome.core.importing import (
    Column,
    Importer,
    ImportResult,
    RowError,
    Tally,
    cell_text,
    header_key,
    map_headers,
    read_table,
    register,
)
from hopehome.core.models import Organization, Person
from hopehome.core.permissions import TRAINING_DIVISIONS, require
from hopehome.core.services import create_organization, create_person, find_person
from hopehome.core.text import fold
from hopehome.core.validators import classify_personal_id, normalize_identifier

from . import services
from .choices import CourseCategory, CourseStatus, EnrollmentStatus
from .models import Course, Enrollment

KIND = "training-roster"
CONTEXT = "training roster import"
DEFAULT_PROVIDER_NAME = "臺南市職業訓練就業服務中心"
DEFAULT_HOURS = 1
FOLLOWUP_HORIZON_DAYS = 60  # record_followup refuses job starts later than this after today
S = EnrollmentStatus

COLUMNS = (
    Column("course_code", "課程代碼", aliases=("code",)),
    Column("course_title", "課程名稱", aliases=("title",)),
    Column("category", "訓練類別"),
    Column("course_start_date", "開訓日期", required=False, aliases=("start_date", "starts_on")),
    Column("course_end_date", "結訓日期", aliases=("end_date", "ends_on")),
    Column("hours", "訓練時數", required=False),
    Column("national_id", "身分證字號", aliases=("id_number", "統一證號")),
    Column("name", "姓名"),
    Column("outcome", "結訓狀態", aliases=("status",)),
    Column("employed_on", "就業日期", required=False, aliases=("employment_date",)),
    Column("public_assistance", "公法救助", required=False),
)
COLUMN_LABELS = {c.key: c.label for c in COLUMNS}

_C = CourseCategory
CATEGORY_NAMES = {
    **{c.value: c.value for c in _C},
    "失業者職前訓練": _C.UNEMPLOYED,
    "照顧服務員訓練": _C.CARE_WORKER,
    "照顧服務員": _C.CARE_WORKER,
    "在職進修": _C.IN_SERVICE,
    "勞工學苑休閒課程": _C.LEISURE,
    "勞工學苑": _C.LEISURE,
}
OUTCOME_NAMES = {
    "completed": S.COMPLETED,
    "結訓": S.COMPLETED,
    "dropped": S.DROPPED,
    "退訓": S.DROPPED,
    "early_employed": S.EARLY_EMPLOYED,
    "提前就業": S.EARLY_EMPLOYED,
}
YES_NO = {"y": True, "yes": True, "是": True, "n": False, "no": False, "否": False, "": False}


def _token(value: str) -> str:
    """Fold a category/outcome/yes-no cell: like a header (case, spaces, hyphens)."""
    return fold(header_key(value)).replace(" ", "")


# --- parsing --------------------------------------------------------------------------------
@dataclass
class RosterRow:
    """One validated roster row."""

    row: int
    course_code: str = ""
    course_title: str = ""
    category: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    hours: int | None = None
    id_number: str = ""
    name: str = ""
    outcome: str = ""
    employed_on: date | None = None
    public_assistance: bool = False


@dataclass
class _Reader:
    headers: list[str]
    index: dict[str, int]
    errors: list[RowError] = field(default_factory=list)

    def header(self, key: str) -> str:
        i = self.index.get(key)
        return self.headers[i] if i is not None else COLUMN_LABELS[key]

    def raw(self, cells: list[Any], key: str) -> Any:
        i = self.index.get(key)
        if i is None or i >= len(cells):
            return None
        return cells[i]

    def error(self, row: int, key: str, value: Any, message, *, sensitive: bool = False) -> None:
        text = value if isinstance(value, str) else cell_text(value)
        self.errors.append(RowError(row, self.header(key), text, str(message), sensitive))

    def text(self, row: int, cells: list[Any], key: str, *, required: bool, max_length: int) -> str:
        value = cell_text(self.raw(cells, key))
        if required and not value:
            self.error(
                row, key, value, _("「%(label)s」欄位不可空白。") % {"label": self.header(key)}
            )
        elif len(value) > max_length:
            self.error(
                row,
                key,
                value,
                _("「%(label)s」過長，最多 %(n)d 個字。")
                % {"label": self.header(key), "n": max_length},
            )
        return value

    def date(self, row: int, cells: list[Any], key: str, *, required: bool) -> date | None:
        raw = self.raw(cells, key)
        text = cell_text(raw)
        if not text:
            if required:
                self.error(
                    row, key, text, _("「%(label)s」欄位不可空白。") % {"label": self.header(key)}
                )
            return None
        try:
            return parse_date(raw if isinstance(raw, date) else text, field_label=self.header(key))
        except ValidationError as e:
            self.error(row, key, text, e.messages[0])
            return None

    def parse(self, number: int, cells: list[Any]) -> RosterRow:
        r = RosterRow(row=number)
        r.course_code = self.text(number, cells, "course_code", required=True, max_length=40)
        r.course_title = self.text(number, cells, "course_title", required=True, max_length=200)
        category = self.text(number, cells, "category", required=True, max_length=40)
        if category:
            r.category = CATEGORY_NAMES.get(_token(category), "")
            if not r.category:
                self.error(number, "category", category, _(
                    "訓練類別「%(value)s」無法辨識：請填寫失業者職前訓練、照顧服務員訓練、在職進修或勞工學苑休閒課程。"
                ) % {"value": category})  # fmt: skip
        r.starts_on = self.date(number, cells, "course_start_date", required=False)
        r.ends_on = self.date(number, cells, "course_end_date", required=True)
        if r.starts_on and r.ends_on and r.starts_on > r.ends_on:
            self.error(
                number,
                "course_start_date",
                r.starts_on.isoformat(),
                _("開訓日期不可晚於結訓日期。"),
            )
        hours = cell_text(self.raw(cells, "hours"))
        if hours:
            if hours.isdigit() and int(hours) >= 1:
                r.hours = int(hours)
            else:
                self.error(number, "hours", hours, _("訓練時數必須是正整數。"))
        r.id_number = self._identifier(number, cells)
        r.name = self.text(number, cells, "name", required=True, max_length=100)
        outcome = self.text(number, cells, "outcome", required=True, max_length=40)
        if outcome:
            r.outcome = OUTCOME_NAMES.get(_token(outcome), "")
            if not r.outcome:
                self.error(number, "outcome", outcome, _(
                    "結訓狀態「%(value)s」無法辨識：請填寫結訓、退訓或提前就業（completed、dropped、early_employed）。"
                ) % {"value": outcome})  # fmt: skip
        r.employed_on = self.date(number, cells, "employed_on", required=False)
        assistance = cell_text(self.raw(cells, "public_assistance"))
        if _token(assistance) in YES_NO:
            r.public_assistance = YES_NO[_token(assistance)]
        else:
            self.error(number, "public_assistance", assistance, _(
                "公法救助「%(value)s」無法辨識：請填寫 Y 或 N（是／否），空白視為 N。"
            ) % {"value": assistance})  # fmt: skip
        return r

    def _identifier(self, number: int, cells: list[Any]) -> str:
        raw = cell_text(self.raw(cells, "national_id"))
        value = normalize_identifier(raw)
        if not value:
            self.error(
                number,
                "national_id",
                raw,
                _("「%(label)s」欄位不可空白。") % {"label": self.header("national_id")},
            )
            return ""
        try:
            classify_personal_id(value)
        except ValidationError as e:
            if e.code == "checksum":
                message = _("身分證字號檢查碼錯誤，請確認是否輸入正確。")
            elif e.code == "format":
                message = _("身分證字號格式不符：應為 1 個英文字母加 9 個數字（例如 A123456789）。")
            else:
                message = e.messages[0]
            self.error(number, "national_id", value, message, sensitive=True)
            return ""
        return value


# --- cross-row checks -----------------------------------------------------------------------
@dataclass
class CoursePlan:
    """What the file says about one course code (from the first row that states each fact)."""

    code: str
    first_row: int
    title: str
    category: str
    ends_on: date
    starts_on: date | None = None
    hours: int | None = None
    rows: int = 0
    existing: Course | None = None

    @property
    def effective_start(self) -> date:
        if self.existing is not None:
            return self.existing.starts_on
        return self.starts_on or self.ends_on


def _display(key: str, value: Any) -> str:
    if key == "category":
        return str(CourseCategory(value).label)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _same(key: str, a: Any, b: Any) -> bool:
    """Titles match when equal after folding (臺/台, width, spaces); other facts exactly."""
    return fold(a) == fold(b) if key == "course_title" else a == b


def _check_courses(rows: list[RosterRow], reader: _Reader) -> dict[str, CoursePlan]:
    """Rows of one course must agree with each other and with the course already on file."""
    plans: dict[str, CoursePlan] = {}
    existing = {c.code: c for c in Course.objects.filter(code__in={r.course_code for r in rows})}
    for r in rows:
        plan = plans.get(r.course_code)
        if plan is None:
            plan = plans[r.course_code] = CoursePlan(
                code=r.course_code, first_row=r.row, title=r.course_title, category=r.category,
                ends_on=r.ends_on, starts_on=r.starts_on, hours=r.hours, existing=existing.get(r.course_code),
            )  # fmt: skip
        plan.rows += 1
        facts = (
            ("course_title", "title", r.course_title),
            ("category", "category", r.category),
            ("course_end_date", "ends_on", r.ends_on),
            ("course_start_date", "starts_on", r.starts_on),
            ("hours", "hours", r.hours),
        )
        for key, attr, value in facts:
            if value is None:
                continue
            if plan.existing is not None:
                on_file = getattr(plan.existing, attr)
                if not _same(key, value, on_file):
                    reader.error(r.row, key, _display(key, value), _(
                        "與系統中既有課程 %(code)s 的%(label)s「%(existing)s」不一致。"
                    ) % {"code": plan.code, "label": COLUMN_LABELS[key], "existing": _display(key, on_file)})  # fmt: skip
                continue
            stated = getattr(plan, attr)
            if stated is None:
                setattr(plan, attr, value)
            elif not _same(key, value, stated):
                reader.error(r.row, key, _display(key, value), _(
                    "同一課程代碼在第 %(first)d 列的%(label)s為「%(other)s」，與此列不一致。"
                ) % {"first": plan.first_row, "label": COLUMN_LABELS[key], "other": _display(key, stated)})  # fmt: skip
    return plans


def _check_rows(
    rows: list[RosterRow], plans: dict[str, CoursePlan], reader: _Reader
) -> dict[str, Person | None]:
    """Duplicates, employment dates against the course, and withdrawn applications."""
    people = {v: find_person(v) for v in dict.fromkeys(r.id_number for r in rows)}
    seen: dict[tuple[str, Any], int] = {}
    latest = timezone.localdate() + timedelta(days=FOLLOWUP_HORIZON_DAYS)
    for r in rows:
        # A person on file under a former identifier is the same trainee.
        person = people[r.id_number]
        key = (r.course_code, person.pk if person is not None else r.id_number)
        if key in seen:
            reader.error(r.row, "national_id", r.id_number, _(
                "同一課程的同一位學員重複出現（與第 %(first)d 列重複）。"
            ) % {"first": seen[key]}, sensitive=True)  # fmt: skip
            continue
        seen[key] = r.row
        plan = plans[r.course_code]
        if r.employed_on is None:
            continue
        start = plan.effective_start
        if r.employed_on < start:
            if plan.existing is None and plan.starts_on is None:
                message = _(
                    "就業日期（%(date)s）早於開訓日期；名冊未填開訓日期時以結訓日期（%(start)s）為開訓日期，請加上「開訓日期」欄位。"
                )
            else:
                message = _("就業日期（%(date)s）不可早於開訓日期（%(start)s）。")
            reader.error(r.row, "employed_on", r.employed_on.isoformat(), message % {
                "date": r.employed_on.isoformat(), "start": start.isoformat()})  # fmt: skip
        elif r.employed_on > latest:
            reader.error(
                r.row,
                "employed_on",
                r.employed_on.isoformat(),
                _("就業日期不可超過今天 60 天以後。"),
            )
    known = [p.pk for p in people.values() if p is not None]
    withdrawn = set(
        Enrollment.objects.filter(
            person_id__in=known, course__code__in=list(plans), status=S.WITHDRAWN
        ).values_list("course__code", "person_id")
    ) if known else set()  # fmt: skip
    for r in rows:
        person = people[r.id_number]
        if person is not None and (r.course_code, person.pk) in withdrawn:
            reader.error(r.row, "national_id", r.id_number, _(
                "此學員已取消報名課程 %(code)s，無法以名冊登錄結訓狀態；請先確認報名紀錄。"
            ) % {"code": r.course_code}, sensitive=True)  # fmt: skip
    return people


# --- writing --------------------------------------------------------------------------------
class _Rollback(Exception):
    """Undo the transaction (dry run, or a service refused a row)."""


def default_provider(actor) -> Organization:
    """The bureau's own training centre, registered on first use."""
    units = Organization.objects.filter(
        name_key=fold(DEFAULT_PROVIDER_NAME), is_bureau_unit=True
    ).order_by("id")
    org = units.filter(kind=OrganizationKind.TRAINING_PROVIDER).first() or units.first()
    if org is None:
        org = create_organization(
            actor, name=DEFAULT_PROVIDER_NAME, kind=OrganizationKind.TRAINING_PROVIDER,
            is_bureau_unit=True, check_perm=False, context=CONTEXT,
        )  # fmt: skip
    return org


def _left_on(r: RosterRow, course: Course) -> date | None:
    if r.outcome == S.COMPLETED:
        return None
    if r.outcome == S.EARLY_EMPLOYED and r.employed_on:
        return min(max(r.employed_on, course.starts_on), course.ends_on)
    return course.ends_on


def _hours_attended(outcome: str, course: Course) -> int | None:
    if outcome == S.COMPLETED:
        return course.hours
    if outcome == S.EARLY_EMPLOYED:
        return math.ceil(course.hours / 2)
    return None


_ENROLLMENT_STATE = ("status", "hours_attended", "completed_on", "left_on")


def _write(actor, rows: list[RosterRow], plans: dict[str, CoursePlan], people: dict[str, Person | None],
           provider: Organization | None, default_hours: int, result: ImportResult) -> None:  # fmt: skip
    t_courses = Tally("courses", str(_("課程")))
    t_people = Tally("people", str(_("學員")))
    t_enrollments = Tally("enrollments", str(_("參訓紀錄")))
    t_followups = Tally("followups", str(_("就業追蹤")))
    result.tallies = [t_courses, t_people, t_enrollments, t_followups]
    today = timezone.localdate()
    courses: dict[str, Course] = {}
    for plan in plans.values():
        if plan.existing is not None:
            courses[plan.code] = plan.existing
            t_courses.unchanged += 1
            continue
        if provider is None:
            provider = default_provider(actor)
        try:
            courses[plan.code] = services.create_course(
                actor, code=plan.code, title=plan.title, category=plan.category, provider=provider,
                hours=plan.hours or default_hours, capacity=max(plan.rows, 1),
                starts_on=plan.starts_on or plan.ends_on, ends_on=plan.ends_on,
                status=CourseStatus.FINISHED if plan.ends_on < today else CourseStatus.IN_PROGRESS,
                context=CONTEXT,
            )  # fmt: skip
        except ValidationError as e:
            _refuse(result, next(r for r in rows if r.row == plan.first_row), "course_code", e)
        t_courses.created += 1
    first_row = {}
    for r in rows:
        first_row.setdefault(r.id_number, r)
    t_people.unchanged = len({p.pk for p in people.values() if p is not None})
    for id_number, person in people.items():
        if person is not None:
            continue
        r = first_row[id_number]
        try:
            people[id_number] = create_person(
                actor, id_number=id_number, name=r.name, context=CONTEXT
            )
        except ValidationError as e:
            _refuse(result, r, "national_id", e)
        t_people.created += 1
    for r in rows:
        course, person = courses[r.course_code], people[r.id_number]
        try:
            _write_row(actor, r, course, person, t_enrollments, t_followups)
        except ValidationError as e:
            _refuse(result, r, "", e)


def _write_row(
    actor, r: RosterRow, course: Course, person: Person, t_enrollments: Tally, t_followups: Tally
) -> None:
    before = (
        Enrollment.objects.filter(course=course, person=person).values(*_ENROLLMENT_STATE).first()
    )
    enrollment, _created = services.enroll_from_roster(actor, course, person, context=CONTEXT)
    enrollment = services.record_outcome(
        actor, enrollment, r.outcome, hours_attended=_hours_attended(r.outcome, course),
        on=_left_on(r, course), context=CONTEXT,
    )  # fmt: skip
    after = {k: getattr(enrollment, k) for k in _ENROLLMENT_STATE}
    if before is None:
        t_enrollments.created += 1
    elif before != after:
        t_enrollments.updated += 1
    else:
        t_enrollments.unchanged += 1
    if r.employed_on is not None:
        _followup, state = services.record_roster_followup(
            actor, enrollment, insured_on=r.employed_on, public_assistance=r.public_assistance,
            context=CONTEXT,
        )  # fmt: skip
        setattr(t_followups, state, getattr(t_followups, state) + 1)


def _refuse(result: ImportResult, r: RosterRow, column: str, error: ValidationError) -> None:
    """A service refused a row the checks let through: report it and undo everything."""
    messages = error.messages
    result.errors.append(
        RowError(r.row, COLUMN_LABELS.get(column, column), "", "；".join(messages))
    )
    raise _Rollback


# --- the service ----------------------------------------------------------------------------
def import_training_roster(actor, source: IO[bytes] | bytes, *, filename: str,
                           provider: Organization | None = None, default_hours: int = DEFAULT_HOURS,
                           dry_run: bool = False) -> ImportResult:  # fmt: skip
    """Validate a roster file and, when every row is good, load it in one transaction.

    ``provider`` runs the courses the file creates (default: the bureau's training centre);
    ``default_hours`` is their hours when the file has no 訓練時數. A dry run validates and
    counts what would change, then rolls back. Raises ValidationError for a file that cannot
    be read at all and PermissionDenied for an actor without ``training.import_roster``.
    """
    require(actor, "training.import_roster")
    if not isinstance(default_hours, int) or default_hours < 1:
        raise ValidationError({"hours": _("預設訓練時數必須是正整數。")})
    table = read_table(source, filename)
    result = ImportResult(kind=KIND, dry_run=dry_run, rows=len(table.rows))
    index, header_errors = map_headers(table.headers, COLUMNS)
    if header_errors:
        result.errors = header_errors
        return result
    if not table.rows:
        raise ValidationError(_("檔案只有標題列，沒有任何學員資料。"), code="empty")
    reader = _Reader(table.headers, index)
    parsed = [reader.parse(number, cells) for number, cells in table.rows]
    if reader.errors:
        result.errors = _sorted(reader.errors)
        return result
    plans = _check_courses(parsed, reader)
    people = _check_rows(parsed, plans, reader)
    if reader.errors:
        result.errors = _sorted(reader.errors)
        return result
    try:
        with transaction.atomic():
            _write(actor, parsed, plans, people, provider, default_hours, result)
            if dry_run:
                raise _Rollback
    except _Rollback:
        if result.errors:
            result.tallies = []
    return result


def _sorted(errors: Iterable[RowError]) -> list[RowError]:
    order = {c.key: i for i, c in enumerate(COLUMNS)}
    labels = {c.label: c.key for c in COLUMNS}
    return sorted(errors, key=lambda e: (e.row, order.get(labels.get(e.column, ""), len(order))))


def provider_choices():
    """Organizations that may run a course created by an import."""
    return Organization.objects.filter(
        Q(kind=OrganizationKind.TRAINING_PROVIDER) | Q(is_bureau_unit=True)
    ).order_by("name", "id")


def resolve_provider(text: str) -> Organization:
    """An organization named by 統一編號 or exact name (臺/台 and width folded)."""
    value = (text or "").strip()
    ubn = normalize_identifier(value)
    if ubn.isdigit() and len(ubn) == 8:
        org = Organization.objects.filter(ubn=ubn).first()
        if org is not None:
            return org
    matches = list(Organization.objects.filter(name_key=fold(value)).order_by("id")[:2])
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ValidationError(
            _("有多個機構名為「%(value)s」，請改用統一編號指定訓練單位。"), params={"value": value}
        )
    raise ValidationError(
        _("找不到訓練單位「%(value)s」（請填寫機構名稱或統一編號）。"), params={"value": value}
    )


# --- the command line -----------------------------------------------------------------------
def _add_arguments(parser) -> None:
    parser.add_argument(
        "--provider", default="",
        help="training provider of courses the file creates: organization name or UBN "
             f"(default: {DEFAULT_PROVIDER_NAME})",
    )  # fmt: skip
    parser.add_argument(
        "--hours", type=int, default=DEFAULT_HOURS,
        help="hours of courses the file creates when it has no 訓練時數 column (default: 1)",
    )  # fmt: skip


def _run_cli(actor, file: IO[bytes], filename: str, options: dict[str, Any]) -> ImportResult:
    provider = resolve_provider(options["provider"]) if options.get("provider") else None
    return import_training_roster(
        actor, file, filename=filename, provider=provider,
        default_hours=options.get("hours", DEFAULT_HOURS), dry_run=options.get("dry_run", False),
    )  # fmt: skip


register(
    Importer(
        kind=KIND,
        title=_("職業訓練結訓名冊"),
        run_cli=_run_cli,
        add_arguments=_add_arguments,
        system_role=Role.SUPERVISOR,
        system_division=sorted(TRAINING_DIVISIONS)[0],
    )
)
