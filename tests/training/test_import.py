"""Training roster import: formats, whole-file rejection, idempotence, CLI, web page, indicator."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from hopehome.core.choices import OrganizationKind
from hopehome.core.importing import SystemActor, header_key, importers
from hopehome.core.models import AuditEntry, Organization, Person
from hopehome.core.validators import _ID_WEIGHTS, LETTER_CODE, is_national_id
from hopehome.outcomes.registry import Period
from hopehome.training import indicators
from hopehome.training.choices import (
    CourseCategory,
    CourseStatus,
    EmploymentSource,
    EnrollmentStatus,
)
from hopehome.training.importers import DEFAULT_PROVIDER_NAME, import_training_roster
from hopehome.training.models import Course, EmploymentFollowUp, Enrollment
from hopehome.training.services import Applicant, apply

FIXTURES = Path(__file__).parent / "fixtures"
S = EnrollmentStatus
HEADER = "課程代碼,課程名稱,訓練類別,開訓日期,結訓日期,訓練時數,身分證字號,姓名,結訓狀態,就業日期,公法救助"


def make_id(letter: str, body: str) -> str:
    """A valid 身分證字號 from a letter and 8 digits (sex digit + 7): the check digit is computed."""
    digits = [int(c) for c in body]
    x1, x2 = divmod(LETTER_CODE[letter], 10)
    total = x1 + 9 * x2 + sum(w * d for w, d in zip(_ID_WEIGHTS[:8], digits, strict=True))
    value = f"{letter}{body}{(-total) % 10}"
    assert is_national_id(value)
    return value


def snapshot_counts() -> dict[str, int]:
    return {
        "courses": Course.objects.count(),
        "people": Person.objects.count(),
        "enrollments": Enrollment.objects.count(),
        "followups": EmploymentFollowUp.objects.count(),
        "audit": AuditEntry.objects.count(),
        "organizations": Organization.objects.count(),
    }


def run(actor, data: bytes, filename: str = "roster.csv", **kwargs):
    return import_training_roster(actor, io.BytesIO(data), filename=filename, **kwargs)


def zh_fixture() -> bytes:
    return (FIXTURES / "roster_zh.csv").read_bytes()


def with_cell(row_index: int, column: str, value: str) -> bytes:
    """The zh fixture with one cell replaced (row_index counts data rows from 0)."""
    lines = zh_fixture().decode("utf-8").splitlines()
    headers = lines[0].split(",")
    cells = lines[row_index + 1].split(",")
    cells[headers.index(column)] = value
    lines[row_index + 1] = ",".join(cells)
    return ("\n".join(lines) + "\n").encode("utf-8")


# --- formats --------------------------------------------------------------------------------
def test_it_imports_a_csv_with_chinese_headers(clerk):
    result = run(clerk, zh_fixture())

    assert result.ok, result.errors
    assert result.counts() == {
        "courses": {"created": 2, "updated": 0, "unchanged": 0},
        "people": {"created": 4, "updated": 0, "unchanged": 0},
        "enrollments": {"created": 4, "updated": 0, "unchanged": 0},
        "followups": {"created": 3, "updated": 0, "unchanged": 0},
    }
    course = Course.objects.get(code="108A01")
    assert (course.title, course.category, course.hours, course.capacity) == (
        "電腦輔助機械製圖班",
        CourseCategory.UNEMPLOYED,
        300,
        3,
    )
    assert (course.starts_on, course.ends_on, course.status) == (
        date(2019, 3, 1),
        date(2019, 6, 28),
        CourseStatus.FINISHED,
    )
    assert course.provider.name == DEFAULT_PROVIDER_NAME and course.provider.is_bureau_unit
    assert Course.objects.get(code="108B02").category == CourseCategory.CARE_WORKER
    by_name = {e.person.name: e for e in Enrollment.objects.select_related("person")}
    assert by_name["王小明"].status == S.COMPLETED and by_name["王小明"].hours_attended == 300
    assert (
        by_name["王小明"].completed_on == date(2019, 6, 28) and by_name["王小明"].counts_as_employed
    )
    assert by_name["陳美華"].status == S.EARLY_EMPLOYED and by_name["陳美華"].hours_attended == 150
    assert by_name["陳美華"].left_on == date(2019, 5, 20)
    assert by_name["林志豪"].status == S.DROPPED and by_name["林志豪"].hours_attended is None
    assert by_name["黃淑芬"].public_assistance is True
    followup = EmploymentFollowUp.objects.get(enrollment=by_name["黃淑芬"])
    assert followup.source == EmploymentSource.ROSTER and followup.insured_on == date(2019, 6, 1)
    assert AuditEntry.objects.filter(actor=clerk, context="training roster import").exists()


def test_it_imports_a_csv_with_english_headers_and_defaults_missing_course_facts(clerk):
    result = run(clerk, (FIXTURES / "roster_en.csv").read_bytes(), default_hours=12)

    assert result.ok, result.errors
    course = Course.objects.get(code="109C01")
    assert course.category == CourseCategory.IN_SERVICE
    assert course.starts_on == course.ends_on == date(2019, 11, 20)
    assert (course.hours, course.capacity) == (12, 2)
    assert Enrollment.objects.filter(course=course, status=S.COMPLETED).count() == 2
    assert EmploymentFollowUp.objects.get().public_assistance is False


def test_header_matching_ignores_case_spaces_and_bom():
    assert header_key("\ufeff Course Code ") == "course_code"
    assert header_key("NATIONAL-ID") == "national_id"
    assert header_key(" 課程代碼") == "課程代碼"


def test_it_imports_an_xlsx_with_date_cells(clerk, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER.split(","))
    ws.append(["108X01", "堆高機操作班", "失業者職前訓練", datetime(2019, 2, 1), datetime(2019, 3, 29), 120,
               "D100079198", "王小明", "提前就業", datetime(2019, 3, 1), "N"])  # fmt: skip
    ws.append(["108X01", "堆高機操作班", "失業者職前訓練", datetime(2019, 2, 1), 20190329, 120.0,
               "D100158381", "陳美華", "completed", None, None])  # fmt: skip
    path = tmp_path / "roster.xlsx"
    wb.save(path)

    result = run(clerk, path.read_bytes(), filename="roster.xlsx")

    assert result.ok, result.errors
    course = Course.objects.get(code="108X01")
    assert (course.starts_on, course.ends_on, course.hours) == (
        date(2019, 2, 1),
        date(2019, 3, 29),
        120,
    )
    early = Enrollment.objects.get(person__id_number="D100079198")
    assert (early.status, early.hours_attended, early.employed_on) == (
        S.EARLY_EMPLOYED,
        60,
        date(2019, 3, 1),
    )


def test_it_reads_a_utf8_bom_csv_with_roc_dates(clerk):
    text = (
        zh_fixture()
        .decode("utf-8")
        .replace("2019-06-28", "108/06/28")
        .replace("2019-03-01", "1080301")
    )
    result = run(clerk, b"\xef\xbb\xbf" + text.encode("utf-8"))

    assert result.ok, result.errors
    course = Course.objects.get(code="108A01")
    assert (course.starts_on, course.ends_on) == (date(2019, 3, 1), date(2019, 6, 28))


def test_it_reads_a_big5_csv(clerk):
    result = run(clerk, zh_fixture().decode("utf-8").encode("cp950"))

    assert result.ok, result.errors
    assert Person.objects.filter(name="黃淑芬").exists()


def test_it_refuses_a_file_that_is_neither_csv_nor_xlsx(clerk):
    with pytest.raises(ValidationError):
        run(clerk, b"hello", filename="roster.txt")
    assert Course.objects.count() == 0


# --- whole-file rejection -------------------------------------------------------------------
def test_a_bad_checksum_row_rejects_the_whole_file_and_changes_nothing(clerk):
    before = snapshot_counts()
    result = run(clerk, with_cell(1, "身分證字號", "D100158380"))

    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "身分證字號")]
    assert "檢查碼" in result.errors[0].message
    assert result.errors[0].display_value() == "D10****380"
    assert result.error_rows == 1
    assert snapshot_counts() == before


@pytest.mark.parametrize(
    "row,column,value,fragment",
    [
        (0, "訓練類別", "烹飪班", "訓練類別"),
        (0, "結訓日期", "2019-02-30", "不是存在的日期"),
        (2, "結訓狀態", "畢業", "結訓狀態"),
        (0, "姓名", "", "不可空白"),
        (3, "公法救助", "也許", "公法救助"),
        (2, "就業日期", "明天", "不是可辨識的日期"),
        (0, "訓練時數", "三百", "正整數"),
        (0, "開訓日期", "2019-07-01", "開訓日期不可晚於結訓日期"),
    ],
)
def test_a_bad_cell_rejects_the_whole_file_with_its_row_and_column(
    clerk, row, column, value, fragment
):
    before = snapshot_counts()
    result = run(clerk, with_cell(row, column, value))

    assert not result.ok
    assert any(
        e.row == row + 2 and e.column == column and fragment in e.message for e in result.errors
    ), result.errors
    assert snapshot_counts() == before


def test_the_same_trainee_twice_in_a_course_is_refused(clerk):
    data = zh_fixture() + zh_fixture().decode("utf-8").splitlines()[1].encode("utf-8") + b"\n"
    before = snapshot_counts()
    result = run(clerk, data)

    assert [(e.row, e.column) for e in result.errors] == [(6, "身分證字號")]
    assert "第 2 列" in result.errors[0].message
    assert snapshot_counts() == before


def test_rows_of_one_course_must_agree(clerk):
    result = run(clerk, with_cell(2, "課程名稱", "另一個班"))

    assert [(e.row, e.column) for e in result.errors] == [(4, "課程名稱")]
    assert Course.objects.count() == 0


def test_a_missing_column_is_reported_on_the_header_row(clerk):
    data = b"\xe8\xaa\xb2\xe7\xa8\x8b\xe4\xbb\xa3\xe7\xa2\xbc,name\n108A01,x\n"  # 課程代碼,name
    result = run(clerk, data)

    assert not result.ok
    assert {e.row for e in result.errors} == {1}
    assert {e.column for e in result.errors} >= {"課程名稱", "身分證字號", "結訓狀態"}


def test_employment_before_the_assumed_start_asks_for_a_start_date(clerk):
    text = (FIXTURES / "roster_en.csv").read_text("utf-8").replace("20191201", "20191101")
    result = run(clerk, text.encode("utf-8"))

    assert [(e.row, e.column) for e in result.errors] == [(3, "employed_on")]
    assert "開訓日期" in result.errors[0].message
    assert Course.objects.count() == 0


# --- matching and idempotence ---------------------------------------------------------------
def test_reimporting_the_same_file_changes_nothing(clerk):
    first = run(clerk, zh_fixture())
    assert first.ok
    before = snapshot_counts()
    states = list(
        Enrollment.objects.order_by("id").values_list(
            "status", "hours_attended", "left_on", "updated_at"
        )
    )

    second = run(clerk, zh_fixture())

    assert second.ok
    assert snapshot_counts() == before
    assert (
        list(
            Enrollment.objects.order_by("id").values_list(
                "status", "hours_attended", "left_on", "updated_at"
            )
        )
        == states
    )
    assert second.counts() == {
        "courses": {"created": 0, "updated": 0, "unchanged": 2},
        "people": {"created": 0, "updated": 0, "unchanged": 4},
        "enrollments": {"created": 0, "updated": 0, "unchanged": 4},
        "followups": {"created": 0, "updated": 0, "unchanged": 3},
    }


def test_an_existing_person_is_matched_not_duplicated(clerk):
    known = Person.objects.create(name="王小明", id_number="D100079198", id_type="national")

    result = run(clerk, zh_fixture())

    assert result.tally("people").created == 3 and result.tally("people").unchanged == 1
    assert Person.objects.filter(id_number="D100079198").count() == 1
    assert Enrollment.objects.get(course__code="108A01", person=known).status == S.COMPLETED


def test_an_existing_course_is_matched_and_a_contradiction_is_refused(clerk, make_course):
    existing = make_course(code="108A01", title="電腦輔助機械製圖班", starts_on=date(2019, 3, 1), ends_on=date(2019, 6, 28),
                           hours=300, status=CourseStatus.FINISHED)  # fmt: skip

    result = run(clerk, zh_fixture())
    assert result.ok, result.errors
    assert result.tally("courses").created == 1 and result.tally("courses").unchanged == 1
    assert Enrollment.objects.filter(course=existing).count() == 3

    Course.objects.filter(pk=existing.pk).update(code="108A99")
    make_course(
        code="108A01",
        title="不同的班",
        starts_on=date(2019, 3, 1),
        ends_on=date(2019, 6, 28),
        hours=300,
    )
    refused = run(clerk, zh_fixture())
    assert {(e.row, e.column) for e in refused.errors} == {
        (2, "課程名稱"),
        (3, "課程名稱"),
        (4, "課程名稱"),
    }


def test_an_unknown_course_is_created_with_the_chosen_provider(clerk):
    provider = Organization.objects.create(
        kind=OrganizationKind.TRAINING_PROVIDER, name="財團法人職訓協會"
    )

    run(clerk, zh_fixture(), provider=provider)

    assert set(Course.objects.values_list("provider__name", flat=True)) == {"財團法人職訓協會"}
    assert not Organization.objects.filter(name=DEFAULT_PROVIDER_NAME).exists()


def test_a_pending_application_is_admitted_and_closed_with_the_roster_outcome(clerk, make_course):
    course = make_course(code="108A01", title="電腦輔助機械製圖班", starts_on=date(2019, 3, 1),
                         ends_on=date(2019, 6, 28), hours=300)  # fmt: skip
    enrollment = apply(
        clerk, course, Applicant(id_number="D100079198", name="王小明"), channel="counter"
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(status=S.APPLIED)

    result = run(clerk, zh_fixture())

    assert result.ok, result.errors
    assert result.tally("enrollments").updated == 1 and result.tally("enrollments").created == 3
    enrollment.refresh_from_db()
    assert enrollment.status == S.COMPLETED and enrollment.counts_as_employed


def test_a_corrected_public_assistance_flag_updates_the_roster_followup(clerk):
    run(clerk, zh_fixture())

    result = run(clerk, with_cell(0, "公法救助", "Y"))

    assert result.tally("followups").updated == 1
    assert EmploymentFollowUp.objects.count() == 3
    assert Enrollment.objects.get(person__id_number="D100079198").public_assistance is True


def test_a_dry_run_counts_but_changes_nothing(clerk):
    before = snapshot_counts()
    result = run(clerk, zh_fixture(), dry_run=True)

    assert result.ok and result.dry_run
    assert result.tally("enrollments").created == 4
    assert snapshot_counts() == before


def test_staff_without_the_import_permission_are_refused(case_manager):
    with pytest.raises(PermissionDenied):
        run(case_manager, zh_fixture())
    assert Course.objects.count() == 0


# --- the indicator --------------------------------------------------------------------------
def test_the_employment_rate_over_imported_data_is_what_the_file_implies(clerk):
    lines = [HEADER]
    end = date(2019, 6, 28)
    for i in range(10):  # 10 completers: 8 employed within 90 days (1 of them by public assistance)
        employed = (end + timedelta(days=10 + i)).isoformat() if i < 8 else ""
        assistance = "Y" if i == 0 else "N"
        lines.append(
            f"108R01,門市服務班,失業者職前訓練,2019-03-01,{end},200,{make_id('F', f'1{i:07d}')},學員{i},結訓,{employed},{assistance}"
        )
    for i in range(2):  # 2 early employed
        lines.append(
            f"108R01,門市服務班,失業者職前訓練,2019-03-01,{end},200,{make_id('F', f'2{i:07d}')},提前{i},提前就業,2019-05-0{i + 1},N"
        )
    lines.append(
        f"108R01,門市服務班,失業者職前訓練,2019-03-01,{end},200,{make_id('F', '10000099')},退訓者,退訓,,"
    )

    result = run(clerk, ("\n".join(lines) + "\n").encode("utf-8"))
    assert result.ok, result.errors

    rate = indicators.unemployed_rate(Period(2019))
    assert (rate.numerator, rate.denominator) == (8 + 2 - 1, 10 + 2 - 1)
    assert rate.value == Decimal("81.8")


# --- command line ---------------------------------------------------------------------------
def test_the_cli_imports_a_good_file_as_the_system_actor(db, capsys):
    call_command("import", "training-roster", str(FIXTURES / "roster_zh.csv"))

    out = capsys.readouterr().out
    assert "匯入完成" in out and "新增 4" in out
    assert Enrollment.objects.count() == 4
    entries = AuditEntry.objects.filter(context="training roster import")
    assert entries.exists() and set(entries.values_list("actor_label", flat=True)) == {"system:cli"}


def test_the_cli_fails_on_a_bad_file_and_reports_rows_on_stderr(db, tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_bytes(with_cell(1, "身分證字號", "D100158380"))

    with pytest.raises(CommandError, match="1 列錯誤"):
        call_command("import", "training-roster", str(path))

    assert "第 3 列「身分證字號」" in capsys.readouterr().err
    assert Person.objects.count() == 0


def test_the_cli_runs_as_a_named_user_with_a_provider(clerk, capsys):
    Organization.objects.create(
        kind=OrganizationKind.TRAINING_PROVIDER, name="臺南職訓協會", ubn="04595257"
    )

    call_command(
        "import",
        "training-roster",
        str(FIXTURES / "roster_en.csv"),
        "--provider",
        "04595257",
        "--user",
        "clerk",
    )

    assert Course.objects.get(code="109C01").provider.name == "臺南職訓協會"
    assert set(AuditEntry.objects.values_list("actor_label", flat=True)) == {"clerk"}


def test_the_cli_refuses_a_user_without_the_permission(case_manager):
    with pytest.raises(CommandError, match="權限"):
        call_command(
            "import", "training-roster", str(FIXTURES / "roster_en.csv"), "--user", "case_manager"
        )
    assert Course.objects.count() == 0


def test_the_cli_refuses_an_unknown_provider_or_kind(db):
    with pytest.raises(CommandError, match="找不到訓練單位"):
        call_command(
            "import",
            "training-roster",
            str(FIXTURES / "roster_en.csv"),
            "--provider",
            "不存在的單位",
        )
    with pytest.raises(CommandError, match="training-roster"):
        call_command("import", "no-such-kind", str(FIXTURES / "roster_en.csv"))
    assert "training-roster" in [i.kind for i in importers()]


def test_the_cli_dry_run_changes_nothing(db, capsys):
    call_command("import", "training-roster", str(FIXTURES / "roster_zh.csv"), "--dry-run")

    assert "試算完成" in capsys.readouterr().out
    assert Course.objects.count() == 0 and AuditEntry.objects.count() == 0


def test_the_system_actor_has_no_user_row():
    actor = SystemActor(division="vtc")
    assert actor.pk is None and str(actor) == "system:cli"


# --- web page -------------------------------------------------------------------------------
def upload(client, data: bytes, name: str = "roster.csv", **fields):
    return client.post(
        reverse("training_import:upload"),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields},
    )


def test_a_clerk_uploads_a_roster(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("training_import:upload"))
    assert page.status_code == 200
    assert 'accept=".csv,.xlsx"' in page.content.decode()

    response = upload(client, zh_fixture())

    assert response.status_code == 200
    html = response.content.decode()
    assert "匯入完成" in html and "<caption>" in html and 'scope="row"' in html
    assert Enrollment.objects.count() == 4


def test_the_upload_page_reports_row_errors_and_imports_nothing(client, clerk):
    client.force_login(clerk)

    response = upload(client, with_cell(1, "身分證字號", "D100158380"))

    html = response.content.decode()
    assert "檔案有 1 列錯誤，未匯入任何資料" in html
    assert "D10****380" in html and "D100158380" not in html
    assert Person.objects.count() == 0


def test_the_upload_page_dry_run_writes_nothing(client, clerk):
    client.force_login(clerk)

    response = upload(client, zh_fixture(), dry_run="on")

    assert "試算完成" in response.content.decode()
    assert Course.objects.count() == 0


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("roster.txt", b"abc", "只接受 CSV"),
        ("roster.csv", b"a" * (5 * 1024 * 1024 + 1), "超過 5 MB"),
        ("roster.xlsx", b"not a zip file", "無法開啟 Excel"),
    ],
)
def test_the_upload_page_explains_a_file_it_cannot_take(client, clerk, name, data, message):
    client.force_login(clerk)

    response = upload(client, data, name=name)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Course.objects.count() == 0


def test_an_outsider_cannot_open_the_upload_page(client, outsider):
    client.force_login(outsider)

    assert client.get(reverse("training_import:upload")).status_code == 403
    assert upload(client, zh_fixture()).status_code == 403
    assert Course.objects.count() == 0


def test_a_withdrawn_application_is_not_overwritten_by_the_roster(clerk, make_course):
    course = make_course(
        code="108A01",
        title="電腦輔助機械製圖班",
        starts_on=date(2019, 3, 1),
        ends_on=date(2019, 6, 28),
        hours=300,
    )
    enrollment = apply(
        clerk, course, Applicant(id_number="D100079198", name="王小明"), channel="counter"
    )
    Enrollment.objects.filter(pk=enrollment.pk).update(status=S.WITHDRAWN)
    before = snapshot_counts()

    result = run(clerk, zh_fixture())

    assert [(e.row, e.column) for e in result.errors] == [(2, "身分證字號")]
    assert "取消報名" in result.errors[0].message
    assert snapshot_counts() == before


def test_an_employment_date_far_in_the_future_is_refused(clerk):
    future = (date.today() + timedelta(days=400)).isoformat()

    result = run(clerk, with_cell(0, "就業日期", future))

    assert [(e.row, e.column) for e in result.errors] == [(2, "就業日期")]
    assert Course.objects.count() == 0
