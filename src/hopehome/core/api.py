"""Reference data of the registry over the API: districts, industries, target groups."""

from __future__ import annotations

from ninja import Router, Schema

from .models import District, Industry, TargetGroup

router = Router()


class DistrictOut(Schema):
    postcode: str
    name_zh: str
    name_en: str
    name: str
    is_active: bool


class IndustryOut(Schema):
    code: str
    revision: str
    level: str
    name_zh: str
    name_en: str
    name: str


class TargetGroupOut(Schema):
    code: str
    name_zh: str
    name_en: str
    name: str


@router.get("/districts", response=list[DistrictOut], summary="臺南市行政區")
def districts(request):
    """Tainan's 37 districts; the postcode is the stable key used by other endpoints."""
    return District.objects.order_by("postcode")


@router.get("/industries", response=list[IndustryOut], summary="行業統計分類")
def industries(request):
    """行業統計分類 with its revision (sections A–S of Rev. 11)."""
    return Industry.objects.order_by("revision", "code")


@router.get("/target-groups", response=list[TargetGroupOut], summary="服務對象")
def target_groups(request):
    """The groups programs are aimed at; ``code`` filters courses by target group."""
    return TargetGroup.objects.order_by("sort_order", "code")
