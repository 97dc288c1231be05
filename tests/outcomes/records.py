"""Records of 2019 from which the outcome figures are computed (used by tests/outcomes and tests/api)."""

from __future__ import annotations

from datetime import date

from hopehome.core.choices import IdType
from hopehome.core.models import Person
from hopehome.training.choices import (
    CourseCategory,
    CourseStatus,
    EnrollmentStatus,
    TTQSFormType,
    TTQSGrade,
)
from hopehome.training.models import Enrollment, TTQSEvaluation
from tests.conftest import VALID_IDS

S = EnrollmentStatus


def person(n: int, name: str | None = None) -> Person:
    return Person.objects.create(
        name=name or f"學員{n}", id_type=IdType.NATIONAL, id_number=VALID_IDS[n]
    )


def enroll(
    course, who: Person, status: str, *, employed: bool = False, public_assistance: bool = False
) -> Enrollment:
    return Enrollment.objects.create(
        course=course, person=who, status=status, confirmation_number=f"T19-{who.pk:04d}{course.pk:04d}",
        completed_on=course.ends_on if status == S.COMPLETED else None,
        employed_on=date(2019, 7, 15) if employed else None,
        counts_as_employed=employed, public_assistance=public_assistance,
    )  # fmt: skip


def build_2019(make_course, provider) -> dict:
    """One 2019 pre-employment course: 4 completers (2 employed), 1 early-employed, 1 dropped.

    訓後就業率 = (2 + 1) / (4 + 1) = 60.0%; 結訓人數 4 of 6 final outcomes. The provider, a
    bureau unit, was graded gold in 2018 and platinum in 2019: a two-year streak.
    """
    course = make_course(
        code="U2019A", category=CourseCategory.UNEMPLOYED, status=CourseStatus.FINISHED,
        starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 28),
    )  # fmt: skip
    statuses = [S.COMPLETED, S.COMPLETED, S.COMPLETED, S.COMPLETED, S.EARLY_EMPLOYED, S.DROPPED]
    employed = [True, True, False, False, False, False]
    people = [person(i, "王小明" if i == 0 else None) for i in range(len(statuses))]
    for who, status, job in zip(people, statuses, employed, strict=True):
        enroll(course, who, status, employed=job)
    for year, grade in ((2018, TTQSGrade.GOLD), (2019, TTQSGrade.PLATINUM)):
        TTQSEvaluation.objects.create(
            organization=provider, year=year, form_type=TTQSFormType.PROVIDER, scores=[4] * 19,
            total=80 if grade == TTQSGrade.GOLD else 88, grade=grade, assessor="評核委員甲",
            evaluated_on=date(year, 9, 1),
        )  # fmt: skip
    return {"course": course, "people": people}
