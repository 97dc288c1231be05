"""Back-office forms of the registry, and fields the programs share."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .dates import parse_date
from .models import Organization
from .validators import normalize_identifier


def apply_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: per field where it names one, else on top."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class LenientDateField(forms.DateField):
    """A date typed as ISO, with slashes, as eight digits or with a ROC (民國) year."""

    widget = forms.DateInput(format="%Y-%m-%d")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_date(value)
        except ValidationError as e:
            raise ValidationError(e.messages, code="invalid") from None


class OrganizationForm(forms.ModelForm):
    """Fields of an organization; the UBN checksum and uniqueness are checked in the service."""

    class Meta:
        model = Organization
        fields = ["kind", "name", "ubn", "industry", "district", "address", "employee_count", "responsible_person", "is_bureau_unit"]
        help_texts = {"ubn": _("8 位數字，可留空（例如政府機關、學校）。")}

    def clean_ubn(self):
        return normalize_identifier(self.cleaned_data.get("ubn")) or None

    def _post_clean(self):
        """No model validation here: uniqueness and checksum are the service's job (one message,
        one place)."""


class OrganizationFilterForm(forms.Form):
    q = forms.CharField(label=_("名稱或統一編號"), required=False)
    kind = forms.ChoiceField(label=_("類型"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .choices import OrganizationKind

        self.fields["kind"].choices = [("", _("全部"))] + list(OrganizationKind.choices)


class PersonForm(forms.ModelForm):
    """Contact and eligibility details of a person; the identifier itself is not editable here."""

    birth_date = LenientDateField(label=_("出生日期"), required=False, help_text=_("可輸入西元或民國日期，例如 1990-05-01 或 79/05/01。"))

    class Meta:
        from .models import Person

        model = Person
        fields = ["name", "birth_date", "sex", "phone", "email", "district", "address", "registered_in_city",
                  "disability_category", "target_groups"]  # fmt: skip
        widgets = {"target_groups": forms.CheckboxSelectMultiple}

    def clean_phone(self):
        import re

        phone = (self.cleaned_data.get("phone") or "").strip()
        if phone and not re.fullmatch(r"[0-9()#+\- ]{7,20}", phone):
            raise ValidationError(_("電話號碼格式不正確，例如 0912-345-678 或 06-2982334。"))
        return phone

    def _post_clean(self):
        """No model validation here: the whole record is validated in the service."""


class ImportUploadForm(forms.Form):
    """The common part of a staff import page: the file, checked by name and size, and a dry run.

    Subclasses set ``max_bytes`` and ``check_filename`` (a function raising ValidationError) and
    may relabel ``file``; they add the fields of their own import.
    """

    max_bytes: int = 5 * 1024 * 1024
    check_filename = None  # set by each subclass

    file = forms.FileField(label=_("檔案"))
    dry_run = forms.BooleanField(
        label=_("只檢查不匯入（試算）"),
        required=False,
        help_text=_("勾選後只檢查資料並顯示將新增或更新的筆數，不會寫入任何資料。"),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            type(self).check_filename(upload.name)
        except ValidationError as e:
            raise ValidationError(e.messages) from None
        if upload.size > self.max_bytes:
            raise ValidationError(
                _("檔案超過 %(size)s MB，請分批匯入。"),
                code="too_large",
                params={"size": self.max_bytes // (1024 * 1024)},
            )
        return upload

    def show_import_error(self, error: ValidationError) -> None:
        """An importer's error: per field where it names one of ours, otherwise on the file."""
        if hasattr(error, "error_dict"):
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else "file", messages)
        else:
            self.add_error("file", error.messages)


class AmountField(forms.Field):
    """An amount in NT$, typed as 20000, 20,000 or 20,000 元."""

    default_error_messages = {"invalid": _("請輸入整數金額（新臺幣元），例如 20000 或 20,000。")}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "maxlength": 20})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = unicodedata.normalize("NFKC", str(value or "")).strip()
        text = re.sub(r"[,\s元]|NT\$|\$", "", text)
        if not text:
            return None
        if not text.isdigit() or len(text) > 12:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text)
