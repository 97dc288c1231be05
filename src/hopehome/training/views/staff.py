"""Back-office screens of program 1: courses, enrolments, follow-up, TTQS and figures."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hopehome.core.decorators import staff_required
from hopehome.core.permissions import has_perm

from .. import services
from ..choices import CourseCategory, CourseStatus, EnrollmentStatus, TTQSFormType, TTQSGrade
from ..forms import (
    CourseFilterForm,
    CourseForm,
    FollowUpForm,
    OutcomeForm,
    TTQSBandsForm,
    TTQSEvaluationForm,
    YearFilterForm,
    apply_errors,
)
from ..models import Course, Enrollment

COURSES_PER_PAGE = 25
ENROLLMENTS_PER_PAGE = 50
ROWS_PER_PAGE = 50


def _course(user, code: str) -> Course:
    try:
        return services.staff_course(user, code)
    except Course.DoesNotExist:
        raise Http404 from None


def _enrollment(user, pk: int, perm: str) -> Enrollment:
    try:
        return services.enrollment_for_staff(user, pk, perm)
    except Enrollment.DoesNotExist:
        raise Http404 from None


# --- courses --------------------------------------------------------------------------------
@staff_required("training.view")
def courses(request):
    """All courses with filters, seats and enrolment counts; course counts by status."""
    form = CourseFilterForm(request.GET or None)
    queryset, counts = services.staff_courses(request.user, **form.filters())
    page = Paginator(queryset, COURSES_PER_PAGE).get_page(request.GET.get("page"))
    status_counts = [(label, counts[value]) for value, label in CourseStatus.choices]
    return render(
        request,
        "training/staff/courses.html",
        {"form": form, "page_obj": page, "status_counts": status_counts,
         "can_manage_course": has_perm(request.user, "training.manage_course")},
    )  # fmt: skip


@staff_required("training.manage_course")
def course_create(request):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields, groups = form.service_fields()
        try:
            course = services.create_course(request.user, target_groups=groups, **fields)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已新增課程「%(title)s」。") % {"title": course.title})
            return redirect("training_staff:course_detail", code=course.code)
    return render(request, "training/staff/course_form.html", {"form": form, "course": None})


@staff_required("training.manage_course")
def course_edit(request, code: str):
    course = _course(request.user, code)
    # The form writes posted values onto its instance; the page keeps the saved code and title.
    editing = {"code": course.code, "title": course.title}
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        fields, groups = form.service_fields()
        try:
            course = services.update_course(request.user, course, target_groups=groups, **fields)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已更新課程「%(title)s」。") % {"title": course.title})
            return redirect("training_staff:course_detail", code=course.code)
    return render(request, "training/staff/course_form.html", {"form": form, "course": editing})


@staff_required("training.view")
def course_detail(request, code: str):
    """A course's facts, its applicants and trainees with their actions, and its 訓後就業率."""
    course = _course(request.user, code)
    enrollments = services.course_enrollments(request.user, course)
    page = Paginator(enrollments, ENROLLMENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/staff/course_detail.html",
        {
            "course": course,
            "page_obj": page,
            "employment": services.course_employment(course),
            "target_groups": course.target_groups.all(),
            "S": EnrollmentStatus,
            "can_manage_course": has_perm(request.user, "training.manage_course"),
            "can_manage_enrollment": has_perm(request.user, "training.manage_enrollment"),
            "can_record_followup": has_perm(request.user, "training.record_followup"),
        },
    )


# --- enrolments -----------------------------------------------------------------------------
ACTIONS = {
    "admit": services.admit,
    "waitlist": services.put_on_waitlist,
    "withdraw": services.withdraw,
    "attend": services.start_attending,
}


@staff_required("training.manage_enrollment")
@require_POST
def enrollment_action(request, pk: int, action: str):
    """Admit, waitlist, withdraw or start attending; the result is reported as a message."""
    service = ACTIONS.get(action)
    if service is None:
        raise Http404
    enrollment = _enrollment(request.user, int(pk), "training.manage_enrollment")
    try:
        enrollment = service(request.user, enrollment)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("已將 %(name)s 的狀態改為「%(status)s」。")
            % {"name": enrollment.person.name, "status": enrollment.get_status_display()},
        )
    return redirect("training_staff:course_detail", code=enrollment.course.code)


