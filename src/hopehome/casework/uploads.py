"""Uploaded photos and PDFs of cases and repairs: checked, cleaned, stored privately.

A file's type is decided by its content, never by its name or the browser's content type. Photos
(JPEG, PNG, WebP) are decoded and written again without any metadata — EXIF (including GPS
location), XMP, ICC comments and text chunks are dropped — after the EXIF orientation has been
applied so the picture stays upright. PDFs are kept byte for byte once their header and trailer
check out. Files are stored with :data:`hopehome.casework.models.private_storage` under a random
name and are served only by :func:`open_attachment` through a permission-checked view.
"""

from __future__ import annotations

import hashlib
import io
import os
import unicodedata
import uuid
import warnings
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from PIL import features as pil_features

from hopehome.core import audit
from hopehome.core.choices import AuditAction
from hopehome.core.permissions import has_perm, require
from hopehome.core.text import join_list

from .choices import AttachmentKind, RepairStatus
from .models import Attachment, InjuryCase, RepairApplication

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 60_000_000  # larger pictures are refused rather than decoded
PDF_CONTENT_TYPE = "application/pdf"
CASE_KINDS = frozenset({AttachmentKind.CASE_DOCUMENT, AttachmentKind.EVIDENCE})
REPAIR_KINDS = frozenset(
    {AttachmentKind.EVIDENCE, AttachmentKind.SURVEY, AttachmentKind.BEFORE, AttachmentKind.AFTER}
)


@dataclass(frozen=True)
class FileType:
    """A type we accept: its MIME type, file extension and Pillow save format (None for PDF)."""

    content_type: str
    extension: str
    pil_format: str | None


PHOTO_TYPES: dict[str, FileType] = {
    "JPEG": FileType("image/jpeg", ".jpg", "JPEG"),
    "PNG": FileType("image/png", ".png", "PNG"),
}
if pil_features.check("webp"):
    PHOTO_TYPES["WEBP"] = FileType("image/webp", ".webp", "WEBP")
PDF_TYPE = FileType(PDF_CONTENT_TYPE, ".pdf", None)
EXTENSIONS = {
    "image/jpeg": {".jpg", ".jpeg"},
    "image/png": {".png"},
    "image/webp": {".webp"},
    PDF_CONTENT_TYPE: {".pdf"},
}


