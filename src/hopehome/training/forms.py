"""Forms of program 1: the public catalogue and application, and the staff screens."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core.choices import OrganizationKind, Sex
from hopehome.core.dates import parse_date
from hopehome.core.forms import LenientDateField, apply_errors  # noqa: F401  (re-exported)
from hopehome.core.models import District, Organization, TargetGroup
from hopehome.core.validators import classify_personal_id, normalize_identifier

from .choices import (
    FINAL_OUTCOMES,
    GRADE_ORDER,
    TTQS_INDICATORS,
    TTQS_OUTCOME_INDICATORS,
    CourseCategory,
    CourseStatus,
    EmploymentSource,
    InsuranceChannel,
    TTQSFormType,
    TTQSGrade,
)
from .models import Course
from .services import COURSE_FIELDS, Applicant

DATE_HINT = _("可輸入西元或民國日期，例如 2019-12-17 或 108/12/17。")
# Course codes appear in addresses; these words are taken by other pages.
RESERVED_CODES = frozenset({"new", "ttqs", "figures", "enrollments", "import", "applied"})
MIN_APPLICANT_AGE = 15


def _select_options(choices, empty_label) -> list[tuple[str, str]]:
    return [("", empty_label), *choices]


# --- public ---------------------------------------------------------------------------------
class CatalogueFilterForm(forms.Form):
    """Search and filters of the public course catalogue (all optional)."""

    q = forms.CharField(
        label=_("關鍵字"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("課程名稱、代碼、地點或內容，例如「照顧」或「台南」。"),
    )  # fmt: skip
    category = forms.ChoiceField(
        label=_("訓練類別"), required=False,
        choices=_select_options(CourseCategory.choices, _("全部類別")),
    )  # fmt: skip
    district = forms.ModelChoiceField(
        label=_("上課地區"), required=False, queryset=District.objects.filter(is_active=True),
        empty_label=_("全部地區"),
    )  # fmt: skip
    target_group = forms.ModelChoiceField(
        label=_("招訓對象"), required=False, queryset=TargetGroup.objects.all(),
        to_field_name="code", empty_label=_("全部對象"),
    )  # fmt: skip
    accepting = forms.BooleanField(label=_("只顯示現正受理報名的課程"), required=False)

    def filters(self) -> dict:
        """The valid filter values; a value that did not validate is left out."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "q": data.get("q") or "",
            "category": data.get("category") or "",
            "district": data.get("district"),
            "target_group": data.get("target_group"),
            "accepting": bool(data.get("accepting")),
        }


PHONE_PATTERN = re.compile(r"(09\d{8}|0[2-8]\d{7,8})(#\d{1,6})?")


def normalize_phone(value: str) -> str:
    """Full-width to ASCII, +886 to 0, without spaces, dashes or parentheses."""
    v = unicodedata.normalize("NFKC", value or "").strip()
    v = re.sub(r"[\s\-()]", "", v)
    if v.startswith("+886"):
        v = "0" + v[4:].lstrip("0")
    return v


