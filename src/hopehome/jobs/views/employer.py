"""Employer pages (/employer/): sign-up, the vacancy dashboard, posting and applications.

An employer sees only its own organization's vacancies and their applications; any other
record answers 404. Signed-in users without an employer account are refused with 403.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import screening, services
from ..choices import OPEN_APPLICATION_STATUSES, ApplicationStatus, ScreenCategory, VacancyStatus
from ..forms import (
    ApplicationFilterForm,
    ApplicationStatusForm,
    EmployerSignupForm,
    VacancyForm,
    apply_errors,
)
from ..models import Application, Vacancy

VACANCIES_PER_PAGE = 25
APPLICATIONS_PER_PAGE = 50
EDITABLE_STATUSES = (VacancyStatus.DRAFT, VacancyStatus.REJECTED, VacancyStatus.PENDING)
SUBMITTABLE_STATUSES = (VacancyStatus.DRAFT, VacancyStatus.REJECTED)
CLOSABLE_STATUSES = (VacancyStatus.PENDING, VacancyStatus.PUBLISHED)


# --- shared helpers (the staff screens use them too) -----------------------------------------
def describe_findings(findings) -> list[dict]:
    """Each screen finding with its category label and a sentence for the reader."""
    labels = dict(ScreenCategory.choices)
    described = []
    for finding in findings or []:
        category = labels.get(finding.get("category"), finding.get("category", ""))
        described.append({
            **finding,
            "category_label": category,
            "message": _("「%(phrase)s」可能違反就業服務法第5條（%(category)s）：『%(sentence)s』")
            % {"phrase": finding.get("phrase", ""), "category": category, "sentence": finding.get("sentence", "")},
        })  # fmt: skip
    return described


def describe_rule_errors(errors) -> list[str]:
    """Rule errors by field (or a ValidationError) as sentences naming the field."""
    if isinstance(errors, ValidationError):
        errors = (
            errors.message_dict if hasattr(errors, "error_dict") else {"__all__": errors.messages}
        )
    lines = []
    for field, messages_ in (errors or {}).items():
        try:
            label = Vacancy._meta.get_field(field).verbose_name
        except Exception:  # noqa: BLE001  (non-field errors have no label)
            label = None
        for message in messages_:
            lines.append(
                _("%(field)s：%(message)s") % {"field": label, "message": message}
                if label
                else message
            )
    return lines


def vacancy_findings(vacancy: Vacancy) -> list[dict]:
    """Stored findings once submitted; for a draft, the screen run on the current text."""
    if vacancy.status in SUBMITTABLE_STATUSES:
        return describe_findings(screening.screen_vacancy(vacancy))
    return describe_findings(vacancy.screen_findings)


# --- access ---------------------------------------------------------------------------------
def employer_required(view):
    """Signed-in users with an employer account; the account is ``request.employer_account``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="jobs:login")
        account = services.employer_account(request.user)
        if account is None:
            raise PermissionDenied(_("此頁面僅供雇主帳號使用。"))
        request.employer_account = account
        return view(request, *args, **kwargs)

    return wrapped


def _own_vacancy(request, pk: int) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("employer", "district", "industry"),
        pk=pk, employer_id=request.employer_account.organization_id,
    )  # fmt: skip


def _render(request, template: str, context: dict[str, Any], status: int = 200):
    context.setdefault("account", getattr(request, "employer_account", None))
    return render(request, template, context, status=status)


# --- sign-up --------------------------------------------------------------------------------
def signup(request):
    """Create an employer account for an organization (by UBN) and sign in."""
    if request.user.is_authenticated and services.employer_account(request.user) is not None:
        return redirect("employer:dashboard")
    form = EmployerSignupForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                account = services.register_employer(**form.service_kwargs())
            except ValidationError as e:
                apply_errors(form, e)
            else:
                login(request, account.user, backend="django.contrib.auth.backends.ModelBackend")
                messages.success(
                    request,
                    _(
                        "已建立「%(name)s」的雇主帳號。本局查核後即可刊登職缺；您現在就可以先填寫職缺草稿。"
                    )
                    % {"name": account.organization.name},
                )
                return redirect("employer:dashboard")
        return _render(request, "jobs/employer/signup.html", {"form": form}, status=400)
    return _render(request, "jobs/employer/signup.html", {"form": form})


