"""Downloads of the register: MOL 9-column CSV, full CSV, JSON, the export command, the dictionary."""

from __future__ import annotations

import csv
import io
import json
import types
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from hopehome.core.importing import SystemActor
from hopehome.inspection import exports, mol
from hopehome.inspection.choices import AppealStatus, Law, PenaltyStatus, Source
from hopehome.inspection.importers import import_mol_violations
from hopehome.inspection.models import Penalty, PenaltyEvent, PenaltyItem

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "mol-violations-employment-services-act.csv"
COMPLAINANT = "蘇美玲檢舉人"


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def make_penalty(
    number: str, *, status=PenaltyStatus.PUBLISHED, decided_on=date(2024, 3, 5), items=(), **fields
):
    values = {
        "authority": "臺南市", "disposition_number": number, "decided_on": decided_on,
        "announced_on": date(2024, 4, 1), "unit_name": "將寶實業股份有限公司", "responsible_person": "陳大同",
        "initial_amount": 60000, "current_amount": 60000, "source": Source.BUREAU, "status": status,
    }  # fmt: skip
    values.update(fields)
    penalty = Penalty.objects.create(**values)
    for law, article, description, amount in items:
        PenaltyItem.objects.create(
            penalty=penalty, law=law, article=article, description=description, amount=amount
        )
    return penalty


ITEMS = [(Law.LSA, "第24條", "延長工作時間未依規定加給工資", 20000),
         (Law.LSA, "第32條第2項", "延長工作時間超過法令規定", 40000)]  # fmt: skip


@pytest.fixture
def imported():
    result = import_mol_violations(
        SystemActor(division="osh"), FIXTURE.read_bytes(), filename=FIXTURE.name
    )
    assert result.ok
    return result


# --- the MOL 9-column CSV -------------------------------------------------------------------
def test_the_mol_csv_has_exactly_the_ministry_header():
    rows = read_csv("".join(exports.mol_csv_rows(Penalty.objects.all())))
    assert rows == [list(mol.MOL_HEADER)]
    assert len(mol.MOL_HEADER) == 9


def test_a_bureau_penalty_is_written_in_the_ministry_format():
    make_penalty("府勞條字第1130000001號", items=ITEMS, appeal_status=AppealStatus.APPEAL_PENDING)
    [header, row] = read_csv("".join(exports.mol_csv_rows(Penalty.objects.all())))
    assert dict(zip(header, row, strict=True)) == {
        "主管機關": "臺南市", "公告日期": "20240401", "處分日期": "20240305", "處分字號": "府勞條字第1130000001號",
        "事業單位名稱或負責人": "將寶實業股份有限公司(陳大同)",
        "違法法規法條": "勞動基準法第24條;勞動基準法第32條第2項",
        "違反法規內容": "延長工作時間未依規定加給工資;延長工作時間超過法令規定",
        "罰鍰金額": "60000", "備註說明": "訴願中",
    }  # fmt: skip


def test_remarks_say_the_appeal_status_once_and_keep_the_notes():
    assert exports.mol_remarks(AppealStatus.NONE_REPORTED, "") == ""
    assert (
        exports.mol_remarks(AppealStatus.NONE_REPORTED, "行政罰法第8條但書") == "行政罰法第8條但書"
    )
    assert exports.mol_remarks(AppealStatus.UPHELD, "") == "原處分維持"
    assert exports.mol_remarks(AppealStatus.APPEAL_PENDING, "訴願程序中") == "訴願程序中"
    assert (
        exports.mol_remarks(AppealStatus.UPHELD, "勞動部113年度專案")
        == "原處分維持；勞動部113年度專案"
    )


def test_unknown_amounts_are_empty_not_zero(imported):
    rows = read_csv("".join(exports.mol_csv_rows(Penalty.objects.all())))
    assert len(rows) == 90
    assert {r[7] for r in rows[1:]} == {""}


