"""The job seeker app (台南工作好找) at /jobs/: search, job detail, applying, the seeker's own
records (applications, saved jobs and searches, advice, recommendations) and the installable
app's manifest and service worker.

Views parse input with a form and call one service; every seeker page shows only the signed-in
seeker's own records (someone else's record is a 404, never a hint that it exists).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries, services
from ..choices import OPEN_APPLICATION_STATUSES, AdviceStatus, VacancyStatus
from ..forms_portal import AdviceForm, ApplyForm, SaveSearchForm, SeekerProfileForm, apply_errors
from ..models import AdviceRequest, Application, SavedJob, SavedSearch, Vacancy
from .accounts import _safe_next, seeker_required

PAGE_SIZE = 20
LIST_PAGE_SIZE = 20
SAVED_PAGE_SIZE = 50
SNIPPET_CHARS = 120
THEME_COLOR = "#0b5d3b"
# Vacancies that were public once stay readable (closed or expired, marked so); the others 404.
PUBLIC_STATUSES = (VacancyStatus.PUBLISHED, VacancyStatus.CLOSED, VacancyStatus.EXPIRED)


# --- helpers ----------------------------------------------------------------------------------
@dataclass
class PageLinks:
    """Pagination of a search result, with each link keeping every search parameter."""

    number: int
    pages: int
    previous_url: str | None
    next_url: str | None


def _page_links(request, number: int, pages: int, has_previous: bool, has_next: bool) -> PageLinks:
    def url(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return "?" + params.urlencode()

    return PageLinks(
        number=number,
        pages=pages,
        previous_url=url(number - 1) if has_previous else None,
        next_url=url(number + 1) if has_next else None,
    )


def _public_vacancy(pk: int) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.select_related("employer", "district", "industry").filter(
            status__in=PUBLIC_STATUSES
        ),
        pk=pk,
    )


def _search_params(data: QueryDict) -> dict:
    """The search form's raw values (lists for the multiple choices), without the page."""
    form = queries.VacancySearchForm()
    params: dict = {}
    for name, field in form.fields.items():
        if name == "page":
            continue
        if isinstance(field, forms.MultipleChoiceField):
            values = [v for v in data.getlist(name) if v]
            if values:
                params[name] = values
        else:
            value = (data.get(name) or "").strip()
            if value:
                params[name] = value
    return params


def _choice_labels(form) -> dict[str, dict[str, str]]:
    """For each choice field of the search form, its values' labels (read once per page)."""
    labels = {}
    for name, field in form.fields.items():
        if hasattr(field, "choices"):
            labels[name] = {str(k): str(v) for k, v in field.choices if k not in ("", None)}
    return labels


def describe_search(params: dict, labels: dict[str, dict[str, str]] | None = None) -> list[str]:
    """A saved search's conditions in words: 「關鍵字：門市」, 「友善職場：青年友善、身障友善」."""
    form = queries.VacancySearchForm()
    labels = labels if labels is not None else _choice_labels(form)
    lines = []
    for name, field in form.fields.items():
        if name in ("page", "sort"):
            continue
        value = params.get(name)
        if value in (None, "", []):
            continue
        values = value if isinstance(value, list | tuple) else [value]
        choices = labels.get(name, {})
        shown = [choices.get(str(v), str(v)) for v in values]
        lines.append(_("%(label)s：%(value)s") % {"label": field.label, "value": "、".join(shown)})
    return lines


def _card(vacancy: Vacancy, q: str) -> dict:
    snippet = Truncator(" ".join(vacancy.description.split())).chars(SNIPPET_CHARS)
    return {
        "vacancy": vacancy,
        "title": queries.highlight(vacancy.title, q),
        "employer": queries.highlight(vacancy.employer.name, q),
        "snippet": queries.highlight(snippet, q),
        "salary": services.salary_text(vacancy),
    }


