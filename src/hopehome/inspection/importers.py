"""Import of the Ministry of Labor's violation open data (kind ``mol-violations``).

``hopehome import mol-violations FILE [--dataset NAME] [--partial REJECTS.csv] [--dry-run]
[--user U]`` and the staff upload page read every format :mod:`hopehome.inspection.mol`
understands. Each row becomes an item of a published penalty decision marked with its source
(``mol_import``) and dataset; rows that share an authority and a 處分字號 are the items of one
decision. A penalty keeps the SHA-256 of its normalised rows, so importing the same file again
changes nothing (no record, no history event, no audit entry).

By default a file with any unreadable row is rejected whole with a per-row report (row number
as the spreadsheet shows it, column, value, reason). With ``partial=True`` the good decisions
are imported and every rejected row is returned with its reasons (the command writes them to
a CSV file, the upload page offers them for download). Duplicate rows and doubtful values
(a publication date before the decision date, an ambiguous name, a remark that maps to no
appeal state) are imported and reported as warnings. Nothing is dropped silently.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePath
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from hopehome.core.audit import snapshot
from hopehome.core.choices import AuditAction, Role
from hopehome.core.importing import Importer, ImportResult, RowError, Tally, register
from hopehome.core.middleware import current_ip
from hopehome.core.models import AuditEntry, Organization
from hopehome.core.permissions import INSPECTION_DIVISIONS, require
from hopehome.core.search import index_text
from hopehome.core.text import fold

from . import mol
from .choices import AppealStatus, PenaltyEventKind, PenaltyStatus, Source
from .models import Penalty, PenaltyEvent, PenaltyItem

KIND = "mol-violations"
CONTEXT = "mol-violations import"
SUPPORTED_EXTENSIONS = (".csv", ".txt")
MAX_UPLOAD_BYTES = 30 * 1024 * 1024
BATCH = 500
MAX_LISTED_WARNINGS = 50
S = AppealStatus

# The event a remark's dated appeal state records.
STATUS_EVENTS = {
    S.APPEAL_PENDING: PenaltyEventKind.APPEAL_FILED,
    S.UPHELD: PenaltyEventKind.APPEAL_DISMISSED,
    S.REDUCED: PenaltyEventKind.REDUCED,
    S.REVOKED: PenaltyEventKind.REVOKED,
}


# --- results --------------------------------------------------------------------------------
@dataclass
class RejectedRow:
    """A row left out of a partial import, with its cells and every reason."""

    row: int
    cells: list[str]
    reasons: list[str]


@dataclass
class MolImportResult(ImportResult):
    """An :class:`ImportResult` with the format found, warnings and (partial mode) rejected rows."""

    variant: str = ""
    filename: str = ""
    dataset: str = ""
    partial: bool = False
    headers: list[str] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    rejected: list[RejectedRow] = field(default_factory=list)
    imported_rows: int = 0
    duplicate_rows: int = 0
    rejects_path: str = ""

    @property
    def variant_label(self) -> str:
        return str(mol.VARIANT_LABELS.get(self.variant, self.variant))

    @property
    def notes(self) -> list[str]:
        """Lines for the command line: how every row was accounted for, then the warnings."""
        lines = [
            gettext("格式：%(variant)s；資料集：%(dataset)s。")
            % {"variant": self.variant_label, "dataset": self.dataset},
            gettext("共 %(rows)d 列：匯入 %(imported)d 列、重複 %(dupes)d 列（已合併）、未匯入 %(rejected)d 列。")
            % {"rows": self.rows, "imported": self.imported_rows, "dupes": self.duplicate_rows,
               "rejected": len(self.rejected)},
        ]  # fmt: skip
        if self.rejected:
            lines.append(
                gettext("未匯入的 %(n)d 列及原因已寫入 %(path)s。")
                % {"n": len(self.rejected), "path": self.rejects_path or gettext("拒絕清單")}
            )
        for w in self.warnings[:MAX_LISTED_WARNINGS]:
            lines.append(gettext("注意：第 %(row)d 列「%(column)s」：%(message)s")
                         % {"row": w.row, "column": w.column, "message": w.message})  # fmt: skip
        if len(self.warnings) > MAX_LISTED_WARNINGS:
            lines.append(
                gettext("另有 %(n)d 則注意事項未列出。")
                % {"n": len(self.warnings) - MAX_LISTED_WARNINGS}
            )
        return lines


# --- grouping rows into decisions -------------------------------------------------------------
@dataclass
class Decision:
    """The rows of one decision (one authority + 處分字號) and what they say together."""

    rows: list[mol.MolRow]
    duplicates: list[mol.MolRow] = field(default_factory=list)

    @property
    def first(self) -> mol.MolRow:
        return self.rows[0]

    @property
    def all_rows(self) -> list[mol.MolRow]:
        return sorted(self.rows + self.duplicates, key=lambda r: r.row)

    @property
    def ok(self) -> bool:
        return all(r.ok for r in self.all_rows)

    @property
    def row_hash(self) -> str:
        hashes = sorted({r.row_hash for r in self.all_rows})
        if len(hashes) == 1:
            return hashes[0]
        return hashlib.sha256("\n".join(hashes).encode()).hexdigest()

    @property
    def announced_on(self) -> date | None:
        dates = [r.announced_on for r in self.all_rows if r.announced_on]
        return min(dates) if dates else None

    @property
    def amount(self) -> int | None:
        amounts = [r.amount for r in self.rows]
        return None if any(a is None for a in amounts) else sum(amounts)

    @property
    def content(self) -> str:
        return ";".join(dict.fromkeys(r.content for r in self.rows if r.content))

    @property
    def remarks(self) -> str:
        return "；".join(dict.fromkeys(r.remarks for r in self.rows if r.remarks))

    @property
    def remark(self) -> mol.Remark:
        remarks = [r.remark for r in self.rows if r.remark is not None]
        return max(remarks, key=lambda m: mol.STATUS_ORDER.index(m.status))

    @property
    def confidence(self) -> str:
        return mol.LOW if any(r.name.confidence == mol.LOW for r in self.rows) else mol.HIGH

    def items(self) -> list[dict[str, Any]]:
        out = []
        for r in self.rows:
            single = len(r.articles) == 1
            for article, description in zip(r.articles, r.descriptions, strict=False):
                out.append({
                    "law": article.law, "article": article.article, "raw_article": article.raw,
                    "description": description, "amount": r.amount if single else None,
                })  # fmt: skip
        return out


def _problem(r: mol.MolRow, column: str, value: str, message, *, warning: bool = False) -> None:
    r.problems.append(mol.CellProblem(column, value, str(message), warning=warning))


def group_rows(rows: list[mol.MolRow], layout: mol.Layout) -> list[Decision]:
    """Rows with the same authority and 處分字號 are one decision; conflicts are row errors.

    A row identical to an earlier one (or differing only in 公告日期, a re-announcement) is a
    duplicate: merged, and reported as a warning.
    """
    decisions: dict[tuple[str, str], Decision] = {}
    order: list[Decision] = []
    for r in rows:
        if not r.disposition_number:
            d = Decision([r])
            order.append(d)
            continue
        d = decisions.get(r.key)
        if d is None:
            d = decisions[r.key] = Decision([r])
            order.append(d)
            continue
        first = d.first
        same = next((o for o in d.rows if o.signature == r.signature), None)
        if same is not None:
            _problem(
                r,
                "",
                "",
                _("與第 %(row)d 列內容相同（重複或重新公告），已合併為同一筆。")
                % {"row": same.row},
                warning=True,
            )
            d.duplicates.append(r)
            continue
        if r.decided_on != first.decided_on and r.decided_on and first.decided_on:
            _problem(r, layout.label("decided_on"), r.raw.get("decided_on", ""), _(
                "與第 %(row)d 列的處分字號相同，但處分日期不同（%(other)s）。"
            ) % {"row": first.row, "other": first.decided_on.isoformat()})  # fmt: skip
        if r.raw_name_key != first.raw_name_key:
            _problem(r, layout.label("name"), r.raw.get("name", ""), _(
                "與第 %(row)d 列的處分字號相同，但事業單位名稱或負責人不同（%(other)s）。"
            ) % {"row": first.row, "other": mol.clean_text(first.raw.get("name", ""))})  # fmt: skip
        cited = {a.key: o.row for o in d.rows for a in o.articles}
        for a in r.articles:
            if a.key in cited:
                _problem(r, layout.label("articles"), a.raw, _(
                    "與第 %(row)d 列的處分字號及條文相同，但其他內容不同。"
                ) % {"row": cited[a.key]})  # fmt: skip
        d.rows.append(r)
    return order


# --- organizations --------------------------------------------------------------------------
def _organizations(keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The one organization bearing each folded name (names shared by several match none)."""
    keys = [k for k in dict.fromkeys(keys) if k]
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(keys), BATCH):
        chunk = keys[i : i + BATCH]
        unique = [
            row["name_key"]
            for row in Organization.objects.filter(name_key__in=chunk)
            .values("name_key").annotate(n=Count("id")).filter(n=1)
        ]  # fmt: skip
        for org in Organization.objects.filter(name_key__in=unique).values(
            "id", "name_key", "ubn", "industry__code", "district__postcode"
        ):
            found[org["name_key"]] = org
    return found


