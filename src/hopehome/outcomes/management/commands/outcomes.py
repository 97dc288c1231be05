"""``hopehome outcomes --year 2019 [--format json|table]``: every indicator of a year.

JSON (the default) maps each indicator key to its value, numerator and denominator, with a
per-unit breakdown under ``by_unit``; ``table`` prints the same figures for people.
"""

from __future__ import annotations

import json
import unicodedata

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hopehome.outcomes import registry


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(width - _width(text), 0)
    return gap + text if right else text + gap


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.1f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


class Command(BaseCommand):
    help = "Print every registered outcome indicator of a year, computed from the records."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            default=None,
            help=f"Calendar year ({registry.YEAR_MIN}–{registry.YEAR_MAX}); default: last complete year.",
        )
        parser.add_argument("--format", choices=("json", "table"), default="json", dest="fmt")

    def handle(self, *args, year=None, fmt="json", **options):
        year = self._year(year)
        rows = {ind.key: registry.as_json(ind, result) for ind, result in registry.report(year)}
        if fmt == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self._table(year, rows))

    def _year(self, raw) -> int:
        if raw is None:
            return registry.default_year()
        text = str(raw).strip()
        if not text.isdigit():
            raise CommandError(
                _(
                    "年度「%(value)s」不是西元年，請輸入 %(min)d 到 %(max)d 之間的年份，例如 --year 2019。"
                )
                % {"value": text, "min": registry.YEAR_MIN, "max": registry.YEAR_MAX}
            )
        year = int(text)
        if not registry.is_valid_year(year):
            raise CommandError(
                _("年度 %(value)d 超出範圍，請輸入 %(min)d 到 %(max)d 之間的年份。")
                % {"value": year, "min": registry.YEAR_MIN, "max": registry.YEAR_MAX}
            )
        return year

    def _table(self, year: int, rows: dict) -> str:
        header = [_("指標"), _("數值"), _("分子"), _("分母"), _("單位")]
        body: list[list[str]] = []
        for key, row in rows.items():
            body.append([f"{row['title_zh']} ({key})", _cell(row["value"]), _cell(row["numerator"]),
                         _cell(row["denominator"]), row["unit"]])  # fmt: skip
            for unit, figure in row.get("by_unit", {}).items():
                body.append([f"  · {unit}", _cell(figure["value"]), _cell(figure["numerator"]),
                             _cell(figure["denominator"]), figure.get("note", "")])  # fmt: skip
        widths = [max(_width(r[i]) for r in [header, *body]) for i in range(len(header))]
        lines = [_("%(year)d 年施政成果指標") % {"year": year}]
        for r in [header, *body]:
            lines.append(
                "  ".join(
                    _pad(c, widths[i], right=i in (1, 2, 3)) for i, c in enumerate(r)
                ).rstrip()
            )
            if r is header:
                lines.append("  ".join("-" * w for w in widths))
        return "\n".join(lines)
