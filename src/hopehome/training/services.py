"""Every state change of program 1 goes through these functions.

Each checks permission and business rules, writes inside one transaction and records an
audit entry. Capacity is enforced under a row lock on the course (PostgreSQL
``SELECT … FOR UPDATE``; SQLite takes its write lock when the transaction begins).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core import audit
from hopehome.core.models import Organization, Person
from hopehome.core.permissions import require
from hopehome.core.services import create_person, find_person

from .choices import (
    FINAL_OUTCOMES,
    GRADE_ORDER,
    SEAT_HOLDING,
    TTQS_INDICATORS,
    TTQS_OUTCOME_INDICATORS,
    AdmissionMode,
    CourseStatus,
    EmploymentSource,
    EnrollmentStatus,
    InsuranceChannel,
    TTQSGrade,
)
from .models import Course, EmploymentFollowUp, Enrollment, TTQSEvaluation, TTQSGradeBand

S = EnrollmentStatus
COURSE_FIELDS = (
    "code", "title", "category", "provider", "description", "hours", "capacity", "starts_on",
    "ends_on", "application_deadline", "district", "venue", "subsidy", "trainee_fee",
    "admission_mode", "status",
)  # fmt: skip
_CONFIRMATION_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


# --- courses --------------------------------------------------------------------------------
def _clean_course(course: Course) -> None:
    errors: dict[str, Any] = {}
    if course.starts_on and course.ends_on and course.ends_on < course.starts_on:
        errors["ends_on"] = _("結訓日期不可早於開訓日期。")
    if (
        course.application_deadline
        and course.ends_on
        and course.application_deadline > course.ends_on
    ):
        errors["application_deadline"] = _("報名截止日不可晚於結訓日期。")
    if errors:
        raise ValidationError(errors)
    course.full_clean()


@transaction.atomic
def create_course(actor, *, target_groups=(), context="", **fields: Any) -> Course:
    require(actor, "training.manage_course")
    course = Course(**{k: v for k, v in fields.items() if k in COURSE_FIELDS})
    _clean_course(course)
    course.save()
    if target_groups:
        course.target_groups.set(target_groups)
    audit.record_create(actor, course, context=context)
    return course


@transaction.atomic
def update_course(actor, course: Course, *, target_groups=None, context="", **fields: Any) -> Course:
    require(actor, "training.manage_course")
    course = Course.objects.select_for_update().get(pk=course.pk)
    changing = [k for k in fields if k in COURSE_FIELDS]
    before = audit.snapshot(course, changing)
    for key in changing:
        setattr(course, key, fields[key])
    if "capacity" in fields:
        held = course.enrollments.filter(status__in=SEAT_HOLDING).count()
        if fields["capacity"] is not None and fields["capacity"] < held:
            raise ValidationError(
                {"capacity": _("名額不可少於已錄取人數（%(held)d 人）。") % {"held": held}}
            )
    _clean_course(course)
    course.save()
    audit.record_update(actor, course, before, context=context)
    if target_groups is not None:
        old = sorted(course.target_groups.values_list("code", flat=True))
        course.target_groups.set(target_groups)
        new = sorted(course.target_groups.values_list("code", flat=True))
        if old != new:
            audit.record_changes(actor, course, {"target_groups": {"before": old, "after": new}}, context=context)
    if "capacity" in changing:
        _promote_waitlist(actor, course)
    return course


# --- applications ---------------------------------------------------------------------------
class DuplicateApplication(ValidationError):
    """The person already applied for this course."""

    def __init__(self, enrollment: Enrollment):
        self.enrollment = enrollment
        # The confirmation number is not repeated here: knowing an ID number must not be
        # enough to learn someone else's application.
        super().__init__(
            _("您已報名過此課程，不需要重複報名。錄取結果會以電話或電子郵件通知；如需查詢請洽職訓就服中心 06-6377337。"),
            code="duplicate",
        )


def _new_confirmation_number(course: Course) -> str:
    suffix = "".join(secrets.choice(_CONFIRMATION_ALPHABET) for _ in range(8))
    return f"T{course.starts_on:%y}-{suffix}"


def seats_taken(course: Course) -> int:
    return course.enrollments.filter(status__in=SEAT_HOLDING).count()


def _lock_course(course_id: int) -> Course:
    return Course.objects.select_for_update().get(pk=course_id)


@dataclass
class Applicant:
    id_number: str
    name: str
    birth_date: date | None = None
    sex: str = ""
    phone: str = ""
    email: str = ""
    district: Any = None
    address: str = ""


def apply(actor, course: Course, applicant: Applicant, *, channel: str = "portal") -> Enrollment:
    """A person applies for a course (from the portal, or staff on their behalf).

    A new person is registered; an existing one is matched by identifier. A second application
    to the same course is refused with :class:`DuplicateApplication`. On a first-come course
    the applicant is admitted while seats remain and waitlisted once it is full.
    """
    for attempt in range(3):
        try:
            return _apply_once(actor, course, applicant, channel)
        except IntegrityError:
            # A concurrent application for the same person or a colliding number: retry, and
            # the retry sees the other transaction's row.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def _apply_once(actor, course: Course, applicant: Applicant, channel: str) -> Enrollment:
    course = _lock_course(course.pk)
    if channel == "portal" and not course.is_accepting_applications:
        raise ValidationError(_("此課程目前不開放報名。"), code="closed")
    if channel != "portal":
        require(actor, "training.manage_enrollment")
    person = find_person(applicant.id_number)
    if person is not None and channel == "portal" and not _same_applicant(person, applicant):
        raise ValidationError(
            _("姓名或出生日期與此證號的既有紀錄不符，請確認後再送出，或洽職訓就服中心 06-6377337。"),
            code="identity_mismatch",
        )
    if person is None:
        person = create_person(
            actor,
            id_number=applicant.id_number,
            name=applicant.name,
            birth_date=applicant.birth_date,
            sex=applicant.sex,
            phone=applicant.phone,
            email=applicant.email,
            district=applicant.district,
            address=applicant.address,
            check_perm=False,
            context=f"training application {course.code}",
        )
    existing = Enrollment.objects.filter(course=course, person=person).first()
    if existing is not None:
        raise DuplicateApplication(existing)
    enrollment = Enrollment(
        course=course,
        person=person,
        confirmation_number=_new_confirmation_number(course),
        channel=channel,
        status=S.APPLIED,
    )
    if course.admission_mode == AdmissionMode.FIRST_COME:
        enrollment.status = S.ADMITTED if seats_taken(course) < course.capacity else S.WAITLISTED
        enrollment.decided_at = timezone.now()
    with transaction.atomic():
        enrollment.save()
    audit.record_create(actor, enrollment, person=person, context=f"application via {channel}")
    return enrollment


def _same_applicant(person: Person, applicant: Applicant) -> bool:
    """A public application for a known identifier must carry the same name (and birth date)."""
    from hopehome.core.text import fold

    if fold(person.name).replace(" ", "") != fold(applicant.name).replace(" ", ""):
        return False
    return not (person.birth_date and applicant.birth_date and person.birth_date != applicant.birth_date)


def waitlist_position(enrollment: Enrollment) -> int | None:
    if enrollment.status != S.WAITLISTED:
        return None
    return (
        Enrollment.objects.filter(
            course_id=enrollment.course_id, status=S.WAITLISTED
        ).filter(Q(applied_at__lt=enrollment.applied_at) | Q(applied_at=enrollment.applied_at, id__lt=enrollment.id)).count()
        + 1
    )


def _transition(actor, enrollment: Enrollment, allowed_from, to: str, context: str, **fields) -> Enrollment:
    if enrollment.status not in allowed_from:
        raise ValidationError(
            _("目前狀態為「%(current)s」，不能改為「%(target)s」。"),
            code="bad_transition",
            params={"current": enrollment.get_status_display(), "target": S(to).label},
        )
    before = audit.snapshot(enrollment, ["status", *fields.keys()])
    enrollment.status = to
    for key, value in fields.items():
        setattr(enrollment, key, value)
    enrollment.save()
    audit.record_update(actor, enrollment, before, person=enrollment.person, context=context)
    return enrollment


@transaction.atomic
def admit(actor, enrollment: Enrollment) -> Enrollment:
    """Staff admit an applicant (or move one up from the waitlist) while seats remain."""
    require(actor, "training.manage_enrollment")
    course = _lock_course(enrollment.course_id)
    enrollment = Enrollment.objects.select_related("person").get(pk=enrollment.pk)
    if seats_taken(course) >= course.capacity:
        raise ValidationError(_("名額已滿（%(capacity)d 人），無法再錄取。"), code="full", params={"capacity": course.capacity})
    return _transition(actor, enrollment, (S.APPLIED, S.WAITLISTED), S.ADMITTED, "admit", decided_at=timezone.now())


@transaction.atomic
def put_on_waitlist(actor, enrollment: Enrollment) -> Enrollment:
    require(actor, "training.manage_enrollment")
    enrollment = Enrollment.objects.select_related("person").get(pk=enrollment.pk)
    return _transition(actor, enrollment, (S.APPLIED,), S.WAITLISTED, "waitlist", decided_at=timezone.now())


def _promote_waitlist(actor, course: Course) -> list[Enrollment]:
    """Fill freed seats of a first-come course from the waitlist, in application order."""
    if course.admission_mode != AdmissionMode.FIRST_COME or course.status not in (CourseStatus.OPEN, CourseStatus.IN_PROGRESS):
        return []
    free = course.capacity - seats_taken(course)
    promoted = []
    if free <= 0:
        return promoted
    for enrollment in course.enrollments.select_related("person").filter(status=S.WAITLISTED).order_by("applied_at", "id")[:free]:
        promoted.append(_transition(actor, enrollment, (S.WAITLISTED,), S.ADMITTED, "promoted from waitlist", decided_at=timezone.now()))
    return promoted


@transaction.atomic
def withdraw(actor, enrollment: Enrollment) -> Enrollment:
    """Cancel an application before training starts; a freed seat goes to the waitlist."""
    require(actor, "training.manage_enrollment")
    course = _lock_course(enrollment.course_id)
    enrollment = Enrollment.objects.select_related("person").get(pk=enrollment.pk)
    _transition(actor, enrollment, (S.APPLIED, S.ADMITTED, S.WAITLISTED), S.WITHDRAWN, "withdraw")
    _promote_waitlist(actor, course)
    return enrollment


@transaction.atomic
def start_attending(actor, enrollment: Enrollment) -> Enrollment:
    require(actor, "training.manage_enrollment")
    enrollment = Enrollment.objects.select_related("person", "course").get(pk=enrollment.pk)
    return _transition(actor, enrollment, (S.ADMITTED,), S.ATTENDING, "start attending")


@transaction.atomic
def record_outcome(actor, enrollment: Enrollment, outcome: str, *, hours_attended: int | None = None,
                   on: date | None = None, context: str = "record outcome") -> Enrollment:  # fmt: skip
    """Close an attendance as completed, dropped or early-employed (提前就業).

    Early employment needs at least half of the course hours attended.
    """
    require(actor, "training.manage_enrollment")
    enrollment = Enrollment.objects.select_related("person", "course").get(pk=enrollment.pk)
    course = enrollment.course
    if outcome not in FINAL_OUTCOMES:
        raise ValidationError({"outcome": _("結訓狀態必須是結訓、退訓或提前就業。")})
    if hours_attended is not None and hours_attended > course.hours:
        raise ValidationError(
            {"hours_attended": _("出席時數（%(h)d）不可超過課程時數（%(total)d）。") % {"h": hours_attended, "total": course.hours}}
        )
    if outcome == S.EARLY_EMPLOYED:
        if hours_attended is None or hours_attended * 2 < course.hours:
            raise ValidationError(
                {"hours_attended": _("提前就業須已參訓課程時數的二分之一以上（本課程至少 %(min)d 小時）。") % {"min": (course.hours + 1) // 2}}
            )
    fields: dict[str, Any] = {"hours_attended": hours_attended}
    if outcome == S.COMPLETED:
        fields["completed_on"] = on or course.ends_on
        fields["left_on"] = None
    else:
        day = on or timezone.localdate()
        if day < course.starts_on:
            raise ValidationError({"on": _("離訓日期不可早於開訓日期。")})
        fields["left_on"] = day
        fields["completed_on"] = None
    allowed = (S.ADMITTED, S.ATTENDING, *FINAL_OUTCOMES)
    if enrollment.status == outcome and all(getattr(enrollment, k) == v for k, v in fields.items()):
        return enrollment
    _transition(actor, enrollment, allowed, outcome, context, **fields)
    refresh_employment(enrollment)
    return enrollment


# --- employment follow-up -------------------------------------------------------------------
def _counts(followup: EmploymentFollowUp, enrollment: Enrollment) -> bool:
    """Does this job count toward the 訓後就業率 for this enrolment?"""
    if followup.insurance_channel != InsuranceChannel.REGULAR:
        return False
    if enrollment.status == S.EARLY_EMPLOYED:
        return True
    if enrollment.status != S.COMPLETED or not enrollment.completed_on:
        return False
    start = enrollment.completed_on
    window = settings.HOPEHOME["EMPLOYMENT_WINDOW_DAYS"]
    if start <= followup.insured_on <= start + timedelta(days=window):
        return True
    manual = settings.HOPEHOME["EMPLOYMENT_MANUAL_WINDOW_DAYS"]
    return (
        followup.source == EmploymentSource.MANUAL
        and followup.confirmed_on is not None
        and start <= followup.insured_on <= start + timedelta(days=manual)
        and followup.confirmed_on <= start + timedelta(days=manual)
    )


def refresh_employment(enrollment: Enrollment) -> None:
    """Recompute the enrolment's employment summary from its follow-ups."""
    qualifying = [f for f in enrollment.followups.order_by("insured_on", "id") if _counts(f, enrollment)]
    first = qualifying[0] if qualifying else None
    values = {
        "employed_on": first.insured_on if first else None,
        "counts_as_employed": first is not None,
        "public_assistance": bool(first and first.public_assistance),
    }
    if any(getattr(enrollment, k) != v for k, v in values.items()):
        Enrollment.objects.filter(pk=enrollment.pk).update(**values)
        for k, v in values.items():
            setattr(enrollment, k, v)


