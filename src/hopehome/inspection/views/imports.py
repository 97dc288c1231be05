"""Staff upload of the Ministry of Labor's violation open data (namespace ``inspection_import``).

The page validates the whole file: by default a file with any unreadable row changes nothing
and the per-row report is shown; with "import the good rows" checked, the good decisions are
imported and the rejected rows (with their reasons) can be downloaded as CSV.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from hopehome.core.decorators import staff_required
from hopehome.core.forms import ImportUploadForm

from .. import mol
from ..importers import MAX_UPLOAD_BYTES, check_filename, import_mol_violations, rejects_csv

SESSION_KEY = "inspection_import_rejects"


class MolUploadForm(ImportUploadForm):
    """The file and how to import it."""

    max_bytes = MAX_UPLOAD_BYTES
    check_filename = staticmethod(check_filename)
    field_order = ["file", "dataset", "partial", "dry_run"]

    file = forms.FileField(
        label=_("開放資料檔案"),
        help_text=_(
            "勞動部開放資料 CSV（9 欄或 8 欄）或查詢網站下載的「違反雇主清冊」CSV，UTF-8 或 Big5 編碼，大小不超過 30 MB。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    dataset = forms.CharField(
        label=_("來源資料集名稱"),
        required=False,
        max_length=100,
        help_text=_(
            "例如「勞動部 違反就業服務法事業單位名單（data.gov.tw 110908）」；留白時使用檔名。"
        ),
    )
    partial = forms.BooleanField(
        label=_("只匯入正確的資料列，其餘列入拒絕清單"),
        required=False,
        help_text=_(
            "未勾選時，只要有任何一列無法讀取，整份檔案都不匯入。勾選後可下載未匯入的資料列及原因（CSV）。"
        ),
    )


@staff_required("inspection.import")
def upload(request):
    """Show the form; on submit import the file (or report its rows) and show the result."""
    form = MolUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = import_mol_violations(
                request.user, data["file"], filename=data["file"].name, dataset=data["dataset"],
                partial=data["partial"], dry_run=data["dry_run"],
            )  # fmt: skip
        except ValidationError as e:
            form.show_import_error(e)
        else:
            if result.rejected:
                request.session[SESSION_KEY] = {
                    "filename": data["file"].name,
                    "csv": rejects_csv(result),
                }
            else:
                request.session.pop(SESSION_KEY, None)
            return render(request, "inspection/import_report.html", {"result": result})
    return render(
        request,
        "inspection/import_upload.html",
        {"form": form, "header": mol.MOL_HEADER, "variants": list(mol.VARIANT_LABELS.values())},
    )


@staff_required("inspection.import")
def rejects(request):
    """The rows the last partial import of this session left out, with their reasons (CSV)."""
    stored = request.session.get(SESSION_KEY)
    if not stored:
        raise Http404(_("目前沒有可下載的拒絕清單。"))
    name = stored["filename"].rsplit(".", 1)[0]
    response = HttpResponse("\ufeff" + stored["csv"], content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"rejected-{name}.csv")
    return response
