"""Back-office screens of the job-matching app, mounted at /staff/jobs/ (namespace ``jobs_staff``).

Vacancy review (flagged ones first), posting for an employer, employer verification, job
seekers (audited), referrals and notes, the applications overview and the advice queue.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hopehome.core.decorators import staff_required
from hopehome.core.masking import mask_phone
from hopehome.core.permissions import has_perm
from hopehome.core.text import fold

from .. import services
from ..choices import (
    OPEN_APPLICATION_STATUSES,
    AdviceStatus,
    ApplicationStatus,
    Occupation,
    VacancyStatus,
)
from ..forms import (
    AdviceAnswerForm,
    AdviceFilterForm,
    ApplicationFilterForm,
    PublishForm,
    ReferralForm,
    RejectForm,
    SeekerNoteForm,
    SeekerSearchForm,
    StaffVacancyForm,
    VacancyFilterForm,
    apply_errors,
)
from ..models import AdviceRequest, Application, EmployerAccount, SeekerProfile, Vacancy
from ..screening import screen_vacancy
from .employer import describe_findings, describe_rule_errors, edit_vacancy

ROWS_PER_PAGE = 50
ADVICE_TARGET_DAYS = services.ADVICE_TARGET_WORKING_DAYS


def _render(request, template: str, context: dict[str, Any], status: int = 200):
    """Render with the permissions the jobs screens' navigation needs."""
    user = request.user
    context.setdefault("can_review", has_perm(user, "jobs.review_vacancy"))
    context.setdefault("can_post", has_perm(user, "jobs.post_vacancy"))
    context.setdefault("can_verify", has_perm(user, "jobs.verify_employer"))
    context.setdefault("can_view_seekers", has_perm(user, "jobs.view_seeker"))
    context.setdefault("can_refer", has_perm(user, "jobs.refer"))
    context.setdefault("can_answer", has_perm(user, "jobs.answer_advice"))
    return render(request, template, context, status=status)


def mask_email(value: str | None) -> str:
    """yo***@example.tw: the first two characters of the mailbox and the domain."""
    if not value or "@" not in value:
        return mask_phone(value) if value else ""
    local, domain = value.split("@", 1)
    return f"{local[:2]}***@{domain}"


# --- vacancies ------------------------------------------------------------------------------
def _flagged_first(queryset):
    return queryset.annotate(
        flagged=Case(
            When(screen_findings=[], then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("-flagged", "submitted_at", "id")


@staff_required("jobs.view")
def review_queue(request):
    """Pending vacancies, the ones the discrimination screen flagged first, with the findings."""
    pending = Vacancy.objects.filter(status=VacancyStatus.PENDING).select_related(
        "employer", "district"
    )
    flagged_count = pending.exclude(screen_findings=[]).count()
    page = Paginator(_flagged_first(pending), ROWS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"vacancy": v, "findings": describe_findings(v.screen_findings)} for v in page]
    return _render(request, "jobs/staff/review_queue.html",
                   {"page_obj": page, "rows": rows, "flagged_count": flagged_count})  # fmt: skip


@staff_required("jobs.view")
def vacancies(request):
    """All vacancies by status, searchable by title, employer name or UBN."""
    form = VacancyFilterForm(request.GET or None)
    filters = form.filters()
    rows = Vacancy.objects.select_related("employer", "district")
    if filters["status"]:
        rows = rows.filter(status=filters["status"])
    q = filters["q"]
    if q:
        rows = rows.filter(
            Q(title__icontains=q) | Q(employer__name_key__contains=fold(q)) | Q(employer__ubn=q)
        )
    rows = rows.annotate(application_count=Count("applications")).order_by("-updated_at", "-id")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "jobs/staff/vacancies.html", {"form": form, "page_obj": page})


def _vacancy_context(request, vacancy: Vacancy, **extra) -> dict[str, Any]:
    can_review = has_perm(request.user, "jobs.review_vacancy")
    pending = vacancy.status == VacancyStatus.PENDING
    accounts = list(
        EmployerAccount.objects.filter(organization_id=vacancy.employer_id).select_related("user")
    )
    counts = vacancy.applications.aggregate(
        total=Count("id"), open=Count("id", filter=Q(status__in=OPEN_APPLICATION_STATUSES)),
        hired=Count("id", filter=Q(status=ApplicationStatus.HIRED)),
    )  # fmt: skip
    if vacancy.status in (VacancyStatus.DRAFT, VacancyStatus.REJECTED):
        findings = describe_findings(screen_vacancy(vacancy))
    else:
        findings = describe_findings(vacancy.screen_findings)
    context = {
        "vacancy": vacancy, "findings": findings, "accounts": accounts, "counts": counts,
        "rule_errors": describe_rule_errors(services.check_vacancy_rules(vacancy))
        if vacancy.status in (VacancyStatus.DRAFT, VacancyStatus.REJECTED, VacancyStatus.PENDING) else [],
        "show_review": can_review and pending,
        "can_edit_vacancy": has_perm(request.user, "jobs.post_vacancy")
        and vacancy.status in (VacancyStatus.DRAFT, VacancyStatus.REJECTED, VacancyStatus.PENDING),
        "can_submit_vacancy": has_perm(request.user, "jobs.post_vacancy")
        and vacancy.status in (VacancyStatus.DRAFT, VacancyStatus.REJECTED),
        "can_close_vacancy": (has_perm(request.user, "jobs.post_vacancy") or can_review)
        and vacancy.status in (VacancyStatus.PENDING, VacancyStatus.PUBLISHED),
        "S": VacancyStatus,
    }  # fmt: skip
    context.setdefault("publish_form", PublishForm(prefix="publish"))
    context.setdefault("reject_form", RejectForm(prefix="reject"))
    context.update(extra)
    return context


def _vacancy(pk: int) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("employer", "district", "industry", "reviewed_by"), pk=pk
    )


