"""``hopehome import <kind> FILE [--dry-run] [--user USERNAME]``: run a registered importer.

Without ``--user`` the import runs as the system actor (``system:cli`` in the audit trail).
A file with any bad row is rejected whole: the per-row report goes to stderr and the command
exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from hopehome.core.importing import ImportResult, importers
from hopehome.core.permissions import has_perm, staff_profile


class Command(BaseCommand):
    """Dispatch to the importer registered for ``kind``."""

    help = "Import a spreadsheet (CSV or XLSX). Kinds: see `hopehome import --help`."

    def add_arguments(self, parser):
        kinds = parser.add_subparsers(
            dest="kind", required=True, metavar="KIND",
            title="kinds", description="One of: " + ", ".join(i.kind for i in importers()),
        )  # fmt: skip
        for importer in importers():
            sub = kinds.add_parser(importer.kind, help=str(importer.title))
            sub.add_argument("file", help="CSV or XLSX file")
            sub.add_argument(
                "--dry-run", action="store_true", help="validate and count only; change nothing"
            )
            sub.add_argument(
                "--user", default="",
                help="username of the staff member the import runs as (default: system:cli)",
            )  # fmt: skip
            if importer.add_arguments:
                importer.add_arguments(sub)

    def handle(self, *args, **options):
        by_kind = {i.kind: i for i in importers()}
        importer = by_kind.get(options["kind"])
        if importer is None:
            raise CommandError(
                _("未知的匯入類型「%(kind)s」；可用的類型：%(kinds)s。")
                % {"kind": options["kind"], "kinds": "、".join(by_kind)}
            )
        actor = self._actor(options.get("user") or "", importer)
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("找不到檔案：%(path)s") % {"path": path})
        try:
            with path.open("rb") as fh:
                result = importer.run_cli(actor, fh, path.name, options)
        except ValidationError as e:
            raise CommandError("；".join(e.messages)) from None
        except PermissionDenied as e:
            raise CommandError(str(e) or _("您沒有執行此項作業的權限。")) from None
        full_ids = actor.pk is None or has_perm(actor, "core.view_full_identifier")
        if not result.ok:
            self._report_errors(result, full_ids)
            raise CommandError(
                _("檔案有 %(n)d 列錯誤，未匯入任何資料。") % {"n": result.error_rows}
            )
        self._report_counts(result)
        for note in getattr(result, "notes", ()):  # importers may add a summary and warnings
            self.stdout.write(str(note))

    def _actor(self, username: str, importer):
        if not username:
            return importer.system_actor()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None or staff_profile(user) is None:
            raise CommandError(
                _("找不到啟用中的局內人員帳號「%(username)s」。") % {"username": username}
            )
        return user

    def _report_errors(self, result: ImportResult, full_ids: bool) -> None:
        for e in result.errors:
            value = e.display_value(full_ids)
            cell = _("第 %(row)d 列「%(column)s」") % {"row": e.row, "column": e.column} if e.column else _(
                "第 %(row)d 列"
            ) % {"row": e.row}  # fmt: skip
            shown = f"「{value}」" if value else ""
            self.stderr.write(f"{cell}{shown}：{e.message}")

    def _report_counts(self, result: ImportResult) -> None:
        if result.dry_run:
            self.stdout.write(
                _("試算完成（未寫入任何資料）：共 %(n)d 列，全部通過檢查。") % {"n": result.rows}
            )
        else:
            self.stdout.write(_("匯入完成：共 %(n)d 列。") % {"n": result.rows})
        for t in result.tallies:
            self.stdout.write(
                _("%(label)s：新增 %(created)d、更新 %(updated)d、未變動 %(unchanged)d")
                % {
                    "label": t.label,
                    "created": t.created,
                    "updated": t.updated,
                    "unchanged": t.unchanged,
                }
            )
