"""Uploads: type by content, size limit, metadata stripped, private storage, checked downloads."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty
from PIL import Image, PngImagePlugin
from PIL import features as pil_features

from hopehome.casework import housing
from hopehome.casework.choices import AttachmentKind
from hopehome.casework.models import Attachment, private_storage
from hopehome.casework.uploads import open_attachment, store_attachment
from hopehome.core.models import AuditEntry

GPS_IFD = 34853


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    """Uploaded files go to a temporary VAR_DIR for each test."""
    settings.VAR_DIR = tmp_path
    private_storage._wrapped = empty
    yield tmp_path / "uploads"
    private_storage._wrapped = empty


def jpeg_with_gps(size=(40, 20), orientation: int | None = None) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (22.0, 59.0, 30.0), 3: "E", 4: (120.0, 12.0, 0.0)}
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"home of the worker")
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "23.0 N 120.2 E")
    out = io.BytesIO()
    Image.new("RGBA", (16, 16), (0, 120, 0, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def upload(
    data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def stored_files(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def repair(welfare_clerk):
    return housing.apply_for_repair(
        welfare_clerk, applicant={"id_number": "A123456789", "name": "林美華", "phone": "0912000111"},
        category="disadvantaged", address="臺南市東區裕農路 1 號",
        applied_on=timezone.localdate() - timedelta(days=30),
    )  # fmt: skip


# --- cleaning -------------------------------------------------------------------------------
def test_a_jpeg_comes_out_without_exif_gps_or_comment(welfare_clerk, repair, private_dir):
    original = jpeg_with_gps()
    assert (
        Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    )  # the test photo has a location
    a = store_attachment(
        welfare_clerk, kind="before", uploaded_file=upload(original), repair=repair
    )
    stored = (private_dir / a.file.name).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and a.content_type == "image/jpeg"
    assert len(image.getexif()) == 0
    assert GPS_IFD not in image.getexif() and not image.getexif().get_ifd(GPS_IFD)
    assert "exif" not in image.info and "comment" not in image.info
    assert (
        b"Exif" not in stored
        and b"home of the worker" not in stored
        and b"PhoneMaker" not in stored
    )
    assert a.size == len(stored) and a.sha256 == hashlib.sha256(stored).hexdigest()


def test_the_exif_orientation_is_applied_before_the_metadata_is_dropped(
    welfare_clerk, repair, private_dir
):
    a = store_attachment(welfare_clerk, kind="before", uploaded_file=upload(jpeg_with_gps((40, 20), orientation=6)),
                         repair=repair)  # fmt: skip
    image = Image.open(private_dir / a.file.name)
    assert image.size == (20, 40)  # turned upright
    assert image.getexif().get(0x0112) is None


def test_a_png_keeps_its_transparency_but_loses_its_text_chunks(welfare_clerk, repair, private_dir):
    a = store_attachment(welfare_clerk, kind="survey", uploaded_file=upload(png_with_text(), "s.png", "image/png"),
                         repair=repair)  # fmt: skip
    stored = (private_dir / a.file.name).read_bytes()
    image = Image.open(io.BytesIO(stored))
    assert image.format == "PNG" and image.mode == "RGBA"
    assert b"120.2 E" not in stored and "Comment" not in image.info


@pytest.mark.skipif(not pil_features.check("webp"), reason="Pillow without WebP")
def test_a_webp_photo_is_accepted_and_re_encoded(welfare_clerk, repair, private_dir):
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 0, 255)).save(out, "WEBP")
    a = store_attachment(welfare_clerk, kind="survey", uploaded_file=upload(out.getvalue(), "w.webp", "image/webp"),
                         repair=repair)  # fmt: skip
    assert a.content_type == "image/webp"
    assert Image.open(private_dir / a.file.name).format == "WEBP"


def test_a_pdf_is_stored_byte_for_byte(welfare_clerk, repair, private_dir):
    a = store_attachment(welfare_clerk, kind="evidence", uploaded_file=upload(PDF, "低收入戶證明.pdf", "application/pdf"),
                         repair=repair)  # fmt: skip
    assert (private_dir / a.file.name).read_bytes() == PDF
    assert a.content_type == "application/pdf" and a.original_name == "低收入戶證明.pdf"
    assert a.sha256 == hashlib.sha256(PDF).hexdigest() and a.size == len(PDF)


def test_the_type_comes_from_the_content_not_the_name_or_browser(welfare_clerk, repair):
    a = store_attachment(welfare_clerk, kind="survey", uploaded_file=upload(png_with_text(), "scan.pdf", "application/pdf"),
                         repair=repair)  # fmt: skip
    assert a.content_type == "image/png"
    assert a.original_name == "scan.pdf.png"
    assert a.file.name.endswith(".png")


def test_files_get_a_random_name_under_var_dir_uploads(
    welfare_clerk, repair, private_dir, tmp_path
):
    a = store_attachment(
        welfare_clerk,
        kind="before",
        uploaded_file=upload(jpeg_with_gps(), "林美華家門口.jpg"),
        repair=repair,
    )
    path = private_dir / a.file.name
    assert path.is_file() and path.resolve().is_relative_to((tmp_path / "uploads").resolve())
    assert "林美華" not in a.file.name and "家門口" not in a.file.name
    assert a.original_name == "林美華家門口.jpg"
    b = store_attachment(
        welfare_clerk,
        kind="before",
        uploaded_file=upload(jpeg_with_gps(), "林美華家門口.jpg"),
        repair=repair,
    )
    assert b.file.name != a.file.name


def test_a_folder_in_the_uploaded_name_is_dropped(welfare_clerk, repair):
    a = store_attachment(
        welfare_clerk,
        kind="evidence",
        uploaded_file=upload(PDF, "../../etc/證明.pdf"),
        repair=repair,
    )
    assert a.original_name == "證明.pdf"


# --- refusals -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.jpg", "檔案是空的"),
        (b"hello, this is text", "note.jpg", "只接受"),
        (
            b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;",
            "a.gif",
            "只接受",
        ),
        (b"%PDF-1.4\n1 0 obj\n<<", "cut.pdf", "PDF 檔案不完整"),
        (b"<html><script>alert(1)</script></html>", "page.png", "只接受"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_stored(
    welfare_clerk, repair, private_dir, data, name, message
):
    with pytest.raises(ValidationError) as e:
        store_attachment(
            welfare_clerk, kind="survey", uploaded_file=upload(data, name), repair=repair
        )
    assert message in " ".join(e.value.message_dict["file"])
    assert Attachment.objects.count() == 0 and stored_files(private_dir) == []


def test_a_corrupt_photo_is_refused(welfare_clerk, repair, private_dir):
    whole = jpeg_with_gps((200, 200))
    truncated = whole[: len(whole) // 2]
    png = png_with_text()
    broken_png = png[:40] + b"\x00" * 8 + png[48:]
    for data in (truncated, broken_png):
        with pytest.raises(ValidationError) as e:
            store_attachment(
                welfare_clerk, kind="survey", uploaded_file=upload(data), repair=repair
            )
        assert "已損毀" in " ".join(e.value.message_dict["file"])
    assert Attachment.objects.count() == 0 and stored_files(private_dir) == []


def test_an_oversized_file_is_refused(welfare_clerk, repair, private_dir, settings):
    settings.HOPEHOME = {**settings.HOPEHOME, "UPLOAD_MAX_BYTES": 1024 * 1024}
    big = PDF[:-7] + b"0" * (1024 * 1024) + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as e:
        store_attachment(
            welfare_clerk, kind="evidence", uploaded_file=upload(big, "big.pdf"), repair=repair
        )
    assert "上限" in " ".join(e.value.message_dict["file"])
    assert Attachment.objects.count() == 0 and stored_files(private_dir) == []


def test_the_default_limit_is_ten_megabytes_when_the_setting_is_absent(settings):
    from hopehome.casework.uploads import max_upload_bytes

    settings.HOPEHOME = {k: v for k, v in settings.HOPEHOME.items() if k != "UPLOAD_MAX_BYTES"}
    assert max_upload_bytes() == 10 * 1024 * 1024


def test_after_photos_wait_for_the_work_to_start(welfare_clerk, repair):
    with pytest.raises(ValidationError) as e:
        store_attachment(
            welfare_clerk, kind="after", uploaded_file=upload(jpeg_with_gps()), repair=repair
        )
    assert "kind" in e.value.message_dict


def test_an_attachment_needs_exactly_one_owner(welfare_clerk, repair, injury_case, cm):
    with pytest.raises(ValidationError):
        store_attachment(welfare_clerk, kind="evidence", uploaded_file=upload(PDF))
    with pytest.raises((ValidationError, PermissionDenied)):
        store_attachment(
            cm, kind="evidence", uploaded_file=upload(PDF), repair=repair, injury_case=injury_case
        )
    assert Attachment.objects.count() == 0


# --- permissions and audit ------------------------------------------------------------------
def test_only_housing_staff_attach_to_a_repair(repair, outsider, inspector, director):
    for user in (outsider, inspector, director):  # director views, does not manage
        with pytest.raises(PermissionDenied):
            store_attachment(
                user, kind="before", uploaded_file=upload(jpeg_with_gps()), repair=repair
            )
    assert Attachment.objects.count() == 0


def test_only_those_who_see_a_case_attach_to_it(
    injury_case, cm, cm2, welfare_clerk, outsider, worker
):
    for user in (cm2, welfare_clerk, outsider):
        with pytest.raises(PermissionDenied):
            store_attachment(
                user, kind="case_document", uploaded_file=upload(PDF), injury_case=injury_case
            )
    a = store_attachment(
        cm, kind="case_document", uploaded_file=upload(PDF, "診斷證明.pdf"), injury_case=injury_case
    )
    entry = AuditEntry.objects.get(
        object_type="casework.attachment", object_id=str(a.pk), action="create"
    )
    assert entry.person == worker and entry.actor == cm


def test_a_repair_attachment_is_audited_against_the_applicant(welfare_clerk, repair):
    a = store_attachment(
        welfare_clerk, kind="before", uploaded_file=upload(jpeg_with_gps()), repair=repair
    )
    entry = AuditEntry.objects.get(
        object_type="casework.attachment", object_id=str(a.pk), action="create"
    )
    assert entry.person == repair.applicant


# --- downloads ------------------------------------------------------------------------------
@pytest.fixture
def case_file(cm, injury_case):
    return store_attachment(
        cm,
        kind="case_document",
        uploaded_file=upload(PDF, "診斷證明書.pdf"),
        injury_case=injury_case,
    )


@pytest.fixture
def repair_photo(welfare_clerk, repair):
    return store_attachment(
        welfare_clerk,
        kind="before",
        uploaded_file=upload(jpeg_with_gps(), "門口.jpg"),
        repair=repair,
    )


def test_the_case_manager_downloads_a_case_file_and_the_read_is_logged(
    client, cm, case_file, worker
):
    client.force_login(cm)
    response = client.get(reverse("housing:attachment", args=[case_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert "%E8%A8%BA%E6%96%B7" in response["Content-Disposition"]  # 診斷 (RFC 5987)
    assert b"".join(response.streaming_content) == PDF
    view = AuditEntry.objects.get(
        object_type="casework.attachment", object_id=str(case_file.pk), action="view"
    )
    assert view.person == worker and view.actor == cm


@pytest.mark.parametrize(
    "persona", ["cm2", "welfare_clerk", "outsider", "inspector", "supervisor", "administrator"]
)
def test_others_cannot_download_a_case_file(client, request, case_file, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("housing:attachment", args=[case_file.pk]))
    assert response.status_code == 403
    assert b"%PDF" not in response.content
    assert not AuditEntry.objects.filter(object_type="casework.attachment", action="view").exists()


def test_the_supervisor_and_director_download_a_case_file(
    client, case_file, welfare_supervisor, director
):
    for user in (welfare_supervisor, director):
        client.force_login(user)
        assert client.get(reverse("housing:attachment", args=[case_file.pk])).status_code == 200


def test_repair_photos_go_to_housing_staff_only(
    client, repair_photo, welfare_clerk, director, outsider, inspector, citizen
):
    url = reverse("housing:attachment", args=[repair_photo.pk])
    for user in (welfare_clerk, director):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "inline" in response["Content-Disposition"]
    for user in (outsider, inspector, citizen):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_a_missing_attachment_is_not_found(client, welfare_clerk):
    client.force_login(welfare_clerk)
    assert client.get(reverse("housing:attachment", args=[999999])).status_code == 404


def test_open_attachment_refuses_an_outsider(repair_photo, outsider):
    with pytest.raises(PermissionDenied):
        open_attachment(outsider, repair_photo.pk)


def test_files_are_not_reachable_under_static_or_media(
    client, welfare_clerk, repair_photo, case_file, settings
):
    client.force_login(welfare_clerk)
    assert not settings.MEDIA_ROOT  # nothing is published as media
    for a in (repair_photo, case_file):
        for prefix in ("/media/", "/static/", "/uploads/", "/static/uploads/"):
            response = client.get(prefix + a.file.name)
            assert response.status_code == 404
            assert b"%PDF" not in response.content and b"JFIF" not in response.content
    assert not str(private_storage.location).startswith(str(settings.STATIC_ROOT))


def test_an_upload_of_another_kind_to_a_case_is_refused(cm, injury_case):
    with pytest.raises(ValidationError):
        store_attachment(
            cm, kind=AttachmentKind.BEFORE, uploaded_file=upload(PDF), injury_case=injury_case
        )