# --- writing --------------------------------------------------------------------------------
class _Rollback(Exception):
    """Undo the transaction of a dry run."""


def _actor_fields(actor) -> dict[str, Any]:
    user = actor if getattr(actor, "pk", None) else None
    return {
        "actor": user,
        "actor_label": getattr(actor, "username", None) or str(actor or "system"),
    }


def _audit(
    actor, action: str, penalty: Penalty, changes: dict[str, Any], context: str
) -> AuditEntry:
    return AuditEntry(
        **_actor_fields(actor), action=action, object_type=Penalty._meta.label_lower,
        object_id=str(penalty.pk), object_repr=str(penalty)[:200], changes=changes,
        context=context[:200], ip_address=current_ip.get(),
    )  # fmt: skip


def _snapshot(penalty: Penalty) -> dict[str, Any]:
    fields = [f.name for f in Penalty._meta.concrete_fields if f.name != "search_tokens"]
    return snapshot(penalty, fields)


def _values(
    d: Decision, org: dict[str, Any] | None, dataset: str, amount_type: str
) -> dict[str, Any]:
    """The fields of the penalty a decision becomes."""
    first = d.first
    name = first.name
    remark = d.remark
    amount = d.amount
    ubn = org["ubn"] if org else ""
    return {
        "authority": first.authority,
        "raw_authority": first.raw_authority[:100],
        "disposition_number": first.disposition_number,
        "decided_on": first.decided_on,
        "announced_on": d.announced_on,
        "organization_id": org["id"] if org else None,
        "unit_name": name.unit,
        "responsible_person": name.person,
        "raw_name": name.raw.replace("\r\n", "\n")[:300],
        "parse_confidence": d.confidence,
        "content": d.content,
        "initial_amount": amount,
        "current_amount": amount,
        "amount_type": amount_type,
        "appeal_status": remark.status,
        "remarks": d.remarks,
        "source_dataset": dataset[:100],
        "row_hash": d.row_hash,
        "industry_code": (org or {}).get("industry__code") or "",
        "district_postcode": (org or {}).get("district__postcode") or "",
        "search_tokens": index_text(name.unit, name.person, name.raw, ubn),
    }