# --- dashboard ------------------------------------------------------------------------------
@employer_required
def dashboard(request):
    """The organization's vacancies by status, with application counts."""
    org_id = request.employer_account.organization_id
    status = request.GET.get("status", "")
    if status not in VacancyStatus.values:
        status = ""
    own = Vacancy.objects.filter(employer_id=org_id)
    by_status = dict(own.order_by().values_list("status").annotate(n=Count("id")))
    status_counts = [
        {"value": value, "label": label, "count": by_status.get(value, 0)}
        for value, label in VacancyStatus.choices
    ]
    rows = own.filter(status=status) if status else own
    rows = rows.select_related("district").annotate(
        application_count=Count("applications"),
        open_application_count=Count("applications", filter=Q(applications__status__in=OPEN_APPLICATION_STATUSES)),
        new_application_count=Count("applications", filter=Q(applications__status=ApplicationStatus.NEW)),
    ).order_by("-updated_at", "-id")  # fmt: skip
    page = Paginator(rows, VACANCIES_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "jobs/employer/dashboard.html", {
        "page_obj": page, "status_counts": status_counts, "status": status,
        "total": sum(by_status.values()), "S": VacancyStatus,
    })  # fmt: skip


# --- vacancies ------------------------------------------------------------------------------
def _new_vacancy_initial(account, user) -> dict:
    today = timezone.localdate()
    org = account.organization
    from datetime import timedelta

    return {
        "posted_on": today, "expires_on": today + timedelta(days=30), "openings": 1,
        "contact_name": account.contact_name, "contact_phone": account.phone, "contact_email": user.email,
        "district": org.district_id, "industry": org.industry_id, "address": org.address,
    }  # fmt: skip


@employer_required
def vacancy_new(request):
    account = request.employer_account
    form = VacancyForm(request.POST or None, initial=_new_vacancy_initial(account, request.user))
    if request.method == "POST":
        if form.is_valid():
            try:
                vacancy = services.save_vacancy(request.user, form.service_data())
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("已儲存職缺草稿「%(title)s」。請檢查後送出審核。") % {"title": vacancy.title},
                )
                return redirect("employer:vacancy_submit", pk=vacancy.pk)
        return _render(
            request, "jobs/employer/vacancy_form.html", {"form": form, "vacancy": None}, status=400
        )
    return _render(request, "jobs/employer/vacancy_form.html", {"form": form, "vacancy": None})


def edit_vacancy(request, vacancy, *, template: str, back: str, saved: dict, render_page=None):
    """Edit a vacancy that is still a draft, pending or returned: the form, the service, the
    way back to the vacancy's page (``back``, a URL name taking ``pk``). Shared by the employer's
    and the staff's screens, which differ in template and navigation (``render_page``)."""
    render_page = render_page or _render
    if vacancy.status not in EDITABLE_STATUSES:
        messages.error(
            request, _("「%(status)s」的職缺不能修改。") % {"status": vacancy.get_status_display()}
        )
        return redirect(back, pk=vacancy.pk)
    form = VacancyForm(request.POST or None, instance=vacancy)
    if request.method == "POST":
        if form.is_valid():
            try:
                vacancy = services.save_vacancy(request.user, form.service_data(), vacancy=vacancy)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("已儲存職缺「%(title)s」。") % {"title": vacancy.title})
                return redirect(back, pk=vacancy.pk)
        return render_page(request, template, {"form": form, "vacancy": saved}, status=400)
    return render_page(request, template, {"form": form, "vacancy": saved})


@employer_required
def vacancy_edit(request, pk: int):
    vacancy = _own_vacancy(request, pk)
    saved = {"pk": vacancy.pk, "title": vacancy.title, "status": vacancy.status}
    return edit_vacancy(
        request, vacancy, template="jobs/employer/vacancy_form.html", back="employer:vacancy_submit", saved=saved
    )


