"""Public vocational-training courses over the API (no personal data).

Only courses the public may see are listed: open, in progress or finished. ``seats_left`` is
annotated in the same query as the page, so the number of queries does not grow with the page
size (count, page, target groups).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from pydantic import field_validator

from hopehome.api.errors import ErrorOut, invalid_parameter
from hopehome.core.models import District, TargetGroup
from hopehome.core.text import fold

from .choices import SEAT_HOLDING, CourseCategory, CourseStatus
from .models import Course, Enrollment

router = Router()

PUBLIC_STATUSES = (CourseStatus.OPEN, CourseStatus.IN_PROGRESS, CourseStatus.FINISHED)
MAX_PAGE_SIZE = 100


class ChoiceOut(Schema):
    value: str
    label: str


class DistrictRef(Schema):
    postcode: str
    name: str


class CourseOut(Schema):
    code: str
    title: str
    category: ChoiceOut
    provider: str
    hours: int
    capacity: int
    seats_left: int
    starts_on: date
    ends_on: date
    application_deadline: date | None
    district: DistrictRef | None
    venue: str
    subsidy: int
    trainee_fee: int
    target_groups: list[str]
    status: str
    status_label: str
    accepting_applications: bool
    url: str


class CourseDetailOut(CourseOut):
    description: str
    admission_mode: ChoiceOut


class CoursePage(Schema):
    items: list[CourseOut]
    count: int
    page: int
    page_size: int
    pages: int


class CourseFilters(Schema):
    q: str | None = Field(None, max_length=100, description="關鍵字（課程代碼、名稱、地點、內容）")
    category: CourseCategory | None = Field(None, description="訓練類別")
    district: str | None = Field(None, pattern=r"^\d{3}$", description="上課地區郵遞區號，例如 700")
    target_group: str | None = Field(None, max_length=40, description="招訓對象代碼，例如 youth")
    accepting: bool | None = Field(None, description="true：只列目前開放報名的課程")
    year: int | None = Field(None, ge=2000, le=2100, description="結訓年度（西元）")
    page: int = Field(1, ge=1, description="頁次，從 1 開始")
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每頁筆數（1–100）")

    @field_validator(
        "q", "category", "district", "target_group", "accepting", "year", mode="before"
    )
    @classmethod
    def blank_is_absent(cls, value):
        """An empty parameter (``?year=``), as an HTML form sends it, means no filter."""
        return None if isinstance(value, str) and not value.strip() else value


def accepting_q(today: date) -> Q:
    """The SQL form of :attr:`Course.is_accepting_applications`."""
    return Q(status=CourseStatus.OPEN) & (
        Q(application_deadline__gte=today)
        | Q(application_deadline__isnull=True, starts_on__gte=today)
    )


def public_courses() -> QuerySet:
    """Courses the public may see, with provider, district and seats left in one query."""
    taken = (
        Enrollment.objects.filter(course=OuterRef("pk"), status__in=SEAT_HOLDING)
        .order_by()
        .values("course")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        Course.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("provider", "district")
        .prefetch_related("target_groups")
        .annotate(
            seats_left=Greatest(
                F("capacity") - Coalesce(Subquery(taken, output_field=IntegerField()), Value(0)),
                Value(0),
            )
        )
    )


def search_courses(filters: CourseFilters) -> QuerySet:
    """Apply the list filters; an unknown district or target group is a bad parameter."""
    qs = public_courses()
    if filters.q:
        for term in fold(filters.q).split():
            qs = qs.filter(search_key__contains=term)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.district:
        if not District.objects.filter(postcode=filters.district).exists():
            raise invalid_parameter(
                "district",
                _("找不到郵遞區號為 %(postcode)s 的臺南市行政區。")
                % {"postcode": filters.district},
                code="unknown_district",
            )
        qs = qs.filter(district__postcode=filters.district)
    if filters.target_group:
        if not TargetGroup.objects.filter(code=filters.target_group).exists():
            raise invalid_parameter(
                "target_group",
                _("找不到代碼為 %(code)s 的服務對象。") % {"code": filters.target_group},
                code="unknown_target_group",
            )
        qs = qs.filter(target_groups__code=filters.target_group)
    if filters.accepting is not None:
        q = accepting_q(timezone.localdate())
        qs = qs.filter(q) if filters.accepting else qs.exclude(q)
    if filters.year:
        qs = qs.filter(ends_on__year=filters.year)
    return qs


def course_url(code: str) -> str:
    """The public detail page of a course."""
    return reverse("training:detail", kwargs={"code": code})


def course_data(course: Course, today: date) -> dict[str, Any]:
    deadline = course.application_deadline or course.starts_on
    seats_left = getattr(course, "seats_left", None)
    return {
        "code": course.code,
        "title": course.title,
        "category": {"value": course.category, "label": course.get_category_display()},
        "provider": course.provider.name,
        "hours": course.hours,
        "capacity": course.capacity,
        "seats_left": seats_left if seats_left is not None else course.capacity,
        "starts_on": course.starts_on,
        "ends_on": course.ends_on,
        "application_deadline": course.application_deadline,
        "district": {"postcode": course.district.postcode, "name": course.district.name}
        if course.district
        else None,
        "venue": course.venue,
        "subsidy": course.subsidy,
        "trainee_fee": course.trainee_fee,
        "target_groups": [g.code for g in course.target_groups.all()],
        "status": course.status,
        "status_label": course.get_status_display(),
        "accepting_applications": course.status == CourseStatus.OPEN and today <= deadline,
        "url": course_url(course.code),
    }


@router.get("/courses", response={200: CoursePage, 422: ErrorOut}, summary="職業訓練課程列表")
def list_courses(request, filters: Query[CourseFilters]):
    """Public courses (open, in progress, finished), newest first, paginated."""
    qs = search_courses(filters)
    count = qs.count()
    start = (filters.page - 1) * filters.page_size
    page = list(qs[start : start + filters.page_size]) if start < count else []
    today = timezone.localdate()
    return {
        "items": [course_data(c, today) for c in page],
        "count": count,
        "page": filters.page,
        "page_size": filters.page_size,
        "pages": (count + filters.page_size - 1) // filters.page_size,
    }


@router.get(
    "/courses/{code}", response={200: CourseDetailOut, 404: ErrorOut}, summary="職業訓練課程內容"
)
def get_course(request, code: str = Path(..., max_length=40)):
    """One public course by its code; drafts and cancelled courses are not found."""
    course = public_courses().filter(code=code).first()
    if course is None:
        raise Http404(code)
    data = course_data(course, timezone.localdate())
    data["description"] = course.description
    data["admission_mode"] = {
        "value": course.admission_mode,
        "label": course.get_admission_mode_display(),
    }
    return data