@transaction.atomic
def record_followup(actor, enrollment: Enrollment, *, insured_on: date, source: str,
                    employer: Organization | None = None, employer_name: str = "",
                    insurance_channel: str = InsuranceChannel.REGULAR, public_assistance: bool = False,
                    confirmed_on: date | None = None, note: str = "",
                    context: str = "record follow-up") -> EmploymentFollowUp:  # fmt: skip
    require(actor, "training.record_followup")
    enrollment = Enrollment.objects.select_related("person", "course").get(pk=enrollment.pk)
    if enrollment.status not in (S.COMPLETED, S.EARLY_EMPLOYED, S.DROPPED):
        raise ValidationError(_("只有結訓、提前就業或退訓的學員可以登錄就業追蹤。"), code="not_finished")
    if insured_on < enrollment.course.starts_on:
        raise ValidationError({"insured_on": _("就業日期不可早於開訓日期。")})
    if insured_on > timezone.localdate() + timedelta(days=60):
        raise ValidationError({"insured_on": _("就業日期不可超過今天 60 天以後。")})
    if source == EmploymentSource.MANUAL and confirmed_on is None:
        raise ValidationError({"confirmed_on": _("人工確認的就業須填寫確認日期。")})
    followup = EmploymentFollowUp(
        enrollment=enrollment,
        insured_on=insured_on,
        employer=employer,
        employer_name=employer_name or (employer.name if employer else ""),
        source=source,
        insurance_channel=insurance_channel,
        public_assistance=public_assistance,
        confirmed_on=confirmed_on,
        note=note,
    )
    followup.full_clean()
    followup.save()
    audit.record_create(actor, followup, person=enrollment.person, context=context)
    refresh_employment(enrollment)
    return followup