def _events(penalty: Penalty, d: Decision, dataset: str, recorded_by) -> list[PenaltyEvent]:
    events = [
        PenaltyEvent(
            penalty=penalty,
            kind=PenaltyEventKind.ISSUED,
            occurred_on=penalty.decided_on,
            amount_after=penalty.initial_amount,
            recorded_by=recorded_by,
            note=(gettext("匯入自勞動部開放資料：%(dataset)s") % {"dataset": dataset})[:300],
        )  # fmt: skip
    ]
    events.extend(_status_events(penalty, d, recorded_by, existing=()))
    return events


def _status_events(penalty: Penalty, d: Decision, recorded_by, existing) -> list[PenaltyEvent]:
    """The dated appeal step a remark names (``111/6/13訴願駁回``), unless already recorded."""
    remark = d.remark
    kind = STATUS_EVENTS.get(remark.status)
    if kind is None or remark.on is None or (kind, remark.on) in existing:
        return []
    amount = None if remark.status == S.REVOKED else penalty.current_amount
    return [PenaltyEvent(penalty=penalty, kind=kind, occurred_on=remark.on, amount_after=amount,
                         note=remark.text[:300], recorded_by=recorded_by)]  # fmt: skip


def _withdraw_if_revoked(values: dict[str, Any], d: Decision) -> None:
    if d.remark.status == S.REVOKED:
        values["status"] = PenaltyStatus.WITHDRAWN
        values["withdrawn_on"] = d.remark.on or timezone.localdate()
        values["withdrawal_note"] = gettext("原處分經救濟撤銷（依勞動部開放資料備註）。")


