"""Public pages of program 1: course catalogue, course detail, application and confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render

from .. import services
from ..forms import ApplicationForm, CatalogueFilterForm, apply_errors
from ..models import Course, Enrollment

PAGE_SIZE = 20
# Confirmation numbers of the applications made in this browser session.
SESSION_KEY = "training_confirmations"
SESSION_KEEP = 20


def _public_course(code: str) -> Course:
    try:
        return services.public_course(code)
    except Course.DoesNotExist:
        raise Http404 from None


def catalogue(request):
    """Published courses, searchable and filterable, 20 to a page."""
    form = CatalogueFilterForm(request.GET or None)
    courses = services.public_courses(**form.filters())
    page = Paginator(courses, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "training/catalogue.html", {"form": form, "page_obj": page})


def course_detail(request, code: str):
    course = _public_course(code)
    return render(
        request,
        "training/course_detail.html",
        {"course": course, "deadline": course.application_deadline or course.starts_on,
         "target_groups": course.target_groups.all()},
    )  # fmt: skip


def apply(request, code: str):
    """The application form; a full first-come course puts the applicant on the waitlist."""
    course = _public_course(code)
    if not course.is_accepting_applications:
        return render(request, "training/apply.html", {"course": course, "closed": True})
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enrollment = services.apply(None, course, form.applicant())
        except services.DuplicateApplication as e:
            messages.info(request, e.messages[0])
            return redirect("training:detail", code=course.code)
        except ValidationError as e:
            if getattr(e, "code", None) == "closed":
                messages.warning(request, e.messages[0])
                return redirect("training:detail", code=course.code)
            apply_errors(form, e)
        else:
            numbers = [n for n in request.session.get(SESSION_KEY, []) if n != enrollment.confirmation_number]
            request.session[SESSION_KEY] = [*numbers, enrollment.confirmation_number][-SESSION_KEEP:]
            return redirect("training:confirmation", confirmation_number=enrollment.confirmation_number)
    return render(request, "training/apply.html", {"course": course, "form": form})


def confirmation(request, confirmation_number: str):
    """Shown only to the browser session that made the application."""
    if confirmation_number not in request.session.get(SESSION_KEY, []):
        raise Http404
    try:
        enrollment, position = services.confirmation_for(confirmation_number)
    except Enrollment.DoesNotExist:
        raise Http404 from None
    return render(
        request, "training/confirmation.html", {"enrollment": enrollment, "position": position}
    )