# --- TTQS -----------------------------------------------------------------------------------
def grade_for(form_type: str, total: int) -> str:
    band = (
        TTQSGradeBand.objects.filter(form_type=form_type, min_total__lte=total)
        .order_by("-min_total")
        .first()
    )
    return band.grade if band else TTQSGrade.FAIL


def validate_scores(scores: list[Any]) -> list[int]:
    if not isinstance(scores, list | tuple) or len(scores) != len(TTQS_INDICATORS):
        raise ValidationError({"scores": _("TTQS 須填寫全部 19 項指標的分數。")})
    errors = []
    clean: list[int] = []
    for no, raw in enumerate(scores, start=1):
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors.append(_("指標 %(no)d 的分數必須是整數。") % {"no": no})
            continue
        low = 0 if no in TTQS_OUTCOME_INDICATORS else 1
        if not low <= value <= 5:
            errors.append(_("指標 %(no)d 的分數須介於 %(low)d 到 5。") % {"no": no, "low": low})
        clean.append(value)
    if errors:
        raise ValidationError({"scores": errors})
    return clean


@transaction.atomic
def record_ttqs_evaluation(actor, *, organization: Organization, year: int, form_type: str,
                           scores: list[int], assessor: str, evaluated_on: date,
                           note: str = "") -> TTQSEvaluation:  # fmt: skip
    require(actor, "training.record_ttqs")
    clean = validate_scores(scores)
    if evaluated_on.year != year:
        raise ValidationError({"evaluated_on": _("評核日期須在評核年度內。")})
    if TTQSEvaluation.objects.filter(organization=organization, year=year).exists():
        raise ValidationError({"year": _("此單位在 %(year)d 年已有評核紀錄。") % {"year": year}}, code="duplicate")
    total = sum(clean)
    evaluation = TTQSEvaluation(
        organization=organization, year=year, form_type=form_type, scores=clean, total=total,
        grade=grade_for(form_type, total), assessor=assessor.strip(), evaluated_on=evaluated_on, note=note,
    )  # fmt: skip
    evaluation.full_clean()
    evaluation.save()
    audit.record_create(actor, evaluation)
    return evaluation


