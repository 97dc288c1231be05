"""The public outcomes page: every indicator of a year, grouped by pillar and program."""

import re

import pytest

from hopehome.outcomes import registry
from tests.outcomes.records import build_2019

pytestmark = pytest.mark.django_db


def test_the_index_shows_the_last_complete_year(client):
    response = client.get("/outcomes/")
    assert response.status_code == 302
    assert response["Location"] == f"/outcomes/{registry.default_year()}/"


def test_the_year_selector_leads_to_the_chosen_year(client):
    response = client.get("/outcomes/", {"year": "2019"})
    assert response.status_code == 302
    assert response["Location"] == "/outcomes/2019/"


@pytest.mark.parametrize(
    ("value", "message"), [("abc", "年度必須是西元年"), ("1999", "不可早於 2000 年")]
)
def test_a_bad_year_in_the_selector_is_explained(client, value, message):
    response = client.get("/outcomes/", {"year": value})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html and 'aria-invalid="true"' in html


def test_a_year_with_records_shows_each_figure_in_words(client, make_course, provider):
    build_2019(make_course, provider)
    response = client.get("/outcomes/2019/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "2019 年施政成果指標（民國 108 年）" in html
    assert '<h2 id="pillar-talent">人才培育</h2>' in html
    assert "職業訓練與 TTQS 品質管理" in html  # the program heading
    assert "60.0%" in html  # the 訓後就業率
    assert "分子／分母：3 / 5 人" in html
    assert "分子／分母：4 / 6 人" in html  # completers of all final outcomes
    assert "計算方式：(就業人數＋提前就業人數－公法救助就業人數)" in html
    assert "業務紀錄即時計算" in html
    assert "尚無可計算的紀錄" not in html


def test_per_unit_breakdowns_are_accessible_tables(client, make_course, provider):
    build_2019(make_course, provider)
    html = client.get("/outcomes/2019/").content.decode()
    assert "<caption>TTQS 連續金牌年數：各單位明細</caption>" in html
    assert '<th scope="col">單位</th>' in html
    row = re.search(
        r'<th scope="row">臺南市職業訓練就業服務中心</th>\s*<td class="num">(.*?)</td>', html
    )
    assert row is not None
    assert row.group(1) in ("2 年", "2 面")


def test_the_year_selector_is_a_labelled_get_form(client):
    html = client.get("/outcomes/2019/").content.decode()
    assert re.search(r'<form[^>]*method="get"[^>]*action="/outcomes/"', html)
    assert '<label for="id_year">年度' in html
    assert '<option value="2019" selected>' in html


def test_a_year_without_records_says_so(client):
    response = client.get("/outcomes/2005/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "2005 年尚無可計算的紀錄" in html
    assert "尚無資料" in html  # an undefined rate is not shown as 0%


@pytest.mark.parametrize(
    "path", ["/outcomes/1999/", "/outcomes/2101/", "/outcomes/99999/", "/outcomes/abc/"]
)
def test_a_year_out_of_range_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_the_page_shows_no_personal_data(client, make_course, provider):
    someone = build_2019(make_course, provider)["people"][0]
    html = client.get("/outcomes/2019/").content.decode()
    assert someone.name not in html and someone.masked_id not in html
