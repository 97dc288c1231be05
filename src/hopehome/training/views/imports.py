"""Staff upload of a training roster (結訓名冊): validate, report row errors, or load it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hopehome.core.decorators import staff_required
from hopehome.core.forms import ImportUploadForm
from hopehome.core.importing import MAX_UPLOAD_BYTES, check_filename
from hopehome.core.permissions import has_perm

from ..importers import (
    DEFAULT_HOURS,
    DEFAULT_PROVIDER_NAME,
    import_training_roster,
    provider_choices,
)


class RosterUploadForm(ImportUploadForm):
    """The roster file and the choices that apply to courses it creates."""

    max_bytes = MAX_UPLOAD_BYTES
    check_filename = staticmethod(check_filename)
    field_order = ["file", "provider", "hours", "dry_run"]

    file = forms.FileField(
        label=_("名冊檔案"),
        help_text=_("CSV（UTF-8 或 Big5）或 Excel（.xlsx）檔，大小不超過 5 MB；第一列為欄位名稱。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    provider = forms.ModelChoiceField(
        label=_("訓練單位"),
        queryset=None,
        required=False,
        empty_label=_("臺南市職業訓練就業服務中心（預設）"),
        help_text=_("名冊中尚未建檔的課程，將以此單位為訓練單位建立。"),
    )
    hours = forms.IntegerField(
        label=_("預設訓練時數"),
        min_value=1,
        max_value=5000,
        initial=DEFAULT_HOURS,
        required=False,
        help_text=_("名冊沒有「訓練時數」欄位時，新建課程使用的時數。"),
    )
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = provider_choices()



@staff_required("training.import_roster")
def upload(request):
    """Show the upload form; on submit validate the whole file and load it or report its errors."""
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = import_training_roster(
                request.user, data["file"], filename=data["file"].name, provider=data["provider"],
                default_hours=data["hours"] or DEFAULT_HOURS, dry_run=data["dry_run"],
            )  # fmt: skip
        except ValidationError as e:
            form.show_import_error(e)
        else:
            full_ids = has_perm(request.user, "core.view_full_identifier")
            return render(
                request,
                "training/import_report.html",
                {
                    "result": result,
                    "filename": data["file"].name,
                    "errors": [(e, e.display_value(full_ids)) for e in result.errors],
                },
            )
    return render(
        request,
        "training/import_upload.html",
        {"form": form, "default_provider": DEFAULT_PROVIDER_NAME},
    )