@transaction.atomic
def update_grade_bands(actor, form_type: str, thresholds: dict[str, int]) -> int:
    """Replace the score bands of a form type and re-grade its evaluations. Returns re-graded count."""
    require(actor, "training.edit_ttqs_bands")
    order = [g for g in GRADE_ORDER if g != TTQSGrade.FAIL]
    missing = [g for g in order if g not in thresholds]
    if missing:
        raise ValidationError(_("每個等級都需要最低總分。"))
    values = [int(thresholds[g]) for g in order]
    if any(not 0 <= v <= 95 for v in values):
        raise ValidationError(_("最低總分須介於 0 到 95。"))
    if values != sorted(values) or len(set(values)) != len(values):
        raise ValidationError(_("等級越高，最低總分必須越高（通過 < 銅牌 < 銀牌 < 金牌 < 白金）。"))
    for grade, value in zip(order, values, strict=True):
        band, created = TTQSGradeBand.objects.get_or_create(form_type=form_type, grade=grade, defaults={"min_total": value})
        if not created and band.min_total != value:
            before = audit.snapshot(band, ["min_total"])
            band.min_total = value
            band.save()
            audit.record_update(actor, band, before, context="edit TTQS bands")
    changed = 0
    for evaluation in TTQSEvaluation.objects.filter(form_type=form_type).only("id", "total", "grade"):
        grade = grade_for(form_type, evaluation.total)
        if grade != evaluation.grade:
            before = audit.snapshot(evaluation, ["grade"])
            evaluation.grade = grade
            evaluation.save(update_fields=["grade", "updated_at"])
            audit.record_update(actor, evaluation, before, context="re-graded after band change")
            changed += 1
    return changed