def _write(
    actor, decisions: list[Decision], layout: mol.Layout, dataset: str, result: MolImportResult
) -> None:
    t_penalties = Tally("penalties", gettext("裁處（處分字號）"))
    t_items = Tally("items", gettext("裁處條文"))
    t_events = Tally("events", gettext("裁處歷程"))
    result.tallies = [t_penalties, t_items, t_events]
    recorded_by = actor if getattr(actor, "pk", None) else None
    context = f"{CONTEXT}: {result.filename}"
    orgs = _organizations(fold(d.first.name.unit) for d in decisions)
    for i in range(0, len(decisions), BATCH):
        chunk = decisions[i : i + BATCH]
        existing: dict[tuple[str, str], Penalty] = {}
        for p in Penalty.objects.filter(
            disposition_number__in={d.first.disposition_number for d in chunk}
        ):
            existing[(p.authority, p.disposition_number)] = p
        new: list[tuple[Penalty, Decision]] = []
        for d in chunk:
            org = orgs.get(fold(d.first.name.unit))
            values = _values(d, org, dataset, layout.amount_type)
            current = existing.get(d.first.key)
            if current is None:
                _withdraw_if_revoked(values, d)
                values.setdefault("status", PenaltyStatus.PUBLISHED)
                new.append((Penalty(source=Source.MOL_IMPORT, **values), d))
            elif current.source != Source.MOL_IMPORT:
                t_penalties.unchanged += 1
                result.warnings.append(RowError(d.first.row, layout.label("disposition_number"),
                    d.first.disposition_number,
                    gettext("本局已自行登錄同一處分字號的裁處，未以開放資料覆寫。")))  # fmt: skip
            elif current.row_hash == d.row_hash:
                t_penalties.unchanged += 1
                t_items.unchanged += len(d.items())
            else:
                _update(actor, current, d, values, dataset, t_penalties, t_items, t_events, context)
        if new:
            created = Penalty.objects.bulk_create([p for p, _d in new], batch_size=BATCH)
            if any(p.pk is None for p in created):  # databases that don't return ids
                by_key = {
                    (p.authority, p.disposition_number): p.pk
                    for p in Penalty.objects.filter(row_hash__in=[p.row_hash for p in created])
                }
                for p in created:
                    p.pk = p.id = by_key[(p.authority, p.disposition_number)]
            items, events, audits = [], [], []
            for p, d in zip(created, (d for _p, d in new), strict=True):
                items.extend(PenaltyItem(penalty=p, **item) for item in d.items())
                events.extend(_events(p, d, dataset, recorded_by))
                audits.append(
                    _audit(actor, AuditAction.CREATE, p, {"after": _snapshot(p)}, context)
                )
            PenaltyItem.objects.bulk_create(items, batch_size=BATCH)
            PenaltyEvent.objects.bulk_create(events, batch_size=BATCH)
            AuditEntry.objects.bulk_create(audits, batch_size=BATCH)
            t_penalties.created += len(created)
            t_items.created += len(items)
            t_events.created += len(events)


_UPDATABLE = (
    "raw_authority", "decided_on", "announced_on", "unit_name", "responsible_person", "raw_name",
    "parse_confidence", "content", "initial_amount", "current_amount", "amount_type",
    "appeal_status", "remarks", "source_dataset", "row_hash", "search_tokens", "status",
    "withdrawn_on", "withdrawal_note",
)  # fmt: skip