@staff_required("jobs.view")
def vacancy_detail(request, pk: int):
    vacancy = _vacancy(pk)
    return _render(request, "jobs/staff/vacancy.html", _vacancy_context(request, vacancy))


@staff_required("jobs.review_vacancy")
@require_POST
def vacancy_publish(request, pk: int):
    vacancy = _vacancy(pk)
    form = PublishForm(request.POST, prefix="publish")
    if form.is_valid():
        try:
            vacancy = services.publish_vacancy(
                request.user, vacancy, note=form.cleaned_data["note"]
            )
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已刊登職缺「%(title)s」。") % {"title": vacancy.title})
            return redirect("jobs_staff:review_queue")
    return _render(
        request,
        "jobs/staff/vacancy.html",
        _vacancy_context(request, vacancy, publish_form=form),
        status=400,
    )


@staff_required("jobs.review_vacancy")
@require_POST
def vacancy_reject(request, pk: int):
    vacancy = _vacancy(pk)
    form = RejectForm(request.POST, prefix="reject")
    if form.is_valid():
        try:
            vacancy = services.reject_vacancy(request.user, vacancy, form.cleaned_data["reason"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request,
                _("已退回職缺「%(title)s」，雇主會收到退回原因。") % {"title": vacancy.title},
            )
            return redirect("jobs_staff:review_queue")
    return _render(
        request,
        "jobs/staff/vacancy.html",
        _vacancy_context(request, vacancy, reject_form=form),
        status=400,
    )


@staff_required("jobs.post_vacancy")
@require_POST
def vacancy_submit(request, pk: int):
    vacancy = _vacancy(pk)
    try:
        vacancy = services.submit_vacancy(request.user, vacancy)
    except ValidationError as e:
        context = _vacancy_context(request, vacancy, submit_errors=describe_rule_errors(e))
        return _render(request, "jobs/staff/vacancy.html", context, status=400)
    messages.success(request, _("已將職缺「%(title)s」送審。") % {"title": vacancy.title})
    return redirect("jobs_staff:vacancy", pk=vacancy.pk)


@staff_required("jobs.view")
@require_POST
def vacancy_close(request, pk: int):
    vacancy = _vacancy(pk)
    try:
        vacancy = services.close_vacancy(request.user, vacancy)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已關閉職缺「%(title)s」。") % {"title": vacancy.title})
    return redirect("jobs_staff:vacancy", pk=vacancy.pk)


def _staff_vacancy_initial() -> dict:
    from datetime import timedelta

    today = timezone.localdate()
    return {"posted_on": today, "expires_on": today + timedelta(days=30), "openings": 1}


@staff_required("jobs.post_vacancy")
def vacancy_new(request):
    """Post a vacancy for an employer, chosen by UBN or name; it starts as a draft."""
    form = StaffVacancyForm(request.POST or None, initial=_staff_vacancy_initial())
    if request.method == "POST":
        if form.is_valid():
            try:
                vacancy = services.save_vacancy(
                    request.user, form.service_data(), employer=form.cleaned_data["organization"]
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("已為「%(employer)s」建立職缺草稿，請檢查後送審。")
                    % {"employer": vacancy.employer.name},
                )
                return redirect("jobs_staff:vacancy", pk=vacancy.pk)
        return _render(
            request, "jobs/staff/vacancy_form.html", {"form": form, "vacancy": None}, status=400
        )
    return _render(request, "jobs/staff/vacancy_form.html", {"form": form, "vacancy": None})


@staff_required("jobs.post_vacancy")
def vacancy_edit(request, pk: int):
    vacancy = _vacancy(pk)
    saved = {"pk": vacancy.pk, "title": vacancy.title, "employer": vacancy.employer.name}
    return edit_vacancy(
        request, vacancy, template="jobs/staff/vacancy_form.html", back="jobs_staff:vacancy", saved=saved,
        render_page=_render,
    )  # fmt: skip


# --- employers ------------------------------------------------------------------------------
@staff_required("jobs.verify_employer")
def employers(request):
    """Employer accounts awaiting verification, oldest first."""
    waiting = (
        EmployerAccount.objects.filter(is_verified=False)
        .select_related("user", "organization", "organization__district")
        .annotate(vacancy_count=Count("organization__vacancies", distinct=True))
        .order_by("created_at", "id")
    )
    page = Paginator(waiting, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "jobs/staff/employers.html", {"page_obj": page})


@staff_required("jobs.verify_employer")
@require_POST
def employer_verify(request, pk: int):
    account = get_object_or_404(EmployerAccount.objects.select_related("organization"), pk=pk)
    account = services.verify_employer(request.user, account)
    messages.success(
        request, _("已完成「%(name)s」的雇主帳號查核。") % {"name": account.organization.name}
    )
    return redirect("jobs_staff:employers")


# --- seekers --------------------------------------------------------------------------------
@staff_required("jobs.view_seeker")
def seekers(request):
    """Job seekers by name or e-mail; contact details masked until a record is opened."""
    form = SeekerSearchForm(request.GET or None)
    q = form.cleaned_data["q"].strip() if form.is_valid() else ""
    rows = services.visible_seekers(request.user)
    if q:
        rows = rows.filter(Q(display_name__icontains=q) | Q(user__email__icontains=q))
    rows = rows.annotate(application_count=Count("applications")).order_by("display_name", "id")
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    for seeker in page:
        seeker.masked_email = mask_email(seeker.user.email)
        seeker.masked_phone = mask_phone(seeker.phone)
    return _render(request, "jobs/staff/seekers.html", {"form": form, "page_obj": page, "query": q})


def _seeker_context(request, profile: SeekerProfile, **extra) -> dict[str, Any]:
    """The seeker's record as shown; every showing of it is logged as a view."""
    profile = services.view_seeker(request.user, profile)
    context = {
        "seeker": profile,
        "applications": profile.applications.select_related("vacancy__employer", "referred_by").order_by("-created_at", "-id")[:100],
        "notes": profile.notes.select_related("author")[:100],
        "advice": profile.advice_requests.order_by("-asked_at", "-id")[:50],
        "districts": list(profile.desired_districts.all()),
        "occupations": [Occupation(code).label for code in profile.desired_occupations if code in Occupation.values],
        "target_groups": list(profile.target_groups.all()),
        "note_form": SeekerNoteForm(prefix="note"),
        "referral_form": ReferralForm(prefix="refer"),
    }  # fmt: skip
    context.update(extra)
    return context


def _seeker(request, pk: int) -> SeekerProfile:
    return get_object_or_404(services.visible_seekers(request.user), pk=pk)


@staff_required("jobs.view_seeker")
def seeker_detail(request, pk: int):
    """A seeker's record: profile, applications, notes; the view is logged."""
    profile = _seeker(request, pk)
    return _render(request, "jobs/staff/seeker.html", _seeker_context(request, profile))


@staff_required("jobs.view_seeker")
@require_POST
def seeker_note(request, pk: int):
    profile = _seeker(request, pk)
    form = SeekerNoteForm(request.POST, prefix="note")
    if form.is_valid():
        try:
            services.add_seeker_note(request.user, profile, form.cleaned_data["text"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已新增服務紀錄。"))
            return redirect("jobs_staff:seeker", pk=profile.pk)
    return _render(
        request,
        "jobs/staff/seeker.html",
        _seeker_context(request, profile, note_form=form),
        status=400,
    )


@staff_required("jobs.refer")
@require_POST
def seeker_refer(request, pk: int):
    profile = _seeker(request, pk)
    form = ReferralForm(request.POST, prefix="refer")
    if form.is_valid():
        vacancy = form.cleaned_data["vacancy"]
        try:
            services.refer(request.user, profile, vacancy, note=form.cleaned_data["note"])
        except ValidationError as e:
            if hasattr(e, "error_dict"):
                apply_errors(form, e)
            else:
                form.add_error("vacancy", e.messages)
        else:
            messages.success(
                request,
                _("已推介 %(name)s 應徵「%(employer)s」的「%(title)s」。")
                % {
                    "name": profile.display_name,
                    "employer": vacancy.employer.name,
                    "title": vacancy.title,
                },
            )
            return redirect("jobs_staff:seeker", pk=profile.pk)
    return _render(
        request,
        "jobs/staff/seeker.html",
        _seeker_context(request, profile, referral_form=form),
        status=400,
    )


# --- applications ---------------------------------------------------------------------------
@staff_required("jobs.view")
def applications(request):
    """Every application, filtered by status, with counts by status."""
    form = ApplicationFilterForm(request.GET or None)
    status = form.status_value()
    by_status = dict(Application.objects.order_by().values_list("status").annotate(n=Count("id")))
    rows = Application.objects.select_related("vacancy__employer", "seeker")
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-created_at", "-id"), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    status_counts = [(label, by_status.get(value, 0)) for value, label in ApplicationStatus.choices]
    return _render(request, "jobs/staff/applications.html",
                   {"form": form, "page_obj": page, "status_counts": status_counts})  # fmt: skip


# --- advice ---------------------------------------------------------------------------------
@staff_required("jobs.answer_advice")
def advice_queue(request):
    """Open advice requests by due date (target: 3 working days); the overdue view; answered."""
    form = AdviceFilterForm(request.GET or None)
    view = form.view_value()
    today = timezone.localdate()
    open_requests = AdviceRequest.objects.filter(status=AdviceStatus.OPEN)
    counts = open_requests.aggregate(
        open=Count("id"), overdue=Count("id", filter=Q(due_on__lt=today))
    )
    if view == "overdue":
        rows = open_requests.filter(due_on__lt=today).order_by("due_on", "asked_at", "id")
    elif view == "answered":
        rows = AdviceRequest.objects.filter(status=AdviceStatus.ANSWERED).order_by(
            "-answered_at", "-id"
        )
    else:
        rows = open_requests.order_by("due_on", "asked_at", "id")
    page = Paginator(rows.select_related("seeker", "answered_by"), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    for advice in page:
        advice.days_overdue = (
            (today - advice.due_on).days if advice.status == AdviceStatus.OPEN else 0
        )
    return _render(request, "jobs/staff/advice_queue.html", {
        "form": form, "view": view, "page_obj": page, "counts": counts, "today": today,
        "target_days": ADVICE_TARGET_DAYS,
    })  # fmt: skip


@staff_required("jobs.answer_advice")
def advice_answer(request, pk: int):
    advice = get_object_or_404(
        AdviceRequest.objects.select_related("seeker__user", "answered_by"), pk=pk
    )
    form = AdviceAnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if advice.status != AdviceStatus.OPEN:
            messages.error(
                request,
                _("這則諮詢已是「%(status)s」，不能再回覆。")
                % {"status": advice.get_status_display()},
            )
            return redirect("jobs_staff:advice_answer", pk=advice.pk)
        if form.is_valid():
            try:
                advice = services.answer_advice(request.user, advice, form.cleaned_data["answer"])
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("已回覆諮詢，求職者會收到電子郵件。"))
                return redirect("jobs_staff:advice_queue")
        status = 400
    today = timezone.localdate()
    return _render(request, "jobs/staff/advice_answer.html", {
        "advice": advice, "form": form, "today": today, "target_days": ADVICE_TARGET_DAYS,
        "days_overdue": (today - advice.due_on).days if advice.status == AdviceStatus.OPEN else 0,
        "S": AdviceStatus,
    }, status=status)  # fmt: skip