def medal_counts(year: int | None = None):
    """Per unit: evaluations and medals of each grade up to ``year`` (aggregate query)."""
    qs = TTQSEvaluation.objects.all()
    if year is not None:
        qs = qs.filter(year__lte=year)
    return (
        qs.values("organization_id", "organization__name")
        .annotate(
            evaluations=Count("id"),
            platinum=Count("id", filter=Q(grade=TTQSGrade.PLATINUM)),
            gold=Count("id", filter=Q(grade=TTQSGrade.GOLD)),
            silver=Count("id", filter=Q(grade=TTQSGrade.SILVER)),
            bronze=Count("id", filter=Q(grade=TTQSGrade.BRONZE)),
        )
        .order_by("organization__name")
    )


def person_for_enrollment_view(actor, enrollment: Enrollment) -> Person:
    """Staff open a trainee's record from a course: scoped and access-logged."""
    from hopehome.core.services import view_person

    return view_person(actor, enrollment.person_id, context=f"training course {enrollment.course.code}")


# --- roster import --------------------------------------------------------------------------
@transaction.atomic
def enroll_from_roster(actor, course: Course, person: Person, *,
                       context: str = "training roster import") -> tuple[Enrollment, bool]:  # fmt: skip
    """Put a person named on a provider's roster on the course; returns (enrolment, created).

    A pending application (applied or waitlisted) is admitted; a withdrawn one is refused.
    Capacity is not enforced: the roster records who actually attended.
    """
    require(actor, "training.import_roster")
    existing = Enrollment.objects.select_related("person").filter(course=course, person=person).first()
    if existing is not None:
        if existing.status == S.WITHDRAWN:
            raise ValidationError(
                _("此學員已取消報名此課程，無法以名冊登錄結訓狀態。"), code="withdrawn"
            )
        if existing.status in (S.APPLIED, S.WAITLISTED):
            _transition(actor, existing, (S.APPLIED, S.WAITLISTED), S.ADMITTED, context, decided_at=timezone.now())
        return existing, False
    for attempt in range(3):
        enrollment = Enrollment(
            course=course, person=person, confirmation_number=_new_confirmation_number(course),
            channel="roster", status=S.ADMITTED, decided_at=timezone.now(),
        )  # fmt: skip
        try:
            with transaction.atomic():
                enrollment.save()
            break
        except IntegrityError:  # a colliding confirmation number
            if attempt == 2:
                raise
    audit.record_create(actor, enrollment, person=person, context=context)
    return enrollment, True


