"""Back-office forms of the registry."""

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
        # Uniqueness and checksum are the service's job (one message, one place).
        pass


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
        # Validation of the whole record happens in the service.
        pass
