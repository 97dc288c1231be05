"""The 就業服務法 §5 screen: wording that may discriminate, and wording that must not be flagged."""

import csv
import re
from pathlib import Path

import pytest
from django.conf import settings

from hopehome.jobs.choices import ScreenCategory
from hopehome.jobs.models import Vacancy
from hopehome.jobs.screening import screen_text, screen_vacancy, sentences

C = ScreenCategory

FLAGGED = [
    # sex
    ("限女性", C.SEX, "限女性"),
    ("限男", C.SEX, "限男"),
    ("限女，需輪班", C.SEX, "限女"),
    ("女性優先", C.SEX, "女性優先"),
    ("男性尤佳", C.SEX, "男性尤佳"),
    ("誠徵女服務生", C.SEX, "誠徵女"),
    ("徵男生搬貨", C.SEX, "徵男生"),
    ("性別：女", C.SEX, "性別:女"),
    ("急徵櫃台小姐", C.SEX, "櫃台小姐"),
    ("女性工作員", C.SEX, "女性工作員"),
    # age
    ("45歲以下", C.AGE, "45歲以下"),
    ("限30歲", C.AGE, "限30歲"),
    ("年齡18-35", C.AGE, "年齡18-35"),
    ("年齡：20～40歲", C.AGE, "年齡:20~40歲"),
    ("盡可能在27-35歲", C.AGE, "27-35歲"),
    ("30歲-50歲佳", C.AGE, "30歲-50歲"),
    ("40歲以下", C.AGE, "40歲以下"),
    ("三十五歲以下", C.AGE, "三十五歲以下"),
    ("４５歲以上", C.AGE, "45歲以上"),
    ("年滿20歲以上歲以下", C.AGE, "年滿20歲"),
    ("洗碗歐巴桑", C.AGE, "歐巴桑"),
    ("歐吉桑", C.AGE, "歐吉桑"),
    ("徵清潔阿姨", C.AGE, "徵清潔阿姨"),
    ("輕熟女", C.SEX, "輕熟女"),
    ("希望是年輕人", C.AGE, "年輕"),
    ("限應屆畢業生", C.AGE, "限應屆"),
    ("75年次以後", C.AGE, "75年次以後"),
    ("中高齡者勿", C.AGE, "中高齡者勿"),
    # appearance
    ("五官端正", C.APPEARANCE, "五官"),
    ("身材姣好", C.APPEARANCE, "身材姣好"),
    ("容貌端莊", C.APPEARANCE, "容貌"),
    ("外型佳", C.APPEARANCE, "外型佳"),
    ("身高160以上", C.APPEARANCE, "身高160"),
    ("身高：１６５公分", C.APPEARANCE, "身高:165"),
    ("長相甜美", C.APPEARANCE, "長相"),
    ("體重50公斤以下", C.APPEARANCE, "體重50"),
    # marital status, pregnancy
    ("未婚", C.MARITAL, "未婚"),
    ("已婚者佳", C.MARITAL, "已婚"),
    ("無懷孕計畫", C.MARITAL, "無懷孕計畫"),
    ("懷孕者勿", C.MARITAL, "懷孕者勿"),
    ("一年內不得懷孕", C.MARITAL, "不得懷孕"),
    ("婚後需離職", C.MARITAL, "婚後"),
    # birthplace, nationality, ethnicity
    ("限本地人", C.BIRTHPLACE, "限本地人"),
    ("限臺南人", C.BIRTHPLACE, "限台南人"),
    ("客家人優先", C.BIRTHPLACE, "客家人優先"),
    ("原住民勿", C.BIRTHPLACE, "原住民勿"),
    ("外籍勿擾", C.BIRTHPLACE, "外籍勿"),
    ("新住民勿試", C.BIRTHPLACE, "新住民勿"),
    ("限本國籍", C.BIRTHPLACE, "限本國籍"),
    # disability
    ("身體健全", C.DISABILITY, "身體健全"),
    ("無身心障礙", C.DISABILITY, "無身心障礙"),
    ("四肢健全", C.DISABILITY, "四肢健全"),
    ("身心健康無障礙", C.DISABILITY, "健康無障礙"),
    ("身障者勿", C.DISABILITY, "身障者勿"),
    # zodiac, blood type
    ("星座：獅子座", C.ZODIAC, "星座"),
    ("血型O型", C.ZODIAC, "血型"),
    # religion, politics
    ("限基督徒", C.RELIGION, "限基督"),
    ("限國民黨員", C.RELIGION, "限國民黨"),
    # union
    ("非工會會員", C.UNION, "非工會會員"),
    ("曾參加工會者勿", C.UNION, "參加工會者勿"),
    # sexual orientation
    ("同性戀勿", C.ORIENTATION, "同性戀勿"),
    ("限異性戀", C.ORIENTATION, "限異性戀"),
]