# --- search -----------------------------------------------------------------------------------
def search(request):
    """The public job search: GET form, result count in a live region, highlighted matches."""
    form = queries.VacancySearchForm(request.GET)
    context: dict = {"form": form, "result": None, "cards": []}
    status = 200
    if form.is_valid():
        result = queries.search_vacancies(form.cleaned_data, page_size=PAGE_SIZE)
        q = form.cleaned_data.get("q") or ""
        params = _search_params(request.GET)
        count = number_format(result.count, force_grouping=True)
        context.update(
            result=result,
            count_text=(
                _("超過 %(n)s 筆職缺")
                if result.count_capped
                else ngettext("共 %(n)s 筆職缺", "共 %(n)s 筆職缺", result.count)
            )
            % {"n": count},
            cards=[_card(v, q) for v in result.items],
            pagination=_page_links(
                request, result.page, result.pages, result.has_previous, result.has_next
            ),
            query=urlencode(params, doseq=True),
            has_conditions=bool(params.keys() - {"sort"}),
            advanced_open=bool(params.keys() - {"q", "sort"}),
        )
        seeker = services.seeker_profile(request.user)
        if seeker is not None:
            context["save_form"] = SaveSearchForm(
                initial={"name": q[:100], "query": context["query"]}
            )
    else:
        status = 400
        context["advanced_open"] = True
        # The page number is not a visible field: its error goes to the summary on top.
        page_errors = form.errors.pop("page", None)
        if page_errors:
            form.add_error(None, page_errors)
    return render(request, "jobs/portal/search.html", context, status=status)


@seeker_required
@require_POST
def save_search(request, seeker):
    """Keep the search of the results page; new matches come in the e-mail digest."""
    form = SaveSearchForm(request.POST)
    params = _search_params(QueryDict(request.POST.get("query", "")))
    if form.is_valid():
        search_form = queries.VacancySearchForm(data=params)
        if not search_form.is_valid():
            form.add_error(None, _("搜尋條件有誤，請回到搜尋頁修正後再儲存。"))
        else:
            try:
                services.save_search(seeker, form.cleaned_data["name"], params)
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("已儲存搜尋「%(name)s」，有符合的新職缺時會以電子郵件通知您。")
                    % {"name": form.cleaned_data["name"]},
                )
                return redirect("jobs:saved_searches")
    return render(
        request, "jobs/portal/save_search.html",
        {"form": form, "conditions": describe_search(params), "query": urlencode(params, doseq=True)},
        status=400,
    )  # fmt: skip


# --- a vacancy --------------------------------------------------------------------------------
def detail(request, pk: int):
    vacancy = _public_vacancy(pk)
    seeker = services.seeker_profile(request.user)
    application = is_saved = None
    if seeker is not None:
        application = Application.objects.filter(seeker=seeker, vacancy=vacancy).first()
        is_saved = SavedJob.objects.filter(seeker=seeker, vacancy=vacancy).exists()
    # Anonymous visitors see the buttons too (they lead to sign-in); employers and staff do not.
    can_act = seeker is not None or not request.user.is_authenticated
    return render(
        request,
        "jobs/portal/detail.html",
        {"vacancy": vacancy, "salary": services.salary_text(vacancy), "seeker": seeker,
         "application": application, "is_saved": is_saved,
         "show_apply": can_act and vacancy.is_open and application is None,
         "show_save": can_act and not is_saved and vacancy.status == VacancyStatus.PUBLISHED},
    )  # fmt: skip


def _toggle_saved(request, pk: int, save: bool):
    if not request.user.is_authenticated or request.method != "POST":
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(reverse("jobs:detail", args=[pk]), reverse("jobs:login"))
        return redirect("jobs:detail", pk=pk)
    seeker = services.seeker_profile(request.user)
    if seeker is None:
        raise PermissionDenied(_("此功能僅供求職者帳號使用，請以求職者帳號登入。"))
    vacancy = _public_vacancy(pk)
    try:
        if save:
            services.save_job(seeker, vacancy)
            messages.success(
                request,
                _("已收藏「%(title)s」，離線時也能在「收藏」中查看。") % {"title": vacancy.title},
            )
        else:
            services.unsave_job(seeker, vacancy)
            messages.success(request, _("已取消收藏「%(title)s」。") % {"title": vacancy.title})
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    return redirect(
        _safe_next(request, request.POST.get("next")) or reverse("jobs:detail", args=[pk])
    )