@employer_required
def vacancy_submit(request, pk: int):
    """The vacancy as submitted or to submit: rule check, discrimination screen, submit button."""
    vacancy = _own_vacancy(request, pk)
    submit_errors: list[str] = []
    status = 200
    if request.method == "POST":
        if vacancy.status not in SUBMITTABLE_STATUSES:
            messages.error(request, _("此職缺目前不能送審。"))
            return redirect("employer:vacancy_submit", pk=vacancy.pk)
        try:
            vacancy = services.submit_vacancy(request.user, vacancy)
        except ValidationError as e:
            submit_errors = describe_rule_errors(e)
            status = 400
            vacancy.refresh_from_db()
        else:
            if vacancy.screen_findings:
                messages.warning(
                    request,
                    _(
                        "已送出審核。職缺內容有可能違反就業服務法第5條的文字（見下方說明），審核人員會特別檢視；建議修改後再送審。"
                    ),
                )
            else:
                messages.success(request, _("已送出審核，本局審核後即會刊登。"))
            return redirect("employer:vacancy_submit", pk=vacancy.pk)
    rule_errors = []
    if vacancy.status in SUBMITTABLE_STATUSES and not submit_errors:
        rule_errors = describe_rule_errors(services.check_vacancy_rules(vacancy))
    counts = vacancy.applications.aggregate(
        total=Count("id"), open=Count("id", filter=Q(status__in=OPEN_APPLICATION_STATUSES))
    )
    return _render(request, "jobs/employer/vacancy_submit.html", {
        "vacancy": vacancy, "findings": vacancy_findings(vacancy), "rule_errors": rule_errors,
        "submit_errors": submit_errors, "counts": counts, "S": VacancyStatus,
        "can_submit": vacancy.status in SUBMITTABLE_STATUSES,
        "can_edit": vacancy.status in EDITABLE_STATUSES,
        "can_close": vacancy.status in CLOSABLE_STATUSES,
    }, status=status)  # fmt: skip


@employer_required
def vacancy_close(request, pk: int):
    """Confirm and close a vacancy (no more applications; it leaves the search)."""
    vacancy = _own_vacancy(request, pk)
    if vacancy.status not in CLOSABLE_STATUSES:
        messages.error(
            request, _("「%(status)s」的職缺不能關閉。") % {"status": vacancy.get_status_display()}
        )
        return redirect("employer:vacancy_submit", pk=vacancy.pk)
    if request.method == "POST":
        try:
            vacancy = services.close_vacancy(request.user, vacancy)
        except ValidationError as e:
            for message in e.messages:
                messages.error(request, message)
            return redirect("employer:vacancy_submit", pk=vacancy.pk)
        messages.success(request, _("已關閉職缺「%(title)s」。") % {"title": vacancy.title})
        return redirect("employer:dashboard")
    return _render(request, "jobs/employer/vacancy_close.html", {"vacancy": vacancy})


# --- applications ---------------------------------------------------------------------------
@employer_required
def applications(request, pk: int):
    """The applications to one vacancy, newest first, filtered by status."""
    vacancy = _own_vacancy(request, pk)
    form = ApplicationFilterForm(request.GET or None)
    status = form.status_value()
    rows = vacancy.applications.select_related("seeker")
    by_status = dict(rows.order_by().values_list("status").annotate(n=Count("id")))
    if status:
        rows = rows.filter(status=status)
    page = Paginator(rows.order_by("-created_at", "-id"), APPLICATIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    status_counts = [(label, by_status.get(value, 0)) for value, label in ApplicationStatus.choices]
    return _render(request, "jobs/employer/applications.html", {
        "vacancy": vacancy, "form": form, "page_obj": page, "status_counts": status_counts,
    })  # fmt: skip


@employer_required
def application(request, pk: int):
    """One application: the seeker's message and contact, its history, and the next step."""
    app = get_object_or_404(
        Application.objects.select_related("vacancy", "seeker__user"),
        pk=pk, vacancy__employer_id=request.employer_account.organization_id,
    )  # fmt: skip
    form = ApplicationStatusForm(request.POST or None, current=app.status)
    status = 200
    if request.method == "POST":
        if not form.is_available:
            messages.error(request, _("此應徵已結束，不能再變更狀態。"))
            return redirect("employer:application", pk=app.pk)
        if form.is_valid():
            try:
                app = services.set_application_status(
                    request.user, app, form.cleaned_data["status"], **form.service_kwargs()
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("已將 %(name)s 的應徵狀態改為「%(status)s」。")
                    % {"name": app.seeker.display_name, "status": app.get_status_display()},
                )
                return redirect("employer:application", pk=app.pk)
        status = 400
    return _render(request, "jobs/employer/application.html", {
        "application": app, "seeker": app.seeker, "vacancy": app.vacancy, "form": form,
        "events": app.events.select_related("actor"), "S": ApplicationStatus,
    }, status=status)  # fmt: skip
