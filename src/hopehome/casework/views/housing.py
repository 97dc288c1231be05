"""Back-office screens of housing repair, mounted at /staff/housing/ (namespace ``housing``)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core.decorators import staff_required
from hopehome.core.permissions import has_perm

from .. import housing
from ..choices import AttachmentKind, RepairStatus, Trade
from ..forms_housing import (
    ApplicationForm,
    CompletionForm,
    CostsForm,
    DecisionForm,
    RepairFilterForm,
    SurveyForm,
    TeamForm,
    UploadForm,
    VolunteerForm,
    WorkDayForm,
    apply_errors,
)
from ..models import RepairApplication
from ..services import visible_cases
from ..uploads import store_attachment

PER_PAGE = 25
PHOTO_KINDS = (
    AttachmentKind.BEFORE,
    AttachmentKind.AFTER,
    AttachmentKind.SURVEY,
    AttachmentKind.EVIDENCE,
)


def _application(
    user, pk: int, perm: str = "housing.view", *, log: bool = False
) -> RepairApplication:
    try:
        return housing.application_for_staff(user, pk, perm=perm, log=log)
    except RepairApplication.DoesNotExist:
        raise Http404 from None


def _permissions(user) -> dict[str, bool]:
    return {
        "can_manage": has_perm(user, "housing.manage"),
        "can_approve": has_perm(user, "housing.approve"),
    }


# --- list and detail ------------------------------------------------------------------------
@staff_required("housing.view")
def application_list(request):
    """Applications with a status filter, counts by status and the homes-repaired counters."""
    form = RepairFilterForm(request.GET or None)
    year = timezone.localdate().year
    queryset = housing.applications(request.user, status=form.status_value())
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/housing/list.html",
        {"form": form, "page_obj": page, "figures": housing.overview(request.user, year), "year": year,
         "since": housing.PROGRAMME_START_YEAR, **_permissions(request.user)},
    )  # fmt: skip


@staff_required("housing.view")
def application_detail(request, pk: int):
    """Facts, needs by trade, work days, costs, photos before and after, and the next actions."""
    application = _application(request.user, pk, log=True)
    case_visible = bool(
        application.injury_case_id
        and visible_cases(request.user).filter(pk=application.injury_case_id).exists()
    )
    details = housing.application_details(application)
    needs = [
        (label, application.needs[value])
        for value, label in Trade.choices
        if value in application.needs
    ]
    trade_labels = dict(Trade.choices)
    photo_groups = [
        (kind, AttachmentKind(kind).label, details["attachments"][kind]) for kind in PHOTO_KINDS
    ]
    return render(
        request,
        "casework/housing/detail.html",
        {"application": application, "needs": needs, "photo_groups": photo_groups, "trade_labels": trade_labels,
         "case_visible": case_visible, "upload_form": UploadForm(), "S": RepairStatus, **details,
         **_permissions(request.user)},
    )  # fmt: skip


@staff_required("housing.manage")
def application_create(request):
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = housing.apply_for_repair(request.user, **form.service_fields())
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已建立修繕申請 %(number)s。") % {"number": application.number}
            )
            return redirect("housing:detail", pk=application.pk)
    return render(
        request,
        "casework/housing/application_form.html",
        {"form": form, **_permissions(request.user)},
    )


# --- steps ----------------------------------------------------------------------------------
def _step(request, pk: int, *, perm: str, form_class, template: str, call: Callable, done: str,
          initial: Callable[[RepairApplication], dict] | None = None, extra: Callable | None = None):  # fmt: skip
    """One step on an application: show its form, call one service, report the result."""
    application = _application(request.user, pk, perm)
    start = {"version": application.version} | (initial(application) if initial else {})
    form = form_class(request.POST or None, initial=start)
    if request.method == "POST" and form.is_valid():
        try:
            call(request.user, application, form)
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(request, done % {"number": application.number})
            return redirect("housing:detail", pk=application.pk)
    context = {"form": form, "application": application, **_permissions(request.user)}
    if extra:
        context |= extra(application)
    return render(request, template, context)


def _version(form) -> int | None:
    return form.cleaned_data.get("version")


@staff_required("housing.manage")
def survey(request, pk: int):
    return _step(
        request, pk, perm="housing.manage", form_class=SurveyForm, template="casework/housing/survey.html",
        call=lambda user, app, form: housing.record_survey(
            user, app, surveyed_on=form.cleaned_data["surveyed_on"], needs=form.needs(), expected_version=_version(form)
        ),
        done=_("已登錄 %(number)s 的會勘結果。"),
        initial=lambda app: {"surveyed_on": app.surveyed_on} | {f"need_{k}": v for k, v in app.needs.items()},
    )  # fmt: skip


@staff_required("housing.approve")
def decide(request, pk: int):
    return _step(
        request, pk, perm="housing.approve", form_class=DecisionForm, template="casework/housing/decide.html",
        call=lambda user, app, form: housing.decide(
            user, app, approve=form.cleaned_data["decision"] == "approve", reason=form.cleaned_data["reason"],
            expected_version=_version(form),
        ),
        done=_("已核定 %(number)s。"),
        extra=lambda app: {"needs": [(label, app.needs[v]) for v, label in Trade.choices if v in app.needs]},
    )  # fmt: skip


@staff_required("housing.manage")
def work_day(request, pk: int):
    return _step(
        request, pk, perm="housing.manage", form_class=WorkDayForm, template="casework/housing/workday.html",
        call=lambda user, app, form: housing.schedule_work_day(
            user, app, date=form.cleaned_data["date"], team=form.cleaned_data["team"],
            volunteers=form.cleaned_data["volunteers"], trades=form.cleaned_data["trades"],
            hours=form.cleaned_data["hours"], note=form.cleaned_data["note"], expected_version=_version(form),
        ),
        done=_("已為 %(number)s 安排施工日。"),
        initial=lambda app: {"trades": list(app.needs.keys())},
    )  # fmt: skip


@staff_required("housing.manage")
def costs(request, pk: int):
    return _step(
        request, pk, perm="housing.manage", form_class=CostsForm, template="casework/housing/costs.html",
        call=lambda user, app, form: housing.record_costs(
            user, app, materials_cost=form.cleaned_data["materials_cost"], donations=form.cleaned_data["donations"],
            expected_version=_version(form),
        ),
        done=_("已登錄 %(number)s 的材料費與捐贈。"),
        initial=lambda app: {"materials_cost": app.materials_cost, "donations": app.donations},
    )  # fmt: skip


@staff_required("housing.manage")
def complete(request, pk: int):
    return _step(
        request, pk, perm="housing.manage", form_class=CompletionForm, template="casework/housing/complete.html",
        call=lambda user, app, form: housing.complete(
            user, app, completed_on=form.cleaned_data["completed_on"],
            satisfaction=form.cleaned_data["satisfaction"], expected_version=_version(form),
        ),
        done=_("%(number)s 已登錄完工。"),
        extra=lambda app: {"photo_counts": {
            "before": app.attachments.filter(kind=AttachmentKind.BEFORE).count(),
            "after": app.attachments.filter(kind=AttachmentKind.AFTER).count(),
        }},
    )  # fmt: skip


@staff_required("housing.manage")
def upload(request, pk: int):
    """Upload a photo or PDF (multipart); refusals are shown on the form, nothing stored."""
    application = _application(request.user, pk, "housing.manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            store_attachment(
                request.user, kind=form.cleaned_data["kind"], uploaded_file=form.cleaned_data["file"],
                caption=form.cleaned_data["caption"], repair=application,
            )  # fmt: skip
        except ValidationError as e:
            apply_errors(form, e)
        else:
            messages.success(
                request, _("已上傳附件到 %(number)s。") % {"number": application.number}
            )
            return redirect("housing:detail", pk=application.pk)
    return render(
        request,
        "casework/housing/upload.html",
        {"form": form, "application": application, **_permissions(request.user)},
    )


# --- volunteer teams ------------------------------------------------------------------------
@staff_required("housing.view")
def teams(request):
    """Teams with their volunteers and trades; forms to add a team or a volunteer."""
    can_manage = has_perm(request.user, "housing.manage")
    action = request.POST.get("action") if request.method == "POST" else None
    team_form = TeamForm(request.POST if action == "team" else None, prefix="team")
    volunteer_form = VolunteerForm(
        request.POST if action == "volunteer" else None, prefix="volunteer"
    )
    if action and not can_manage:
        raise PermissionDenied(_("您沒有執行此項作業的權限。"))
    if action == "team" and team_form.is_valid():
        d = team_form.cleaned_data
        try:
            team = housing.register_team(
                request.user, team_form.organization_value(), d["contact_name"], d["contact_phone"]
            )
        except ValidationError as e:
            apply_errors(team_form, e)
        else:
            messages.success(
                request, _("已新增志工團隊「%(name)s」。") % {"name": team.organization.name}
            )
            return redirect("housing:teams")
    elif action == "volunteer" and volunteer_form.is_valid():
        d = volunteer_form.cleaned_data
        try:
            volunteer = housing.add_volunteer(
                request.user, d["team"], d["name"], d["phone"], d["trades"]
            )
        except ValidationError as e:
            apply_errors(volunteer_form, e)
        else:
            messages.success(request, _("已新增志工 %(name)s。") % {"name": volunteer.name})
            return redirect("housing:teams")
    return render(
        request,
        "casework/housing/teams.html",
        {"teams": housing.teams(request.user), "team_form": team_form, "volunteer_form": volunteer_form,
         "trade_labels": dict(Trade.choices), "can_manage": can_manage},
    )  # fmt: skip