def save_job(request, pk: int):
    return _toggle_saved(request, pk, True)


def unsave_job(request, pk: int):
    return _toggle_saved(request, pk, False)


@seeker_required
def apply(request, seeker, pk: int):
    """Apply with an optional message; the service refuses closed vacancies and second tries."""
    vacancy = _public_vacancy(pk)
    existing = Application.objects.filter(seeker=seeker, vacancy=vacancy).first()
    form = ApplyForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                application = services.apply(seeker, vacancy, message=form.cleaned_data["message"])
            except ValidationError as e:
                apply_errors(form, e)
            else:
                return redirect("jobs:applied", pk=application.pk)
        status = 400
    return render(
        request,
        "jobs/portal/apply.html",
        {
            "vacancy": vacancy,
            "form": form,
            "existing": existing,
            "salary": services.salary_text(vacancy),
        },
        status=status,
    )


def _own_application(seeker, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("vacancy", "vacancy__employer", "vacancy__district"),
        pk=pk, seeker=seeker,
    )  # fmt: skip


@seeker_required
def applied(request, seeker, pk: int):
    application = _own_application(seeker, pk)
    return render(
        request,
        "jobs/portal/applied.html",
        {"application": application, "vacancy": application.vacancy},
    )


# --- the seeker's own records -----------------------------------------------------------------
@seeker_required
def applications(request, seeker):
    rows = (
        Application.objects.filter(seeker=seeker)
        .select_related("vacancy", "vacancy__employer")
        .order_by("-created_at", "-id")
    )
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "jobs/portal/applications.html",
        {"page_obj": page, "open_statuses": [str(s) for s in OPEN_APPLICATION_STATUSES]},
    )  # fmt: skip


@seeker_required
def application_detail(request, seeker, pk: int):
    application = _own_application(seeker, pk)
    events = application.events.only("at", "from_status", "to_status").order_by("at", "id")
    return render(
        request, "jobs/portal/application_detail.html",
        {"application": application, "vacancy": application.vacancy, "events": events,
         "is_open": application.status in OPEN_APPLICATION_STATUSES},
    )  # fmt: skip


@seeker_required
@require_POST
def cancel_application(request, seeker, pk: int):
    application = _own_application(seeker, pk)
    try:
        services.cancel_application(seeker, application)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(
            request, _("已取消應徵「%(title)s」。") % {"title": application.vacancy.title}
        )
    return redirect(_safe_next(request, request.POST.get("next")) or reverse("jobs:applications"))


@seeker_required
def saved(request, seeker):
    """Saved jobs; the app keeps this page and the saved jobs' pages for reading offline."""
    rows = SavedJob.objects.filter(seeker=seeker).select_related(
        "vacancy", "vacancy__employer", "vacancy__district"
    )
    page = Paginator(rows.order_by("-saved_at", "-id"), SAVED_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    items = [
        {"saved": s, "vacancy": s.vacancy, "salary": services.salary_text(s.vacancy)} for s in page
    ]
    return render(request, "jobs/portal/saved.html", {"page_obj": page, "items": items})


@seeker_required
def saved_searches(request, seeker):
    rows = list(SavedSearch.objects.filter(seeker=seeker).order_by("name", "id"))
    labels = _choice_labels(queries.VacancySearchForm()) if rows else {}
    items = [
        {"saved": s, "conditions": describe_search(s.params, labels),
         "url": reverse("jobs:search") + "?" + urlencode(s.params, doseq=True)}
        for s in rows
    ]  # fmt: skip
    return render(request, "jobs/portal/saved_searches.html", {"items": items, "seeker": seeker})


@seeker_required
@require_POST
def delete_saved_search(request, seeker, pk: int):
    saved_search = get_object_or_404(SavedSearch, pk=pk, seeker=seeker)
    services.delete_saved_search(seeker, saved_search)
    messages.success(request, _("已刪除儲存的搜尋「%(name)s」。") % {"name": saved_search.name})
    return redirect("jobs:saved_searches")


@seeker_required
def advice(request, seeker):
    """The seeker's questions with their answers, and the form to ask a new one."""
    form = AdviceForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                asked = services.ask_advice(
                    seeker, topic=form.cleaned_data["topic"], question=form.cleaned_data["question"]
                )
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(
                    request,
                    _("已送出您的問題，就業服務人員會在 %(date)s 前回覆。")
                    % {"date": asked.due_on.isoformat()},
                )
                return redirect("jobs:advice")
        status = 400
    rows = AdviceRequest.objects.filter(seeker=seeker).order_by("-asked_at", "-id")
    page = Paginator(rows, LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "jobs/portal/advice.html", {"form": form, "page_obj": page}, status=status
    )


def _own_advice(seeker, pk: int) -> AdviceRequest:
    return get_object_or_404(AdviceRequest, pk=pk, seeker=seeker)


@seeker_required
def advice_detail(request, seeker, pk: int):
    item = _own_advice(seeker, pk)
    return render(
        request,
        "jobs/portal/advice_detail.html",
        {"item": item, "is_open": item.status == AdviceStatus.OPEN},
    )


@seeker_required
@require_POST
def withdraw_advice(request, seeker, pk: int):
    item = _own_advice(seeker, pk)
    try:
        services.withdraw_advice(seeker, item)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("已撤回您的問題。"))
    return redirect("jobs:advice")