@transaction.atomic
def record_roster_followup(actor, enrollment: Enrollment, *, insured_on: date, public_assistance: bool,
                           context: str = "training roster import") -> tuple[EmploymentFollowUp, str]:  # fmt: skip
    """Record the employment a roster reports; returns (follow-up, "created"|"updated"|"unchanged").

    A follow-up for the same job start already on file (from any source, with the same
    public-assistance flag) is kept as it is; a roster follow-up whose public-assistance flag
    the roster now corrects is updated.
    """
    require(actor, "training.record_followup")
    same_day = EmploymentFollowUp.objects.filter(
        enrollment=enrollment, insured_on=insured_on, insurance_channel=InsuranceChannel.REGULAR
    ).order_by("id")
    identical = same_day.filter(public_assistance=public_assistance).first()
    if identical is not None:
        return identical, "unchanged"
    roster = same_day.filter(source=EmploymentSource.ROSTER).first()
    if roster is not None:
        before = audit.snapshot(roster, ["public_assistance"])
        roster.public_assistance = public_assistance
        roster.save(update_fields=["public_assistance", "updated_at"])
        audit.record_update(actor, roster, before, person=enrollment.person, context=context)
        refresh_employment(Enrollment.objects.get(pk=enrollment.pk))
        return roster, "updated"
    followup = record_followup(
        actor, enrollment, insured_on=insured_on, source=EmploymentSource.ROSTER,
        public_assistance=public_assistance, context=context,
    )  # fmt: skip
    return followup, "created"


