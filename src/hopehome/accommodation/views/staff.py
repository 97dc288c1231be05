"""Back-office screens of job redesign, mounted at /staff/accommodation/ (``accommodation_staff``).

Each view parses its input with a form and calls one function of :mod:`..services`, which checks
the permission and the rules; a refusal is shown on the form (status 400) and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hopehome.core.decorators import staff_required
from hopehome.core.permissions import has_perm

from .. import services
from ..choices import ApplicationStatus, Category
from ..forms import (
    ApplicationForm,
    DecisionForm,
    DisburseForm,
    FilterForm,
    FollowUpForm,
    ItemForm,
    StartForm,
    apply_errors,
    item_formset,
)
from ..models import RedesignApplication, RedesignItem

PER_PAGE = 25
QUEUE_ROWS = 100  # rows shown per follow-up queue; the oldest first
S = ApplicationStatus


def _permissions(user) -> dict[str, bool]:
    return {
        "can_manage": has_perm(user, "accommodation.manage"),
        "can_decide": has_perm(user, "accommodation.decide"),
        "can_exceed_cap": has_perm(user, "accommodation.approve_over_cap"),
    }


def _render(request, template: str, context: dict[str, Any], *, invalid: bool = False):
    """Render with the navigation's permissions; a refused submission answers 400."""
    context = {**_permissions(request.user), "S": S, **context}
    return render(request, template, context, status=400 if invalid else 200)


def _application(
    user, pk: int, perm: str = "accommodation.view", *, log: bool = False
) -> RedesignApplication:
    try:
        return services.get_application(user, pk, perm=perm, log=log)
    except RedesignApplication.DoesNotExist:
        raise Http404 from None


def _item(application: RedesignApplication, item_pk: int) -> RedesignItem:
    item = application.items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


def _usage(application: RedesignApplication) -> dict[str, Any]:
    """The cap usage of the application's year (the decision year, or this year before it)."""
    year = application.year or timezone.localdate().year
    return services.cap_usage(application.person, year)


# --- lists ------------------------------------------------------------------------------------
@staff_required("accommodation.view")
def application_list(request):
    """Applications with filters by status, year and category; counts by status."""
    form = FilterForm(request.GET or None)
    invalid = form.is_bound and not form.is_valid()
    queryset = services.applications(request.user, **form.filters())
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return _render(
        request, "accommodation/staff/list.html",
        {"form": form, "page_obj": page, "counts": services.status_counts(request.user)}, invalid=invalid,
    )  # fmt: skip


@staff_required("accommodation.view")
def follow_up_queue(request):
    """Follow-ups due (three months after the start), coming up, and cases without a start date."""
    today = timezone.localdate()
    queues = {
        key: {"rows": list(qs[:QUEUE_ROWS]), "count": qs.count()}
        for key, qs in services.follow_ups_due(request.user, today).items()
    }
    return _render(
        request,
        "accommodation/staff/follow_ups.html",
        {"today": today, "limit": QUEUE_ROWS, **queues},
    )


# --- intake -----------------------------------------------------------------------------------
@staff_required("accommodation.manage")
def application_create(request):
    """Take in an application with its items (a formset; more rows with ?rows=)."""
    form = ApplicationForm(request.POST or None)
    formset = item_formset(request.POST or None, rows=request.GET.get("rows") or 3)
    invalid = False
    if request.method == "POST":
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            try:
                application = services.create_application(
                    request.user, form.service_data(), formset.items()
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request, _("已建立職務再設計申請 %(number)s。") % {"number": application.number}
                )
                return redirect("accommodation_staff:detail", pk=application.pk)
        invalid = True
    return _render(
        request,
        "accommodation/staff/create.html",
        {"form": form, "formset": formset},
        invalid=invalid,
    )


# --- one application --------------------------------------------------------------------------
@staff_required("accommodation.view")
def application_detail(request, pk: int):
    """Facts, items by category with amounts, the year's cap usage, and the next steps."""
    application = _application(request.user, pk, log=True)
    items = list(application.items.order_by("category", "id"))
    labels = dict(Category.choices)
    groups = []
    for value in Category.values:
        rows = [i for i in items if i.category == value]
        if rows:
            approved = [i.amount_approved for i in rows if i.amount_approved is not None]
            groups.append({
                "label": labels[value], "items": rows, "requested": sum(i.amount_requested for i in rows),
                "approved": sum(approved) if approved else None,
            })  # fmt: skip
    others = (
        RedesignApplication.objects.filter(person=application.person)
        .exclude(pk=application.pk)
        .only("pk", "number", "status", "year", "submitted_on", "approved_total", "job_title")
        .order_by("-submitted_on", "-id")
    )
    return _render(request, "accommodation/staff/detail.html", {
        "application": application, "groups": groups, "requested_total": sum(i.amount_requested for i in items),
        "usage": _usage(application), "others": others, "editable": application.status in services.EDITABLE_STATUSES,
        "follow_up_from": services.follow_up_from(application.employment_start) if application.employment_start else None,
    })  # fmt: skip


