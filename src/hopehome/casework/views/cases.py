"""Back-office screens of occupational-injury cases: queues, the case record, its workflow.

Every read of a case goes through :func:`services.view_case` (logged) or
:func:`services.visible_cases`; anyone who may not see a case is refused with 403.
"""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hopehome.core.decorators import staff_required
from hopehome.core.forms import apply_errors
from hopehome.core.permissions import has_perm

from .. import services
from ..choices import NEXT_STATUS, CaseStatus, ServiceKind
from ..forms_cases import (
    CaseEditForm,
    CaseOpenForm,
    ClosureRequestForm,
    ContactForm,
    ExportForm,
    RateForm,
    ReopenForm,
    ReturnForm,
    ServiceForm,
    VersionForm,
)
from ..models import InjuryCase

QUEUE_PER_PAGE = 50
TEAM_PER_PAGE = 50
LOG_PER_PAGE = 50


def _render(request, template: str, context: dict[str, Any], status: int = 200):
    """Render with the permissions the case screens' navigation needs."""
    user = request.user
    context.setdefault("can_team", has_perm(user, "casework.approve_closure"))
    context.setdefault("can_manage", has_perm(user, "casework.manage_case"))
    context.setdefault("can_edit_rates", has_perm(user, "casework.edit_rates"))
    return render(request, template, context, status=status)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _section(request, queryset, param: str, today) -> dict[str, Any]:
    """One paginated part of the queue, with its own page parameter."""
    page = Paginator(queryset, QUEUE_PER_PAGE).get_page(request.GET.get(param))
    for case in page:
        case.days_overdue = (today - case.next_followup_on).days if case.next_followup_on else 0
    links = {}
    for rel, number in (("prev", page.previous_page_number() if page.has_previous() else None),
                        ("next", page.next_page_number() if page.has_next() else None)):  # fmt: skip
        if number:
            params = request.GET.copy()
            params[param] = number
            links[rel] = "?" + params.urlencode()
    return {"page_obj": page, "links": links}


# --- queues -------------------------------------------------------------------------------
@staff_required("casework.view_case")
def queue(request):
    """The signed-in case manager's queue; supervisors and the director go to the team view."""
    if has_perm(request.user, "casework.approve_closure"):
        return redirect("cases:team")
    today = timezone.localdate()
    parts = services.my_queue(request.user, today)
    return _render(request, "casework/cases/queue.html", {
        "today": today,
        "overdue": _section(request, parts["overdue"], "overdue_page", today),
        "due": _section(request, parts["due"], "due_page", today),
        "later": _section(request, parts["later"], "later_page", today),
    })  # fmt: skip


@staff_required("casework.approve_closure")
def team(request):
    """Per case manager: open, overdue, without a plan, closure requests; approvals to decide."""
    today = timezone.localdate()
    overview = services.team_overview(request.user, today)
    overdue = Paginator(overview["overdue"], TEAM_PER_PAGE).get_page(request.GET.get("page"))
    for case in overdue:
        case.days_overdue = (today - case.next_followup_on).days
    requests = []
    for case in overview["closure_requests"][:TEAM_PER_PAGE]:
        can_decide = case.case_manager_id != request.user.pk
        requests.append({
            "case": case, "can_decide": can_decide,
            "return_form": ReturnForm(prefix="return", auto_id=f"return-{case.pk}-%s", initial={"version": case.version}),
        })  # fmt: skip
    return _render(request, "casework/cases/team.html", {
        "today": today, "per_manager": overview["per_manager"], "page_obj": overdue,
        "closure_requests": requests, "closure_request_total": overview["closure_requests"].count(),
        "is_director": not has_perm(request.user, "casework.manage_case"),
    })  # fmt: skip