# --- reads for the portal and staff screens -------------------------------------------------
PUBLIC_STATUSES = (CourseStatus.OPEN, CourseStatus.IN_PROGRESS, CourseStatus.FINISHED)


def with_seats(queryset):
    """Annotate ``seats_held``, ``waitlisted`` and ``seats_left`` on courses, in the same query."""
    from django.db.models import ExpressionWrapper, F, IntegerField

    return queryset.annotate(
        seats_held=Count("enrollments", filter=Q(enrollments__status__in=SEAT_HOLDING)),
        waitlisted=Count("enrollments", filter=Q(enrollments__status=S.WAITLISTED)),
    ).annotate(
        seats_left=ExpressionWrapper(F("capacity") - F("seats_held"), output_field=IntegerField())
    )


def accepting_applications_q(today: date | None = None) -> Q:
    """Courses open for applications today (the query form of ``is_accepting_applications``)."""
    today = today or timezone.localdate()
    return Q(status=CourseStatus.OPEN) & (
        Q(application_deadline__gte=today)
        | Q(application_deadline__isnull=True, starts_on__gte=today)
    )


def public_courses(*, q: str = "", category: str = "", district=None, target_group=None,
                   accepting: bool = False):  # fmt: skip
    """The public catalogue: published courses matching a folded text query and filters."""
    from django.db.models import Case, IntegerField, When

    from hopehome.core.text import fold

    qs = Course.objects.filter(status__in=PUBLIC_STATUSES).select_related("provider", "district")
    for term in fold(q).split():
        qs = qs.filter(search_key__icontains=term)
    if category:
        qs = qs.filter(category=category)
    if district is not None:
        qs = qs.filter(district=district)
    if target_group is not None:
        qs = qs.filter(target_groups=target_group)
    if accepting:
        qs = qs.filter(accepting_applications_q())
    rank = Case(
        When(status=CourseStatus.OPEN, then=0),
        When(status=CourseStatus.IN_PROGRESS, then=1),
        default=2,
        output_field=IntegerField(),
    )
    return with_seats(qs).annotate(status_rank=rank).order_by("status_rank", "starts_on", "code")


def public_course(code: str) -> Course:
    """One published course with its seat counts; raises ``Course.DoesNotExist``."""
    qs = Course.objects.filter(status__in=PUBLIC_STATUSES).select_related("provider", "district")
    return with_seats(qs).prefetch_related("target_groups").get(code=code)


def staff_courses(actor, *, status: str = "", category: str = "", year: int | None = None,
                  provider=None) -> tuple[Any, dict[str, int]]:  # fmt: skip
    """Courses for the staff list with per-course enrolment counts, and course counts by status.

    The counts by status ignore the status filter, so staff see how many courses each status has
    under the other filters.
    """
    require(actor, "training.view")
    base = Course.objects.all()
    if category:
        base = base.filter(category=category)
    if year:
        base = base.filter(ends_on__gte=date(year, 1, 1), ends_on__lte=date(year, 12, 31))
    if provider is not None:
        base = base.filter(provider=provider)
    counts = base.aggregate(**{value: Count("id", filter=Q(status=value)) for value in CourseStatus.values})
    qs = base.filter(status=status) if status else base
    qs = with_seats(qs.select_related("provider")).annotate(
        applied=Count("enrollments", filter=Q(enrollments__status=S.APPLIED)),
        completed=Count("enrollments", filter=Q(enrollments__status=S.COMPLETED)),
    )
    return qs.order_by("-starts_on", "code"), counts


def course_employment(course: Course) -> dict[str, Any]:
    """The course's 訓後就業率 (numerator, denominator, rate) or ``pending`` within the window."""
    from hopehome.outcomes.registry import ratio

    from .choices import EMPLOYMENT_RATE_CATEGORIES
    from .indicators import employment_aggregates, employment_rate, matured_before

    row = Enrollment.objects.filter(course=course).aggregate(**employment_aggregates())
    num, den = employment_rate(row)
    pending = course.ends_on > matured_before()
    applies = course.category in EMPLOYMENT_RATE_CATEGORIES
    return {**row, "numerator": num, "denominator": den, "pending": pending, "applies": applies,
            "rate": None if pending or not applies else ratio(num, den)}  # fmt: skip