def max_upload_bytes() -> int:
    return int(getattr(settings, "HOPEHOME", {}).get("UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def accepted_types_label() -> str:
    names = ["JPEG", "PNG"] + (["WebP"] if "WEBP" in PHOTO_TYPES else []) + ["PDF"]
    return join_list(names)


# --- checking and cleaning ------------------------------------------------------------------
def _refuse(message, **params) -> ValidationError:
    return ValidationError({"file": ValidationError(message, params=params or None)})


def _read(uploaded_file) -> bytes:
    limit = max_upload_bytes()
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > limit:
        raise _refuse(_("檔案超過 %(mb)s MB 的上限，請縮小後再上傳。"), mb=limit // (1024 * 1024))
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(limit + 1)
    if not data:
        raise _refuse(_("檔案是空的，請重新選擇檔案。"))
    if len(data) > limit:
        raise _refuse(_("檔案超過 %(mb)s MB 的上限，請縮小後再上傳。"), mb=limit // (1024 * 1024))
    return data


def _check_pdf(data: bytes) -> tuple[bytes, FileType]:
    if b"%%EOF" not in data[-2048:]:
        raise _refuse(_("PDF 檔案不完整或已損毀，請重新產生後再上傳。"))
    return data, PDF_TYPE


def _looks_like_photo(data: bytes) -> bool:
    """The file starts like one of the accepted photo types (so a failure means it is damaged)."""
    return (
        data.startswith(b"\xff\xd8\xff")
        or data.startswith(b"\x89PNG\r\n\x1a\n")
        or ("WEBP" in PHOTO_TYPES and data[:4] == b"RIFF" and data[8:12] == b"WEBP")
    )


def _clean_photo(data: bytes) -> tuple[bytes, FileType]:
    """Decode the picture, apply its orientation, and encode it again with no metadata."""
    not_accepted = _("只接受 %(types)s 格式的照片或文件；此檔案的內容不是這些格式。")
    corrupt = _("照片檔案已損毀或不完整，無法讀取，請重新拍攝或另存後再上傳。")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind = PHOTO_TYPES.get(probe.format or "")
                if kind is None:
                    raise _refuse(not_accepted, types=accepted_types_label())
                if probe.width * probe.height > MAX_PIXELS:
                    raise _refuse(_("照片尺寸過大（超過 6,000 萬像素），請縮小後再上傳。"))
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image)
    except UnidentifiedImageError:
        if _looks_like_photo(data):
            raise _refuse(corrupt) from None
        raise _refuse(not_accepted, types=accepted_types_label()) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(_("照片尺寸過大（超過 6,000 萬像素），請縮小後再上傳。")) from None
    except ValidationError:
        raise
    except Exception:  # Pillow raises OSError, SyntaxError, ValueError … on damaged data
        raise _refuse(corrupt) from None
    return _encode(upright, kind), kind


def _encode(image: Image.Image, kind: FileType) -> bytes:
    options: dict[str, Any] = {}
    if kind.pil_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        options = {"quality": 90, "optimize": True}
    elif kind.pil_format == "PNG":
        if image.mode == "P":
            image = image.convert("RGBA" if "transparency" in image.info else "RGB")
        elif image.mode not in ("1", "L", "LA", "I", "I;16", "RGB", "RGBA"):
            image = image.convert("RGBA")
        options = {"optimize": True}
    else:  # WebP
        if image.mode not in ("RGB", "RGBA"):
            image = image.convert(
                "RGBA" if "A" in image.mode or "transparency" in image.info else "RGB"
            )
        options = {"quality": 90}
    # A fresh copy with empty info: nothing of the original file's metadata can be carried over.
    clean = image.copy()
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, format=kind.pil_format, **options)
    return out.getvalue()


def inspect_upload(uploaded_file) -> tuple[bytes, FileType]:
    """The content to store and its type, or a ValidationError on the ``file`` field."""
    data = _read(uploaded_file)
    if data.startswith(b"%PDF-"):
        return _check_pdf(data)
    return _clean_photo(data)


def _display_name(uploaded_file, kind: FileType) -> str:
    """The name the person gave the file (for the download), without any folder or controls."""
    raw = os.path.basename(str(getattr(uploaded_file, "name", "") or "").replace("\\", "/"))
    name = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C").strip().strip(".")
    if not name:
        name = "attachment"
    stem, ext = os.path.splitext(name)
    if ext.lower() not in EXTENSIONS[kind.content_type]:
        stem, ext = name, kind.extension
    return stem[: 200 - len(ext)] + ext


# --- storing --------------------------------------------------------------------------------
def _check_owner(actor, kind: str, injury_case, repair):
    if (injury_case is None) == (repair is None):
        raise ValidationError(_("附件必須屬於一個職災個案或一件修繕申請。"))
    if injury_case is not None:
        from .services import visible_cases

        require(actor, "casework.manage_case")
        if not visible_cases(actor).filter(pk=injury_case.pk).exists():
            raise PermissionDenied(_("您沒有檢視此個案的權限，或個案不存在。"))
        if kind not in CASE_KINDS:
            raise ValidationError({"kind": _("請選擇附件類別。")})
        return injury_case.person
    require(actor, "housing.manage")
    if kind not in REPAIR_KINDS:
        raise ValidationError({"kind": _("請選擇附件類別。")})
    if kind == AttachmentKind.AFTER and repair.status not in (
        RepairStatus.IN_PROGRESS,
        RepairStatus.COMPLETED,
    ):
        raise ValidationError({"kind": _("修繕後照片須在開始施工後才能上傳。")})
    return repair.applicant


@transaction.atomic
def store_attachment(actor, *, kind: str, uploaded_file, caption: str = "",
                     injury_case: InjuryCase | None = None,
                     repair: RepairApplication | None = None) -> Attachment:  # fmt: skip
    """Check, clean and store one upload for a case or a repair; audited."""
    person = _check_owner(actor, kind, injury_case, repair)
    caption = (caption or "").strip()
    if len(caption) > 200:
        raise ValidationError({"caption": _("說明不可超過 200 個字。")})
    if uploaded_file is None:
        raise _refuse(_("請選擇要上傳的檔案。"))
    content, file_type = inspect_upload(uploaded_file)
    attachment = Attachment(
        injury_case=injury_case, repair=repair, kind=kind, caption=caption, uploaded_by=actor,
        original_name=_display_name(uploaded_file, file_type), content_type=file_type.content_type,
        size=len(content), sha256=hashlib.sha256(content).hexdigest(),
    )  # fmt: skip
    attachment.file.save(
        f"{uuid.uuid4().hex}{file_type.extension}", ContentFile(content), save=False
    )
    try:
        attachment.save()
        owner = injury_case.number if injury_case is not None else repair.number
        audit.record_create(actor, attachment, person=person, context=f"attachment of {owner}")
    except BaseException:
        attachment.file.storage.delete(attachment.file.name)
        raise
    return attachment


# --- reading --------------------------------------------------------------------------------
def open_attachment(actor, pk: int) -> Attachment:
    """An attachment for download: refused unless the actor may see its case or repair; logged."""
    attachment = (
        Attachment.objects.select_related("injury_case__person", "repair__applicant")
        .filter(pk=pk)
        .first()
    )
    if attachment is None:
        raise Attachment.DoesNotExist
    if attachment.injury_case_id is not None:
        from .services import visible_cases

        require(actor, "casework.view_case")
        if not visible_cases(actor).filter(pk=attachment.injury_case_id).exists():
            raise PermissionDenied(_("您沒有檢視此個案的權限，或個案不存在。"))
        person, owner = attachment.injury_case.person, attachment.injury_case.number
    else:
        if not has_perm(actor, "housing.view"):
            raise PermissionDenied(_("您沒有執行此項作業的權限。"))
        person, owner = attachment.repair.applicant, attachment.repair.number
    audit._write(
        actor, AuditAction.VIEW, attachment, person=person, context=f"attachment of {owner}"
    )  # noqa: SLF001
    return attachment