class ApplicationForm(forms.Form):
    """A member of the public applies for a course."""

    name = forms.CharField(
        label=_("姓名"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    id_number = forms.CharField(
        label=_("身分證字號／統一證號"), max_length=20,
        help_text=_("1 個英文字母加 9 個數字，例如 A123456789。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )  # fmt: skip
    birth_date = forms.CharField(
        label=_("出生日期"), max_length=20, help_text=DATE_HINT,
        widget=forms.TextInput(attrs={"autocomplete": "bday"}),
    )  # fmt: skip
    sex = forms.ChoiceField(label=_("性別"), required=False, choices=Sex.choices, widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("電話"), max_length=30,
        help_text=_("手機或市話，可加連字號，例如 0912-345-678 或 06-2982334。"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )  # fmt: skip
    email = forms.EmailField(
        label=_("電子郵件"), required=False, help_text=_("選填，用於寄送錄取通知。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )  # fmt: skip
    district = forms.ModelChoiceField(
        label=_("行政區"), required=False, queryset=District.objects.filter(is_active=True),
        empty_label=_("（不在臺南市，或不選擇）"),
        help_text=_("居住於臺南市者請選擇所在行政區。"),
    )  # fmt: skip
    address = forms.CharField(
        label=_("地址"), max_length=200, required=False, help_text=_("選填，用於郵寄上課通知。"),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )  # fmt: skip
    consent = forms.BooleanField(
        label=_("我同意臺南市政府勞工局依個人資料保護法，蒐集、處理及利用以上資料，用於本次職業訓練報名、參訓管理與訓後就業追蹤。"),
        error_messages={"required": _("請勾選同意個人資料的蒐集與利用，才能送出報名。")},
    )  # fmt: skip

    def clean_name(self) -> str:
        name = unicodedata.normalize("NFKC", self.cleaned_data["name"]).strip()
        if not name:
            raise ValidationError(_("請輸入姓名。"), code="required")
        return name

    def clean_id_number(self) -> str:
        value = normalize_identifier(self.cleaned_data["id_number"])
        classify_personal_id(value)
        return value

    def clean_birth_date(self) -> date:
        born = parse_date(self.cleaned_data["birth_date"])
        today = timezone.localdate()
        if born >= today:
            raise ValidationError(_("出生日期必須是今天以前的日期。"), code="future")
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
        if age < MIN_APPLICANT_AGE:
            raise ValidationError(
                _("報名職業訓練須年滿 %(age)d 歲。"), code="too_young", params={"age": MIN_APPLICANT_AGE}
            )
        if age > 120:
            raise ValidationError(_("出生日期不正確，請再確認年份。"), code="too_old")
        return born

    def clean_phone(self) -> str:
        value = normalize_phone(self.cleaned_data["phone"])
        if not PHONE_PATTERN.fullmatch(value):
            raise ValidationError(
                _("電話號碼格式不符：手機為 09 開頭共 10 碼，市話請含區碼（例如 06-2982334）。"),
                code="phone",
            )
        return value

    def clean_address(self) -> str:
        return unicodedata.normalize("NFKC", self.cleaned_data["address"]).strip()

    def applicant(self) -> Applicant:
        d = self.cleaned_data
        return Applicant(
            id_number=d["id_number"], name=d["name"], birth_date=d["birth_date"],
            sex=d.get("sex") or "", phone=d["phone"], email=d.get("email") or "",
            district=d.get("district"), address=d.get("address") or "",
        )  # fmt: skip


# --- staff: courses -------------------------------------------------------------------------
def _provider_choices(include_pk=None):
    condition = Q(kind=OrganizationKind.TRAINING_PROVIDER) | Q(is_bureau_unit=True)
    if include_pk:
        condition |= Q(pk=include_pk)
    return Organization.objects.filter(condition).order_by("name", "id")


class CourseFilterForm(forms.Form):
    """Filters of the staff course list."""

    status = forms.ChoiceField(
        label=_("狀態"), required=False, choices=_select_options(CourseStatus.choices, _("全部狀態"))
    )
    category = forms.ChoiceField(
        label=_("訓練類別"), required=False,
        choices=_select_options(CourseCategory.choices, _("全部類別")),
    )  # fmt: skip
    year = forms.IntegerField(
        label=_("結訓年度（西元）"), required=False, min_value=2000, max_value=2100
    )
    provider = forms.ModelChoiceField(
        label=_("訓練單位"), required=False, queryset=_provider_choices(), empty_label=_("全部單位")
    )

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or "",
            "category": data.get("category") or "",
            "year": data.get("year"),
            "provider": data.get("provider"),
        }


class CourseForm(forms.ModelForm):
    """A course's facts and target groups; saved by ``services.create_course``/``update_course``."""

    class Meta:
        model = Course
        fields = [*COURSE_FIELDS, "target_groups"]
        field_classes = {
            "starts_on": LenientDateField,
            "ends_on": LenientDateField,
            "application_deadline": LenientDateField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "target_groups": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "code": _("英數字與連字號，例如 114-UN-01；會出現在網址中。"),
            "starts_on": DATE_HINT,
            "ends_on": DATE_HINT,
            "application_deadline": _("未填寫時，受理報名至開訓日。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = _provider_choices(self.instance.provider_id)
        self.fields["district"].queryset = District.objects.filter(is_active=True)
        for name in ("hours", "capacity"):
            self.fields[name].validators.append(MinValueValidator(1))
            self.fields[name].widget.attrs["min"] = 1

    def clean_code(self) -> str:
        code = unicodedata.normalize("NFKC", self.cleaned_data["code"]).strip()
        if self.instance.pk and code == self.instance.code:
            return code  # a code on record (perhaps from a roster) stays valid
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", code):
            raise ValidationError(_("課程代碼只能使用英文字母、數字、連字號、底線與句點。"), code="format")
        if code.lower() in RESERVED_CODES:
            raise ValidationError(_("「%(code)s」是系統保留字，請改用其他課程代碼。"), params={"code": code})
        return code

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("結訓日期不可早於開訓日期。"))
        return data

    def service_fields(self) -> tuple[dict, list]:
        """(course fields, target groups) for the service call."""
        data = dict(self.cleaned_data)
        groups = list(data.pop("target_groups", []))
        return {k: v for k, v in data.items() if k in COURSE_FIELDS}, groups


# --- staff: enrolments ----------------------------------------------------------------------
class OutcomeForm(forms.Form):
    """Close a trainee's attendance: completed, dropped or early-employed (提前就業)."""

    outcome = forms.ChoiceField(
        label=_("參訓結果"), widget=forms.RadioSelect,
        choices=[(s.value, s.label) for s in FINAL_OUTCOMES],
    )  # fmt: skip
    hours_attended = forms.IntegerField(
        label=_("出席時數"), required=False, min_value=0,
        help_text=_("提前就業須已參訓課程時數的二分之一以上。"),
    )  # fmt: skip
    on = LenientDateField(
        label=_("結訓或離訓日期"), required=False,
        help_text=_("結訓者未填時以課程結訓日計；退訓或提前就業者未填時以今天計。"),
    )  # fmt: skip


class FollowUpForm(forms.Form):
    """A job found after training: a labour-insurance enrolment (勞保加保)."""

    insured_on = LenientDateField(label=_("就業日期（勞保加保日）"), help_text=DATE_HINT)
    employer_name = forms.CharField(label=_("雇主名稱"), required=False, max_length=200)
    source = forms.ChoiceField(label=_("資料來源"), choices=EmploymentSource.choices)
    insurance_channel = forms.ChoiceField(
        label=_("投保方式"), choices=InsuranceChannel.choices, initial=InsuranceChannel.REGULAR,
        help_text=_("只有一般受僱投保列計就業；訓字號、裁減續保、職災續保、職業工會、農會、漁會不列計。"),
    )  # fmt: skip
    public_assistance = forms.BooleanField(
        label=_("屬公法上救助關係領取津貼就業"), required=False
    )
    confirmed_on = LenientDateField(
        label=_("人工確認日期"), required=False,
        help_text=_("資料來源為人工確認（TIMS）時必填；結訓後 120 日內確認者列計。"),
    )  # fmt: skip
    note = forms.CharField(label=_("備註"), required=False, max_length=200)


# --- staff: TTQS ----------------------------------------------------------------------------
STAGE_LABELS = {
    "P": _("計畫（Plan）"),
    "D": _("設計（Design）"),
    "Do": _("執行（Do）"),
    "R": _("查核（Review）"),
    "O": _("成果（Outcome）"),
}


def _ttqs_units():
    condition = (
        Q(kind__in=[OrganizationKind.TRAINING_PROVIDER, OrganizationKind.GOVERNMENT])
        | Q(is_bureau_unit=True)
        | Q(ttqs_evaluations__isnull=False)
    )
    return Organization.objects.filter(condition).distinct().order_by("name", "id")


class TTQSEvaluationForm(forms.Form):
    """One TTQS evaluation: unit, year, form type and the 19 indicator scores."""

    organization = forms.ModelChoiceField(label=_("受評單位"), queryset=_ttqs_units())
    year = forms.IntegerField(label=_("評核年度（西元）"), min_value=2007, max_value=2100)
    form_type = forms.ChoiceField(label=_("評核版本"), choices=TTQSFormType.choices)
    assessor = forms.CharField(label=_("評核委員"), max_length=100)
    evaluated_on = LenientDateField(label=_("評核日期"), help_text=DATE_HINT)
    note = forms.CharField(label=_("備註"), required=False, max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = _ttqs_units()
        self.fields["year"].initial = timezone.localdate().year
        for no, (_stage, title) in enumerate(TTQS_INDICATORS, start=1):
            outcome = no in TTQS_OUTCOME_INDICATORS
            self.fields[f"score_{no}"] = forms.IntegerField(
                label=_("指標 %(no)d：%(title)s") % {"no": no, "title": title},
                min_value=0 if outcome else 1,
                max_value=5,
                help_text=_("成果指標，未執行者填 0。") if outcome else "",
            )

    def score_groups(self) -> list[tuple[str, list]]:
        """The score fields grouped by PDDRO stage, for one fieldset per stage."""
        groups: list[tuple[str, list]] = []
        for no, (stage, _title) in enumerate(TTQS_INDICATORS, start=1):
            if not groups or groups[-1][0] != STAGE_LABELS[stage]:
                groups.append((STAGE_LABELS[stage], []))
            groups[-1][1].append(self[f"score_{no}"])
        return groups

    def scores(self) -> list[int]:
        return [self.cleaned_data[f"score_{no}"] for no in range(1, len(TTQS_INDICATORS) + 1)]


BAND_GRADES = [g for g in GRADE_ORDER if g != TTQSGrade.FAIL]


class TTQSBandsForm(forms.Form):
    """The lowest total for each grade of one form type (the form's prefix is the form type)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for grade in BAND_GRADES:
            self.fields[grade] = forms.IntegerField(
                label=TTQSGrade(grade).label, min_value=0, max_value=95
            )

    def grade_fields(self) -> list:
        return [self[g] for g in BAND_GRADES]

    def thresholds(self) -> dict[str, int]:
        return {g: self.cleaned_data[g] for g in BAND_GRADES}


class YearFilterForm(forms.Form):
    """An optional year (西元) for the TTQS and figures pages, chosen from the years on record."""

    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("全部年度")), *((y, y) for y in years)]

    def year_value(self) -> int | None:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("year")
