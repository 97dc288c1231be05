"""Open vacancies over the API (台南工作好找): search and one vacancy.

Only open vacancies (published, not past their closing date) and their public fields are
served: no internal notes, no review or discrimination-screen findings, no staff. The search
takes the parameters of the public search form, with the multiple choices (``friendly``,
``access``) as repeated parameters, and answers in a constant number of queries whatever the
page holds. A count is capped above 10,000 (above 1,000 for a text query);
``count_capped`` then means there are more.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import field_validator

from hopehome.api.errors import ErrorOut
from hopehome.core.choices import choice_labels

from . import queries
from .choices import EmploymentType, Occupation
from .models import Vacancy

router = Router()


class ChoiceOut(Schema):
    value: str
    label: str


class EmployerOut(Schema):
    name: str
    ubn: str | None


class DistrictOut(Schema):
    postcode: str
    name: str


class IndustryOut(Schema):
    code: str
    name: str


class SalaryOut(Schema):
    type: ChoiceOut
    min: int
    max: int | None
    monthly_equivalent: int = Field(description="月薪換算（時薪 × 174 小時），用於篩選與排序")


class ContactOut(Schema):
    name: str
    phone: str
    email: str


class VacancyOut(Schema):
    id: int
    title: str
    employer: EmployerOut
    occupation: ChoiceOut
    industry: IndustryOut | None
    district: DistrictOut
    address: str
    employment_type: ChoiceOut
    salary: SalaryOut
    working_hours: str
    openings: int
    description: str
    requirements: str
    friendly: list[ChoiceOut] = Field(description="友善職場標示")
    access: list[ChoiceOut] = Field(description="無障礙與職場調整")
    contact: ContactOut
    posted_on: date
    expires_on: date
    posted_by_staff: bool = Field(description="true：由勞工局代為刊登")
    url: str


class VacancyPage(Schema):
    items: list[VacancyOut]
    count: int = Field(description="符合的職缺數；count_capped 為 true 時表示「超過」此數")
    count_capped: bool
    page: int
    pages: int
    page_size: int
    sort: str


class VacancyFilters(Schema):
    q: str | None = Field(
        None,
        max_length=queries.MAX_QUERY_LENGTH,
        description="關鍵字：職稱、工作內容或公司名稱（臺／台、全形半形皆可）",
    )
    district: str | None = Field(
        None, pattern=r"^\d{3}$", description="工作地點行政區郵遞區號，例如 710"
    )
    industry: str | None = Field(None, pattern=r"^[A-Za-z]$", description="行業大類代碼 A–S")
    occupation: Occupation | None = Field(None, description="職業類別")
    employment_type: EmploymentType | None = Field(None, description="工作性質")
    salary_min: int | None = Field(
        None, ge=0, le=queries.MAX_SALARY, description="月薪至少（元）；時薪職缺以每月 174 小時換算"
    )
    friendly: list[str] = Field(
        default_factory=list,
        description="友善職場，可重複，皆須符合：youth、disability、middle_aged、new_immigrant、indigenous"
        "（例如 friendly=youth&friendly=disability）",
        json_schema_extra={"items": {"type": "string", "enum": list(queries.FRIENDLY_FIELDS)}},
    )
    access: list[str] = Field(
        default_factory=list,
        description="無障礙與職場調整，可重複，皆須符合：step_free、screen_reader、assistive_devices、flexible_hours",
        json_schema_extra={"items": {"type": "string", "enum": list(queries.ACCESS_FIELDS)}},
    )
    sort: Literal["relevance", "newest", "salary"] | None = Field(
        None,
        description="relevance：職稱含關鍵字者優先，再依刊登日期（有關鍵字時的預設）；newest：最新刊登；salary：薪資高到低",
    )
    page: int = Field(
        1, ge=1, le=queries.COUNT_CAP // queries.PAGE_SIZE, description="頁次，每頁 20 筆"
    )

    @field_validator(
        "q",
        "district",
        "industry",
        "occupation",
        "employment_type",
        "salary_min",
        "sort",
        mode="before",
    )
    @classmethod
    def blank_is_absent(cls, value):
        """An empty parameter (``?district=``), as an HTML form sends it, means no filter."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("friendly", "access", mode="before")
    @classmethod
    def drop_blanks(cls, value):
        if isinstance(value, str):
            value = [value]
        return [v for v in value or [] if not (isinstance(v, str) and not v.strip())]


