"""Back-office screens of labour inspections, penalty decisions, publication and outreach.

Each view parses its input with a form and calls one function of :mod:`..services`, which
checks the permission and the record-level rule (inspectors their own inspections,
supervisors their division's) and refuses bad input with a ValidationError shown on the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from hopehome.core.decorators import staff_required
from hopehome.core.forms import apply_errors
from hopehome.core.permissions import has_perm, staff_profile

from .. import services
from ..choices import Origin, PenaltyStatus
from ..forms import (
    AwardForm,
    CounsellingForm,
    EventForm,
    FollowUpForm,
    InspectionFilterForm,
    NoticeForm,
    PartnershipForm,
    PenaltyFilterForm,
    PenaltyForm,
    PlanForm,
    PublishForm,
    RecordForm,
    WithdrawForm,
    violation_formset,
)

PER_PAGE = 25


def _render(request, template: str, context: dict[str, Any], status: int = 200):
    """Render with the permissions the navigation needs."""
    user = request.user
    context.setdefault("can_inspect", has_perm(user, "inspection.inspect"))
    context.setdefault("can_outreach", has_perm(user, "inspection.record_outreach"))
    context.setdefault("can_import", has_perm(user, "inspection.import"))
    return render(request, template, context, status=status)


def _form_page(request, form, *, title, submit, back, intro="", extra=None):
    context = {"form": form, "title": title, "submit": submit, "back": back, "intro": intro}
    context.update(extra or {})
    return _render(request, "inspection/staff/simple_form.html", context)


def _messages_from(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# --- inspections ------------------------------------------------------------------------------
@staff_required("inspection.view")
def inspections(request):
    """The inspections the signed-in user may see, with filters."""
    form = InspectionFilterForm(request.GET or None)
    queryset = services.search_inspections(request.user, **form.filters())
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "inspection/staff/inspections.html", {"form": form, "page_obj": page})


@staff_required("inspection.inspect")
def plan(request):
    """Plan an inspection; a complaint inspection carries the (confidential) complaint."""
    initial = {"planned_on": timezone.localdate()}
    profile = staff_profile(request.user)
    if profile.role == "inspector":
        initial["lead_inspector"] = request.user.pk
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.plan_inspection(request.user, **form.service_kwargs())
        except ValidationError as e:
            apply_errors(form, e)
        except PermissionDenied as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("已規劃檢查 %(number)s。") % {"number": inspection.number})
            return redirect("inspection_staff:detail", pk=inspection.pk)
    return _render(request, "inspection/staff/plan.html", {"form": form})


@staff_required("inspection.view")
def detail(request, pk: int):
    """An inspection: facts, complaint (entitled users only), violations, penalties, next steps."""
    record = services.inspection_record(request.user, pk)
    return _render(request, "inspection/staff/detail.html", {
        **record, "follow_up_form": FollowUpForm(prefix="follow"), "Origin": Origin,
    })  # fmt: skip


@staff_required("inspection.inspect")
def record(request, pk: int):
    """Record the inspection's date, findings, result and violations."""
    inspection = services.get_inspection(request.user, pk)
    if inspection.status != "planned":
        messages.info(request, _("此檢查已登錄結果。"))
        return redirect("inspection_staff:detail", pk=inspection.pk)
    form = RecordForm(request.POST or None, initial={"inspected_on": inspection.planned_on})
    formset = violation_formset(request.POST or None, rows=request.GET.get("rows") or 3)
    if request.method == "POST":
        valid = form.is_valid()
        valid = formset.is_valid() and valid
        if valid:
            try:
                services.record_inspection(
                    request.user, inspection, violations=formset.violations(), **form.cleaned_data
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request, _("已登錄檢查 %(number)s 的結果。") % {"number": inspection.number}
                )
                return redirect("inspection_staff:detail", pk=inspection.pk)
    return _render(
        request,
        "inspection/staff/record.html",
        {"form": form, "formset": formset, "inspection": inspection},
    )


@staff_required("inspection.inspect")
def notice(request, pk: int):
    """限期改善: set the improvement deadline."""
    inspection = services.get_inspection(request.user, pk)
    form = NoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.issue_notice(request.user, inspection, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已通知 %(unit)s 限期改善。") % {"unit": inspection.organization.name}
            )
            return redirect("inspection_staff:detail", pk=inspection.pk)
    return _form_page(
        request, form, title=_("限期改善：%(number)s") % {"number": inspection.number}, submit=_("送出限期改善"),
        back=reverse("inspection_staff:detail", args=[inspection.pk]), intro=_("改善期限須在今天之後，最長 90 天。"),
    )  # fmt: skip


@staff_required("inspection.inspect")
def follow_up(request, pk: int):
    """Plan a follow-up inspection (複查)."""
    inspection = services.get_inspection(request.user, pk)
    form = FollowUpForm(request.POST or None, prefix="follow")
    if request.method == "POST" and form.is_valid():
        try:
            new = services.schedule_follow_up(request.user, inspection, **form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, _("已安排複查 %(number)s。") % {"number": new.number})
            return redirect("inspection_staff:detail", pk=new.pk)
    return _form_page(
        request, form, title=_("安排複查：%(number)s") % {"number": inspection.number}, submit=_("安排複查"),
        back=reverse("inspection_staff:detail", args=[inspection.pk]), intro=_("複查日期不可早於改善期限。"),
    )  # fmt: skip


