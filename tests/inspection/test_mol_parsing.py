"""Reading the Ministry of Labor's violation files: formats, names, articles, remarks, dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from hopehome.inspection import mol
from hopehome.inspection.choices import AmountType, AppealStatus, Law

FIXTURE = Path(__file__).parent / "fixtures" / "mol-violations-employment-services-act.csv"
TODAY = date(2026, 11, 26)
S = AppealStatus
API9 = "主管機關,公告日期,處分日期,處分字號,事業單位名稱或負責人,違法法規法條,違反法規內容,罰鍰金額,備註說明\n"
WEBSITE = (
    "違反雇主清冊\n"
    '編號,縣市／單位別,公告日期,"事業單位名稱(負責人)\n自然人姓名",處分日期,處分字號,違反法規條款,法條敘述,罰鍰金額,備註\n'
)


def parse(text: str):
    return mol.parse_file(text.encode("utf-8"), today=TODAY)


# --- dates and amounts ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        ("20191210", date(2019, 12, 10)),
        ("108/12/10", date(2019, 12, 10)),
        ("108/1/5", date(2019, 1, 5)),
        ("108年12月10日", date(2019, 12, 10)),
        ("1081210", date(2019, 12, 10)),
        ("2019-12-10", date(2019, 12, 10)),
        ("９９/０５/０１", date(2010, 5, 1)),
    ],
)
def test_parse_tw_date_reads_gregorian_and_roc_forms(value, expected):
    assert mol.parse_tw_date(value, today=TODAY) == expected


@pytest.mark.parametrize(
    "value, fragment",
    [("20190230", "不是存在的日期"), ("108/13/01", "不是存在的日期"), ("19991231", "合理範圍"),
     ("20290101", "合理範圍"), ("明年", "不是可辨識的日期"), ("", "空白")],
)  # fmt: skip
def test_parse_tw_date_rejects_impossible_or_out_of_range_dates(value, fragment):
    with pytest.raises(mol.CellError) as info:
        mol.parse_tw_date(value, today=TODAY)
    assert fragment in str(info.value.message)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("20,000", 20000),
        ("20000", 20000),
        (" 3 000 元", 3000),
        ("", None),
        ("  ", None),
        ("NT$1,500", 1500),
    ],
)
def test_parse_amount_strips_separators_and_keeps_empty_as_unknown(value, expected):
    assert mol.parse_amount(value) == expected


@pytest.mark.parametrize("value", ["二萬", "-5000", "20000.5", "1e5"])
def test_parse_amount_rejects_text_that_is_not_a_whole_amount(value):
    with pytest.raises(mol.CellError):
        mol.parse_amount(value)


def test_disposition_numbers_lose_line_breaks_and_spaces():
    assert mol.normalise_disposition("新北府勞業字第\n1110868770號") == "新北府勞業字第1110868770號"
    assert mol.normalise_disposition("府勞檢字 第1080068183號 ") == "府勞檢字第1080068183號"


# --- names ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, unit, person, confidence",
    [
        ("一豆實業有限公司(黃丑瑞)", "一豆實業有限公司", "黃丑瑞", "high"),
        ("惠隆資訊股份有限公司（薛啟天）", "惠隆資訊股份有限公司", "薛啟天", "high"),
        ("桃園市平鎮區新榮國民小學(負責人:劉宏隆)", "桃園市平鎮區新榮國民小學", "劉宏隆", "high"),
        ("某某有限公司(負責人：王小明)", "某某有限公司", "王小明", "high"),
        ("葉宸希即威品嘉莊園美食屋\n(負責人：葉宸希)", "威品嘉莊園美食屋", "葉宸希", "high"),
        ("海盜船電子股份有限公司(包安祖(Andrew John Paul))", "海盜船電子股份有限公司", "包安祖 (Andrew John Paul)", "high"),
        ("屏東縣玉田非營利幼兒園(委託社團法人東台灣幼兒教保專業促進協會辦理)(陳淑芳)",
         "屏東縣玉田非營利幼兒園(委託社團法人東台灣幼兒教保專業促進協會辦理)", "陳淑芳", "high"),
        ("凃秋蘭即美麗城餐飲", "美麗城餐飲", "凃秋蘭", "high"),
        ("張秉豐即順昌青菓行", "順昌青菓行", "張秉豐", "high"),
        ("陳一豪", "", "陳一豪", "high"),
        ("丁文茵", "", "丁文茵", "high"),
        ("廣生堂國際股份有限公司", "廣生堂國際股份有限公司", "", "high"),
        ("劉炘媃即升亞企業社  ", "升亞企業社", "劉炘媃", "high"),
        ("洪英公寓大廈管理維護公司(鍾正豪 )", "洪英公寓大廈管理維護公司", "鍾正豪", "high"),
        ("鉝荃有限公司( 張筱凰)", "鉝荃有限公司", "張筱凰", "high"),
        ("豐(台灣)商業銀行股份有限公司(黃碧娟)", "豐(台灣)商業銀行股份有限公司", "黃碧娟", "high"),
        ("応用科技有限公司(謝幸延(清算人))", "応用科技有限公司", "謝幸延 (清算人)", "high"),
        ("應國馨(峇驛商行)", "峇驛商行", "應國馨", "low"),
        ("(王文惠)即臺南市私立迦南山莊老人長期照顧中心(養護型)", "臺南市私立迦南山莊老人長期照顧中心(養護型)", "王文惠", "low"),
        ("一把照有限公司(\t陳用格)", "一把照有限公司", "陳用格", "low"),
        ("?亭停車事業股份有限公司(陳文俊)", "?亭停車事業股份有限公司", "陳文俊", "low"),
        ("(趙順康)", "", "趙順康", "low"),
    ],
)  # fmt: skip
def test_parse_name_handles_every_published_shape(raw, unit, person, confidence):
    parts = mol.parse_name(raw)
    assert (parts.unit, parts.person, parts.confidence) == (unit, person, confidence)
    assert parts.raw == raw  # the raw value is kept untouched


def test_parse_name_decodes_html_entities_but_keeps_the_raw_text():
    parts = mol.parse_name("長興工業有限公司(王&#23791;)")
    assert parts.person == "王峯"
    assert parts.raw == "長興工業有限公司(王&#23791;)"


# --- articles ---------------------------------------------------------------------------------
def keys(text: str) -> list[tuple[str, str]]:
    return [a.key for a in mol.parse_articles(text)]


def test_parse_articles_reads_act_article_and_paragraph():
    assert keys("勞動基準法第23條第1項") == [(Law.LSA, "第23條第1項")]
    assert keys("勞動基準法第36條第2項第3款") == [(Law.LSA, "第36條第2項第3款")]


def test_article_spellings_with_dash_or_zhi_are_one_article():
    assert keys("勞動基準法第38-1條") == keys("勞動基準法第38條之1") == [(Law.LSA, "第38條之1")]
    assert keys("勞動基準法第38-1條第1項") == [(Law.LSA, "第38條之1第1項")]
    assert keys("勞動基準法第二十四條") == [(Law.LSA, "第24條")]
    assert keys("勞動基準法第３２條 第２項") == [(Law.LSA, "第32條第2項")]


def test_act_aliases_and_the_renamed_gender_act_map_to_one_law():
    assert keys("性別工作平等法第14條") == keys("性別平等工作法第14條") == [(Law.GENDER, "第14條")]
    assert keys("勞基法第36條第1項") == [(Law.LSA, "第36條第1項")]
    assert keys("就業服務法第5條第1項") == [(Law.ESA, "第5條第1項")]


def test_several_articles_are_split_on_either_semicolon_with_spaces_or_line_breaks():
    expected = [(Law.LSA, "第24條"), (Law.LSA, "第39條")]
    assert keys("勞動基準法第24條;勞動基準法第39條") == expected
    assert keys("勞動基準法第24條； 勞動基準法第39條") == expected
    assert keys("勞動基準法第24條;\n勞動基準法第39條") == expected
    assert keys("勞動基準法第24條;第39條") == expected  # the act carries over
    assert keys("勞動基準法第30條\n第5項") == [(Law.LSA, "第30條第5項")]


@pytest.mark.parametrize(
    "text, fragment",
    [("食品安全衛生管理法第15條", "未知的法規"), ("請見附件", "無法辨識"), ("勞動基準法", "缺少條次"),
     ("第24條", "未寫明法規"), ("", "未填"), ("勞動基準法第24條;另案處理", "無法辨識")],
)  # fmt: skip
def test_parse_articles_rejects_unknown_acts_and_garbage(text, fragment):
    with pytest.raises(mol.CellError) as info:
        mol.parse_articles(text)
    assert fragment in str(info.value.message)


def test_descriptions_are_matched_to_articles_by_semicolons_or_lines():
    assert mol.split_descriptions("工資未全額直接給付勞工; 每七日中未有一日之休息作為例假。", 2) == (
        ["工資未全額直接給付勞工", "每七日中未有一日之休息作為例假。"], True)  # fmt: skip
    assert mol.split_descriptions("甲。\n乙。\n丙。", 3) == (["甲。", "乙。", "丙。"], True)
    # One article: a full-width semicolon inside the statutory text is not a separator.
    assert mol.split_descriptions("予以歧視；其他法律有明文規定者，從其規定。", 1) == (
        ["予以歧視；其他法律有明文規定者，從其規定。"], True)  # fmt: skip
    # Hard-wrapped text is joined.
    assert mol.split_descriptions("每七日中未有二日之休息作為例假\n及休息日", 1)[0] == [
        "每七日中未有二日之休息作為例假及休息日"
    ]
    assert mol.split_descriptions("一段說明", 2) == (["一段說明", "一段說明"], False)


# --- remarks ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, status",
    [("", S.NONE_REPORTED), ("無", S.NONE_REPORTED),
     ("訴願", S.APPEAL_PENDING), ("訴願中", S.APPEAL_PENDING), ("訴願程序中", S.APPEAL_PENDING),
     ("申請審議", S.APPEAL_PENDING), ("審議", S.APPEAL_PENDING), ("提起審議", S.APPEAL_PENDING),
     ("行政救濟中", S.LITIGATION_PENDING), ("行政訴訟程序中", S.LITIGATION_PENDING),
     ("依法提起行政訴訟", S.LITIGATION_PENDING), ("第二審行政訴訟中", S.LITIGATION_PENDING),
     ("訴願駁回", S.UPHELD), ("訴願駁回(原處分維持)", S.UPHELD), ("審議駁回(原處分維持)", S.UPHELD),
     ("原告之訴駁回(原處分維持)", S.UPHELD), ("上訴駁回(原處分維持)", S.UPHELD),
     ("行政訴訟撤回(原處分維持)", S.UPHELD),
     ("逾訴願期提出訴願", S.FINAL_NO_TIMELY_APPEAL), ("逾訴願期未提出訴願", S.FINAL_NO_TIMELY_APPEAL)],
)  # fmt: skip
def test_remarks_map_to_appeal_states(text, status):
    remark = mol.parse_remarks(text)
    assert remark.status == status
    assert remark.recognised


@pytest.mark.parametrize(
    "text, status, on",
    [("1090505訴願決定", S.UPHELD, date(2020, 5, 5)),
     ("111/6/13訴願駁回(原處分維持)", S.UPHELD, date(2022, 6, 13)),
     ("110年5月11日訴願駁回", S.UPHELD, date(2021, 5, 11))],
)  # fmt: skip
def test_roc_dates_embedded_in_remarks_are_extracted(text, status, on):
    remark = mol.parse_remarks(text)
    assert (remark.status, remark.on) == (status, on)


@pytest.mark.parametrize(
    "text",
    [
        "行政罰法第8條但書及第18條第3項",
        "勞動部113年度工讀生與部分工時勞工勞動條件專案",
        "(依勞動基準法處以罰鍰)",
    ],
)
def test_legal_citations_and_programmes_are_notes_not_appeal_states(text):
    remark = mol.parse_remarks(text)
    assert remark.status == S.NONE_REPORTED
    assert remark.note and remark.recognised
    assert remark.on is None


def test_unknown_remarks_are_kept_and_flagged():
    remark = mol.parse_remarks("請洽承辦人")
    assert (remark.status, remark.recognised, remark.text) == (S.NONE_REPORTED, False, "請洽承辦人")


def test_the_remark_mapping_is_a_data_table():
    assert all(isinstance(p, str) and (s is None or s in S.values) for p, s in mol.REMARK_RULES)
    assert {s for _p, s in mol.REMARK_RULES} >= {S.NONE_REPORTED, S.APPEAL_PENDING, S.UPHELD, None}


# --- headers and layouts ----------------------------------------------------------------------
def test_the_real_file_is_the_8_column_variant_without_amounts():
    layout, rows = mol.parse_file(FIXTURE.read_bytes(), today=TODAY)
    assert layout.variant == mol.API_8
    assert layout.amount_field is None
    assert len(rows) == 89
    assert all(r.ok for r in rows)
    assert all(r.amount is None for r in rows)
    assert sum(r.authority == "臺南市" for r in rows) == 14
    assert sum(r.raw_authority == "台南市" for r in rows) == 14
    multi_line = next(r for r in rows if r.disposition_number == "新北府勞業字第1110868770號")
    assert "\n" in multi_line.raw["disposition_number"]
    before = next(r for r in rows if r.disposition_number == "南市勞就字第1141793359B號")
    assert before.announced_on < before.decided_on
    assert before.ok and any(
        p.warning and "公告日期早於處分日期" in p.message for p in before.problems
    )


def test_the_9_column_api_format_reads_amounts():
    layout, rows = parse(API9 + "台南市,20240110,20231220,南市勞安字第1121618535號,一大經濟快餐(黃竫海),"
                               '勞動基準法第30條第6項,未逐日記載勞工出勤情形至分鐘為止,"40,000",無\n')  # fmt: skip
    assert layout.variant == mol.API_9
    [r] = rows
    assert (r.amount, r.amount_type, r.remark.status) == (40000, AmountType.FINE, S.NONE_REPORTED)
    assert (r.announced_on, r.decided_on) == (date(2024, 1, 10), date(2023, 12, 20))


def test_the_pension_variant_tags_the_amount_as_a_late_fee():
    text = ("主管機關,公告日期,處分日期,處分字號,事業單位名稱或負責人,違法法規法條,違反法規內容,處分金額或滯納金,備註說明\n"
            "臺南市,20240110,20231220,南市勞資字第1121618535號,甲公司(王甲),勞工退休金條例第6條第1項,未申報提繳,3000,\n")  # fmt: skip
    layout, [r] = parse(text)
    assert layout.variant == mol.PENSION
    assert (r.amount, r.amount_type) == (3000, AmountType.LATE_FEE)
    assert r.articles[0].key == (Law.PENSION, "第6條第1項")


def test_the_website_download_with_title_line_multi_line_header_and_shifted_rows():
    text = WEBSITE + (
        "台南市,108/12/10,凃秋蘭即美麗城餐飲,108/11/14,南市勞安字第1081095132號,勞動基準法第36條;勞動基準法第39條,"
        "每七日中未有一日之休息作為例假;假日工資未給或於休假日工作未依規定加給工資,,,\n"
        '苗栗縣,109/08/10,羣益企業有限公司(歐瑞生),109/07/15,府勞資字第1090140399號,勞動基準法第22條第2項,工資未全額直接給付勞工,"20,000",,\n'
        '1,台南市,108/08/10,鉝荃有限公司( 張筱凰),108/07/04,府勞安字第1080743559號,勞動基準法第22條第2項,工資未全額直接給付勞工,,1090505訴願決定\n'
    )  # fmt: skip
    layout, rows = parse(text)
    assert layout.variant == mol.WEBSITE
    assert layout.header_row == 2
    assert [r.row for r in rows] == [3, 4, 5]  # as the spreadsheet shows them
    shifted, amount, numbered = rows
    assert all(r.ok for r in rows), [r.problems for r in rows]
    assert (shifted.authority, shifted.announced_on, shifted.decided_on) == (
        "臺南市",
        date(2019, 12, 10),
        date(2019, 11, 14),
    )
    assert (shifted.name.person, shifted.name.unit) == ("凃秋蘭", "美麗城餐飲")
    assert [a.article for a in shifted.articles] == ["第36條", "第39條"]
    assert shifted.descriptions == [
        "每七日中未有一日之休息作為例假",
        "假日工資未給或於休假日工作未依規定加給工資",
    ]
    assert amount.amount == 20000
    assert (numbered.name.unit, numbered.decided_on, numbered.remark.on) == (
        "鉝荃有限公司",
        date(2019, 7, 4),
        date(2020, 5, 5),
    )


def test_header_aliases_map_older_spellings_in_any_order():
    text = ("備註,雇主名稱,縣市別,公布日期,裁處日期,裁處書字號,違反法條,違法內容,罰鍰金額(元)\n"
            ",乙公司(李乙),台南市,20240110,20231220,字第1號,勞動基準法第24條,延長工時工資未給,20000\n")  # fmt: skip
    layout, [r] = parse(text)
    assert layout.variant == mol.API_9
    assert (r.authority, r.disposition_number, r.name.unit, r.amount) == (
        "臺南市",
        "字第1號",
        "乙公司",
        20000,
    )


def test_a_file_without_a_recognisable_header_is_refused():
    with pytest.raises(ValidationError) as info:
        parse("姓名,電話\n王小明,0912\n")
    assert "找不到欄位名稱列" in info.value.messages[0]


def test_a_header_missing_a_required_column_is_refused_by_name():
    with pytest.raises(ValidationError) as info:
        parse(
            "主管機關,公告日期,處分日期,事業單位名稱或負責人,違反法規內容\n台南市,20240101,20240101,甲,乙\n"
        )
    assert "處分字號" in info.value.messages[0] and "違法法規法條" in info.value.messages[0]


def test_files_in_utf8_with_bom_and_in_big5_read_the_same():
    row = "台南市,20240110,20231220,南市勞安字第1號,一大經濟快餐(黃竫海),勞動基準法第24條,延長工時,20000,訴願中\n"
    plain = mol.parse_file((API9 + row).encode("utf-8"), today=TODAY)[1][0]
    bom = mol.parse_file((API9 + row).encode("utf-8-sig"), today=TODAY)[1][0]
    big5 = mol.parse_file((API9 + row).encode("cp950"), today=TODAY)[1][0]
    assert plain.signature == bom.signature == big5.signature
    assert big5.name.unit == "一大經濟快餐"


def test_binary_and_undecodable_files_are_refused():
    with pytest.raises(ValidationError):
        mol.parse_file(b"PK\x03\x04\x00\x00binary", today=TODAY)
    with pytest.raises(ValidationError):
        mol.parse_file(b"\xff\xfe\xfa\xfb\xfc" * 10, today=TODAY)


def test_the_row_hash_does_not_depend_on_column_order_or_line_endings():
    a = parse(
        API9
        + '台南市,20240110,20231220,"府勞條字第\n1號",甲公司(王甲),勞動基準法第24條,延長工時,20000,\n'
    )[1][0]
    b = parse("備註說明,罰鍰金額,違反法規內容,違法法規法條,事業單位名稱或負責人,處分字號,處分日期,公告日期,主管機關\r\n"
              ',20000,延長工時,勞動基準法第24條,甲公司(王甲),"府勞條字第\r\n1號",20231220,20240110,台南市\r\n')[1][0]  # fmt: skip
    c = parse(
        API9
        + '台南市,20240110,20231220,"府勞條字第\n1號",甲公司(王甲),勞動基準法第24條,延長工時,30000,\n'
    )[1][0]
    assert a.row_hash == b.row_hash
    assert a.row_hash != c.row_hash


def test_a_row_with_lost_characters_is_read_and_flagged():
    [r] = parse(
        API9
        + "台北市,20190401,20190222,北市勞動第1號,?佳育即日順資訊企業社,勞動基準法第80條,拒絕檢查,,\n"
    )[1]
    assert r.ok
    assert r.name.confidence == "low"
    assert any(p.warning and "缺字" in p.message for p in r.problems)