def test_the_name_is_written_as_published(imported):
    rows = read_csv("".join(exports.mol_csv_rows(Penalty.objects.filter(authority="臺南市"))))
    names = {r[4] for r in rows[1:]}
    assert {
        "應國馨(峇驛商行)",
        "劉峻宇即臺南市私立育仁文理短期補習班",
        "嘉里大榮物流股份有限公司(沈宗桂)",
    } <= names
    assert {r[0] for r in rows[1:]} == {"臺南市"}


def test_only_published_penalties_are_exported():
    make_penalty("字第1號")
    make_penalty("字第2號", status=PenaltyStatus.DECIDED)
    make_penalty("字第3號", status=PenaltyStatus.WITHDRAWN)
    for writer in (exports.mol_csv_rows, exports.full_csv_rows, exports.json_lines):
        text = "".join(writer(Penalty.objects.all()))
        assert "字第1號" in text and "字第2號" not in text and "字第3號" not in text


def test_round_trip_tainan_rows_reimport_into_an_empty_database(imported):
    tainan = Penalty.objects.filter(authority="臺南市")
    expected = sorted(tainan.values_list("disposition_number", "unit_name", "responsible_person", "decided_on",
                                         "announced_on", "appeal_status"))  # fmt: skip
    text = "".join(exports.mol_csv_rows(tainan))
    PenaltyEvent.objects.all().delete()
    Penalty.objects.all().delete()
    result = import_mol_violations(
        SystemActor(division="osh"), text.encode("utf-8"), filename="tainan.csv"
    )
    assert result.ok, result.errors
    assert result.variant == mol.API_9
    assert Penalty.objects.count() == 14
    again = sorted(Penalty.objects.values_list("disposition_number", "unit_name", "responsible_person",
                                               "decided_on", "announced_on", "appeal_status"))  # fmt: skip
    assert again == expected
    assert set(Penalty.objects.values_list("authority", "raw_authority")) == {("臺南市", "臺南市")}
    assert not Penalty.objects.exclude(initial_amount=None).exists()


def test_a_bureau_penalty_round_trips_with_its_items_and_amount():
    make_penalty("府勞條字第1130000001號", items=ITEMS, appeal_status=AppealStatus.UPHELD)
    text = "".join(exports.mol_csv_rows(Penalty.objects.all()))
    Penalty.objects.all().delete()
    import_mol_violations(SystemActor(division="osh"), text.encode(), filename="x.csv")
    penalty = Penalty.objects.get()
    assert (penalty.initial_amount, penalty.appeal_status, penalty.unit_name, penalty.responsible_person) == (
        60000, AppealStatus.UPHELD, "將寶實業股份有限公司", "陳大同")  # fmt: skip
    assert list(penalty.items.values_list("article", "description")) == [
        ("第24條", "延長工作時間未依規定加給工資"), ("第32條第2項", "延長工作時間超過法令規定")]  # fmt: skip


# --- full CSV and JSON ----------------------------------------------------------------------
def test_the_full_csv_has_every_public_field(imported):
    make_penalty("府勞條字第1130000001號", items=ITEMS)
    rows = read_csv("".join(exports.full_csv_rows(Penalty.objects.all())))
    assert rows[0] == list(exports.FULL_COLUMNS)
    records = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert len(records) == 90
    own = next(r for r in records if r["source"] == Source.BUREAU)
    assert (own["initial_amount"], own["current_amount"], own["decided_on"], own["laws"]) == (
        "60000", "60000", "2024-03-05", "勞動基準法")  # fmt: skip
    imported_row = next(
        r for r in records if r["disposition_number"] == "南市勞就字第1141793359B號"
    )
    assert (imported_row["authority"], imported_row["authority_as_published"]) == (
        "臺南市",
        "台南市",
    )
    assert (imported_row["source"], imported_row["source_dataset"]) == (
        Source.MOL_IMPORT,
        FIXTURE.name,
    )
    assert (imported_row["initial_amount"], imported_row["announced_on"]) == ("", "2026-01-01")
    pending = next(r for r in records if r["disposition_number"] == "115年府勞就1150286084號")
    assert (pending["appeal_status"], pending["appeal_status_label"], pending["under_appeal"]) == (
        AppealStatus.APPEAL_PENDING, "訴願中", "Y")  # fmt: skip


