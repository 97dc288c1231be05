"""The public violations register: search, unit pages, statistics, downloads, data dictionary.

Only published penalties are shown (勞基法 §80-1 fields); a withdrawn decision appears only as a
withdrawal note on its unit's page. Reads go through :mod:`hopehome.inspection.queries`.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import date

from django import forms
from django.forms.utils import flatatt
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from hopehome.core.models import Organization
from hopehome.core.search import query_tokens
from hopehome.core.text import VARIANTS

from .. import queries
from ..choices import UNDER_APPEAL, AppealStatus, Law, Source
from ..models import Penalty
from .facts import penalty_facts

PAGE_SIZE = 20
CHART_ROWS = 20
ATTRIBUTION_HEADER = (
    "Tainan City Government Labor Affairs Bureau; includes Ministry of Labor (Taiwan) open data. "
    "Open Government Data License, version 1.0 (https://data.gov.tw/license)."
)
# fmt: (writer function in hopehome.inspection.exports, content type, file extension)
DOWNLOADS = {
    "mol": ("mol_csv_rows", "text/csv; charset=utf-8", "csv"),
    "csv": ("full_csv_rows", "text/csv; charset=utf-8", "csv"),
    "json": ("json_chunks", "application/json; charset=utf-8", "json"),
}


# --- the search form ---------------------------------------------------------------------------
class ListSelect(forms.Select):
    """A select written out directly, with the markup of Django's template widget.

    The register's form has some 120 options; rendering each through the option template
    would cost more than the search itself.
    """

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        selected = {str(v) for v in self.format_value(value)}
        parts = [f'<select name="{quote(name)}"{flatatt(final_attrs)}>']
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            mark = " selected" if option_value in selected else ""
            parts.append(f'  <option value="{quote(option_value)}"{mark}>{quote(label)}</option>')
        parts.append("</select>")
        return mark_safe("\n".join(parts))  # noqa: S308 — every value and label is escaped


def quote(value) -> str:
    """``value`` as HTML text or an attribute value (what Django's ``escape`` writes)."""
    return html.escape(str(value), quote=True)


_YEAR_CHOICES: dict[tuple[str, int], list] = {}


def year_choices(latest: int) -> list[tuple]:
    """The year filter's options in the active language, from ``latest`` back to FIRST_YEAR."""
    key = (get_language() or "", latest)
    if key not in _YEAR_CHOICES:
        _YEAR_CHOICES[key] = [("", gettext("全部年度"))] + [
            (y, gettext("%(year)d 年（民國 %(roc)d 年）") % {"year": y, "roc": y - 1911})
            for y in range(latest, queries.FIRST_YEAR - 1, -1)
        ]
    return _YEAR_CHOICES[key]


class RegisterFilterForm(forms.Form):
    """Search and filters of the register (GET, all optional)."""

    q = forms.CharField(
        label=_("事業單位、負責人或統一編號"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("可輸入兩個字以上的名稱，例如「台南」或「王小明」，或 8 位數統一編號。"),
    )  # fmt: skip
    law = forms.ChoiceField(
        label=_("違反法規"), required=False, choices=[("", _("全部法規")), *Law.choices],
        error_messages={"invalid_choice": _("請從清單中選擇法規。")},
    )  # fmt: skip
    article = forms.CharField(
        label=_("條文"), required=False, max_length=40,
        help_text=_("例如：第24條、第32條第2項，也可只輸入數字 24。"),
    )  # fmt: skip
    year = forms.TypedChoiceField(
        label=_("處分年度"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("請從清單中選擇年度。")},
    )  # fmt: skip
    industry = forms.ChoiceField(
        label=_("行業"), required=False,
        error_messages={"invalid_choice": _("請從清單中選擇行業。")},
    )  # fmt: skip
    district = forms.ChoiceField(
        label=_("行政區"), required=False,
        error_messages={"invalid_choice": _("請從清單中選擇行政區。")},
    )  # fmt: skip
    under_appeal = forms.ChoiceField(
        label=_("救濟狀態"), required=False,
        choices=[("", _("全部")), ("yes", _("訴願或行政訴訟中（處分尚未確定）")), ("no", _("未在救濟程序中"))],
        error_messages={"invalid_choice": _("請從清單中選擇救濟狀態。")},
    )  # fmt: skip
    source = forms.ChoiceField(
        label=_("資料來源"), required=False, choices=[("", _("全部來源")), *Source.choices],
        error_messages={"invalid_choice": _("請從清單中選擇資料來源。")},
    )  # fmt: skip
    sort = forms.ChoiceField(
        label=_("排序"), required=False,
        choices=[("newest", _("處分日期（新到舊）")), ("amount", _("罰鍰金額（高到低）"))],
        error_messages={"invalid_choice": _("請從清單中選擇排序方式。")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = ListSelect(attrs=field.widget.attrs, choices=field.widget.choices)
        self.fields["year"].choices = year_choices(queries.latest_allowed_year())
        self.fields["industry"].choices = [("", _("全部行業"))] + [
            (i.code, f"{i.code} {i.name}") for i in queries.industry_sections()
        ]
        self.fields["district"].choices = [("", _("全部行政區"))] + [
            (d.postcode, d.name) for d in queries.active_districts()
        ]

    def clean_q(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data.get("q") or "").strip()

    def clean_article(self) -> str:
        raw = self.cleaned_data.get("article") or ""
        if not raw.strip():
            return ""
        article = queries.normalize_article(raw)
        if not article:
            raise forms.ValidationError(
                _("條文格式不正確，請輸入例如「第24條」或「第32條第2項」。")
            )
        return article

    def query(self) -> queries.RegisterQuery:
        """The query to run; an unbound form is the whole register."""
        if not self.is_bound:
            return queries.RegisterQuery()
        data = self.cleaned_data
        appeal = data.get("under_appeal")
        return queries.RegisterQuery(
            q=data.get("q") or "",
            law=data.get("law") or "",
            article=data.get("article") or "",
            year=data.get("year"),
            industry=data.get("industry") or "",
            district=data.get("district") or "",
            under_appeal=None if not appeal else appeal == "yes",
            source=data.get("source") or "",
            sort=data.get("sort") or "newest",
        )


def _bind(request) -> RegisterFilterForm:
    params = request.GET.copy()
    params.pop("page", None)
    return RegisterFilterForm(params if any(v for v in params.values()) else None)


# --- highlighting ------------------------------------------------------------------------------
def highlight(text: str, q: str) -> SafeString:
    """``text`` escaped, with the parts matching the query wrapped in <mark>.

    Matching follows the search: NFKC, 臺/台 and the other variant pairs folded, case ignored;
    each query token (a CJK bigram, a single character, a word or a number) is marked wherever
    it occurs.
    """
    text = text or ""
    terms = query_tokens(q)
    if not text or not terms:
        return escape(text)
    folded: list[str] = []
    owner: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(VARIANTS).lower():
            folded.append(c)
            owner.append(i)
    haystack = "".join(folded)
    marked = [False] * len(text)
    for term in terms:
        start = haystack.find(term)
        while start != -1:
            for j in range(start, start + len(term)):
                marked[owner[j]] = True
            start = haystack.find(term, start + 1)
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and marked[j] == marked[i]:
            j += 1
        chunk = escape(text[i:j])
        out.append(f"<mark>{chunk}</mark>" if marked[i] else chunk)
        i = j
    return mark_safe("".join(out))  # noqa: S308 — every chunk is escaped above


def _decorate(penalties, q: str = "") -> None:
    """Attach what the result template shows: highlighted names, links, appeal wording."""
    for p in penalties:
        p.unit_html = highlight(p.unit_name, q)
        p.person_html = highlight(p.responsible_person, q)
        p.is_under_appeal = p.appeal_status in UNDER_APPEAL
        p.amount_changed = (
            p.initial_amount is not None
            and p.current_amount is not None
            and p.initial_amount != p.current_amount
        )
        p.unit_url = unit_url(p)
        p.item_list = list(p.items.all())
        p.facts_html = penalty_facts(p)


def unit_url(penalty: Penalty) -> str:
    if penalty.organization_id:
        return reverse("register:unit", kwargs={"org_id": penalty.organization_id})
    name = penalty.unit_name or penalty.responsible_person
    if not name:
        return ""
    from django.utils.http import urlencode

    return reverse("register:name") + "?" + urlencode({"n": name})


# --- pages ---------------------------------------------------------------------------------
def search(request):
    """Search the published penalties, 20 to a page, with the total in a live region.

    The total is exact up to 10,000 matches; above that the page says "more than 10,000"
    (counting every match of a frequent name would cost seconds) and the pages go on.
    """
    form = _bind(request)
    page = None
    if not form.is_bound or form.is_valid():
        query = form.query()
        page = queries.register_page(
            query, queries.page_number(request.GET.get("page")), PAGE_SIZE
        )
        _decorate(page.rows, query.q)
    return render(
        request,
        "inspection/register/search.html",
        {"form": form, "page_obj": page, "query_string": _filter_query_string(request)},
        status=200 if page is not None else 400,
    )


def _filter_query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _unit_page(request, record: queries.UnitRecord):
    _decorate(record.penalties)
    return render(
        request,
        "inspection/register/unit.html",
        {"record": record, "revoked": AppealStatus.REVOKED},
    )


def unit(request, org_id: int):
    """A unit's published penalties with their history, counselling visits and withdrawal notes."""
    try:
        record = queries.unit_record(org_id)
    except Organization.DoesNotExist:
        raise Http404 from None
    return _unit_page(request, record)


def by_name(request):
    """The same page for a unit known only by name (imported records)."""
    try:
        record = queries.named_unit_record(request.GET.get("n", "")[:300])
    except Penalty.DoesNotExist:
        raise Http404 from None
    return _unit_page(request, record)


class StatisticsYearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [
            (y, _("%(year)d 年（民國 %(roc)d 年）") % {"year": y, "roc": y - 1911})
            for y in range(queries.latest_allowed_year(), queries.FIRST_YEAR - 1, -1)
        ]


def statistics_latest(request):
    """The latest year with data, or the year chosen in the selector."""
    if "year" in request.GET:
        form = StatisticsYearForm(request.GET)
        if form.is_valid():
            return redirect("register:statistics", year=form.cleaned_data["year"])
    return redirect("register:statistics", year=queries.latest_statistics_year())


def _chart(rows: list[tuple[str, int]], *, limit: int = CHART_ROWS) -> dict:
    """Bars for the inline SVG chart; widths are a percentage of the largest value."""
    shown = rows[:limit]
    top = max((v or 0 for _label, v in shown), default=0)
    bars = []
    for i, (label, value) in enumerate(shown):
        width = 55 * (value or 0) / top if top else 0
        y = 6 + i * 26
        bars.append({
            "label": str(label), "value": value or 0, "y": y, "text_y": y + 14,
            "width": f"{width:.2f}%", "value_x": f"{33 + width:.2f}%",
        })  # fmt: skip
    return {"bars": bars, "height": 16 + 26 * len(bars), "truncated": len(rows) > limit}


def statistics(request, year: int):
    """A year's inspections, violations, penalty totals and counselled units: charts and tables."""
    if not queries.FIRST_YEAR <= year <= queries.latest_allowed_year():
        raise Http404
    stats = queries.cached_year_statistics(year)
    month_labels = [_("%(month)d 月") % {"month": m} for m in range(1, 13)]
    charts = {
        "inspections_by_month": _chart(
            list(zip(month_labels, stats["inspections_by_month"], strict=True))
        ),
        "inspections_by_type": _chart([(label, n) for label, n in stats["inspections_by_type"]]),
        "inspections_by_industry": _chart(
            [(code or _("未分類"), n) for code, _name, n in stats["inspections_by_industry"]]
        ),
        "violations_by_law": _chart([(label, n) for _v, label, n in stats["violations_by_law"]]),
        "violations_by_article": _chart(
            [(f"{label}{article}", n) for _v, label, article, n in stats["violations_by_article"]]
        ),
        "penalties_by_month": _chart(
            [(month_labels[row["month"] - 1], row["count"]) for row in stats["penalties_by_month"]]
        ),
    }
    for row in stats["penalties_by_month"]:
        row["label"] = month_labels[row["month"] - 1]
    return render(
        request,
        "inspection/register/statistics.html",
        {
            "year": year,
            "roc_year": year - 1911,
            "stats": stats,
            "charts": charts,
            "month_rows": list(zip(month_labels, stats["inspections_by_month"], strict=True)),
            "year_form": StatisticsYearForm(initial={"year": year}),
            "chart_rows": CHART_ROWS,
        },
    )


def download(request, fmt: str):
    """The filtered register as a streamed file: MOL 9-column CSV, full CSV or JSON."""
    if fmt not in DOWNLOADS:
        raise Http404
    form = _bind(request)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "inspection/register/search.html",
            {"form": form, "page_obj": None, "query_string": _filter_query_string(request)},
            status=400,
        )
    from .. import exports

    writer_name, content_type, extension = DOWNLOADS[fmt]
    rows = getattr(exports, writer_name)(queries.export_penalties(form.query()))
    response = StreamingHttpResponse(rows, content_type=content_type)
    filename = f"tainan-violations-{fmt}-{date.today():%Y%m%d}.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Data-Attribution"] = ATTRIBUTION_HEADER
    response["Link"] = f'<{reverse("register:dictionary")}>; rel="describedby"'
    return response


def dictionary(request):
    """The published data dictionary of the downloads, with licence and attribution."""
    from .. import exports

    return render(
        request,
        "inspection/register/dictionary.html",
        {"dictionary": exports.DATA_DICTIONARY},
    )
