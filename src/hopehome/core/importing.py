"""Spreadsheet imports: reading CSV/XLSX files, the shared result shape, and the importer registry.

Each program registers its importers in its ``importers.py`` with :func:`register`; the
``hopehome import <kind> FILE`` command lists and runs them. An importer validates every row
before writing and rejects a file with any bad row whole, returning the row errors in an
:class:`ImportResult` (row number as the spreadsheet shows it, column, value, message).
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import PurePath
from types import SimpleNamespace
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _

from .choices import Role
from .masking import mask_identifier

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SUPPORTED_EXTENSIONS = (".csv", ".xlsx")
CSV_ENCODINGS = ("utf-8-sig", "cp950")


# --- results --------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowError:
    """One problem in one cell (or row, when ``column`` is empty) of an imported file."""

    row: int
    column: str
    value: str
    message: str
    sensitive: bool = False  # the value is a personal identifier: show it masked

    def display_value(self, full: bool = False) -> str:
        if self.sensitive and not full:
            return mask_identifier(self.value)
        return self.value


@dataclass
class Tally:
    """Created / updated / unchanged counts of one kind of record."""

    key: str
    label: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportResult:
    """What an import did (or, on a dry run, would do), or the row errors that stopped it."""

    kind: str
    dry_run: bool = False
    rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    tallies: list[Tally] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_rows(self) -> int:
        """How many distinct rows have at least one error."""
        return len({e.row for e in self.errors})

    def tally(self, key: str) -> Tally:
        for t in self.tallies:
            if t.key == key:
                return t
        raise KeyError(key)

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            t.key: {"created": t.created, "updated": t.updated, "unchanged": t.unchanged}
            for t in self.tallies
        }


# --- reading files --------------------------------------------------------------------------
@dataclass
class Table:
    """The rows of the first sheet: ``(row number as shown in the spreadsheet, cells)``."""

    headers: list[str]
    rows: list[tuple[int, list[Any]]]


def _extension(filename: str) -> str:
    return PurePath(filename or "").suffix.lower()


def check_filename(filename: str) -> None:
    if _extension(filename) not in SUPPORTED_EXTENSIONS:
        raise ValidationError(_("只接受 CSV（.csv）或 Excel（.xlsx）檔案。"), code="file_type")


def _blank(cells: Iterable[Any]) -> bool:
    return all(cell_text(c) == "" for c in cells)


def _read_csv(data: bytes) -> list[list[str]]:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise ValidationError(
            _("無法辨識檔案的文字編碼，請另存為 UTF-8 編碼的 CSV 檔。"), code="encoding"
        )
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ValidationError(_("CSV 檔案格式有誤，無法讀取。"), code="csv") from None


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise ValidationError(
            _("無法開啟 Excel 檔案，請確認檔案為 .xlsx 格式且未加密。"), code="xlsx"
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


def read_table(source: IO[bytes] | bytes, filename: str) -> Table:
    """Read a CSV (UTF-8, UTF-8 with BOM, or Big5/cp950) or XLSX file into a :class:`Table`.

    Raises ValidationError for a file that cannot be read at all (type, encoding, no header).
    Wholly blank rows are skipped; row numbers stay those the spreadsheet shows (header = 1).
    """
    check_filename(filename)
    data = source if isinstance(source, bytes) else source.read()
    if not data:
        raise ValidationError(_("檔案是空的。"), code="empty")
    raw = _read_csv(data) if _extension(filename) == ".csv" else _read_xlsx(data)
    # The header is the first non-blank row.
    start = next((i for i, cells in enumerate(raw) if not _blank(cells)), None)
    if start is None:
        raise ValidationError(_("檔案沒有任何資料。"), code="empty")
    headers = [cell_text(h) for h in raw[start]]
    rows = [
        (number, list(cells))
        for number, cells in enumerate(raw[start + 1 :], start=start + 2)
        if not _blank(cells)
    ]
    return Table(headers=headers, rows=rows)


def cell_text(value: Any) -> str:
    """A cell as trimmed text: numbers without a spurious ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return unicodedata.normalize("NFKC", str(value)).replace("\ufeff", "").strip()


# --- columns --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A column an importer understands, by its zh-Hant header, English key and aliases."""

    key: str
    label: str  # the zh-Hant header, also used in messages
    required: bool = True
    aliases: tuple[str, ...] = ()


def header_key(text: str) -> str:
    """Fold a header for matching: NFKC, no BOM or spaces, lower case, ``-``/space → ``_``."""
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "").strip().lower()
    return "".join("_" if c in " -" else c for c in value).strip("_").replace("__", "_")


def map_headers(
    headers: list[str], columns: Iterable[Column]
) -> tuple[dict[str, int], list[RowError]]:
    """Which cell index holds each known column; errors for missing or repeated columns.

    Unknown columns are ignored, so a roster may carry notes of its own.
    """
    columns = list(columns)
    lookup: dict[str, Column] = {}
    for col in columns:
        for name in (col.key, col.label, *col.aliases):
            lookup[header_key(name)] = col
    index: dict[str, int] = {}
    errors: list[RowError] = []
    for i, header in enumerate(headers):
        col = lookup.get(header_key(header))
        if col is None:
            continue
        if col.key in index:
            errors.append(RowError(1, header, header, str(_("欄位重複出現，請只保留一欄。"))))
            continue
        index[col.key] = i
    for col in columns:
        if col.required and col.key not in index:
            errors.append(
                RowError(
                    1,
                    str(col.label),
                    "",
                    str(
                        _("缺少必要欄位「%(label)s」（或英文欄名 %(key)s）。")
                        % {"label": col.label, "key": col.key}
                    ),
                )  # fmt: skip
            )
    return index, errors


# --- actors ---------------------------------------------------------------------------------
class SystemActor:
    """The actor of an import run from the command line without ``--user``.

    It is recorded in the audit trail as ``system:cli`` (no user) and passes the permission
    checks of the importer's own division, so an operator can load files unattended.
    """

    is_authenticated = True
    is_active = True
    pk = None

    def __init__(self, role: str = Role.SUPERVISOR, division: str = "", label: str = "system:cli"):
        self.username = label
        self.staff_profile = SimpleNamespace(role=role, division=SimpleNamespace(code=division))

    def get_full_name(self) -> str:
        return self.username

    def __str__(self) -> str:
        return self.username


# --- the registry ---------------------------------------------------------------------------
CliRunner = Callable[[Any, IO[bytes], str, dict[str, Any]], ImportResult]


@dataclass(frozen=True)
class Importer:
    """A named import: ``run_cli(actor, file, filename, options)`` and its extra CLI options."""

    kind: str
    title: str
    run_cli: CliRunner
    add_arguments: Callable[[Any], None] | None = None
    system_role: str = Role.SUPERVISOR
    system_division: str = ""

    def system_actor(self) -> SystemActor:
        return SystemActor(role=self.system_role, division=self.system_division)


_IMPORTERS: dict[str, Importer] = {}


def register(importer: Importer) -> Importer:
    _IMPORTERS[importer.kind] = importer
    return importer


def discover() -> None:
    """Load every installed app's ``importers`` module so its importers register."""
    autodiscover_modules("importers")


def importers() -> list[Importer]:
    discover()
    return [_IMPORTERS[k] for k in sorted(_IMPORTERS)]


def get_importer(kind: str) -> Importer:
    discover()
    try:
        return _IMPORTERS[kind]
    except KeyError:
        raise LookupError(kind) from None
