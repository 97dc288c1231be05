"""Audit trail: changes made through services, and views/exports of personal records."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from .choices import AuditAction
from .middleware import current_ip
from .models import AuditEntry, Person


def _plain(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` as JSON-ready data (foreign keys as ids)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        if field.name in {"created_at", "updated_at", "name_key"}:
            continue
        data[field.name] = _plain(getattr(obj, field.attname))
    return data


def _actor_label(actor) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "username", None) or str(actor)


def _write(actor, action, obj, *, person=None, changes=None, context="") -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        person=person if person is not None else (obj if isinstance(obj, Person) else None),
        changes=changes or {},
        context=context[:200],
        ip_address=current_ip.get(),
    )


def record_create(actor, obj, *, person=None, context="") -> AuditEntry:
    return _write(
        actor, AuditAction.CREATE, obj, person=person, changes={"after": snapshot(obj)}, context=context
    )


def record_update(actor, obj, before: dict[str, Any], *, person=None, context="") -> AuditEntry | None:
    """Record the fields that changed; nothing is written when nothing changed."""
    after = snapshot(obj, before.keys())
    changed = {k: {"before": before[k], "after": after.get(k)} for k in before if before[k] != after.get(k)}
    if not changed:
        return None
    return _write(actor, AuditAction.UPDATE, obj, person=person, changes=changed, context=context)


def record_changes(actor, obj, changed: dict[str, Any], *, person=None, context="") -> AuditEntry:
    """Record changes computed by the caller (for example many-to-many sets)."""
    return _write(actor, AuditAction.UPDATE, obj, person=person, changes=changed, context=context)


def record_delete(actor, obj, *, person=None, context="") -> AuditEntry:
    return _write(
        actor, AuditAction.DELETE, obj, person=person, changes={"before": snapshot(obj)}, context=context
    )


def record_view(actor, person: Person, *, context="") -> AuditEntry:
    return _write(actor, AuditAction.VIEW, person, person=person, context=context)


def record_export(actor, people: Iterable[Person], *, context="") -> int:
    """One export entry per person whose record left the system."""
    entries = [
        AuditEntry(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_actor_label(actor),
            action=AuditAction.EXPORT,
            object_type=Person._meta.label_lower,
            object_id=str(p.pk),
            object_repr=str(p)[:200],
            person=p,
            context=context[:200],
            ip_address=current_ip.get(),
        )
        for p in people
    ]
    AuditEntry.objects.bulk_create(entries, batch_size=500)
    return len(entries)


def record_access(actor, obj, *, action=AuditAction.VIEW, person=None, context="") -> AuditEntry:
    """Record a view (or other access) of a record that is not itself a :class:`Person`, for
    example a public account's profile not yet linked to the registry."""
    return _write(actor, action, obj, person=person, context=context)
