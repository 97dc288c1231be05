"""Import of the Ministry of Labor's open data: the real file, idempotence, rejection, CLI, web page."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from hopehome.core.choices import OrganizationKind
from hopehome.core.importing import SystemActor, get_importer
from hopehome.core.models import AuditEntry, District, Industry, Organization
from hopehome.core.search import search
from hopehome.inspection.choices import (
    AmountType,
    AppealStatus,
    Law,
    PenaltyEventKind,
    PenaltyStatus,
    Source,
)
from hopehome.inspection.importers import import_mol_violations, rejects_csv
from hopehome.inspection.models import Penalty, PenaltyEvent, PenaltyItem

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "mol-violations-employment-services-act.csv"
HEADER = "主管機關,公告日期,處分日期,處分字號,事業單位名稱或負責人,違法法規法條,違反法規內容,罰鍰金額,備註說明\n"
S = AppealStatus
ROW_A = '台南市,20240110,20231220,南市勞安字第1121618535號,一大經濟快餐(黃竫海),勞動基準法第30條第6項,未逐日記載出勤,"40,000",\n'
ROW_B = "台南市,20240110,20231220,南市勞安字第1121618535號,一大經濟快餐(黃竫海),勞動基準法第38條,未給特別休假,20000,\n"
ROW_C = "高雄市,20240301,20240105,高市勞條字第11330000100號,甲乙有限公司(陳甲),勞動基準法第24條;勞動基準法第39條,延長工時工資未給;假日工資未給,60000,訴願中\n"
BAD_DATE = "台南市,20240110,20230230,南市勞安字第1130000001號,乙公司(李乙),勞動基準法第24條,延長工時,20000,\n"
BAD_ACT = "台南市,20240110,20231220,南市勞安字第1130000002號,丙公司(張丙),食品安全衛生管理法第15條,標示不符,20000,\n"


@pytest.fixture
def actor():
    return SystemActor(division="osh")


def counts() -> dict[str, int]:
    return {
        "penalties": Penalty.objects.count(),
        "items": PenaltyItem.objects.count(),
        "events": PenaltyEvent.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def run(actor, text: str | bytes, filename: str = "mol.csv", **kwargs):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return import_mol_violations(actor, data, filename=filename, **kwargs)


# --- the real file ----------------------------------------------------------------------------
def test_the_real_file_imports_all_89_records_as_published_decisions(actor):
    result = run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name)
    assert result.ok, result.errors[:3]
    assert result.rows == 89 and result.imported_rows == 89 and not result.rejected
    assert counts() == {"penalties": 89, "items": 89, "events": 89, "audit": 89}
    assert result.counts()["penalties"] == {"created": 89, "updated": 0, "unchanged": 0}
    penalties = Penalty.objects.all()
    assert set(penalties.values_list("source", "status")) == {
        (Source.MOL_IMPORT, PenaltyStatus.PUBLISHED)
    }
    assert set(penalties.values_list("source_dataset", flat=True)) == {FIXTURE.name}
    # The 8-column file publishes no amounts: unknown, not zero.
    assert not penalties.exclude(initial_amount=None).exists()
    assert set(PenaltyItem.objects.values_list("law", "article")) == {(Law.ESA, "第5條第1項")}
    assert not penalties.filter(search_tokens="").exists()
    assert set(PenaltyEvent.objects.values_list("kind", flat=True)) == {PenaltyEventKind.ISSUED}


def test_tainan_records_use_the_official_spelling_and_keep_the_raw_one(actor):
    run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name)
    tainan = Penalty.objects.filter(authority="臺南市")
    assert tainan.count() == 14
    assert set(tainan.values_list("raw_authority", flat=True)) == {"台南市"}
    assert not Penalty.objects.filter(authority__contains="台").exists()


def test_real_file_quirks_land_in_the_right_fields(actor):
    run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name)
    ji = Penalty.objects.get(disposition_number="高市勞就字第11535750900號")
    assert (ji.unit_name, ji.responsible_person, ji.raw_name) == (
        "順昌青菓行",
        "張秉豐",
        "張秉豐即順昌青菓行",
    )
    wrapped = Penalty.objects.get(disposition_number="新北府勞業字第1110868770號")
    assert (wrapped.unit_name, wrapped.responsible_person) == ("", "丁文茵")
    labelled = Penalty.objects.get(disposition_number="110年府勞條字1100333088號")
    assert (labelled.unit_name, labelled.responsible_person, labelled.parse_confidence) == (
        "威品嘉莊園美食屋",
        "葉宸希",
        "high",
    )
    ambiguous = Penalty.objects.get(disposition_number="南市勞就字第1141793359B號")
    assert ambiguous.parse_confidence == "low"
    assert ambiguous.announced_on == date(2026, 1, 1) and ambiguous.decided_on == date(2026, 1, 2)
    foreign = Penalty.objects.get(disposition_number="新北府勞業字第1091621314號")
    assert foreign.responsible_person == "包安祖 (Andrew John Paul)"
    statuses = dict(Penalty.objects.values_list("disposition_number", "appeal_status"))
    assert statuses["115年府勞就1150286084號"] == S.APPEAL_PENDING  # 訴願程序中
    assert statuses["114年府勞就1140422416號"] == S.LITIGATION_PENDING  # 行政訴訟程序中
    assert statuses["府授勞就字第1120128992號"] == S.LITIGATION_PENDING  # 行政救濟中
    note = Penalty.objects.get(disposition_number="114年府勞資字第1143934022B號")
    assert (note.appeal_status, note.remarks) == (S.NONE_REPORTED, "行政罰法第8條但書及第18條第3項")
    assert Penalty.objects.filter(remarks="無", appeal_status=S.NONE_REPORTED).count() == 6


def test_imported_names_are_searchable_with_two_characters_and_tai_folding(actor):
    run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name)
    assert list(
        search(Penalty.objects.all(), "峇驛").values_list("responsible_person", flat=True)
    ) == ["應國馨"]
    assert search(Penalty.objects.all(), "臺灣保全").get().responsible_person == "林伯峰"
    assert search(Penalty.objects.all(), "黃鼎睿").count() == 1


def test_reimporting_the_real_file_changes_nothing(actor):
    run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name)
    before = counts()
    stamps = dict(Penalty.objects.values_list("id", "updated_at"))
    result = run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name)
    assert result.ok
    assert counts() == before
    assert dict(Penalty.objects.values_list("id", "updated_at")) == stamps
    assert result.counts()["penalties"] == {"created": 0, "updated": 0, "unchanged": 89}
    assert result.counts()["events"]["created"] == 0


def test_reimporting_under_another_dataset_name_changes_nothing(actor):
    run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name)
    before = counts()
    run(
        actor,
        FIXTURE.read_bytes(),
        filename="copy.csv",
        dataset="勞動部 違反就業服務法事業單位名單",
    )
    assert counts() == before


# --- decisions, items, amounts ----------------------------------------------------------------
def test_rows_sharing_authority_and_number_become_items_of_one_decision(actor):
    result = run(actor, HEADER + ROW_A + ROW_B)
    assert result.ok
    penalty = Penalty.objects.get()
    assert list(penalty.items.values_list("article", "amount")) == [
        ("第30條第6項", 40000),
        ("第38條", 20000),
    ]
    assert (penalty.initial_amount, penalty.current_amount, penalty.amount_type) == (
        60000,
        60000,
        AmountType.FINE,
    )
    assert penalty.events.get().kind == PenaltyEventKind.ISSUED
    assert result.counts()["items"]["created"] == 2


def test_several_articles_in_one_row_become_items_with_their_descriptions(actor):
    run(actor, HEADER + ROW_C)
    penalty = Penalty.objects.get()
    items = list(penalty.items.values_list("article", "description", "amount"))
    assert items == [("第24條", "延長工時工資未給", None), ("第39條", "假日工資未給", None)]
    assert penalty.initial_amount == 60000
    assert (penalty.appeal_status, penalty.authority, penalty.raw_authority) == (
        S.APPEAL_PENDING,
        "高雄市",
        "高雄市",
    )


def test_an_unknown_amount_on_one_item_leaves_the_decision_amount_unknown(actor):
    row = ROW_B.replace(",20000,", ",,")
    run(actor, HEADER + ROW_A + row)
    assert Penalty.objects.get().initial_amount is None


def test_the_pension_dataset_records_a_late_fee(actor):
    text = ("主管機關,公告日期,處分日期,處分字號,事業單位名稱或負責人,違法法規法條,違反法規內容,處分金額或滯納金,備註說明\n"
            "臺南市,20240110,20231220,南市勞資字第1121618535號,甲公司(王甲),勞工退休金條例第6條第1項,未申報提繳,3000,\n")  # fmt: skip
    run(actor, text)
    assert Penalty.objects.values_list("amount_type", "initial_amount").get() == (
        AmountType.LATE_FEE,
        3000,
    )


def test_html_entities_are_decoded_and_the_raw_name_kept(actor):
    run(
        actor,
        HEADER
        + "台南市,20240110,20231220,字第9號,長興工業有限公司(王&#23791;),勞動基準法第24條,延長工時,20000,\n",
    )
    penalty = Penalty.objects.get()
    assert (penalty.responsible_person, penalty.raw_name) == (
        "王峯",
        "長興工業有限公司(王&#23791;)",
    )
    assert search(Penalty.objects.all(), "王峰").exists()  # 峯/峰 folded in search


def test_a_dated_appeal_decision_in_the_remarks_is_an_event(actor):
    run(actor, HEADER + ROW_A.replace(",\n", ",113/6/13訴願駁回(原處分維持)\n"))
    penalty = Penalty.objects.get()
    assert penalty.appeal_status == S.UPHELD
    assert list(penalty.events.values_list("kind", "occurred_on")) == [
        (PenaltyEventKind.ISSUED, date(2023, 12, 20)), (PenaltyEventKind.APPEAL_DISMISSED, date(2024, 6, 13))]  # fmt: skip


def test_a_remark_dated_before_the_decision_is_flagged_not_recorded(actor):
    result = run(actor, HEADER + ROW_A.replace(",\n", ",111/6/13訴願駁回(原處分維持)\n"))
    penalty = Penalty.objects.get()
    assert penalty.appeal_status == S.UPHELD
    assert list(penalty.events.values_list("kind", flat=True)) == [PenaltyEventKind.ISSUED]
    assert any("早於處分日期" in w.message for w in result.warnings)


def test_identical_rows_are_merged_and_reported(actor):
    result = run(actor, HEADER + ROW_A + ROW_A + ROW_A.replace("20240110", "20240210"))
    assert result.ok
    assert (result.imported_rows, result.duplicate_rows) == (1, 2)
    penalty = Penalty.objects.get()
    assert penalty.items.count() == 1
    assert penalty.announced_on == date(2024, 1, 10)
    assert sum("已合併" in w.message for w in result.warnings) == 2


def test_an_organization_is_matched_by_its_exact_folded_name_when_unique(actor):
    org = Organization.objects.create(
        kind=OrganizationKind.EMPLOYER, name="甲乙有限公司", ubn="04595252",
        industry=Industry.objects.get(revision="11", code="C"), district=District.objects.get(postcode="710"),
    )  # fmt: skip
    Organization.objects.create(kind=OrganizationKind.EMPLOYER, name="一大經濟快餐")
    Organization.objects.create(kind=OrganizationKind.EMPLOYER, name="一大經濟快餐")
    run(actor, HEADER + ROW_A + ROW_C)
    matched = Penalty.objects.get(disposition_number="高市勞條字第11330000100號")
    assert (matched.organization, matched.industry_code, matched.district_postcode) == (
        org,
        "C",
        "710",
    )
    assert search(Penalty.objects.all(), "04595252").get() == matched
    assert Penalty.objects.get(disposition_number="南市勞安字第1121618535號").organization is None


def test_a_bureau_decision_with_the_same_number_is_not_overwritten(actor):
    own = Penalty.objects.create(
        authority="臺南市", disposition_number="南市勞安字第1121618535號", decided_on=date(2023, 12, 20),
        unit_name="一大經濟快餐", responsible_person="黃竫海", initial_amount=40000, current_amount=40000,
        source=Source.BUREAU, status=PenaltyStatus.PUBLISHED,
    )  # fmt: skip
    result = run(actor, HEADER + ROW_A)
    assert result.ok
    own.refresh_from_db()
    assert (own.source, own.row_hash, Penalty.objects.count()) == (Source.BUREAU, None, 1)
    assert any("本局已自行登錄" in w.message for w in result.warnings)


def test_a_changed_row_updates_the_decision_and_is_audited(actor):
    run(actor, HEADER + ROW_A)
    penalty = Penalty.objects.get()
    result = run(actor, HEADER + ROW_A.replace(",\n", ",113年5月11日訴願駁回\n"))
    penalty.refresh_from_db()
    assert result.counts()["penalties"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert (penalty.appeal_status, penalty.remarks) == (S.UPHELD, "113年5月11日訴願駁回")
    assert penalty.events.filter(
        kind=PenaltyEventKind.APPEAL_DISMISSED, occurred_on=date(2024, 5, 11)
    ).exists()
    entry = AuditEntry.objects.filter(object_id=str(penalty.pk), action="update").get()
    assert entry.changes["appeal_status"] == {"before": S.NONE_REPORTED, "after": S.UPHELD}
    # …and the same file again changes nothing more.
    before = counts()
    run(actor, HEADER + ROW_A.replace(",\n", ",113年5月11日訴願駁回\n"))
    assert counts() == before


# --- rejection ------------------------------------------------------------------------------
def test_a_file_with_an_unreadable_row_is_rejected_whole_with_a_row_report(actor):
    result = run(actor, HEADER + ROW_A + BAD_DATE + BAD_ACT)
    assert not result.ok
    assert counts() == {"penalties": 0, "items": 0, "events": 0, "audit": 0}
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "處分日期", "20230230"), (4, "違法法規法條", "食品安全衛生管理法第15條")]  # fmt: skip
    assert "不是存在的日期" in result.errors[0].message
    assert "未知的法規" in result.errors[1].message


@pytest.mark.parametrize(
    "row, column",
    [("台南市,20240110,20231220,,甲公司,勞動基準法第24條,x,100,\n", "處分字號"),
     ("台南市,20240110,20231220,字第1號,,勞動基準法第24條,x,100,\n", "事業單位名稱或負責人"),
     ("台南市,20240110,20231220,字第1號,甲公司,勞動基準法第24條,x,二萬,\n", "罰鍰金額"),
     ("台南市,20240110,19991220,字第1號,甲公司,勞動基準法第24條,x,100,\n", "處分日期"),
     ("台南市,20240110,20231220,字第1號,%%%,勞動基準法第24條,x,100,\n", "事業單位名稱或負責人"),
     ("台南市,20240110,20231220,字第1號,甲公司,請見附件,x,100,\n", "違法法規法條")],
)  # fmt: skip
def test_garbage_rows_are_reported_with_their_column(actor, row, column):
    result = run(actor, HEADER + row)
    assert [e.column for e in result.errors] == [column]
    assert not Penalty.objects.exists()


def test_conflicting_rows_of_one_decision_are_errors(actor):
    other_date = ROW_B.replace("20231220", "20231221")
    result = run(actor, HEADER + ROW_A + other_date)
    assert [(e.row, e.column) for e in result.errors] == [(3, "處分日期")]
    assert "第 2 列" in result.errors[0].message
    other_text = ROW_A.replace("未逐日記載出勤", "另一種說法")
    result = run(actor, HEADER + ROW_A + other_text)
    assert [(e.row, e.column) for e in result.errors] == [(3, "違法法規法條")]
    assert not Penalty.objects.exists()


def test_partial_import_loads_good_decisions_and_returns_every_rejected_row(actor):
    sibling = BAD_DATE.replace("勞動基準法第24條", "勞動基準法第32條").replace(
        "20230230", "20230228"
    )
    result = run(actor, HEADER + ROW_A + BAD_DATE + sibling + BAD_ACT + ROW_C, partial=True)
    assert result.ok
    assert set(Penalty.objects.values_list("disposition_number", flat=True)) == {
        "南市勞安字第1121618535號", "高市勞條字第11330000100號"}  # fmt: skip
    assert [r.row for r in result.rejected] == [3, 4, 5]
    reasons = {r.row: r.reasons for r in result.rejected}
    assert "不是存在的日期" in reasons[3][0]
    assert "第 3 列有誤" in reasons[4][0]  # its sibling row sinks the whole decision
    assert "未知的法規" in reasons[5][0]
    rows = list(csv.reader(io.StringIO(rejects_csv(result))))
    assert rows[0][:3] == ["列號", "未匯入原因", "主管機關"]
    assert [r[0] for r in rows[1:]] == ["3", "4", "5"]
    assert rows[1][2:] == next(csv.reader(io.StringIO(BAD_DATE)))
    assert result.imported_rows + len(result.rejected) + result.duplicate_rows == result.rows


def test_a_rejects_file_can_be_corrected_and_imported(actor):
    result = run(actor, HEADER + ROW_A + BAD_DATE, partial=True)
    corrected = rejects_csv(result).replace("20230230", "20230228")
    again = run(actor, corrected)
    assert again.ok and again.imported_rows == 1
    assert Penalty.objects.count() == 2


def test_a_dry_run_counts_and_changes_nothing(actor):
    result = run(actor, FIXTURE.read_bytes(), filename=FIXTURE.name, dry_run=True)
    assert result.ok and result.dry_run
    assert result.counts()["penalties"]["created"] == 89
    assert counts() == {"penalties": 0, "items": 0, "events": 0, "audit": 0}


def test_files_that_cannot_be_read_at_all_are_refused(actor):
    with pytest.raises(ValidationError):
        run(actor, FIXTURE.read_bytes(), filename="mol.xlsx")
    with pytest.raises(ValidationError):
        run(actor, b"")
    with pytest.raises(ValidationError):
        run(actor, HEADER)


def test_only_inspection_import_holders_may_import(actor, inspector, osh_clerk, outsider):
    for user in (inspector, outsider):
        with pytest.raises(PermissionDenied):
            run(user, HEADER + ROW_A)
    assert run(osh_clerk, HEADER + ROW_A).ok
    penalty = Penalty.objects.get()
    assert penalty.events.get().recorded_by == osh_clerk
    assert AuditEntry.objects.get(object_id=str(penalty.pk)).actor == osh_clerk


# --- command line ---------------------------------------------------------------------------
def test_the_importer_is_registered_under_its_kind():
    assert get_importer("mol-violations").kind == "mol-violations"


def test_cli_imports_the_real_file_and_reports_how_every_row_was_accounted_for():
    out = io.StringIO()
    call_command("import", "mol-violations", str(FIXTURE), stdout=out)
    text = out.getvalue()
    assert Penalty.objects.count() == 89
    assert "共 89 列：匯入 89 列" in text
    assert "公告日期早於處分日期" in text
    assert AuditEntry.objects.filter(actor_label="system:cli").count() == 89


def test_cli_rejects_a_bad_file_with_a_non_zero_exit_and_the_row_report(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + ROW_A + BAD_DATE, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "mol-violations", str(path), stderr=err)
    assert "第 3 列「處分日期」「20230230」" in err.getvalue()
    assert not Penalty.objects.exists()


def test_cli_partial_writes_rejected_rows_with_reasons_to_the_file(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(HEADER + ROW_A + BAD_ACT, encoding="utf-8")
    rejects = tmp_path / "rejects.csv"
    out = io.StringIO()
    call_command(
        "import",
        "mol-violations",
        str(path),
        "--partial",
        str(rejects),
        "--dataset",
        "測試資料集",
        stdout=out,
    )
    assert Penalty.objects.get().source_dataset == "測試資料集"
    rows = list(csv.reader(rejects.open(encoding="utf-8-sig", newline="")))
    assert [r[0] for r in rows[1:]] == ["3"] and "未知的法規" in rows[1][1]
    assert str(rejects) in out.getvalue()


def test_cli_dry_run_and_user_options(tmp_path, osh_clerk, inspector):
    call_command("import", "mol-violations", str(FIXTURE), "--dry-run", stdout=io.StringIO())
    assert not Penalty.objects.exists()
    with pytest.raises(CommandError):
        call_command(
            "import", "mol-violations", str(FIXTURE), "--user", "inspector", stdout=io.StringIO()
        )
    call_command(
        "import", "mol-violations", str(FIXTURE), "--user", "osh_clerk", stdout=io.StringIO()
    )
    assert AuditEntry.objects.filter(actor=osh_clerk).count() == 89


def test_cli_refuses_an_unwritable_rejects_file_before_importing(tmp_path):
    with pytest.raises(CommandError):
        call_command(
            "import", "mol-violations", str(FIXTURE), "--partial", str(tmp_path / "no" / "dir.csv")
        )
    assert not Penalty.objects.exists()


# --- the staff page -------------------------------------------------------------------------
URL = "inspection_import:upload"


def upload(client, content: str | bytes, name: str = "mol.csv", **fields):
    data = content.encode("utf-8") if isinstance(content, str) else content
    payload = {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields}
    return client.post(reverse(URL), payload)


def test_the_upload_page_is_for_import_permission_holders_only(
    client, osh_clerk, inspector, outsider
):
    assert client.get(reverse(URL)).status_code == 302
    client.force_login(inspector)
    assert client.get(reverse(URL)).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse(URL)).status_code == 403
    client.force_login(osh_clerk)
    page = client.get(reverse(URL))
    assert page.status_code == 200
    assert "匯入勞動部違反勞動法令名單" in page.content.decode()


def test_uploading_the_real_file_imports_it(client, osh_clerk):
    client.force_login(osh_clerk)
    response = upload(client, FIXTURE.read_bytes(), FIXTURE.name)
    body = response.content.decode()
    assert response.status_code == 200
    assert "匯入完成" in body and "開放資料 8 欄格式" in body and "待查核事項" in body
    assert Penalty.objects.count() == 89


def test_uploading_a_bad_file_shows_the_row_report_and_changes_nothing(client, osh_clerk):
    client.force_login(osh_clerk)
    body = upload(client, HEADER + ROW_A + BAD_DATE).content.decode()
    assert "未匯入任何資料" in body and "20230230" in body and "不是存在的日期" in body
    assert not Penalty.objects.exists()


def test_a_partial_upload_offers_the_rejected_rows_for_download(client, osh_clerk, outsider):
    client.force_login(osh_clerk)
    body = upload(client, HEADER + ROW_A + BAD_ACT, partial="on").content.decode()
    assert Penalty.objects.count() == 1
    assert reverse("inspection_import:rejects") in body
    download = client.get(reverse("inspection_import:rejects"))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    text = download.content.decode("utf-8-sig")
    assert "未知的法規" in text and "食品安全衛生管理法第15條" in text
    client.force_login(outsider)
    assert client.get(reverse("inspection_import:rejects")).status_code == 403


def test_the_rejects_download_is_not_found_without_a_partial_import(client, osh_clerk):
    client.force_login(osh_clerk)
    assert client.get(reverse("inspection_import:rejects")).status_code == 404


@pytest.mark.parametrize(
    "content, name, fragment",
    [
        ("x", "mol.xlsx", "只接受 CSV"),
        ("姓名,電話\n王,1\n", "mol.csv", "找不到欄位名稱列"),
        ("", "mol.csv", ""),
    ],
)
def test_unreadable_uploads_are_form_errors(client, osh_clerk, content, name, fragment):
    client.force_login(osh_clerk)
    response = upload(client, content, name)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert fragment in response.content.decode()
    assert not Penalty.objects.exists()


def test_a_dry_run_upload_counts_without_writing(client, osh_clerk):
    client.force_login(osh_clerk)
    body = upload(client, FIXTURE.read_bytes(), FIXTURE.name, dry_run="on").content.decode()
    assert "試算完成" in body
    assert not Penalty.objects.exists()