@staff_required("training.manage_enrollment")
def enrollment_outcome(request, pk: int):
    """Record completed, dropped or early-employed with hours attended and a date."""
    enrollment = _enrollment(request.user, pk, "training.manage_enrollment")
    initial = {"hours_attended": enrollment.hours_attended}
    if enrollment.status in (EnrollmentStatus.COMPLETED, EnrollmentStatus.DROPPED, EnrollmentStatus.EARLY_EMPLOYED):
        initial.update(outcome=enrollment.status, on=enrollment.completed_on or enrollment.left_on)
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            enrollment = services.record_outcome(
                request.user, enrollment, data["outcome"],
                hours_attended=data["hours_attended"], on=data["on"],
            )  # fmt: skip
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("已登錄 %(name)s 的參訓結果：%(status)s。")
                % {"name": enrollment.person.name, "status": enrollment.get_status_display()},
            )
            return redirect("training_staff:course_detail", code=enrollment.course.code)
    return render(
        request, "training/staff/outcome_form.html", {"form": form, "enrollment": enrollment}
    )


@staff_required("training.record_followup")
def followup(request, pk: int):
    """Add an employment follow-up (勞保加保) to a finished trainee."""
    enrollment = _enrollment(request.user, pk, "training.record_followup")
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_followup(request.user, enrollment, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已登錄 %(name)s 的就業追蹤。") % {"name": enrollment.person.name}
            )
            return redirect("training_staff:course_detail", code=enrollment.course.code)
    return render(
        request,
        "training/staff/followup_form.html",
        {"form": form, "enrollment": enrollment, "followups": enrollment.followups.all()},
    )


# --- TTQS -----------------------------------------------------------------------------------
@staff_required("training.view")
def ttqs(request):
    """Evaluations by unit and year, medal counts, gold streaks."""
    form = YearFilterForm(request.GET or None, years=services.ttqs_years())
    year = form.year_value()
    overview = services.ttqs_overview(request.user, year)
    page = Paginator(overview["evaluations"], ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/staff/ttqs.html",
        {**overview, "form": form, "year": year, "page_obj": page,
         "can_record": has_perm(request.user, "training.record_ttqs"),
         "can_edit_bands": has_perm(request.user, "training.edit_ttqs_bands")},
    )  # fmt: skip


@staff_required("training.record_ttqs")
def ttqs_create(request):
    form = TTQSEvaluationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            evaluation = services.record_ttqs_evaluation(
                request.user, organization=data["organization"], year=data["year"],
                form_type=data["form_type"], scores=form.scores(), assessor=data["assessor"],
                evaluated_on=data["evaluated_on"], note=data["note"],
            )  # fmt: skip
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("已登錄 %(unit)s %(year)d 年評核：總分 %(total)d，等級「%(grade)s」。")
                % {"unit": evaluation.organization.name, "year": evaluation.year,
                   "total": evaluation.total, "grade": evaluation.get_grade_display()},
            )  # fmt: skip
            return redirect("training_staff:ttqs")
    return render(request, "training/staff/ttqs_form.html", {"form": form})


@staff_required("training.edit_ttqs_bands")
def ttqs_bands(request):
    """Edit the lowest total of each grade, per form type; evaluations are re-graded."""
    current = services.grade_bands()
    posted = request.POST.get("form_type") if request.method == "POST" else None
    if request.method == "POST" and posted not in TTQSFormType.values:
        messages.error(request, _("請選擇要修改的評核版本。"))
        return redirect("training_staff:ttqs_bands")
    sections = []
    for value, label in TTQSFormType.choices:
        if value == posted:
            form = TTQSBandsForm(request.POST, prefix=value)
        else:
            form = TTQSBandsForm(prefix=value, initial=current.get(value, {}))
        sections.append({"form_type": value, "label": label, "form": form})
    if posted:
        form = next(s["form"] for s in sections if s["form_type"] == posted)
        if form.is_valid():
            try:
                changed = services.update_grade_bands(request.user, posted, form.thresholds())
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("已更新「%(form_type)s」的分數帶，重新評定了 %(count)d 筆評核。")
                    % {"form_type": TTQSFormType(posted).label, "count": changed},
                )
                return redirect("training_staff:ttqs_bands")
    return render(
        request, "training/staff/ttqs_bands.html", {"sections": sections, "grades": TTQSGrade}
    )


# --- figures --------------------------------------------------------------------------------
@staff_required("training.view")
def figures(request):
    """訓後就業率 by year, category, provider and course, with numerators and denominators."""
    form = YearFilterForm(request.GET or None, years=services.course_years())
    year = form.year_value()
    tables = services.employment_figures(request.user, year)
    categories = dict(CourseCategory.choices)
    for row in tables["by_category"]:
        row["category_label"] = categories.get(row["course__category"], row["course__category"])
    page = Paginator(tables["by_course"], ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/staff/figures.html",
        {**tables, "form": form, "year": year, "page_obj": page},
    )
