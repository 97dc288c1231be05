"""``hopehome export <kind> [--year Y] FILE``: write published violations to a file or stdout.

Kinds:

* ``mol-violations`` — the Ministry of Labor's 9-column open-data CSV;
* ``penalties`` — every public field, as CSV (``--format csv``, the default), a JSON array
  (``--format json``) or JSON Lines (``--format jsonl``).

``--year`` keeps the decisions of one year (by 處分日期). FILE ``-`` writes to standard output.
The rows are streamed: memory use does not grow with the number of penalties.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from hopehome.inspection import exports
from hopehome.inspection.models import Penalty

FIRST_YEAR = 2000
# (kind, format) → (writer, chunks that are not records: a header line, array brackets)
WRITERS = {
    ("mol-violations", "csv"): (exports.mol_csv_rows, 1),
    ("penalties", "csv"): (exports.full_csv_rows, 1),
    ("penalties", "json"): (exports.json_chunks, 2),
    ("penalties", "jsonl"): (exports.json_lines, 0),
}
ATTRIBUTION = "資料來源：臺南市政府勞工局；含勞動部開放資料（政府資料開放授權條款第1版）。"


def parse_year(value: str | None) -> int | None:
    """A Gregorian year between 2000 and next year, or CommandError."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    latest = timezone.localdate().year + 1
    if not re.fullmatch(r"\d{4}", text) or not FIRST_YEAR <= int(text) <= latest:
        raise CommandError(
            _("年度「%(value)s」不正確：請輸入 %(first)d 至 %(last)d 之間的西元年，例如 2024。")
            % {"value": text, "first": FIRST_YEAR, "last": latest}
        )
    return int(text)


class Command(BaseCommand):
    """Stream published penalties in an open-data format."""

    help = "Export published violations: `hopehome export mol-violations [--year Y] FILE` (FILE - = stdout)."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(dest="kind", required=True, metavar="KIND", title="kinds",
                                      description="One of: mol-violations, penalties")  # fmt: skip
        mol = kinds.add_parser("mol-violations", help="Ministry of Labor 9-column open-data CSV")
        full = kinds.add_parser("penalties", help="every public field, CSV or JSON")
        full.add_argument("--format", choices=("csv", "json", "jsonl"), default="csv",
                          help="csv (default), json (one array) or jsonl (one object per line)")  # fmt: skip
        for sub in (mol, full):
            sub.add_argument(
                "--year", default=None, help="only decisions of this year (處分日期), e.g. 2024"
            )
            sub.add_argument("file", help="output file, or - for standard output")

    def handle(self, *args, **options):
        kind = options["kind"]
        spec = WRITERS.get((kind, options.get("format") or "csv"))
        if spec is None:
            raise CommandError(_("未知的匯出類型「%(kind)s」。") % {"kind": kind})
        writer, overhead = spec
        year = parse_year(options.get("year"))
        queryset = Penalty.objects.order_by("-decided_on", "-id")
        if year is not None:
            queryset = queryset.filter(decided_on__range=(date(year, 1, 1), date(year, 12, 31)))
        target = options["file"]
        count = 0
        if target == "-":
            try:
                for chunk in writer(queryset):
                    self.stdout.write(chunk, ending="")
                    count += 1
                self.stdout.flush()
            except BrokenPipeError:  # the reader stopped early (``| head``): not an error
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
                return
        else:
            path = Path(target)
            try:
                handle = path.open("w", encoding="utf-8", newline="")
            except OSError as e:
                raise CommandError(
                    _("無法寫入檔案 %(path)s：%(error)s") % {"path": path, "error": e.strerror}
                ) from None
            with handle:
                for chunk in writer(queryset):
                    handle.write(chunk)
                    count += 1
        stream = self.stderr if target == "-" else self.stdout  # stdout carries the data
        stream.write(_("已匯出 %(n)d 筆公布之裁處。") % {"n": max(count - overhead, 0)})
        stream.write(ATTRIBUTION)