def search_data(filters: VacancyFilters) -> dict[str, Any]:
    """The search form's cleaned data of the API parameters; unknown codes are bad parameters."""
    raw = filters.model_dump(exclude_none=True)
    data = {k: (v.value if hasattr(v, "value") else v) for k, v in raw.items() if v != []}
    form = queries.VacancySearchForm(data=data)
    if not form.is_valid():
        raise NinjaValidationError([
            {"type": "invalid_choice", "loc": ("query", name), "msg": str(m), "message": str(m)}
            for name, messages in form.errors.items()
            for m in messages
        ])  # fmt: skip
    return form.cleaned_data


def _choice(value: str, label) -> dict[str, str]:
    return {"value": value, "label": str(label)}


def vacancy_data(v: Vacancy) -> dict[str, Any]:
    """The public fields of one open vacancy."""
    friendly = choice_labels(queries.FRIENDLY_CHOICES)
    access = choice_labels(queries.ACCESS_CHOICES)
    return {
        "id": v.pk,
        "title": v.title,
        "employer": {"name": v.employer.name, "ubn": v.employer.ubn or None},
        "occupation": _choice(v.occupation, v.get_occupation_display()),
        "industry": {"code": v.industry.code, "name": str(v.industry.name)}
        if v.industry_id
        else None,
        "district": {"postcode": v.district.postcode, "name": str(v.district.name)},
        "address": v.address,
        "employment_type": _choice(v.employment_type, v.get_employment_type_display()),
        "salary": {
            "type": _choice(v.salary_type, v.get_salary_type_display()),
            "min": v.salary_min,
            "max": v.salary_max,
            "monthly_equivalent": v.monthly_equivalent,
        },
        "working_hours": v.working_hours,
        "openings": v.openings,
        "description": v.description,
        "requirements": v.requirements,
        "friendly": [
            _choice(k, friendly[k]) for k, f in queries.FRIENDLY_FIELDS.items() if getattr(v, f)
        ],
        "access": [
            _choice(k, access[k]) for k, f in queries.ACCESS_FIELDS.items() if getattr(v, f)
        ],
        "contact": {"name": v.contact_name, "phone": v.contact_phone, "email": v.contact_email},
        "posted_on": v.posted_on,
        "expires_on": v.expires_on,
        "posted_by_staff": v.posted_by_staff,
        "url": reverse("jobs:detail", args=[v.pk]),
    }


@router.get("", response={200: VacancyPage, 422: ErrorOut}, summary="搜尋職缺（台南工作好找）")
def list_vacancies(request, filters: Query[VacancyFilters]):
    """Open vacancies matching the search and filters, 20 per page."""
    result = queries.search_vacancies(search_data(filters))
    return {
        "items": [vacancy_data(v) for v in result.items],
        "count": result.count,
        "count_capped": result.count_capped,
        "page": result.page,
        "pages": result.pages,
        "page_size": result.page_size,
        "sort": result.sort,
    }


@router.get(
    "/{vacancy_id}", response={200: VacancyOut, 404: ErrorOut, 422: ErrorOut}, summary="一筆職缺"
)
def get_vacancy(request, vacancy_id: int = Path(..., ge=1)):
    """One open vacancy; a draft, pending, rejected, closed or expired one is not found."""
    vacancy = (
        queries.open_vacancies()
        .select_related("employer", "district", "industry")
        .filter(pk=vacancy_id)
        .first()
    )
    if vacancy is None:
        raise Http404(_("找不到這筆職缺。"))
    return vacancy_data(vacancy)
