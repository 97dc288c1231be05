"""Back-office screens of the registry: dashboard, people search, a person's record and trail."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from hopehome.outcomes.registry import all_indicators

from . import services
from .decorators import staff_required
from .models import AuditEntry, Person
from .permissions import has_perm, require, scope_people


@staff_required("outcomes.view_dashboard")
def dashboard(request):
    """The staff landing page: this year's and last year's indicators and work queues."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    from hopehome.outcomes.registry import Period

    rows = []
    for ind in all_indicators():
        result = ind.compute(Period(year))
        rows.append({"indicator": ind, "result": result, "has_drilldown": _may_list(request.user, result)})
    return render(request, "staff/dashboard.html", {"year": year, "rows": rows, "years": range(timezone.localdate().year, 2010, -1)})


def _may_list(user, result) -> bool:
    """May ``user`` open the records behind this figure (so the dashboard links it)?"""
    from django.core.exceptions import PermissionDenied

    from .permissions import scope_records

    if result.drilldown is None:
        return False
    try:
        scope_records(user, result.drilldown.none())
    except PermissionDenied:
        return False
    return True


@staff_required("core.view_person")
def people(request):
    query = request.GET.get("q", "").strip()
    results = services.search_people(request.user, query) if query else Person.objects.none()
    page = Paginator(results.order_by("name", "id"), 25).get_page(request.GET.get("page"))
    return render(request, "staff/people.html", {"query": query, "page_obj": page})


@staff_required("core.view_person")
def person_detail(request, pk: int):
    try:
        person = services.view_person(request.user, pk)
    except Person.DoesNotExist:
        raise Http404 from None
    full_id = has_perm(request.user, "core.view_full_identifier")
    enrollments = person.enrollments.select_related("course").order_by("-applied_at")
    return render(
        request,
        "staff/person.html",
        {"person": person, "show_full_id": full_id, "enrollments": enrollments,
         "target_groups": person.target_groups.all(), "can_view_audit": has_perm(request.user, "core.view_audit"),
         "can_edit": has_perm(request.user, "core.change_person")},
    )  # fmt: skip


@staff_required("core.view_audit")
def person_audit(request, pk: int):
    """Who viewed or changed this person's record (supervisors, director, administrator)."""
    require(request.user, "core.view_audit")
    person = scope_people(request.user, Person.objects.all()).filter(pk=pk).first()
    if person is None:
        raise Http404
    entries = AuditEntry.objects.filter(person=person).select_related("actor").order_by("-at", "-id")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "staff/person_audit.html", {"person": person, "page_obj": page})


@staff_required()
def organizations(request):
    """Organizations with a folded name or exact UBN search."""
    from .forms import OrganizationFilterForm
    from .models import Organization
    from .text import fold
    from .validators import normalize_identifier

    form = OrganizationFilterForm(request.GET or None)
    qs = Organization.objects.select_related("district", "industry")
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            ubn = normalize_identifier(q)
            qs = qs.filter(ubn=ubn) if ubn.isdigit() and len(ubn) == 8 else qs.filter(name_key__contains=fold(q))
        if form.cleaned_data["kind"]:
            qs = qs.filter(kind=form.cleaned_data["kind"])
    page = Paginator(qs.order_by("name", "id"), 25).get_page(request.GET.get("page"))
    return render(request, "staff/organizations.html", {"form": form, "page_obj": page,
                  "can_change": has_perm(request.user, "core.change_organization")})  # fmt: skip


@staff_required("core.change_organization")
def organization_form(request, pk: int | None = None):
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import get_object_or_404, redirect
    from django.utils.translation import gettext as _

    from .forms import OrganizationForm, apply_errors
    from .models import Organization

    instance = get_object_or_404(Organization, pk=pk) if pk else None
    form = OrganizationForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if instance is None:
                org = services.create_organization(request.user, **data)
            else:
                org = services.update_organization(request.user, instance, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已儲存「%(name)s」。") % {"name": org.name})
            return redirect("staff:organizations")
    return render(request, "staff/organization_form.html", {"form": form, "instance": instance})


@staff_required("outcomes.view_dashboard")
def indicator_drilldown(request, key: str, year: int):
    """The records behind one indicator for a year (masked identifiers, paginated)."""
    from hopehome.outcomes import registry

    try:
        ind = registry.get(key)
    except KeyError:
        raise Http404 from None
    if not registry.is_valid_year(year):
        raise Http404
    result = ind.compute(registry.Period(year))
    if result.drilldown is None:
        raise Http404
    from .permissions import scope_records

    records = scope_records(request.user, result.drilldown).order_by("pk")
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    return render(
        request, "staff/indicator_drilldown.html",
        {"indicator": ind, "result": result, "year": year, "page_obj": page,
         "model": records.model._meta.label_lower},
    )  # fmt: skip


@staff_required("core.change_person")
def person_edit(request, pk: int):
    """Correct a person's contact and eligibility details (audited with before/after values)."""
    from django.contrib import messages
    from django.core.exceptions import ValidationError
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from .forms import PersonForm, apply_errors

    person = scope_people(request.user, Person.objects.all()).filter(pk=pk).first()
    if person is None:
        raise Http404
    form = PersonForm(request.POST or None, instance=Person.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        groups = data.pop("target_groups")
        try:
            services.update_person(request.user, person, target_groups=groups, context="staff person edit", **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已更新「%(name)s」的資料。") % {"name": data["name"]})
            return redirect("staff:person", pk=pk)
    return render(request, "staff/person_form.html", {"form": form, "person": person})