@require_POST
@staff_required("accommodation.manage")
def start_review(request, pk: int):
    application = _application(request.user, pk, "accommodation.manage")
    try:
        services.start_review(request.user, application)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("%(number)s 已進入審查。") % {"number": application.number})
    return redirect("accommodation_staff:detail", pk=application.pk)


@staff_required("accommodation.manage")
def item_add(request, pk: int):
    application = _application(request.user, pk, "accommodation.manage")
    form = ItemForm(request.POST or None)
    invalid = False
    if request.method == "POST":
        if form.is_valid():
            try:
                services.add_item(request.user, application, form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request, _("已新增項目到 %(number)s。") % {"number": application.number}
                )
                return redirect("accommodation_staff:detail", pk=application.pk)
        invalid = True
    return _render(request, "accommodation/staff/item_form.html",
                   {"form": form, "application": application, "item": None}, invalid=invalid)  # fmt: skip


@staff_required("accommodation.manage")
def item_edit(request, pk: int, item_pk: int):
    application = _application(request.user, pk, "accommodation.manage")
    item = _item(application, item_pk)
    initial = {k: getattr(item, k) for k in services.ITEM_FIELDS}
    form = ItemForm(request.POST or None, initial=initial)
    invalid = False
    if request.method == "POST":
        if form.is_valid():
            try:
                services.edit_item(request.user, item, form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request, _("已更新項目「%(name)s」。") % {"name": form.cleaned_data["name"]}
                )
                return redirect("accommodation_staff:detail", pk=application.pk)
        invalid = True
    return _render(request, "accommodation/staff/item_form.html",
                   {"form": form, "application": application, "item": item}, invalid=invalid)  # fmt: skip


@require_POST
@staff_required("accommodation.manage")
def item_delete(request, pk: int, item_pk: int):
    application = _application(request.user, pk, "accommodation.manage")
    item = _item(application, item_pk)
    try:
        services.remove_item(request.user, item)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已刪除項目「%(name)s」。") % {"name": item.name})
    return redirect("accommodation_staff:detail", pk=application.pk)


@staff_required("accommodation.decide")
def decide(request, pk: int):
    """Decide each item; the cap of the decision year is checked by the service."""
    application = _application(request.user, pk, "accommodation.decide")
    if application.status != S.UNDER_REVIEW:
        messages.info(request, _("只有「審查中」的案件可以核定。"))
        return redirect("accommodation_staff:detail", pk=application.pk)
    items = list(application.items.order_by("category", "id"))
    allow = has_perm(request.user, "accommodation.approve_over_cap")
    form = DecisionForm(request.POST or None, items=items, allow_exception=allow)
    invalid = False
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.decide(
                    request.user, application, form.decisions(), data["reason"],
                    cap_exception_reason=data.get("cap_exception_reason", ""), decided_on=data["decided_on"],
                )  # fmt: skip
            except ValidationError as e:
                apply_errors(form, e)
            else:
                application.refresh_from_db()
                messages.success(request, _("%(number)s 審查結果：%(status)s。") % {
                    "number": application.number, "status": application.get_status_display()})  # fmt: skip
                return redirect("accommodation_staff:detail", pk=application.pk)
        invalid = True
    usage = services.cap_usage(application.person, timezone.localdate().year)
    return _render(request, "accommodation/staff/decide.html", {
        "form": form, "application": application, "usage": usage,
        "requested_total": sum(i.amount_requested for i in items),
    }, invalid=invalid)  # fmt: skip


def _step(
    request,
    pk: int,
    *,
    form_class,
    template: str,
    call: Callable,
    done,
    initial: dict | None = None,
):
    """One later step: show its form, call one service, report the result."""
    application = _application(request.user, pk, "accommodation.manage")
    form = form_class(request.POST or None, initial=initial or {})
    invalid = False
    if request.method == "POST":
        if form.is_valid():
            try:
                call(request.user, application, form.cleaned_data)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, done % {"number": application.number})
                return redirect("accommodation_staff:detail", pk=application.pk)
        invalid = True
    return _render(request, template, {"form": form, "application": application,
                                       "usage": _usage(application)}, invalid=invalid)  # fmt: skip


@staff_required("accommodation.manage")
def disburse(request, pk: int):
    return _step(
        request, pk, form_class=DisburseForm, template="accommodation/staff/disburse.html",
        call=lambda user, app, d: services.disburse(user, app, d["amount"], d["on"]),
        done=_("已登錄 %(number)s 的撥款。"),
    )  # fmt: skip


@staff_required("accommodation.manage")
def record_start(request, pk: int):
    return _step(
        request, pk, form_class=StartForm, template="accommodation/staff/start.html",
        call=lambda user, app, d: services.record_start(user, app, d["employment_start"]),
        done=_("已登錄 %(number)s 的到職日期。"),
    )  # fmt: skip


@staff_required("accommodation.manage")
def follow_up(request, pk: int):
    return _step(
        request, pk, form_class=FollowUpForm, template="accommodation/staff/follow_up.html",
        call=lambda user, app, d: services.follow_up(user, app, d["on"], d["employed_after_3_months"], d["note"]),
        done=_("已登錄 %(number)s 的三個月追蹤，案件結案。"),
        initial={"on": timezone.localdate()},
    )  # fmt: skip