def staff_course(actor, code: str) -> Course:
    """One course for the staff screens, with seat counts; raises ``Course.DoesNotExist``."""
    require(actor, "training.view")
    qs = Course.objects.select_related("provider", "district").prefetch_related("target_groups")
    return with_seats(qs).get(code=code)


def course_enrollments(actor, course: Course):
    """The course's applications and trainees in application order, with follow-up counts."""
    require(actor, "training.view")
    return (
        Enrollment.objects.filter(course=course)
        .select_related("person")
        .annotate(followup_count=Count("followups"))
        .order_by("applied_at", "id")
    )


def enrollment_for_staff(actor, pk: int, perm: str = "training.view") -> Enrollment:
    """One enrolment with its person and course; raises ``Enrollment.DoesNotExist``."""
    require(actor, perm)
    return Enrollment.objects.select_related("person", "course", "course__provider").get(pk=pk)


def employment_figures(actor, year: int | None = None) -> dict[str, list[dict]]:
    """訓後就業率 tables by year, category, provider and course, for the staff figures page."""
    from hopehome.outcomes.registry import Period

    from .indicators import rate_table

    require(actor, "training.view")
    period = Period(year) if year else None
    return {
        "by_year": rate_table(["year"], period),
        "by_category": rate_table(["year", "course__category"], period),
        "by_provider": rate_table(["year", "course__provider__name"], period),
        "by_course": rate_table(["year", "course__code", "course__title"], period),
    }


def medal_totals(year: int | None = None) -> dict[str, int]:
    """Evaluations and medals of each grade across all units up to ``year`` (one aggregate)."""
    qs = TTQSEvaluation.objects.all()
    if year is not None:
        qs = qs.filter(year__lte=year)
    return qs.aggregate(
        evaluations=Count("id"),
        platinum=Count("id", filter=Q(grade=TTQSGrade.PLATINUM)),
        gold=Count("id", filter=Q(grade=TTQSGrade.GOLD)),
        silver=Count("id", filter=Q(grade=TTQSGrade.SILVER)),
        bronze=Count("id", filter=Q(grade=TTQSGrade.BRONZE)),
    )


def grade_bands() -> dict[str, dict[str, int]]:
    """The current minimum totals, by form type and grade."""
    bands: dict[str, dict[str, int]] = {}
    for band in TTQSGradeBand.objects.all():
        bands.setdefault(band.form_type, {})[band.grade] = band.min_total
    return bands


def confirmation_for(number: str) -> tuple[Enrollment, int | None]:
    """An application by its confirmation number, with its waitlist position."""
    enrollment = Enrollment.objects.select_related("course", "course__provider", "person").get(
        confirmation_number=number
    )
    return enrollment, waitlist_position(enrollment)


def course_years() -> list[int]:
    """The years in which courses end, newest first."""
    return [d.year for d in Course.objects.dates("ends_on", "year", order="DESC")]


def ttqs_overview(actor, year: int | None = None) -> dict[str, Any]:
    """TTQS evaluations (of ``year`` or all), medal counts and gold streaks as of a year."""
    from django.db.models import Max

    from .indicators import gold_streaks

    require(actor, "training.view")
    evaluations = TTQSEvaluation.objects.select_related("organization").order_by(
        "-year", "organization__name", "id"
    )
    if year:
        evaluations = evaluations.filter(year=year)
    as_of = year or TTQSEvaluation.objects.aggregate(last=Max("year"))["last"] or timezone.localdate().year
    return {
        "evaluations": evaluations,
        "as_of": as_of,
        "medals": medal_counts(as_of),
        "totals": medal_totals(as_of),
        "streaks": gold_streaks(as_of),
    }


def ttqs_years() -> list[int]:
    """The years with TTQS evaluations, newest first."""
    return list(TTQSEvaluation.objects.order_by("-year").values_list("year", flat=True).distinct())