@seeker_required
def recommendations(request, seeker):
    from ..recommend import recommend

    items = recommend(seeker, limit=20)
    profile_filled = bool(
        seeker.desired_occupations or seeker.desired_types or seeker.desired_salary
        or seeker.desired_districts.exists()
    )  # fmt: skip
    cards = [
        {"rec": r, "vacancy": r.vacancy, "salary": services.salary_text(r.vacancy)} for r in items
    ]
    return render(
        request,
        "jobs/portal/recommendations.html",
        {"cards": cards, "profile_filled": profile_filled},
    )


@seeker_required
def profile(request, seeker):
    form = SeekerProfileForm(request.POST or None, initial=SeekerProfileForm.initial_for(seeker))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_seeker_profile(seeker, form.profile_data())
            except ValidationError as e:
                apply_errors(form, e)
            else:
                messages.success(request, _("已儲存您的個人資料。"))
                return redirect("jobs:profile")
        status = 400
    return render(
        request, "jobs/portal/profile.html", {"form": form, "seeker": seeker}, status=status
    )


# --- the installable app ----------------------------------------------------------------------
def manifest(request):
    """The web app manifest: installable from any /jobs/ page, opening on the search."""
    start = reverse("jobs:search")
    data = {
        "name": _("台南工作好找"),
        "short_name": _("工作好找"),
        "description": _("臺南市政府勞工局的求職 App：找工作、收藏職缺、線上應徵與求職諮詢。"),
        "lang": "en" if (get_language() or "").startswith("en") else "zh-Hant-TW",
        "dir": "ltr",
        "start_url": start,
        "scope": start,
        "id": start,
        "display": "standalone",
        "orientation": "any",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "categories": ["business", "productivity"],
        "icons": [
            {"src": static("jobs/icons/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("jobs/icons/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {"src": static("jobs/icons/maskable-512.png"), "sizes": "512x512", "type": "image/png",
             "purpose": "maskable"},
        ],
        "shortcuts": [
            {"name": _("收藏的職缺"), "url": reverse("jobs:saved")},
            {"name": _("我的應徵"), "url": reverse("jobs:applications")},
        ],
    }  # fmt: skip
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Type"] = "application/manifest+json"
    return response


def service_worker(request):
    """Keeps the saved-jobs page and the saved jobs' pages for reading offline (network first)."""
    body = render_to_string("jobs/portal/sw.js", {}, request=request)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = reverse("jobs:search")
    response["Cache-Control"] = "no-cache"
    return response


def offline(request):
    """Shown by the app when a page is requested without a connection and no copy is kept."""
    return render(request, "jobs/portal/offline.html")