# --- opening a case ---------------------------------------------------------------------------
@staff_required("casework.manage_case")
def create(request):
    """Open a case; the worker is found by identifier or registered in the same step."""
    is_case_manager = not has_perm(request.user, "casework.approve_closure")
    case_managers = None if is_case_manager else services.case_managers_of(request.user)
    form = CaseOpenForm(request.POST or None, case_managers=case_managers)
    found = None
    if request.method == "POST" and request.POST.get("step") == "lookup":
        # Only the identifier is checked; the rest of the form is kept as typed.
        form.is_valid()
        for name in [k for k in form.errors if k != "id_number"]:
            form.errors.pop(name)
        if "id_number" not in form.errors:
            try:
                found = services.lookup_worker(request.user, form.cleaned_data["id_number"])
            except ValidationError as e:
                apply_errors(form, e)
        return _render(request, "casework/cases/create.html",
                       {"form": form, "found": found, "looked_up": "id_number" not in form.errors})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            case = services.open_case_for_worker(
                request.user, id_number=form.cleaned_data["id_number"], new_person=form.worker_fields(),
                **form.service_kwargs(),
            )  # fmt: skip
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已收案，案號 %(number)s。") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return _render(request, "casework/cases/create.html", {"form": form, "found": None, "looked_up": False})


# --- the case record --------------------------------------------------------------------------
def _attachment_links(attachments) -> list[tuple[Any, str | None]]:
    """Each document with its download address, when the download view is installed."""
    links = []
    for attachment in attachments:
        try:
            url = reverse("housing:attachment", args=[attachment.pk])
        except NoReverseMatch:
            url = None
        links.append((attachment, url))
    return links


@staff_required("casework.view_case")
def detail(request, pk: int):
    """A case: worker and injury facts, status and next actions, plan, services, contacts, documents."""
    record = services.case_record(request.user, pk)
    case: InjuryCase = record["case"]
    user = request.user
    can_manage = has_perm(user, "casework.manage_case")
    can_approve = has_perm(user, "casework.approve_closure") and case.case_manager_id != user.pk
    status = case.status
    today = timezone.localdate()
    return _render(request, "casework/cases/detail.html", {
        **record,
        "attachments": _attachment_links(record["attachments"]),
        "show_full_id": has_perm(user, "core.view_full_identifier"),
        "can_manage": can_manage,
        "can_export": has_perm(user, "casework.export_case"),
        "can_view_log": has_perm(user, "casework.approve_closure"),
        "can_advance": can_manage and status in NEXT_STATUS,
        "next_status": NEXT_STATUS.get(status),
        "can_request_closure": can_manage and status == CaseStatus.IN_SERVICE,
        "can_decide_closure": can_approve and status == CaseStatus.CLOSURE_REQUESTED,
        "can_reopen": can_manage and status == CaseStatus.CLOSED,
        "can_edit": can_manage and status != CaseStatus.CLOSED,
        "days_overdue": (today - case.next_followup_on).days if case.is_overdue else 0,
        "closure_form": ClosureRequestForm(prefix="closure", initial={"version": case.version}),
        "return_form": ReturnForm(prefix="return", initial={"version": case.version}),
        "reopen_form": ReopenForm(prefix="reopen", initial={"version": case.version}),
        "S": CaseStatus,
    })  # fmt: skip


@staff_required("casework.manage_case")
def edit(request, pk: int):
    """Edit the facts, plan and follow-up; a stale version is refused and the input kept."""
    case = services.view_case(request.user, pk, context="case edit form")
    if case.status == CaseStatus.CLOSED:
        messages.error(request, _("已結案的個案不能修改；如需繼續服務請重新開案。"))
        return redirect("cases:detail", pk=case.pk)
    followup_required = case.status in (CaseStatus.IN_SERVICE, CaseStatus.CLOSURE_REQUESTED)
    form = CaseEditForm(request.POST or None, initial=CaseEditForm.initial_for(case),
                        followup_required=followup_required)  # fmt: skip
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(request.user, case.pk, form.cleaned_data["version"], **form.changes(case))
        except services.EditConflict as e:
            conflict = True
            apply_errors(form, e)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已儲存個案 %(number)s 的變更。") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return _render(request, "casework/cases/edit.html", {"form": form, "case": case, "conflict": conflict})