def _update(actor, penalty: Penalty, d: Decision, values: dict[str, Any], dataset: str,
            t_penalties: Tally, t_items: Tally, t_events: Tally, context: str) -> None:  # fmt: skip
    """A decision imported before whose published rows changed: apply the changes, log them."""
    recorded_by = actor if getattr(actor, "pk", None) else None
    if penalty.current_amount != penalty.initial_amount:
        values["current_amount"] = penalty.current_amount  # history recorded here wins
    if penalty.organization_id is not None:  # a match made earlier (or by staff) stays
        for key in ("organization_id", "industry_code", "district_postcode"):
            values.pop(key, None)
        values["search_tokens"] = index_text(
            values["unit_name"],
            values["responsible_person"],
            values["raw_name"],
            penalty.organization.ubn,
        )
    if penalty.status == PenaltyStatus.PUBLISHED:
        _withdraw_if_revoked(values, d)
    fields = [
        f
        for f in (*_UPDATABLE, "organization_id", "industry_code", "district_postcode")
        if f in values
    ]
    before = snapshot(penalty, [f.removesuffix("_id") for f in fields])
    changed = [f for f in fields if getattr(penalty, f) != values[f]]
    for f in changed:
        setattr(penalty, f, values[f])
    if changed == ["row_hash"]:  # the same facts in other rows: remember them, change nothing else
        Penalty.objects.filter(pk=penalty.pk).update(row_hash=penalty.row_hash)
    elif changed:
        penalty.save(update_fields=[*changed, "updated_at"])
    after = snapshot(penalty, before.keys())
    diff = {
        k: {"before": before[k], "after": after[k]}
        for k in before
        if before[k] != after[k] and k != "row_hash"
    }
    items_changed = False
    on_file = {(i.law, i.article): i for i in penalty.items.all()}
    for item in d.items():
        current = on_file.get((item["law"], item["article"]))
        if current is None:
            PenaltyItem.objects.create(penalty=penalty, **item)
            t_items.created += 1
            items_changed = True
            continue
        updates = {k: v for k, v in item.items() if getattr(current, k) != v}
        if updates:
            for k, v in updates.items():
                setattr(current, k, v)
            current.save(update_fields=list(updates))
            t_items.updated += 1
            items_changed = True
        else:
            t_items.unchanged += 1
    existing_events = set(penalty.events.values_list("kind", "occurred_on"))
    events = _status_events(penalty, d, recorded_by, existing_events)
    if events:
        PenaltyEvent.objects.bulk_create(events)
        t_events.created += len(events)
    if diff or items_changed or events:
        if events:
            diff["events"] = {"after": [f"{e.kind} {e.occurred_on.isoformat()}" for e in events]}
        if items_changed:
            diff["items"] = {"after": [f"{i['law']} {i['article']}" for i in d.items()]}
        _audit(actor, AuditAction.UPDATE, penalty, diff, context).save()
        t_penalties.updated += 1
    else:
        t_penalties.unchanged += 1


# --- the service ----------------------------------------------------------------------------
def _row_errors(r: mol.MolRow) -> list[RowError]:
    return [RowError(r.row, p.field, p.value, p.message) for p in r.problems if not p.warning]


def _reason(problem: mol.CellProblem) -> str:
    if problem.field:
        return gettext("「%(column)s」%(value)s：%(message)s") % {
            "column": problem.field,
            "value": f"「{mol.clean_text(problem.value)[:40]}」" if problem.value else "",
            "message": problem.message,
        }
    return problem.message


def check_filename(filename: str) -> None:
    if PurePath(filename or "").suffix.lower() not in SUPPORTED_EXTENSIONS:
        raise ValidationError(
            _("只接受 CSV 檔案（.csv）：請上傳勞動部開放資料或查詢網站下載的 CSV 檔。"),
            code="file_type",
        )