@staff_required("inspection.inspect")
@require_POST
def close(request, pk: int):
    try:
        inspection = services.close_inspection(request.user, pk)
    except ValidationError as e:
        _messages_from(request, e)
    else:
        messages.success(request, _("檢查 %(number)s 已結案。") % {"number": inspection.number})
    return redirect("inspection_staff:detail", pk=pk)


@staff_required("inspection.decide_penalty")
def decide(request, pk: int):
    """The penalty decision: an amount per violation, each checked against its statutory range."""
    inspection, violations = services.unpenalised_violations(request.user, pk)
    if not violations:
        messages.info(request, _("此檢查沒有尚未裁處的違規事項。"))
        return redirect("inspection_staff:detail", pk=inspection.pk)
    form = PenaltyForm(request.POST or None, violations=violations, on=timezone.localdate(),
                       initial={"decided_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            penalty = services.decide_penalty(
                request.user, inspection, disposition_number=data["disposition_number"], decided_on=data["decided_on"],
                items=form.items(), aggravated=data["aggravated"],
            )  # fmt: skip
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已裁處，處分字號 %(number)s。") % {"number": penalty.disposition_number}
            )
            return redirect("inspection_staff:penalty", pk=penalty.pk)
    return _render(
        request, "inspection/staff/decide.html", {"form": form, "inspection": inspection}
    )


# --- penalties --------------------------------------------------------------------------------
@staff_required("inspection.view")
def penalties(request):
    """Penalty decisions the signed-in user may see, with filters."""
    form = PenaltyFilterForm(request.GET or None)
    queryset = services.search_penalties(request.user, **form.filters())
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, "inspection/staff/penalties.html", {"form": form, "page_obj": page})


def _penalty_page(request, pk: int, **bound):
    record = services.penalty_record(request.user, pk)
    penalty = record["penalty"]
    context = {
        **record,
        "publish_form": bound.get("publish_form") or PublishForm(prefix="publish", initial={"announced_on": timezone.localdate()}),
        "withdraw_form": bound.get("withdraw_form") or WithdrawForm(prefix="withdraw"),
        "event_form": bound.get("event_form") or EventForm(prefix="event", initial={"occurred_on": timezone.localdate()}),
        "PS": PenaltyStatus,
    }  # fmt: skip
    context["title_number"] = penalty.disposition_number
    return _render(request, "inspection/staff/penalty.html", context)


@staff_required("inspection.view")
def penalty(request, pk: int):
    """A penalty: §80-1 facts, items, history, and the publish / withdraw / event forms."""
    return _penalty_page(request, pk)


def _penalty_action(request, pk: int, form_class, prefix: str, run, done, form_key: str):
    form = form_class(request.POST, prefix=prefix)
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, done)
            return redirect("inspection_staff:penalty", pk=pk)
    return _penalty_page(request, pk, **{form_key: form})


@staff_required("inspection.publish")
@require_POST
def publish(request, pk: int):
    return _penalty_action(
        request, pk, PublishForm, "publish", lambda d: services.publish_penalty(request.user, pk, **d),
        _("已依勞動基準法第80條之1公布。"), "publish_form",
    )  # fmt: skip


@staff_required("inspection.publish")
@require_POST
def withdraw(request, pk: int):
    return _penalty_action(
        request, pk, WithdrawForm, "withdraw", lambda d: services.withdraw_publication(request.user, pk, **d),
        _("已撤除公布，撤除說明會顯示在公開網站。"), "withdraw_form",
    )  # fmt: skip


@staff_required("inspection.record_event")
@require_POST
def event(request, pk: int):
    return _penalty_action(
        request, pk, EventForm, "event", lambda d: services.record_penalty_event(request.user, pk, **d),
        _("已登錄裁處歷程。"), "event_form",
    )  # fmt: skip


# --- outreach ---------------------------------------------------------------------------------
def _outreach_list(request, queryset, template: str):
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return _render(request, template, {"page_obj": page})


def _outreach_form(request, form, run, *, title, submit, done, back: str):
    back = reverse(back)
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, done)
            return redirect(back)
    return _form_page(request, form, title=title, submit=submit, back=back)


@staff_required("inspection.view")
def counselling(request):
    return _outreach_list(
        request, services.counselling_visits(request.user), "inspection/staff/counselling.html"
    )


@staff_required("inspection.record_outreach")
def counselling_new(request):
    return _outreach_form(
        request, CounsellingForm(request.POST or None), lambda d: services.record_counselling(request.user, **d),
        title=_("登錄輔導訪視"), submit=_("登錄輔導訪視"), done=_("已登錄輔導訪視。"), back="inspection_staff:counselling",
    )  # fmt: skip


@staff_required("inspection.view")
def partnerships(request):
    return _outreach_list(
        request, services.partnerships(request.user), "inspection/staff/partnerships.html"
    )


@staff_required("inspection.record_outreach")
def partnership_new(request):
    return _outreach_form(
        request, PartnershipForm(request.POST or None), lambda d: services.sign_partnership(request.user, **d),
        title=_("登錄安全伙伴"), submit=_("登錄安全伙伴"), done=_("已登錄安全伙伴。"), back="inspection_staff:partnerships",
    )  # fmt: skip


@staff_required("inspection.view")
def awards(request):
    return _outreach_list(request, services.awards(request.user), "inspection/staff/awards.html")


@staff_required("inspection.record_outreach")
def award_new(request):
    return _outreach_form(
        request, AwardForm(request.POST or None), lambda d: services.record_award(request.user, **d),
        title=_("登錄獲獎"), submit=_("登錄獲獎"), done=_("已登錄獲獎。"), back="inspection_staff:awards",
    )  # fmt: skip
