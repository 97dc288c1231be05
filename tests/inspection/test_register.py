"""The public violations register: search, filters, unit pages, statistics and downloads."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.urls import reverse

from hopehome.core.choices import OrganizationKind
from hopehome.core.models import District, Division, Industry, Organization
from hopehome.core.search import index_text
from hopehome.inspection.choices import (
    AppealStatus,
    InspectionStatus,
    InspectionType,
    Law,
    Origin,
    PenaltyEventKind,
    PenaltyStatus,
    Result,
    Source,
)
from hopehome.inspection.models import (
    Complaint,
    CounsellingVisit,
    Inspection,
    Penalty,
    PenaltyEvent,
    PenaltyItem,
)
from hopehome.inspection.views.register import highlight

pytestmark = pytest.mark.django_db

MOL_HEADER = ["主管機關", "公告日期", "處分日期", "處分字號", "事業單位名稱或負責人", "違法法規法條", "違反法規內容", "罰鍰金額", "備註說明"]  # fmt: skip


# --- builders ----------------------------------------------------------------------------------
def make_org(
    name: str,
    *,
    ubn: str | None = None,
    industry: str = "C",
    postcode: str = "700",
    person: str = "",
):
    return Organization.objects.create(
        kind=OrganizationKind.EMPLOYER, name=name, ubn=ubn, responsible_person=person,
        industry=Industry.objects.get(revision="11", code=industry) if industry else None,
        district=District.objects.get(postcode=postcode) if postcode else None,
    )  # fmt: skip


_counter = {"n": 0}


def make_penalty(
    *,
    org: Organization | None = None,
    unit_name: str = "",
    person: str = "",
    items=((Law.LSA, "第24條", "未依規定給付延長工時工資"),),
    decided_on: date = date(2019, 6, 10),
    status: str = PenaltyStatus.PUBLISHED,
    amount: int | None = 20000,
    initial: int | None = None,
    **fields,
) -> Penalty:
    _counter["n"] += 1
    unit_name = unit_name or (org.name if org else "")
    person = person or (org.responsible_person if org else "")
    fields.setdefault("authority", "臺南市政府")
    fields.setdefault("disposition_number", f"府勞安字第108{_counter['n']:07d}號")
    fields.setdefault("announced_on", decided_on)
    penalty = Penalty.objects.create(
        organization=org, unit_name=unit_name, responsible_person=person, raw_name=f"{unit_name}({person})",
        decided_on=decided_on, status=status, current_amount=amount,
        initial_amount=initial if initial is not None else amount,
        industry_code=org.industry.code if org and org.industry else "",
        district_postcode=org.district.postcode if org and org.district else "",
        content="；".join(i[2] for i in items),
        search_tokens=index_text(unit_name, person, f"{unit_name}({person})", org.ubn if org else ""),
        **fields,
    )  # fmt: skip
    for law, article, description in items:
        PenaltyItem.objects.create(
            penalty=penalty, law=law, article=article, description=description, amount=amount
        )
    return penalty


@pytest.fixture(autouse=True)
def _fresh_statistics_cache():
    cache.clear()


@pytest.fixture
def register_data(db):
    return build_register_data()


def build_register_data() -> dict:
    """A small register: published, decided-only and withdrawn penalties across filters."""
    acme = make_org(
        "臺南精密工業股份有限公司", ubn="12345675", industry="C", postcode="700", person="王小明"
    )
    noodle = make_org("阿明麵店", industry="I", postcode="704", person="李大同")
    data = {
        "acme": acme,
        "noodle": noodle,
        "acme_2019": make_penalty(org=acme, decided_on=date(2019, 6, 10), amount=50000, initial=80000,
                                  appeal_status=AppealStatus.REDUCED),
        "acme_2020": make_penalty(org=acme, decided_on=date(2020, 3, 2), amount=30000,
                                  items=((Law.LSA, "第32條第2項", "延長工時超過上限"), (Law.LSA, "第24條", "加班費")),
                                  appeal_status=AppealStatus.APPEAL_PENDING, remarks="訴願中"),
        "noodle_2019": make_penalty(org=noodle, decided_on=date(2019, 9, 1), amount=None,
                                    items=((Law.GENDER, "第16條", "拒絕育嬰留職停薪"),)),
        "imported": make_penalty(unit_name="台南汽車客運股份有限公司", person="陳美玲", decided_on=date(2019, 11, 5),
                                 amount=20000, source=Source.MOL_IMPORT, authority="台南市"),
        "person_only": make_penalty(unit_name="", person="林志明", decided_on=date(2019, 2, 1), amount=None,
                                    source=Source.MOL_IMPORT, items=((Law.ESA, "第57條", "非法容留外國人"),)),
        "decided": make_penalty(unit_name="未公布企業有限公司", person="張三", status=PenaltyStatus.DECIDED),
        "withdrawn": make_penalty(org=acme, decided_on=date(2019, 1, 15), status=PenaltyStatus.WITHDRAWN,
                                  appeal_status=AppealStatus.REVOKED, withdrawn_on=date(2019, 8, 1),
                                  withdrawal_note="訴願決定撤銷原處分", disposition_number="府勞安字第撤銷001號"),
    }  # fmt: skip
    return data


def get(client, path, **params):
    return client.get(path, params)


def search(client, **params):
    return client.get(reverse("register:search"), params)


def result_numbers(response) -> set[str]:
    return {p.disposition_number for p in response.context["page_obj"].object_list}


# --- search ------------------------------------------------------------------------------------
def test_the_register_lists_only_published_penalties(client, register_data):
    response = search(client)
    assert response.status_code == 200
    shown = result_numbers(response)
    assert register_data["acme_2019"].disposition_number in shown
    assert register_data["imported"].disposition_number in shown
    assert register_data["decided"].disposition_number not in shown
    assert register_data["withdrawn"].disposition_number not in shown
    assert response.context["page_obj"].paginator.count == 5
    html = response.content.decode()
    assert "未公布企業有限公司" not in html
    assert "府勞安字第撤銷001號" not in html
    assert 'role="status"' in html and "共找到 5 筆公布資料" in html


def test_it_finds_a_unit_by_a_two_character_name(client, register_data):
    response = search(client, q="麵店")
    assert result_numbers(response) == {register_data["noodle_2019"].disposition_number}
    assert "<mark>麵店</mark>" in response.content.decode()


def test_tai_and_tai_variant_are_folded(client, register_data):
    # stored 臺南精密…, queried with 台; stored 台南汽車…, queried with 臺
    assert register_data["acme_2019"].disposition_number in result_numbers(
        search(client, q="台南精密")
    )
    response = search(client, q="臺南汽車")
    assert result_numbers(response) == {register_data["imported"].disposition_number}
    assert "<mark>台南汽車</mark>" in response.content.decode()


def test_it_finds_a_responsible_person_and_a_natural_person(client, register_data):
    assert result_numbers(search(client, q="王小明")) == {
        register_data["acme_2019"].disposition_number, register_data["acme_2020"].disposition_number
    }  # fmt: skip
    response = search(client, q="林志明")
    assert result_numbers(response) == {register_data["person_only"].disposition_number}
    assert "<mark>林志明</mark>" in response.content.decode()


def test_it_finds_a_unit_by_its_ubn_even_when_the_tokens_lack_it(client, register_data):
    assert result_numbers(search(client, q="12345675")) == {
        register_data["acme_2019"].disposition_number, register_data["acme_2020"].disposition_number
    }  # fmt: skip
    Penalty.objects.filter(organization=register_data["acme"]).update(search_tokens=index_text("x"))
    assert len(result_numbers(search(client, q="１２３４５６７５"))) == 2  # full-width digits too


def test_a_search_that_matches_nothing_says_so(client, register_data):
    response = search(client, q="不存在的公司")
    assert response.context["page_obj"].paginator.count == 0
    assert "查無符合條件的公布資料" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"law": "gender"}, {"noodle_2019"}),
        ({"law": "lsa", "article": "第32條"}, {"acme_2020"}),
        ({"article": "24"}, {"acme_2019", "acme_2020", "imported"}),
        ({"article": "第３２條第２項"}, {"acme_2020"}),
        ({"year": "2020"}, {"acme_2020"}),
        ({"industry": "I"}, {"noodle_2019"}),
        ({"district": "704"}, {"noodle_2019"}),
        ({"under_appeal": "yes"}, {"acme_2020"}),
        ({"under_appeal": "no", "year": "2020"}, set()),
        ({"source": "mol_import"}, {"imported", "person_only"}),
        ({"source": "bureau", "year": "2019"}, {"acme_2019", "noodle_2019"}),
    ],
)
def test_each_filter_narrows_the_results(client, register_data, params, expected):
    response = search(client, **params)
    assert response.status_code == 200
    assert result_numbers(response) == {register_data[k].disposition_number for k in expected}


def test_sorting_by_amount_puts_the_largest_first_and_unpublished_last(client, register_data):
    numbers = [
        p.disposition_number for p in search(client, sort="amount").context["page_obj"].object_list
    ]
    assert numbers[0] == register_data["acme_2019"].disposition_number
    assert numbers[-1] in {
        register_data["noodle_2019"].disposition_number,
        register_data["person_only"].disposition_number,
    }
    newest = [p.disposition_number for p in search(client).context["page_obj"].object_list]
    assert newest[0] == register_data["acme_2020"].disposition_number


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"law": "nonsense"}, "請從清單中選擇法規。"),
        ({"year": "abc"}, "請從清單中選擇年度。"),
        ({"year": "1899"}, "請從清單中選擇年度。"),
        ({"industry": "Z"}, "請從清單中選擇行業。"),
        ({"district": "999"}, "請從清單中選擇行政區。"),
        ({"under_appeal": "maybe"}, "請從清單中選擇救濟狀態。"),
        ({"source": "x"}, "請從清單中選擇資料來源。"),
        ({"sort": "random"}, "請從清單中選擇排序方式。"),
        ({"article": "twenty"}, "條文格式不正確"),
        ({"q": "x" * 101}, "101"),
    ],
)
def test_a_bad_filter_value_shows_a_message_not_an_error(client, register_data, params, message):
    response = search(client, **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "error-summary" in html and message in html
    assert "查詢條件有誤" in html


def test_a_bad_page_number_shows_the_last_or_first_page(client, register_data):
    assert search(client, page="abc").status_code == 200
    assert search(client, page="999").context["page_obj"].number == 1


def test_each_result_shows_the_published_fields(client, register_data):
    html = search(client, q="臺南精密").content.decode()
    p = register_data["acme_2020"]
    for text in ["臺南市政府", "2020-03-02", p.disposition_number, "王小明", "勞動基準法第32條第2項", "勞動基準法第24條",
                 "延長工時超過上限", "新臺幣 30,000 元", "本局"]:  # fmt: skip
        assert text in html, text
    assert "新臺幣 50,000 元（原處分金額新臺幣 80,000 元）" in html
    assert "原處分變更（減輕）" in html


def test_an_unpublished_amount_reads_not_published_never_zero(client, register_data):
    html = search(client, q="麵店").content.decode()
    assert "未公布" in html
    assert "新臺幣 0 元" not in html


def test_a_decision_under_appeal_is_not_presented_as_final(client, register_data):
    html = search(client, under_appeal="yes").content.decode()
    assert "訴願中" in html and "處分尚未確定" in html
    assert "已確定" not in html and "確定違法" not in html


def test_an_imported_record_names_its_source(client, register_data):
    html = search(client, q="台南汽車").content.decode()
    assert "勞動部開放資料" in html and "台南市" in html


def test_the_search_page_uses_a_constant_number_of_queries(
    client, django_assert_max_num_queries, db
):
    org = make_org("大量資料股份有限公司", person="周杰")
    for _ in range(5):
        make_penalty(org=org)
    with django_assert_max_num_queries(6):
        assert search(client, q="大量").context["page_obj"].paginator.count == 5
    for _ in range(45):
        make_penalty(org=org)
    with django_assert_max_num_queries(6):
        response = search(client, q="大量", law="lsa")
    assert response.context["page_obj"].paginator.count == 50
    assert len(response.context["page_obj"].object_list) == 20


def test_highlight_escapes_and_marks_folded_matches():
    assert highlight("臺南<script>", "台南") == "<mark>臺南</mark>&lt;script&gt;"
    assert highlight("ＡＢＣ公司", "abc") == "<mark>ＡＢＣ</mark>公司"
    assert highlight("王小明", "") == "王小明"


# --- unit pages --------------------------------------------------------------------------------
def test_a_unit_page_lists_its_penalties_history_visits_and_withdrawal_note(client, register_data):
    acme = register_data["acme"]
    penalty = register_data["acme_2019"]
    PenaltyEvent.objects.create(
        penalty=penalty,
        kind=PenaltyEventKind.ISSUED,
        occurred_on=date(2019, 6, 10),
        amount_after=80000,
    )
    PenaltyEvent.objects.create(penalty=penalty, kind=PenaltyEventKind.REDUCED, occurred_on=date(2019, 10, 1),
                                amount_after=50000, note="內部：承辦人意見")  # fmt: skip
    CounsellingVisit.objects.create(organization=acme, visited_on=date(2019, 5, 3), topic="工時管理輔導",
                                    division=Division.objects.get(code="osh"))  # fmt: skip
    response = client.get(reverse("register:unit", args=[acme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1>") == 1 and "臺南精密工業股份有限公司" in html
    assert (
        penalty.disposition_number in html and register_data["acme_2020"].disposition_number in html
    )
    assert "變更減輕" in html and "80,000" in html and "50,000" in html
    assert "原處分金額：新臺幣 80,000 元；目前金額：新臺幣 50,000 元" in html
    assert "工時管理輔導" in html and "2019-05-03" in html
    assert "原處分已撤銷，已撤除公布" in html and "府勞安字第撤銷001號" in html
    assert "內部：承辦人意見" not in html
    assert "12345675" in html


def test_a_unit_with_nothing_public_is_not_found(client, register_data):
    quiet = make_org("守法股份有限公司")
    make_penalty(org=quiet, status=PenaltyStatus.DECIDED)
    assert client.get(reverse("register:unit", args=[quiet.pk])).status_code == 404
    assert client.get(reverse("register:unit", args=[999999])).status_code == 404


def test_a_unit_known_only_by_name_has_a_page(client, register_data):
    response = client.get(reverse("register:name"), {"n": "台南汽車客運股份有限公司"})
    assert response.status_code == 200
    assert register_data["imported"].disposition_number in response.content.decode()
    assert client.get(reverse("register:name"), {"n": "林志明"}).status_code == 200
    assert client.get(reverse("register:name"), {"n": "未公布企業有限公司"}).status_code == 404
    assert client.get(reverse("register:name")).status_code == 404


def test_results_link_to_the_unit_page(client, register_data):
    html = search(client, q="麵店").content.decode()
    assert reverse("register:unit", args=[register_data["noodle"].pk]) in html


# --- statistics --------------------------------------------------------------------------------
@pytest.fixture
def inspections_2019(register_data, inspector):
    return build_inspections(register_data, inspector)


def build_inspections(register_data: dict, inspector) -> list[Inspection]:
    """Three inspections in 2019 (one from a complaint), one in 2020, one counselling visit."""
    osh = Division.objects.get(code="osh")
    rows = [
        (register_data["acme"], InspectionType.OSH, date(2019, 4, 28)),
        (register_data["acme"], InspectionType.LABOR_CONDITIONS, date(2019, 4, 30)),
        (register_data["noodle"], InspectionType.LABOR_CONDITIONS, date(2019, 7, 1)),
        (register_data["noodle"], InspectionType.PROJECT, date(2020, 1, 5)),
    ]
    made = []
    for i, (org, kind, when) in enumerate(rows):
        made.append(Inspection.objects.create(
            number=f"I2019-{i}", organization=org, type=kind, origin=Origin.COMPLAINT if i == 0 else Origin.PLANNED,
            division=osh, lead_inspector=inspector, inspected_on=when, status=InspectionStatus.INSPECTED,
            result=Result.VIOLATIONS,
        ))  # fmt: skip
    Complaint.objects.create(inspection=made[0], complainant_name="檢舉人甲乙", complainant_phone="0912000111",
                             content="長期加班", received_on=date(2019, 4, 1))  # fmt: skip
    CounsellingVisit.objects.create(organization=register_data["noodle"], visited_on=date(2019, 8, 8), topic="勞動條件",
                                    division=osh)  # fmt: skip
    return made


def test_statistics_equal_what_the_records_imply(client, inspections_2019):
    response = client.get(reverse("register:statistics", args=[2019]))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats["inspections_total"] == 3
    assert stats["inspections_by_month"][3] == 2 and stats["inspections_by_month"][6] == 1
    by_type = dict(stats["inspections_by_type"])
    assert by_type["職業安全衛生"] == 1 and by_type["勞動條件"] == 2 and by_type["專案檢查"] == 0
    assert {code: n for code, _name, n in stats["inspections_by_industry"]} == {"C": 2, "I": 1}
    # published 2019: acme_2019 (LSA 24), noodle_2019 (gender 16), imported (LSA 24), person_only (ESA 57)
    assert {v: n for v, _label, n in stats["violations_by_law"]} == {
        "lsa": 2,
        "gender": 1,
        "esa": 1,
    }
    assert ("lsa", "勞動基準法", "第24條", 2) in stats["violations_by_article"]
    totals = stats["penalty_totals"]
    assert totals["count"] == 4 and totals["amount"] == 70000 and totals["unpublished"] == 2
    assert totals["bureau"] == 2 and totals["imported"] == 2
    months = {row["month"]: row for row in stats["penalties_by_month"]}
    assert months[6]["count"] == 1 and months[6]["amount"] == 50000
    assert months[11]["amount"] == 20000 and months[2]["unpublished"] == 1
    assert [v.organization.name for v in stats["counselled_units"]] == ["阿明麵店"]
    html = response.content.decode()
    assert html.count("<svg") == 6 and html.count('aria-hidden="true"') >= 6
    assert html.count("<caption>") == 7
    assert "阿明麵店" in html and "2019-08-08" in html
    assert "檢舉人甲乙" not in html and "0912000111" not in html


def test_statistics_without_a_year_opens_the_latest_year(client, inspections_2019):
    response = client.get(reverse("register:statistics_latest"))
    assert response.status_code == 302 and response["Location"].endswith("/statistics/2020/")
    response = client.get(reverse("register:statistics_latest"), {"year": "2019"})
    assert response["Location"].endswith("/statistics/2019/")
    response = client.get(reverse("register:statistics_latest"), {"year": "nonsense"})
    assert response["Location"].endswith("/statistics/2020/")


def test_statistics_of_an_impossible_year_are_not_found(client, db):
    assert client.get(reverse("register:statistics", args=[1999])).status_code == 404
    assert client.get(reverse("register:statistics", args=[9999])).status_code == 404
    assert client.get(reverse("register:statistics", args=[2019])).status_code == 200


def test_the_statistics_page_uses_a_constant_number_of_queries(
    client, inspections_2019, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        client.get(reverse("register:statistics", args=[2019]))


# --- downloads ---------------------------------------------------------------------------------
def streamed(response) -> str:
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_mol_download_streams_nine_columns_with_the_filters(client, register_data):
    response = client.get(
        reverse("register:download", args=["mol"]), {"year": "2019", "law": "lsa"}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert "Ministry of Labor" in response["X-Data-Attribution"]
    rows = list(csv.reader(io.StringIO(streamed(response))))
    assert rows[0] == MOL_HEADER
    numbers = {row[3] for row in rows[1:]}
    assert numbers == {
        register_data["acme_2019"].disposition_number,
        register_data["imported"].disposition_number,
    }
    assert all(len(row) == 9 for row in rows)


def test_the_full_csv_download_honours_the_search(client, register_data):
    response = client.get(reverse("register:download", args=["csv"]), {"q": "麵店"})
    rows = list(csv.reader(io.StringIO(streamed(response))))
    assert len(rows) == 2
    body = "\n".join(",".join(r) for r in rows)
    assert register_data["noodle_2019"].disposition_number in body
    assert register_data["decided"].disposition_number not in body


def test_the_json_download_lists_only_published_entries(client, register_data):
    response = client.get(reverse("register:download", args=["json"]))
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(streamed(response))
    records = (
        data
        if isinstance(data, list)
        else data.get("items") or data.get("records") or data.get("data")
    )
    text = json.dumps(records, ensure_ascii=False)
    assert len(records) == 5
    assert register_data["withdrawn"].disposition_number not in text
    assert register_data["decided"].disposition_number not in text


def test_a_download_with_a_bad_filter_is_refused_with_a_message(client, register_data):
    response = client.get(reverse("register:download", args=["mol"]), {"year": "abc"})
    assert response.status_code == 400
    assert "請從清單中選擇年度。" in response.content.decode()
    assert client.get(reverse("register:download", args=["xlsx"])).status_code == 404


def test_no_download_reveals_the_complainant(client, inspections_2019):
    for fmt in ("mol", "csv", "json"):
        body = streamed(client.get(reverse("register:download", args=[fmt])))
        assert "檢舉人甲乙" not in body and "0912000111" not in body


def test_the_data_dictionary_names_the_licence_and_the_source(client, db):
    response = client.get(reverse("register:dictionary"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "政府資料開放授權條款第1版" in html and "勞動部" in html
    assert "處分字號" in html and "<caption>" in html


def test_the_register_pages_are_public(client, register_data):
    user = get_user_model().objects.create_user(username="someone", password="x")
    client.force_login(user)
    assert search(client).status_code == 200
    client.logout()
    assert client.get(reverse("register:dictionary")).status_code == 200