def test_the_json_downloads_carry_the_items(imported):
    make_penalty("府勞條字第1130000001號", items=ITEMS)
    data = json.loads("".join(exports.json_chunks(Penalty.objects.all())))
    assert len(data) == 90
    own = next(d for d in data if d["disposition_number"] == "府勞條字第1130000001號")
    assert [i["article"] for i in own["items"]] == ["第24條", "第32條第2項"]
    assert own["items"][0]["law"] == {"value": "lsa", "label": "勞動基準法"}
    assert own["amount"] == 60000 and own["under_appeal"] is False
    lines = list(exports.json_lines(Penalty.objects.all()))
    assert len(lines) == 90
    assert {json.loads(line)["id"] for line in lines} == {d["id"] for d in data}
    assert json.loads("".join(exports.json_chunks(Penalty.objects.none()))) == []


def test_no_export_reveals_the_complainant(make_published_penalty):
    penalty = make_published_penalty(
        origin="complaint",
        complaint={"complainant_name": COMPLAINANT, "complainant_phone": "0912-345-678",
                   "complainant_email": "complainant@example.tw", "content": "公司未給付加班費",
                   "received_on": date.today() - timedelta(days=20)},
    )  # fmt: skip
    assert penalty.inspection.complaint.complainant_name == COMPLAINANT
    for writer in (
        exports.mol_csv_rows,
        exports.full_csv_rows,
        exports.json_chunks,
        exports.json_lines,
    ):
        text = "".join(writer(Penalty.objects.all()))
        assert penalty.disposition_number in text
        assert (
            COMPLAINANT not in text
            and "0912-345-678" not in text
            and "complainant@example.tw" not in text
        )
        assert "公司未給付加班費" not in text


# --- streaming ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "writer", [exports.mol_csv_rows, exports.full_csv_rows, exports.json_chunks, exports.json_lines]
)
def test_every_writer_is_a_generator_that_reads_nothing_until_asked(writer):
    make_penalty("字第1號", items=ITEMS)
    with CaptureQueriesContext(connection) as queries:
        stream = writer(Penalty.objects.all())
    assert isinstance(stream, types.GeneratorType)
    assert len(queries) == 0
    assert "".join(stream)


def test_penalties_are_read_in_chunks_not_all_at_once():
    for n in range(7):
        make_penalty(f"字第{n}號", items=ITEMS[:1])
    with CaptureQueriesContext(connection) as queries:
        records = exports.penalty_records(Penalty.objects.all(), chunk_size=3)
        first = next(records)
        after_first = len(queries)
        rest = list(records)
    assert first["items"][0]["article"] == "第24條"
    assert len(rest) == 6
    item_queries = [q for q in queries.captured_queries if "inspection_penaltyitem" in q["sql"]]
    assert after_first < len(queries)  # later chunks were fetched later
    assert len(item_queries) == 3  # one per chunk of three, not one per penalty


def test_the_full_download_runs_a_constant_number_of_queries_per_chunk(
    django_assert_max_num_queries,
):
    for n in range(25):
        make_penalty(f"字第{n}號", items=ITEMS)
    with django_assert_max_num_queries(2):
        rows = list(exports.full_rows(Penalty.objects.all()))
    assert len(rows) == 26


# --- the command ----------------------------------------------------------------------------
def test_export_command_writes_the_9_column_file(imported, tmp_path):
    path = tmp_path / "mol.csv"
    out = io.StringIO()
    call_command("export", "mol-violations", str(path), stdout=out)
    rows = read_csv(path.read_text(encoding="utf-8"))
    assert rows[0] == list(mol.MOL_HEADER) and len(rows) == 90
    assert "已匯出 89 筆" in out.getvalue()


