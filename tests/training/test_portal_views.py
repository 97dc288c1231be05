"""Public pages of program 1: catalogue, course detail, application and confirmation."""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from hopehome.core.models import District, Person, TargetGroup
from hopehome.training import services
from hopehome.training.choices import AdmissionMode, CourseCategory, CourseStatus, EnrollmentStatus
from hopehome.training.models import Enrollment
from tests.conftest import BAD_CHECKSUM_ID, VALID_IDS

pytestmark = pytest.mark.django_db

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Checker(HTMLParser):
    """Collects ids, labels, headings and unbalanced tags of a page."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []
        self.label_for: set[str] = set()
        self.controls: list[str] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "label" and a.get("for"):
            self.label_for.add(a["for"])
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.controls.append(a.get("id", ""))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()


def assert_sound_html(html: str) -> None:
    """Balanced tags, unique ids, every control labelled, one h1, no skipped heading level."""
    checker = _Checker()
    checker.feed(html)
    assert checker.errors == []
    assert checker.stack == []
    assert len(checker.ids) == len(set(checker.ids)), "duplicate ids"
    unlabelled = [c for c in checker.controls if c not in checker.label_for]
    # The language switch is labelled in the base template; all others must be too.
    assert unlabelled == []
    assert checker.headings.count(1) == 1
    for before, after in zip(checker.headings, checker.headings[1:], strict=False):
        assert after <= before + 1, f"heading jumps from h{before} to h{after}"


def application(id_number: str = VALID_IDS[0], **overrides) -> dict:
    data = {
        "name": "王小明",
        "id_number": id_number,
        "birth_date": "1990-05-01",
        "sex": "M",
        "phone": "0912-345-678",
        "email": "",
        "district": District.objects.get(postcode="701").pk,
        "address": "東區大學路 1 號",
        "consent": "on",
    }
    data.update(overrides)
    return data


# --- catalogue ------------------------------------------------------------------------------
def test_catalogue_lists_published_courses_only(client, make_course):
    make_course(title="開放中的課程", status=CourseStatus.OPEN)
    make_course(title="進行中的課程", status=CourseStatus.IN_PROGRESS)
    make_course(title="已結訓的課程", status=CourseStatus.FINISHED)
    make_course(title="草稿課程", status=CourseStatus.DRAFT)
    make_course(title="停辦課程", status=CourseStatus.CANCELLED)
    response = client.get(reverse("training:catalogue"))
    html = response.content.decode()
    assert response.status_code == 200
    for title in ("開放中的課程", "進行中的課程", "已結訓的課程"):
        assert title in html
    assert "草稿課程" not in html
    assert "停辦課程" not in html
    assert re.search(r'role="status"[^>]*>共找到 3 門課程', html)
    assert_sound_html(html)


def test_catalogue_finds_a_two_character_chinese_query(client, make_course):
    make_course(title="照顧服務員職前訓練班", category=CourseCategory.CARE_WORKER)
    make_course(title="電腦輔助機械製圖班")
    response = client.get(reverse("training:catalogue"), {"q": "照顧"})
    html = response.content.decode()
    assert "照顧服務員職前訓練班" in html
    assert "電腦輔助機械製圖班" not in html
    assert "共找到 1 門課程" in html


@pytest.mark.parametrize("query", ["台南", "臺南", "ＣＡＤ", "cad"])
def test_catalogue_search_folds_variants_and_width(client, make_course, query):
    make_course(title="CAD 製圖班", venue="臺南市中西區民生路")
    make_course(title="咖啡調製班", venue="高雄市", code="Z-1")
    html = client.get(reverse("training:catalogue"), {"q": query}).content.decode()
    assert "CAD 製圖班" in html
    assert ("咖啡調製班" in html) is False


def test_catalogue_filters_by_category_district_and_target_group(client, make_course):
    youth = TargetGroup.objects.get(code="youth")
    wanted = make_course(title="青年在職進修班", category=CourseCategory.IN_SERVICE,
                         district=District.objects.get(postcode="710"))  # fmt: skip
    wanted.target_groups.add(youth)
    make_course(title="其他在職進修班", category=CourseCategory.IN_SERVICE,
                district=District.objects.get(postcode="710"))  # fmt: skip
    make_course(title="永康失業者班", district=District.objects.get(postcode="710")).target_groups.add(youth)
    response = client.get(
        reverse("training:catalogue"),
        {"category": "in_service", "district": District.objects.get(postcode="710").pk, "target_group": "youth"},
    )
    html = response.content.decode()
    assert "青年在職進修班" in html
    assert "其他在職進修班" not in html
    assert "永康失業者班" not in html


def test_catalogue_accepting_filter_leaves_out_closed_courses(client, make_course):
    today = timezone.localdate()
    make_course(title="受理中課程", starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=90))
    make_course(title="已截止課程", starts_on=today + timedelta(days=30), ends_on=today + timedelta(days=90),
                application_deadline=today - timedelta(days=1))  # fmt: skip
    make_course(title="開訓中課程", status=CourseStatus.IN_PROGRESS)
    html = client.get(reverse("training:catalogue"), {"accepting": "on"}).content.decode()
    assert "受理中課程" in html
    assert "已截止課程" not in html
    assert "開訓中課程" not in html


@pytest.mark.parametrize(
    "params",
    [{"category": "nonsense"}, {"district": "abc"}, {"target_group": "no-such-group"}, {"page": "x"},
     {"q": "x" * 300}],
)  # fmt: skip
def test_catalogue_answers_invalid_filters_without_an_error(client, course, params):
    response = client.get(reverse("training:catalogue"), params)
    assert response.status_code == 200
    assert course.title in response.content.decode()


def test_catalogue_shows_seats_left_from_one_query(client, make_course, django_assert_max_num_queries):
    full = make_course(title="額滿課程", capacity=1)
    services.apply(None, full, services.Applicant(id_number=VALID_IDS[1], name="甲"))
    for _ in range(24):
        make_course()
    with django_assert_max_num_queries(5):
        response = client.get(reverse("training:catalogue"))
    html = response.content.decode()
    assert "已額滿" in html
    assert "尚餘 20 名（共 20 名）" in html
    assert 'rel="next"' in html
    assert html.count('<li class="card">') == 20


# --- course detail --------------------------------------------------------------------------
def test_detail_shows_facts_target_groups_and_an_apply_link(client, make_course):
    course = make_course(title="照顧服務員訓練班", capacity=30, subsidy=12000)
    course.target_groups.add(TargetGroup.objects.get(code="middle_aged"))
    response = client.get(reverse("training:detail", args=[course.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "照顧服務員訓練班" in html
    assert "中高齡者" in html
    assert "每人新臺幣 12,000 元" in html
    assert "尚餘 30 名（共 30 名）" in html
    assert reverse("training:apply", args=[course.code]) in html
    assert_sound_html(html)


def test_detail_of_a_draft_course_is_not_found(client, make_course):
    course = make_course(status=CourseStatus.DRAFT)
    assert client.get(reverse("training:detail", args=[course.code])).status_code == 404


def test_detail_of_a_finished_course_has_no_apply_link(client, make_course):
    course = make_course(status=CourseStatus.FINISHED)
    html = client.get(reverse("training:detail", args=[course.code])).content.decode()
    assert "本課程已結訓" in html
    assert reverse("training:apply", args=[course.code]) not in html


# --- application ----------------------------------------------------------------------------
def test_application_form_is_sound_and_labelled(client, course):
    response = client.get(reverse("training:apply", args=[course.code]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "novalidate" in html
    assert 'name="consent"' in html
    assert "tabindex=\"1" not in html
    assert_sound_html(html)


def test_it_admits_a_public_applicant_and_confirms(client, course):
    response = client.post(reverse("training:apply", args=[course.code]), application())
    enrollment = Enrollment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:confirmation", args=[enrollment.confirmation_number])
    assert enrollment.status == EnrollmentStatus.ADMITTED
    person = Person.objects.get()
    assert person.id_number == VALID_IDS[0]
    assert person.phone == "0912345678"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert enrollment.confirmation_number in html
    assert "您已錄取本課程" in html
    assert VALID_IDS[0] not in html
    assert person.masked_id in html
    assert_sound_html(html)


def test_it_normalises_a_full_width_lowercase_id_and_roc_birth_date(client, course):
    full_width = "ａ１２３４５６７８９"
    client.post(reverse("training:apply", args=[course.code]), application(id_number=full_width, birth_date="78/12/17"))
    person = Person.objects.get()
    assert person.id_number == "A123456789"
    assert person.birth_date == date(1989, 12, 17)


def test_it_rejects_a_bad_id_checksum(client, course):
    response = client.post(reverse("training:apply", args=[course.code]), application(id_number=BAD_CHECKSUM_ID))
    html = response.content.decode()
    assert response.status_code == 200
    assert "檢查碼錯誤" in html
    assert 'href="#id_id_number"' in html
    assert 'aria-invalid="true"' in html
    assert Person.objects.count() == 0
    assert Enrollment.objects.count() == 0


@pytest.mark.parametrize(
    ("birth_date", "message"),
    [("2019-02-30", "不是存在的日期"), ("昨天", "不是可辨識的日期"), ("2999-01-01", "今天以前"),
     ("1999-13-01", "不是存在的日期")],
)  # fmt: skip
def test_it_rejects_a_bad_or_impossible_birth_date(client, course, birth_date, message):
    response = client.post(reverse("training:apply", args=[course.code]), application(birth_date=birth_date))
    html = response.content.decode()
    assert message in html
    assert 'href="#id_birth_date"' in html
    assert Enrollment.objects.count() == 0


def test_it_rejects_an_applicant_under_fifteen(client, course):
    born = timezone.localdate().replace(year=timezone.localdate().year - 14)
    response = client.post(reverse("training:apply", args=[course.code]), application(birth_date=born.isoformat()))
    assert "年滿 15 歲" in response.content.decode()
    assert Enrollment.objects.count() == 0


@pytest.mark.parametrize("phone", ["12345", "0912-34", "091234567890", "phone"])
def test_it_rejects_a_phone_number_that_is_not_taiwanese(client, course, phone):
    response = client.post(reverse("training:apply", args=[course.code]), application(phone=phone))
    assert 'href="#id_phone"' in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_it_requires_consent(client, course):
    data = application()
    del data["consent"]
    response = client.post(reverse("training:apply", args=[course.code]), data)
    assert "請勾選同意個人資料" in response.content.decode()
    assert Enrollment.objects.count() == 0


def test_it_refuses_a_duplicate_application_politely(client, course):
    client.post(reverse("training:apply", args=[course.code]), application())
    first = Enrollment.objects.get()
    response = client.post(reverse("training:apply", args=[course.code]), application(), follow=True)
    html = response.content.decode()
    assert Enrollment.objects.count() == 1
    assert Person.objects.count() == 1
    assert "您已報名過此課程" in html
    assert first.confirmation_number not in html  # knowing an ID must not reveal the application


def test_it_waitlists_when_the_course_is_full(client, make_course):
    course = make_course(capacity=1)
    services.apply(None, course, services.Applicant(id_number=VALID_IDS[1], name="先報名者"))
    response = client.post(reverse("training:apply", args=[course.code]), application(), follow=True)
    html = response.content.decode()
    enrollment = Enrollment.objects.get(person__id_number=VALID_IDS[0])
    assert enrollment.status == EnrollmentStatus.WAITLISTED
    assert "備取第 1 位" in html


def test_a_screening_course_leaves_the_application_awaiting_screening(client, make_course):
    course = make_course(admission_mode=AdmissionMode.SCREENING)
    response = client.post(reverse("training:apply", args=[course.code]), application(), follow=True)
    assert Enrollment.objects.get().status == EnrollmentStatus.APPLIED
    assert "甄試後通知錄取結果" in response.content.decode()


def test_a_closed_course_does_not_take_applications(client, make_course):
    today = timezone.localdate()
    course = make_course(application_deadline=today - timedelta(days=1), starts_on=today + timedelta(days=5),
                         ends_on=today + timedelta(days=60))  # fmt: skip
    page = client.get(reverse("training:apply", args=[course.code]))
    assert "此課程目前不開放報名" in page.content.decode()
    assert 'name="id_number"' not in page.content.decode()
    client.post(reverse("training:apply", args=[course.code]), application())
    assert Enrollment.objects.count() == 0


# --- confirmation ---------------------------------------------------------------------------
def test_confirmation_is_not_shown_to_another_session(client, course, django_user_model):
    from django.test import Client

    response = client.post(reverse("training:apply", args=[course.code]), application())
    url = response["Location"]
    assert client.get(url).status_code == 200
    assert Client().get(url).status_code == 404


def test_an_unknown_confirmation_number_is_not_found(client):
    assert client.get(reverse("training:confirmation", args=["T30-XXXXXXXX"])).status_code == 404


def test_a_course_code_with_a_slash_from_a_roster_still_has_pages(client, make_course):
    course = make_course(code="113/職前-01", title="名冊匯入的課程")
    html = client.get(reverse("training:catalogue")).content.decode()
    detail = reverse("training:detail", args=[course.code])
    assert detail in html
    assert "名冊匯入的課程" in client.get(detail).content.decode()
    assert client.get(reverse("training:apply", args=[course.code])).status_code == 200