def import_mol_violations(actor, source: IO[bytes] | bytes, *, filename: str, dataset: str = "",
                          partial: bool = False, dry_run: bool = False,
                          today: date | None = None) -> MolImportResult:  # fmt: skip
    """Validate a Ministry of Labor violations file and import its decisions.

    ``dataset`` names the source (default: the file name). Without ``partial`` a file with any
    unreadable row changes nothing and the result lists the row errors; with it the good
    decisions are imported and the rest returned in ``result.rejected``. A dry run validates
    and counts, then rolls back. Raises ValidationError for a file that cannot be read at all
    and PermissionDenied for an actor without ``inspection.import``.
    """
    require(actor, "inspection.import")
    check_filename(filename)
    data = source if isinstance(source, bytes) else source.read()
    dataset = (dataset or "").strip() or PurePath(filename).name
    layout, rows = mol.parse_file(data, today=today)
    if not rows:
        raise ValidationError(_("檔案只有欄位名稱，沒有任何資料列。"), code="empty")
    result = MolImportResult(
        kind=KIND, dry_run=dry_run, rows=len(rows), variant=layout.variant, filename=filename,
        dataset=dataset, partial=partial, headers=list(layout.headers),
    )  # fmt: skip
    decisions = group_rows(rows, layout)
    good = [d for d in decisions if d.ok]
    bad = [d for d in decisions if not d.ok]
    if bad and not partial:
        result.errors = [e for d in bad for r in d.all_rows for e in _row_errors(r)]
        result.errors.sort(key=lambda e: e.row)
        return result
    for d in bad:
        failing = [r.row for r in d.all_rows if not r.ok]
        for r in d.all_rows:
            reasons = [_reason(p) for p in r.problems if not p.warning]
            if not reasons:
                reasons = [gettext("同一處分字號的第 %(rows)s 列有誤，整筆處分未匯入。")
                           % {"rows": "、".join(str(n) for n in failing)}]  # fmt: skip
            result.rejected.append(RejectedRow(r.row, r.cells, reasons))
    result.rejected.sort(key=lambda x: x.row)
    for d in good:
        for r in d.all_rows:
            result.warnings.extend(
                RowError(r.row, p.field, p.value, p.message) for p in r.problems if p.warning
            )
    result.warnings.sort(key=lambda e: e.row)
    result.imported_rows = sum(len(d.rows) for d in good)
    result.duplicate_rows = sum(len(d.duplicates) for d in good)
    with suppress(_Rollback), transaction.atomic():  # a dry run rolls back
        _write(actor, good, layout, dataset, result)
        if dry_run:
            raise _Rollback
    return result


# --- rejected rows --------------------------------------------------------------------------
REJECTS_EXTRA_HEADERS = ("列號", "未匯入原因")


def write_rejects(result: MolImportResult, fh: IO[str]) -> None:
    """The rejected rows as CSV: row number, reasons, then the row's cells under the file's header.

    The file can be corrected and imported again (the extra columns are ignored).
    """
    writer = csv.writer(fh)
    writer.writerow([*REJECTS_EXTRA_HEADERS, *result.headers])
    for r in result.rejected:
        writer.writerow([r.row, " ".join(r.reasons), *r.cells])


def rejects_csv(result: MolImportResult) -> str:
    buffer = io.StringIO(newline="")
    write_rejects(result, buffer)
    return buffer.getvalue()


# --- the command line -----------------------------------------------------------------------
def _add_arguments(parser) -> None:
    parser.add_argument("--dataset", default="",
                        help="name of the source dataset (default: the file name), "
                             "e.g. '勞動部 違反就業服務法事業單位名單 (data.gov.tw 110908)'")  # fmt: skip
    parser.add_argument("--partial", metavar="REJECTS_FILE", default="",
                        help="import the good rows and write every rejected row with its reason "
                             "to REJECTS_FILE (CSV) instead of rejecting the whole file")  # fmt: skip


def _run_cli(actor, file: IO[bytes], filename: str, options: dict[str, Any]) -> MolImportResult:
    rejects = options.get("partial") or ""
    handle = None
    if rejects:
        try:
            handle = Path(rejects).open("w", encoding="utf-8-sig", newline="")
        except OSError as e:
            raise ValidationError(
                _("無法寫入拒絕清單檔案 %(path)s：%(error)s"),
                params={"path": rejects, "error": e.strerror},
            ) from None
    try:
        result = import_mol_violations(
            actor, file, filename=filename, dataset=options.get("dataset") or "",
            partial=bool(rejects), dry_run=options.get("dry_run", False),
        )  # fmt: skip
    except BaseException:
        if handle is not None:
            handle.close()
            Path(rejects).unlink(missing_ok=True)
        raise
    if handle is not None:
        with handle:
            write_rejects(result, handle)
        result.rejects_path = rejects
    return result


register(
    Importer(
        kind=KIND,
        title=_("勞動部違反勞動法令事業單位名單（開放資料）"),
        run_cli=_run_cli,
        add_arguments=_add_arguments,
        system_role=Role.SUPERVISOR,
        system_division=sorted(INSPECTION_DIVISIONS)[0],
    )
)
