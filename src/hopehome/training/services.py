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
        super().__init__(
            _("您已報名過此課程（報名序號 %(number)s），不需要重複報名。"),
            code="duplicate",
            params={"number": enrollment.confirmation_number},
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