@staff_required("casework.manage_case")
def add_service(request, pk: int):
    """Record a service; the consolation amount comes from the rate table."""
    case = services.view_case(request.user, pk, context="case service form")
    standard = services.consolation_amount(case.severity, timezone.localdate())
    consolation = (request.POST.get("kind") or request.GET.get("kind")) == ServiceKind.CONSOLATION
    form = ServiceForm(request.POST or None, standard_amount=standard, consolation=consolation,
                       initial={"provided_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            service = services.add_service(
                request.user, case.pk, kind=data["kind"], provided_on=data["provided_on"], amount=data["amount"],
                items=data["items"], note=data["note"],
            )  # fmt: skip
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已登錄服務：%(kind)s。") % {"kind": service.get_kind_display()})
            return redirect("cases:detail", pk=case.pk)
    return _render(request, "casework/cases/service_form.html",
                   {"form": form, "case": case, "standard": standard})  # fmt: skip


@staff_required("casework.manage_case")
def add_contact(request, pk: int):
    """Record a follow-up contact and the next follow-up date."""
    case = services.view_case(request.user, pk, context="case contact form")
    form = ContactForm(request.POST or None, initial={"contacted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_contact(request.user, case.pk, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已登錄追蹤紀錄。"))
            return redirect("cases:detail", pk=case.pk)
    return _render(request, "casework/cases/contact_form.html", {"form": form, "case": case})


# --- lifecycle actions ------------------------------------------------------------------------
def _advance(user, pk, data):
    return services.advance(user, pk, data["version"])


def _request_closure(user, pk, data):
    return services.request_closure(user, pk, data["version"], reason=data["reason"], note=data["note"])


def _approve(user, pk, data):
    return services.approve_closure(user, pk, data["version"])


def _return(user, pk, data):
    return services.return_closure(user, pk, data["version"], note=data["note"])


def _reopen(user, pk, data):
    return services.reopen(user, pk, data["version"], reason=data["reason"], next_followup_on=data["next_followup_on"])


ACTIONS = {
    "advance": (VersionForm, None, _advance, _("個案 %(number)s 已進入「%(status)s」。")),
    "request_closure": (ClosureRequestForm, "closure", _request_closure, _("個案 %(number)s 已申請結案，待主管核准。")),
    "approve": (VersionForm, None, _approve, _("已核准個案 %(number)s 結案。")),
    "return": (ReturnForm, "return", _return, _("已退回個案 %(number)s 的結案申請，個案繼續服務。")),
    "reopen": (ReopenForm, "reopen", _reopen, _("個案 %(number)s 已重新開案。")),
}


@staff_required("casework.view_case")
@require_POST
def action(request, pk: int, action: str):
    """Advance, request closure, approve or return it, reopen; the result is a message."""
    pk = int(pk)
    form_class, prefix, run, done = ACTIONS[action]
    form = form_class(request.POST, prefix=prefix)
    back = _safe_next(request, reverse("cases:detail", args=[pk]))
    if not form.is_valid():
        if not services.visible_cases(request.user).filter(pk=pk).exists():
            raise PermissionDenied(_("您沒有檢視此個案的權限，或個案不存在。"))
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect(back)
    try:
        case = run(request.user, pk, form.cleaned_data)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"number": case.number, "status": case.get_status_display()})
    return redirect(back)


# --- export and access log -------------------------------------------------------------------
@staff_required("casework.export_case")
def export(request, pk: int):
    """Ask for a reason, then hand over the whole case as a JSON file (logged by the service)."""
    case = services.visible_cases(request.user).filter(pk=pk).first()
    if case is None:
        raise PermissionDenied(_("您沒有檢視此個案的權限，或個案不存在。"))
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            data = services.export_case(request.user, pk, reason=form.cleaned_data["reason"])
        except ValidationError as e:
            apply_errors(form, e)
        else:
            response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2),
                                    content_type="application/json; charset=utf-8")  # fmt: skip
            response["Content-Disposition"] = f'attachment; filename="case-{case.number}.json"'
            return response
    return _render(request, "casework/cases/export.html", {"form": form, "case": case})


@staff_required("casework.approve_closure")
def access_log(request, pk: int):
    """Who viewed, exported or changed the case, newest first."""
    entries = services.case_access_log(request.user, pk)
    case = services.visible_cases(request.user).get(pk=pk)
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "casework/cases/access_log.html", {"case": case, "page_obj": page})


# --- consolation rates -----------------------------------------------------------------------
@staff_required("casework.view_case")
def rates(request):
    """The 慰問金 rate table; supervisors and the director add rows."""
    can_edit = has_perm(request.user, "casework.edit_rates")
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("您沒有執行此項作業的權限。"))
    form = RateForm(request.POST or None) if can_edit else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            rate = services.add_consolation_rate(request.user, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已新增慰問金額度：%(rate)s。") % {"rate": str(rate)})
            return redirect("cases:rates")
    return _render(request, "casework/cases/rates.html", {"form": form, "rates": services.consolation_rates()})
