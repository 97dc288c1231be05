"""The public outcomes page: every registered indicator of a year, grouped by pillar and program."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.portal.programs import PROGRAMS

from . import registry
from .registry import PILLARS, Indicator, Result

# Per unit: the word after the figure and the word after "numerator / denominator".
UNIT_WORDS = {
    "%": ("%", _("人")),
    "people": (_("人"), _("人")),
    "medals": (_("面"), _("次評核")),
    "years": (_("年"), ""),
    # program 8
    "cases": (_("件"), _("件")),
    "services": (_("項次"), _("項次")),
    "NT$": (_("元"), _("筆")),
    "homes": (_("戶"), _("戶")),
    "attendances": (_("人次"), _("個施工日")),
    # program 5
    "inspections": (_("場次"), _("場次")),
    "decisions": (_("件"), _("件")),
    "entries": (_("筆"), _("筆")),
    "units": (_("家"), _("家")),
    "partnerships": (_("項"), _("項")),
    "awards": (_("項"), _("項")),
}


class YearForm(forms.Form):
    """The year selector (GET)."""

    year = forms.IntegerField(
        label=_("年度"),
        min_value=registry.YEAR_MIN,
        max_value=registry.YEAR_MAX,
        error_messages={
            "required": _("請選擇年度。"),
            "invalid": _("年度必須是西元年，例如 2019。"),
            "min_value": _("年度不可早於 %(limit_value)s 年。"),
            "max_value": _("年度不可晚於 %(limit_value)s 年。"),
        },
    )

    def __init__(self, *args, selected: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        latest = timezone.localdate().year
        years = list(range(latest, registry.YEAR_MIN - 1, -1))
        if selected is not None and selected not in years:
            years = sorted({*years, selected}, reverse=True)
        self.fields["year"].widget = forms.Select(
            choices=[
                (y, _("%(year)d 年（民國 %(roc)d 年）") % {"year": y, "roc": y - 1911})
                for y in years
            ]
        )
        if selected is not None and not self.is_bound:
            self.initial["year"] = selected


def _number(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return str(value)
    return intcomma(value)


def format_value(unit: str, value) -> str:
    """The headline figure with its unit: ``85.3%``, ``1,234 人``, ``12 面``."""
    if value is None:
        return str(_("尚無資料"))
    suffix = UNIT_WORDS.get(unit, (unit, ""))[0]
    if unit == "%":
        return f"{_number(value)}%"
    return f"{_number(value)} {suffix}".strip()


def format_fraction(unit: str, result: Result) -> str:
    """Numerator and denominator in words: ``1,234 / 1,500 人``; empty without a denominator."""
    if result.numerator is None or result.denominator is None:
        return ""
    words = UNIT_WORDS.get(unit, ("", ""))[1]
    return f"{_number(result.numerator)} / {_number(result.denominator)} {words}".strip()


@dataclass
class Figure:
    indicator: Indicator
    result: Result
    value: str
    fraction: str
    units: list[dict] = field(default_factory=list)


def _figure(ind: Indicator, result: Result) -> Figure:
    units = [
        {
            "name": name,
            "value": format_value(ind.unit, unit.value),
            "fraction": format_fraction(ind.unit, unit),
            "note": unit.note,
        }
        for name, unit in result.breakdown.items()
    ]
    return Figure(
        ind, result, format_value(ind.unit, result.value), format_fraction(ind.unit, result), units
    )


def _grouped(report: list[tuple[Indicator, Result]]) -> list[dict]:
    """Pillars in the report's order, each with its programs, each with its figures."""
    programs = {p.number: p for p in PROGRAMS}
    pillars: dict[str, dict] = {key: {"key": key, "programs": {}} for key in PILLARS}
    for ind, result in report:
        pillar = pillars[ind.pillar]
        pillar["title"] = ind.pillar_title
        program = pillar["programs"].setdefault(
            ind.program,
            {"number": ind.program, "title": programs[ind.program].title, "figures": []},
        )
        program["figures"].append(_figure(ind, result))
    return [
        {**p, "programs": sorted(p["programs"].values(), key=lambda g: g["number"])}
        for p in pillars.values()
        if p["programs"]
    ]


def _has_data(report: list[tuple[Indicator, Result]]) -> bool:
    return any(result.value or result.denominator for _ind, result in report)


def index(request):
    """The year chosen in the selector, or the latest complete year."""
    if "year" not in request.GET:
        return redirect("outcomes:year", year=registry.default_year())
    form = YearForm(request.GET)
    if form.is_valid():
        return redirect("outcomes:year", year=form.cleaned_data["year"])
    return render(request, "outcomes/index.html", {"form": form}, status=400)


def year(request, year: int):
    """Every indicator of one year, computed from the records."""
    if not registry.is_valid_year(year):
        raise Http404
    report = registry.report(year)
    context = {
        "year": year,
        "roc_year": year - 1911,
        "pillars": _grouped(report),
        "has_data": _has_data(report),
        "form": YearForm(selected=year),
    }
    return render(request, "outcomes/year.html", context)