def test_export_command_filters_by_year_of_decision(imported, tmp_path):
    path = tmp_path / "2024.csv"
    call_command("export", "mol-violations", "--year", "2024", str(path), stdout=io.StringIO())
    rows = read_csv(path.read_text(encoding="utf-8"))[1:]
    expected = Penalty.objects.filter(decided_on__year=2024).count()
    assert len(rows) == expected > 0
    assert all(r[2].startswith("2024") for r in rows)


def test_export_command_writes_to_stdout_with_dash(imported):
    out, err = io.StringIO(), io.StringIO()
    call_command("export", "mol-violations", "--year", "2019", "-", stdout=out, stderr=err)
    rows = read_csv(out.getvalue())
    assert rows[0] == list(mol.MOL_HEADER)
    assert len(rows) == 1 + Penalty.objects.filter(decided_on__year=2019).count()
    assert "已匯出" in err.getvalue() and "已匯出" not in out.getvalue()


@pytest.mark.parametrize("year", ["abc", "1999", "20245", "113", "3000"])
def test_export_command_refuses_a_bad_year(year, tmp_path):
    path = tmp_path / "x.csv"
    with pytest.raises(CommandError) as info:
        call_command("export", "mol-violations", "--year", year, str(path))
    assert "年度" in str(info.value)
    assert not path.exists()


def test_export_command_writes_full_json(imported, tmp_path):
    path = tmp_path / "all.json"
    call_command("export", "penalties", "--format", "json", str(path), stdout=io.StringIO())
    assert len(json.loads(path.read_text(encoding="utf-8"))) == 89


def test_export_command_reports_an_unwritable_file(tmp_path):
    with pytest.raises(CommandError):
        call_command("export", "mol-violations", str(tmp_path / "missing" / "x.csv"))


# --- the data dictionary --------------------------------------------------------------------
def test_the_data_dictionary_describes_every_exported_field_in_both_languages():
    described = {d["field"] for d in exports.DATA_DICTIONARY}
    assert set(exports.FULL_COLUMNS) <= described
    assert set(mol.MOL_HEADER) <= described
    assert {"items", "amount"} <= described  # JSON-only fields
    assert all(d["zh"] and d["en"] and d["type"] for d in exports.DATA_DICTIONARY)


def _reference_csv(queryset) -> str:
    """The full CSV as ``csv.writer`` writes it from :func:`exports.full_rows`."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(exports.full_rows(queryset))
    return out.getvalue()


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_the_full_csv_written_by_the_database_is_what_csv_writer_writes(imported, language):
    """The database writes most fields as CSV text; the file is byte for byte the reference."""
    make_penalty("府勞條字第1130000001號", items=ITEMS, appeal_status=AppealStatus.APPEAL_PENDING)
    odd = make_penalty("府勞條字第1130000002號", items=ITEMS[:1])
    Penalty.objects.filter(pk=odd.pk).update(
        content='含逗號,與"引號"\n及換行', remarks="第一行\r\n第二行", unit_name="甲, 乙公司",
        responsible_person='王"大"明', raw_name="", current_amount=None, source_dataset="a,b.csv",
    )  # fmt: skip
    named = make_penalty("府勞條字第1130000003號", items=())
    Penalty.objects.filter(pk=named.pk).update(raw_name="\u3000 寶&amp;來有限公司（林一） ")
    spaced = make_penalty("府勞條字第1130000004號", items=ITEMS)
    Penalty.objects.filter(pk=spaced.pk).update(raw_name="\u3000 空白實業有限公司(李二)\t")
    with translation.override(language):
        fast = "".join(exports.full_csv_rows(Penalty.objects.all()))
        assert fast == _reference_csv(Penalty.objects.all())
    assert len(read_csv(fast)) == 94


def test_the_full_csv_quotes_a_lone_carriage_return():
    penalty = make_penalty("字第1號", items=ITEMS[:1])
    Penalty.objects.filter(pk=penalty.pk).update(remarks="甲\r乙")
    text = "".join(exports.full_csv_rows(Penalty.objects.all()))
    assert '"甲\r乙"' in text
    assert read_csv(text)[1][exports.FULL_COLUMNS.index("remarks")] == "甲\r乙"
