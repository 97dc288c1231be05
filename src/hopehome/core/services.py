"""Registry services: every change to people and organizations goes through here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import audit
from .models import Organization, Person, PersonIdentifier
from .permissions import require, scope_people
from .validators import classify_personal_id, normalize_identifier, validate_ubn

PERSON_FIELDS = (
    "name", "birth_date", "sex", "phone", "email", "district", "address",
    "registered_in_city", "disability_category",
)  # fmt: skip


def find_person(identifier: str) -> Person | None:
    """The person holding ``identifier`` now or formerly (exact, indexed lookup)."""
    v = normalize_identifier(identifier)
    if not v:
        return None
    person = Person.objects.filter(id_number=v).first()
    if person is None:
        former = PersonIdentifier.objects.select_related("person").filter(value=v).first()
        person = former.person if former else None
    return person


def _check_identifier_free(v: str, exclude_pk=None) -> None:
    clash = Person.objects.filter(id_number=v).exclude(pk=exclude_pk).exists() or (
        PersonIdentifier.objects.filter(value=v).exclude(person_id=exclude_pk).exists()
    )
    if clash:
        raise ValidationError(
            {"id_number": _("此證號已登錄於另一位民眾，請勿重複建立。")}, code="duplicate"
        )


@transaction.atomic
def create_person(actor, *, id_number: str, name: str, target_groups=(), context="", check_perm=True, **fields: Any) -> Person:
    """Register a person. ``check_perm`` is False only for the public's own applications."""
    if check_perm:
        require(actor, "core.change_person")
    v = normalize_identifier(id_number)
    try:
        id_type = classify_personal_id(v)
    except ValidationError as e:
        raise ValidationError({"id_number": e.messages}) from None
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("請輸入姓名。")})
    _check_identifier_free(v)
    person = Person(name=name, id_number=v, id_type=id_type, **{k: fields[k] for k in PERSON_FIELDS if k in fields})
    person.full_clean()
    person.save()
    if target_groups:
        person.target_groups.set(target_groups)
    audit.record_create(actor, person, context=context)
    return person


@transaction.atomic
def update_person(actor, person: Person, *, context="", target_groups=None, **fields: Any) -> Person:
    require(actor, "core.change_person")
    person = Person.objects.select_for_update().get(pk=person.pk)
    before = audit.snapshot(person, [k for k in PERSON_FIELDS if k in fields])
    for key in PERSON_FIELDS:
        if key in fields:
            setattr(person, key, fields[key])
    person.full_clean()
    person.save()
    audit.record_update(actor, person, before, context=context)
    if target_groups is not None:
        old = sorted(person.target_groups.values_list("code", flat=True))
        person.target_groups.set(target_groups)
        new = sorted(person.target_groups.values_list("code", flat=True))
        if old != new:
            audit.record_changes(
                actor, person, {"target_groups": {"before": old, "after": new}}, context=context
            )
    return person


def view_person(actor, pk: int, *, context="staff person record") -> Person:
    """Read one person's record for ``actor``; scoped, and logged as an access entry."""
    require(actor, "core.view_person")
    person = scope_people(actor, Person.objects.select_related("district")).filter(pk=pk).first()
    if person is None:
        raise Person.DoesNotExist
    audit.record_view(actor, person, context=context)
    return person


def search_people(actor, query: str):
    """Scoped, indexed search by exact identifier or name prefix (folded)."""
    from .text import fold

    require(actor, "core.view_person")
    qs = scope_people(actor, Person.objects.select_related("district"))
    q = (query or "").strip()
    if not q:
        return qs.none()
    v = normalize_identifier(q)
    return qs.filter(Q(id_number=v) | Q(former_identifiers__value=v) | Q(name_key__startswith=fold(q))).distinct()


@transaction.atomic
def create_organization(actor, *, name: str, kind: str, ubn: str | None = None, context="", check_perm=True, **fields: Any) -> Organization:
    if check_perm:
        require(actor, "core.change_organization")
    ubn = normalize_identifier(ubn) or None
    if ubn:
        try:
            validate_ubn(ubn)
        except ValidationError as e:
            raise ValidationError({"ubn": e.messages}) from None
        if Organization.objects.filter(ubn=ubn).exists():
            raise ValidationError({"ubn": _("此統一編號已登錄於另一個機構。")}, code="duplicate")
    org = Organization(name=(name or "").strip(), kind=kind, ubn=ubn, **fields)
    org.full_clean()
    org.save()
    audit.record_create(actor, org, context=context)
    return org


@transaction.atomic
def update_organization(actor, org: Organization, *, context="", **fields: Any) -> Organization:
    require(actor, "core.change_organization")
    org = Organization.objects.select_for_update().get(pk=org.pk)
    before = audit.snapshot(org, fields.keys())
    if "ubn" in fields:
        ubn = normalize_identifier(fields["ubn"]) or None
        if ubn:
            try:
                validate_ubn(ubn)
            except ValidationError as e:
                raise ValidationError({"ubn": e.messages}) from None
            if Organization.objects.filter(ubn=ubn).exclude(pk=org.pk).exists():
                raise ValidationError({"ubn": _("此統一編號已登錄於另一個機構。")}, code="duplicate")
        fields["ubn"] = ubn
    for key, value in fields.items():
        setattr(org, key, value)
    org.full_clean()
    org.save()
    audit.record_update(actor, org, before, context=context)
    return org
