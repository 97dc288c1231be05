"""Program 1 services: the enrolment lifecycle, capacity, employment follow-up, TTQS."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connection

from hopehome.core.models import AuditEntry, Person
from hopehome.outcomes.registry import Period
from hopehome.training import services
from hopehome.training.choices import (
    AdmissionMode,
    CourseCategory,
    EmploymentSource,
    EnrollmentStatus,
    InsuranceChannel,
    TTQSFormType,
    TTQSGrade,
)
from hopehome.training.indicators import unemployed_rate
from hopehome.training.models import Enrollment, TTQSEvaluation
from tests.conftest import VALID_IDS

S = EnrollmentStatus


def applicant(i: int, name: str = "學員") -> services.Applicant:
    return services.Applicant(id_number=VALID_IDS[i], name=f"{name}{i}")


def test_first_come_course_admits_until_full_then_waitlists_in_order(make_course):
    course = make_course(capacity=2)
    e = [services.apply(None, course, applicant(i)) for i in range(4)]
    assert [x.status for x in e] == [S.ADMITTED, S.ADMITTED, S.WAITLISTED, S.WAITLISTED]
    assert services.waitlist_position(e[2]) == 1
    assert services.waitlist_position(e[3]) == 2
    assert len({x.confirmation_number for x in e}) == 4


def test_a_second_application_for_the_same_course_is_refused_politely(course):
    first = services.apply(None, course, applicant(0))
    with pytest.raises(services.DuplicateApplication) as exc:
        services.apply(None, course, services.Applicant(id_number=VALID_IDS[0].lower(), name="學員0"))
    assert exc.value.enrollment == first
    assert first.confirmation_number not in exc.value.messages[0]  # an ID alone reveals nothing
    assert Enrollment.objects.count() == 1
    assert Person.objects.count() == 1


def test_a_public_application_for_a_known_id_must_match_the_name_and_birth_date(make_course):
    first = make_course()
    services.apply(None, first, services.Applicant(id_number=VALID_IDS[0], name="王小明", birth_date=date(1990, 5, 1)))
    second = make_course()
    with pytest.raises(ValidationError) as exc:
        services.apply(None, second, services.Applicant(id_number=VALID_IDS[0], name="冒名者"))
    assert exc.value.code == "identity_mismatch"
    with pytest.raises(ValidationError):
        services.apply(None, second, services.Applicant(id_number=VALID_IDS[0], name="王小明", birth_date=date(1991, 5, 1)))
    services.apply(None, second, services.Applicant(id_number=VALID_IDS[0], name="王 小明", birth_date=date(1990, 5, 1)))
    assert Enrollment.objects.filter(person__id_number=VALID_IDS[0]).count() == 2


def test_applications_to_a_closed_course_are_refused(make_course):
    course = make_course(status="draft")
    with pytest.raises(ValidationError):
        services.apply(None, course, applicant(0))
    past = make_course(starts_on=date(2019, 1, 1), ends_on=date(2019, 3, 1))
    with pytest.raises(ValidationError):
        services.apply(None, past, applicant(1))
    assert Enrollment.objects.count() == 0


def test_a_bad_identifier_changes_nothing(course):
    with pytest.raises(ValidationError):
        services.apply(None, course, services.Applicant(id_number="A123456788", name="王"))
    assert Person.objects.count() == 0 and Enrollment.objects.count() == 0


def test_withdrawal_promotes_the_first_waitlisted_applicant(clerk, make_course):
    course = make_course(capacity=1)
    admitted = services.apply(None, course, applicant(0))
    waiting = services.apply(None, course, applicant(1))
    services.withdraw(clerk, admitted)
    waiting.refresh_from_db()
    assert waiting.status == S.ADMITTED


def test_screening_course_keeps_applicants_until_staff_admit_within_capacity(clerk, make_course):
    course = make_course(capacity=1, admission_mode=AdmissionMode.SCREENING)
    a = services.apply(None, course, applicant(0))
    b = services.apply(None, course, applicant(1))
    assert a.status == b.status == S.APPLIED
    services.admit(clerk, a)
    with pytest.raises(ValidationError):
        services.admit(clerk, b)
    services.put_on_waitlist(clerk, b)
    b.refresh_from_db()
    assert b.status == S.WAITLISTED


def test_capacity_cannot_drop_below_admitted(clerk, make_course):
    course = make_course(capacity=2)
    services.apply(None, course, applicant(0))
    services.apply(None, course, applicant(1))
    with pytest.raises(ValidationError):
        services.update_course(clerk, course, capacity=1)


def test_permissions_are_checked_in_services(outsider, inspector, course):
    e = services.apply(None, course, applicant(0))
    for actor in (outsider, inspector, None):
        with pytest.raises(PermissionDenied):
            services.start_attending(actor, e)


def _attend(clerk, course, n):
    out = []
    for i in range(n):
        e = services.apply(None, course, applicant(i))
        services.start_attending(clerk, e)
        out.append(e)
    return out


def test_early_employment_needs_half_the_hours(clerk, make_course):
    course = make_course(hours=300)
    e = _attend(clerk, course, 1)[0]
    with pytest.raises(ValidationError) as exc:
        services.record_outcome(clerk, e, S.EARLY_EMPLOYED, hours_attended=149, on=date(2030, 4, 1))
    assert "hours_attended" in exc.value.message_dict
    services.record_outcome(clerk, e, S.EARLY_EMPLOYED, hours_attended=150, on=date(2030, 4, 1))
    e.refresh_from_db()
    assert e.status == S.EARLY_EMPLOYED


def test_hours_attended_cannot_exceed_the_course(clerk, course):
    e = _attend(clerk, course, 1)[0]
    with pytest.raises(ValidationError):
        services.record_outcome(clerk, e, S.COMPLETED, hours_attended=course.hours + 1)


def test_only_jobs_within_90_days_through_regular_insurance_count(clerk, make_course):
    course = make_course(starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 30), status="in_progress")
    people = []
    for i in range(4):
        person_enrollment = Enrollment.objects.create(
            course=course, person=Person.objects.create(name=f"p{i}", id_number=VALID_IDS[i], id_type="national"),
            status=S.ATTENDING, confirmation_number=f"X{i}",
        )  # fmt: skip
        services.record_outcome(clerk, person_enrollment, S.COMPLETED, hours_attended=300)
        people.append(person_enrollment)
    end = course.ends_on
    services.record_followup(clerk, people[0], insured_on=end + timedelta(days=90), source=EmploymentSource.INSURANCE)
    services.record_followup(clerk, people[1], insured_on=end + timedelta(days=91), source=EmploymentSource.INSURANCE)
    services.record_followup(
        clerk, people[2], insured_on=end + timedelta(days=10), source=EmploymentSource.INSURANCE,
        insurance_channel=InsuranceChannel.OCCUPATIONAL_UNION,
    )  # fmt: skip
    services.record_followup(
        clerk, people[3], insured_on=end + timedelta(days=100), source=EmploymentSource.MANUAL,
        confirmed_on=end + timedelta(days=115),
    )  # fmt: skip
    flags = [Enrollment.objects.get(pk=p.pk).counts_as_employed for p in people]
    assert flags == [True, False, False, True]


def test_the_employment_rate_follows_the_official_formula(clerk, make_course):
    """20 completers, 12 employed (1 public assistance), 3 early → 14/22 = 63.6 %."""
    course = make_course(starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 30), hours=100, capacity=30,
                         category=CourseCategory.UNEMPLOYED, status="in_progress")  # fmt: skip
    from hopehome.core.validators import is_national_id

    def make_id(n: int) -> str:
        return next(f"D1{n:07d}{c}" for c in range(10) if is_national_id(f"D1{n:07d}{c}"))

    enrollments = [
        Enrollment.objects.create(
            course=course, person=Person.objects.create(name=f"p{i}", id_number=make_id(i), id_type="national"),
            status=S.ATTENDING, confirmation_number=f"R{i}",
        )  # fmt: skip
        for i in range(23)
    ]
    for i, e in enumerate(enrollments):
        if i < 20:
            services.record_outcome(clerk, e, S.COMPLETED, hours_attended=100)
            if i < 12:
                services.record_followup(clerk, e, insured_on=date(2019, 7, 15), source=EmploymentSource.INSURANCE,
                                         public_assistance=(i == 0))  # fmt: skip
        else:
            services.record_outcome(clerk, e, S.EARLY_EMPLOYED, hours_attended=60, on=date(2019, 5, 1))
            services.record_followup(clerk, e, insured_on=date(2019, 5, 2), source=EmploymentSource.INSURANCE)
    result = unemployed_rate(Period(2019))
    assert (result.numerator, result.denominator) == (14, 22)
    assert str(result.value) == "63.6"
    assert result.drilldown.count() == 23


def test_outcome_changes_are_audited_with_before_and_after(clerk, course):
    e = _attend(clerk, course, 1)[0]
    services.record_outcome(clerk, e, S.DROPPED, on=date(2030, 3, 10))
    entry = AuditEntry.objects.filter(object_type="training.enrollment", action="update").first()
    assert entry.changes["status"] == {"before": "attending", "after": "dropped"}
    assert entry.person == e.person


# --- TTQS -----------------------------------------------------------------------------------
def scores(total_target: int) -> list[int]:
    base = [4] * 19
    diff = total_target - sum(base)
    i = 0
    while diff:
        step = 1 if diff > 0 else -1
        if 1 <= base[i] + step <= 5:
            base[i] += step
            diff -= step
        i = (i + 1) % 19
    return base


def test_ttqs_grade_comes_from_the_editable_bands(supervisor, provider):
    ev = services.record_ttqs_evaluation(
        supervisor, organization=provider, year=2019, form_type=TTQSFormType.PROVIDER, scores=scores(76),
        assessor="評核委員甲", evaluated_on=date(2019, 9, 1),
    )  # fmt: skip
    assert (ev.total, ev.grade) == (76, TTQSGrade.GOLD)
    regraded = services.update_grade_bands(
        supervisor, TTQSFormType.PROVIDER, {"pass": 50, "bronze": 60, "silver": 70, "gold": 80, "platinum": 90}
    )
    ev.refresh_from_db()
    assert regraded == 1 and ev.grade == TTQSGrade.SILVER


def test_ttqs_scores_are_validated(supervisor, provider):
    bad = scores(76)
    bad[4] = 0  # indicator 5 may not be 0
    with pytest.raises(ValidationError):
        services.record_ttqs_evaluation(supervisor, organization=provider, year=2019, form_type="provider",
                                        scores=bad, assessor="甲", evaluated_on=date(2019, 9, 1))  # fmt: skip
    ok = scores(70)
    ok[18] = 0  # outcome indicator 19 may be 0
    services.record_ttqs_evaluation(supervisor, organization=provider, year=2019, form_type="provider",
                                    scores=ok, assessor="甲", evaluated_on=date(2019, 9, 1))  # fmt: skip
    with pytest.raises(ValidationError):
        services.record_ttqs_evaluation(supervisor, organization=provider, year=2019, form_type="provider",
                                        scores=ok, assessor="甲", evaluated_on=date(2019, 10, 1))  # fmt: skip
    assert TTQSEvaluation.objects.count() == 1


def test_bands_must_rise_with_the_grade(supervisor, clerk):
    with pytest.raises(ValidationError):
        services.update_grade_bands(supervisor, "provider", {"pass": 50, "bronze": 40, "silver": 70, "gold": 80, "platinum": 90})
    with pytest.raises(PermissionDenied):
        services.update_grade_bands(clerk, "provider", {"pass": 50, "bronze": 60, "silver": 70, "gold": 80, "platinum": 90})


# --- concurrency ----------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_capacity_is_never_exceeded_under_concurrent_applications(make_course):
    course = make_course(capacity=3)
    ids = VALID_IDS[:7]
    barrier = threading.Barrier(len(ids))
    errors: list[BaseException] = []

    def worker(i: int):
        close_old_connections()
        try:
            barrier.wait()
            services.apply(None, course, services.Applicant(id_number=ids[i], name=f"併發{i}"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(ids))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    statuses = list(Enrollment.objects.filter(course=course).values_list("status", flat=True))
    assert len(statuses) == 7
    assert statuses.count(S.ADMITTED) == 3
    assert statuses.count(S.WAITLISTED) == 4


def test_the_employment_rate_leaves_out_in_service_and_leisure_courses(clerk, make_course):
    from hopehome.training.indicators import rate_table

    pre = make_course(starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 30), status="in_progress")
    leisure = make_course(starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 30), status="in_progress",
                          category=CourseCategory.LEISURE, hours=24)  # fmt: skip
    for i, course in enumerate((pre, leisure)):
        e = Enrollment.objects.create(
            course=course, person=Person.objects.create(name=f"p{i}", id_number=VALID_IDS[i], id_type="national"),
            status=S.ATTENDING, confirmation_number=f"L{i}",
        )  # fmt: skip
        services.record_outcome(clerk, e, S.COMPLETED, hours_attended=course.hours)
    rows = rate_table(["course__category"], Period(2019))
    assert [r["course__category"] for r in rows] == [CourseCategory.UNEMPLOYED]
    assert services.course_employment(leisure)["applies"] is False
    assert services.course_employment(leisure)["rate"] is None
    assert services.course_employment(pre)["rate"] is not None