@pytest.mark.parametrize("text,category,phrase", FLAGGED)
def test_flags(text, category, phrase):
    findings = screen_text(text)
    assert any(f["category"] == category for f in findings), findings
    assert any(phrase in f["phrase"] or f["phrase"] in phrase for f in findings if f["category"] == category), findings


LEGITIMATE = [
    "歡迎中高齡者",
    "身障友善",
    "男女不拘",
    "不限年齡",
    "性別不拘",
    "性別：男女不拘",
    "不限男女",
    "年滿18歲",
    "須年滿16歲",
    "需年滿18歲以上",
    "未滿18歲者不予錄用（童工保護）",
    "歡迎45歲以上中高齡者",
    "45歲以上者亦歡迎",
    "歡迎身心障礙者",
    "歡迎二度就業婦女",
    "無障礙通行（無階梯）",
    "提供無障礙的工作環境",
    "外籍人士亦可",
    "新住民朋友歡迎",
    "已婚未婚皆可",
    "容貌不拘",
    "身高不拘",
    "同志友善職場",
    "歡迎年輕人加入",
    "男性需役畢或免役",
    "工作時間 08:00-17:00，需2-3年經驗",
    "年資滿1年以上",
    "限台南地區居住",
    "負責門市銷售、收銀與商品陳列。",
    "具服務熱忱，可配合輪班。",
    "提供單身宿舍",
    "sales 業務，須具機車駕照",
    "提供勞健保、年終獎金、員工旅遊",
    "照顧長輩日常生活，需具照顧服務員證照",
    "員工懷孕期間提供彈性工時與哺乳室",
    "福利：結婚禮金、生育補助、婚喪喜慶補助",
    "五官科診所跟診助理",
    "儀容整潔，身體健康",
    "學歷不拘，有無經驗皆可",
    "需搬重物，吃苦耐勞",
    "男、女皆可",
    "會台語佳",
    "16歲以上即可",
    "未滿18歲需法定代理人同意書",
    "滿2年以上經驗者佳",
    "早班、晚班、大夜班",
]


@pytest.mark.parametrize("text", LEGITIMATE)
def test_does_not_flag_legitimate_text(text):
    assert screen_text(text) == []


def test_reports_the_sentence_that_triggered_it():
    text = "誠徵門市人員，負責收銀。\n限女性，25歲以下！身材姣好者佳；月薪3萬"
    findings = screen_text(text)
    assert [(f["category"], f["sentence"]) for f in findings] == [
        ("sex", "限女性，25歲以下"),
        ("age", "限女性，25歲以下"),
        ("appearance", "身材姣好者佳"),
    ]
    assert findings[0]["phrase"] == "限女性"
    assert findings[1]["phrase"] == "25歲以下"


def test_real_violations_from_the_published_list():
    # Ads quoted in the Ministry of Labor's published §5 penalties.
    for ad, categories in [
        ("盡可能在27-35歲", {"age"}),
        ("男性", {"sex"}),
        ("洗碗歐巴桑", {"age"}),
        ("女性工作員、30歲-50歲佳", {"sex", "age"}),
        ("五官端正", {"appearance"}),
        ("45歲以下", {"age"}),
        ("45歲以上(限女性)", {"age", "sex"}),
        ("35歲以下的女性", {"age", "sex"}),
    ]:
        assert {f["category"] for f in screen_text(ad)} == categories, ad


def test_every_ad_quoted_in_the_violations_file_is_flagged():
    path = Path(settings.BASE_DIR).parent / "shared" / "data" / "mol-violations-employment-services-act.csv"
    if not path.exists():
        path = Path("/work/shared/data/mol-violations-employment-services-act.csv")
    if not path.exists():
        pytest.skip("the published violations file is not available")
    with path.open(encoding="utf-8") as f:
        texts = [row["違反法規內容"] for row in csv.DictReader(f)]
    ads = [m for text in texts if "刊登" in text for m in re.findall(r"「([^」]+)」", text)]
    assert len(ads) >= 8
    for ad in ads:
        assert screen_text(ad), ad


def test_one_finding_per_phrase_and_no_duplicates():
    findings = screen_text("年齡18-35歲。年齡18-35歲。")
    assert len(findings) == 1
    assert findings[0]["phrase"] == "年齡18-35歲"


def test_sentences():
    assert sentences("一。二！三？四；五\n六;七") == ["一", "二", "三", "四", "五", "六", "七"]
    assert sentences(None) == []


def test_screen_vacancy_reads_title_description_and_requirements():
    v = Vacancy(title="櫃台小姐", description="接待客人。", requirements="五官端正")
    assert [f["category"] for f in screen_vacancy(v)] == ["sex", "appearance"]
    assert screen_vacancy(Vacancy(title="門市人員", description="收銀", requirements="")) == []
