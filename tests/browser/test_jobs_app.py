"""The job seeker app (台南工作好找) in Chromium: keyboard only, screen-reader names, the live
region, axe-core on every page, a phone-sized screen, installability and offline saved jobs."""

from __future__ import annotations

import pytest
from django.test import Client

from hopehome.core.models import District, TargetGroup
from hopehome.jobs import services
from hopehome.jobs.choices import ApplicationStatus, Occupation, RefusalReason, SalaryType
from hopehome.jobs.models import Application
from tests.conftest import make_staff
from tests.jobs.conftest import EMPLOYER_UBN, make_employer, make_seeker, make_vacancy

from .conftest import assert_no_axe_violations, tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEKER_EMAIL = "young@example.tw"
SEEKER_PASSWORD = "pw-young@example.tw"


@pytest.fixture
def world():
    """An employer with three open vacancies and a seeker with a record of every kind."""
    employer = make_employer("hr@anping.example", EMPLOYER_UBN, "安平好食股份有限公司").user
    org = employer.employer_account.organization
    store = make_vacancy(
        org, title="門市人員", friendly_youth=True, friendly_disability=True, access_step_free=True,
        contact_email="hr@anping.example",
    )  # fmt: skip
    phone = make_vacancy(
        org, title="電話客服人員", description="接聽市民來電，使用螢幕報讀軟體操作客服系統。",
        occupation=Occupation.CUSTOMER_SERVICE, access_screen_reader=True, access_assistive_devices=True,
        district=District.objects.get(postcode="701"),
    )  # fmt: skip
    hourly = make_vacancy(
        org, title="倉儲理貨員", description="商品進出貨與盤點。", salary_type=SalaryType.HOURLY,
        salary_min=196, salary_max=None, occupation=Occupation.LOGISTICS,
    )  # fmt: skip
    seeker = make_seeker(SEEKER_EMAIL, "林小青")
    services.update_seeker_profile(
        seeker,
        {"desired_occupations": [Occupation.CUSTOMER_SERVICE, Occupation.SALES], "needs_screen_reader": True,
         "desired_districts": [District.objects.get(postcode="701")],
         "target_groups": list(TargetGroup.objects.filter(code="visually_impaired"))},
    )  # fmt: skip
    refused = services.apply(seeker, hourly, message="可以上晚班。")
    services.set_application_status(
        employer, refused, ApplicationStatus.REFUSED, refusal_reason=RefusalReason.SCHEDULE,
        show_reason_to_seeker=True,
    )  # fmt: skip
    services.save_job(seeker, phone)
    services.save_search(
        seeker, "東區客服", {"q": "客服", "district": "701", "access": ["screen_reader"]}
    )
    answered = services.ask_advice(
        seeker, topic="accommodation", question="面試時可以要求使用自己的筆電嗎？"
    )
    services.answer_advice(
        make_staff("jobs_clerk", "clerk", "employment"), answered, "可以，請事先告知雇主。"
    )
    services.ask_advice(seeker, topic="resume", question="履歷要附照片嗎？")
    return {"employer": employer, "seeker": seeker, "store": store, "phone": phone, "hourly": hourly,
            "refused": refused, "answered": answered}  # fmt: skip


def sign_in(page, user) -> None:
    """Put a signed-in session of ``user`` into the browser."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": page.base}]
    )


def sign_in_by_keyboard(page) -> None:
    page.goto(page.base + "/jobs/login/")
    tab_to(page, "el.name === 'username'")
    assert "電子郵件" in page.evaluate("document.activeElement.labels[0].textContent")
    page.keyboard.type(SEEKER_EMAIL.upper())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "password"
    page.keyboard.type(SEEKER_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(page.base + "/jobs/")


def focused(page, expression: str):
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()")


def unnamed_controls(page) -> list[str]:
    return page.evaluate(
        """(() => Array.from(document.querySelectorAll('main input:not([type=hidden]), main select, main textarea, main button, main a[href]'))
              .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !(el.textContent || '').trim())
              .map(el => el.outerHTML.slice(0, 80)))()"""
    )


def wait_for_count(page, text: str) -> None:
    page.wait_for_function(
        "text => { const el = document.getElementById('result-count'); return !!el && el.textContent.includes(text); }",
        arg=text,
    )


# --- keyboard only ----------------------------------------------------------------------------
def test_search_detail_and_apply_by_keyboard_only(page, world):
    store = world["store"]
    sign_in_by_keyboard(page)
    # search
    tab_to(page, "el.tagName === 'INPUT' && el.name === 'q'")
    assert focused(page, "el.labels[0].textContent.trim()") == "關鍵字"
    page.keyboard.type("門市")
    page.keyboard.press("Enter")
    page.wait_for_url("**/jobs/?q=*")
    wait_for_count(page, "共 1 筆職缺")
    status = page.locator("#result-count")
    assert (
        status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    )
    assert page.locator("article h3 mark").first.inner_text() == "門市"
    # open the job from the results
    tab_to(page, f"el.tagName === 'A' && el.getAttribute('href') === '/jobs/{store.pk}/'")
    assert focused(page, "el.closest('h3') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/jobs/{store.pk}/")
    assert page.locator("h1").inner_text() == "門市人員"
    # save it with the keyboard (a real form button), then apply
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('收藏這個職缺')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name="取消收藏").count() == 1
    tab_to(page, f"el.tagName === 'A' && el.getAttribute('href') === '/jobs/{store.pk}/apply/'")
    assert focused(page, "el.textContent.trim()") == "應徵這個工作"
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/jobs/{store.pk}/apply/")
    tab_to(page, "el.name === 'message'")
    assert focused(page, "el.labels[0].textContent.trim()") == "給雇主的訊息"
    assert focused(page, "el.getAttribute('aria-describedby')") == "id_message-hint"
    page.keyboard.type("我有兩年門市經驗，可以配合輪班。")
    tab_to(page, "el.type === 'submit' && el.closest('form.stack') !== null")
    assert focused(page, "el.textContent.trim()") == "送出應徵"
    page.keyboard.press("Enter")
    page.wait_for_url("**/sent/")
    assert page.locator("h1").inner_text() == "已送出應徵"
    application = Application.objects.get(seeker=world["seeker"], vacancy=store)
    assert application.message == "我有兩年門市經驗，可以配合輪班。"
    assert str(application.pk) in page.locator(".confirmation").inner_text()


def test_an_error_is_announced_and_linked_when_applying_twice(page, world):
    store = world["store"]
    sign_in(page, world["seeker"].user)
    page.goto(f"{page.base}/jobs/{store.pk}/apply/")
    services.apply(world["seeker"], store)  # applied meanwhile, e.g. in another tab
    page.get_by_role("button", name="送出應徵").click()
    summary = page.locator(".error-summary")
    assert summary.get_attribute("role") == "alert"
    assert "不能重複應徵" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "error-summary"


def test_the_skip_link_comes_first_and_the_nav_marks_the_current_page(page, world):
    page.goto(page.base + "/jobs/")
    page.keyboard.press("Tab")
    assert focused(page, "el.getAttribute('href')") == "#main"
    nav = page.get_by_role("navigation", name="台南工作好找選單")
    assert nav.get_by_role("link", name="找工作").get_attribute("aria-current") == "page"
    for name in ("推薦職缺", "收藏", "我的應徵", "求職諮詢", "個人資料", "登入", "雇主專區"):
        assert nav.get_by_role("link", name=name).count() == 1, name


# --- screen-reader names ----------------------------------------------------------------------
def test_search_controls_have_accessible_names(page, world):
    page.goto(page.base + "/jobs/?district=701")  # a filter is set: the filters are shown
    form = page.get_by_role("search", name="搜尋職缺")
    for role, name in [("textbox", "關鍵字"), ("combobox", "排序"), ("combobox", "工作地點行政區"),
                       ("combobox", "行業"), ("combobox", "職業類別"), ("combobox", "工作性質"),
                       ("spinbutton", "月薪至少（元）"), ("button", "搜尋"), ("button", "套用篩選條件")]:  # fmt: skip
        assert form.get_by_role(role, name=name, exact=True).count() == 1, name
    friendly = form.get_by_role("group", name="友善職場")
    assert friendly.get_by_role("checkbox", name="身障友善").count() == 1
    access = form.get_by_role("group", name="無障礙與職場調整")
    assert access.get_by_role("checkbox", name="工作工具支援螢幕報讀").count() == 1
    assert unnamed_controls(page) == []


def test_the_filters_open_and_close_by_keyboard(page, world):
    page.goto(page.base + "/jobs/")
    assert not page.get_by_role("combobox", name="工作地點行政區").is_visible()
    tab_to(page, "el.tagName === 'SUMMARY'")
    page.keyboard.press("Enter")
    assert page.get_by_role("combobox", name="工作地點行政區").is_visible()
    tab_to(page, "el.type === 'checkbox' && el.value === 'screen_reader'")
    page.keyboard.press("Space")
    tab_to(page, "el.tagName === 'BUTTON' && el.textContent.includes('套用篩選條件')")
    page.keyboard.press("Enter")
    page.wait_for_url("**access=screen_reader*")
    wait_for_count(page, "共 1 筆職缺")
    assert "電話客服人員" in page.locator("ol.job-list").inner_text()


def test_the_live_region_reports_bad_input(page, world):
    response = page.goto(page.base + "/jobs/?salary_min=很多")
    assert response.status == 400
    status = page.locator("[role=status]#result-count")
    assert "搜尋條件有誤" in status.inner_text()
    field = page.get_by_role("spinbutton", name="月薪至少（元）")
    assert field.get_attribute("aria-invalid") == "true"
    assert "id_salary_min-error" in field.get_attribute("aria-describedby")
    page.locator(".error-summary a").first.click()
    assert page.evaluate("document.activeElement.name") == "salary_min"


def test_record_pages_name_each_button_by_its_record(page, world):
    sign_in(page, world["seeker"].user)
    services.apply(world["seeker"], world["store"])
    page.goto(page.base + "/jobs/me/applications/")
    assert page.get_by_role("button", name="取消應徵：門市人員").count() == 1
    assert "工作時間無法配合" in page.locator("main").inner_text()
    page.goto(page.base + "/jobs/me/saved/")
    assert page.get_by_role("button", name="取消收藏：電話客服人員").count() == 1
    page.goto(page.base + "/jobs/me/searches/")
    assert page.get_by_role("button", name="刪除儲存的搜尋：東區客服").count() == 1
    page.goto(page.base + "/jobs/me/advice/")
    assert page.get_by_role("combobox", name="主題").count() == 1
    assert page.get_by_role("textbox", name="您的問題").count() == 1
    assert "可以，請事先告知雇主。" in page.locator("main").inner_text()
    page.goto(page.base + "/jobs/me/recommendations/")
    first = page.locator("ol.job-list > li").first
    assert first.get_by_role("heading", name="電話客服人員").count() == 1
    assert first.get_by_role("heading", name="為什麼推薦這個工作").count() == 1
    assert "符合您的職場需求：工作工具支援螢幕報讀" in first.inner_text()


# --- axe-core on every page -------------------------------------------------------------------
def seeker_pages(world) -> list[str]:
    store, answered = world["store"], world["answered"]
    refused = world["refused"]
    return [
        f"/jobs/{store.pk}/apply/",
        "/jobs/me/profile/",
        "/jobs/me/applications/",
        f"/jobs/me/applications/{refused.pk}/",
        "/jobs/me/saved/",
        "/jobs/me/searches/",
        "/jobs/me/advice/",
        f"/jobs/me/advice/{answered.pk}/",
        "/jobs/me/recommendations/",
        "/jobs/logout/",
    ]


@pytest.mark.parametrize("language", ["zh-hant", "en"])
def test_every_page_of_the_app_has_no_axe_violations(page, axe, world, language):
    page.context.add_cookies([{"name": "django_language", "value": language, "url": page.base}])
    expected_lang = "zh-Hant-TW" if language == "zh-hant" else "en"
    public = ["/jobs/", "/jobs/?q=門市", "/jobs/?q=門市&district=702&friendly=youth&sort=newest", "/jobs/?q=zzzz",
              "/jobs/?salary_min=很多&sort=random", f"/jobs/{world['store'].pk}/", "/jobs/login/", "/jobs/signup/",
              "/jobs/offline/"]  # fmt: skip
    for path in public:
        page.goto(page.base + path)
        assert page.get_attribute("html", "lang") == expected_lang, path
        assert page.locator("h1").count() == 1, path
        assert_no_axe_violations(axe, page, f"{path} ({language})")
    sign_in(page, world["seeker"].user)
    for path in ["/jobs/?q=門市", f"/jobs/{world['phone'].pk}/", *seeker_pages(world)]:
        page.goto(page.base + path)
        assert page.locator("h1").count() == 1, path
        assert unnamed_controls(page) == [], path
        assert_no_axe_violations(axe, page, f"{path} signed in ({language})")


def test_forms_with_errors_and_the_confirmation_have_no_axe_violations(page, axe, world):
    page.goto(page.base + "/jobs/login/")
    page.get_by_role("button", name="登入", exact=True).click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "login with errors")
    page.goto(page.base + "/jobs/signup/")
    page.get_by_role("textbox", name="電子郵件").fill("not-an-e-mail")
    page.get_by_role("button", name="建立帳號").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "signup with errors")
    sign_in(page, world["seeker"].user)
    page.goto(page.base + "/jobs/me/advice/")
    page.get_by_role("button", name="送出問題").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "advice with errors")
    page.goto(page.base + "/jobs/me/profile/")
    page.get_by_role("spinbutton", name="希望月薪（下限，新臺幣元）").fill("-1")
    page.get_by_role("button", name="儲存個人資料").click()
    assert page.locator(".error-summary").count() == 1
    assert_no_axe_violations(axe, page, "profile with errors")
    page.goto(f"{page.base}/jobs/{world['store'].pk}/apply/")
    page.get_by_role("button", name="送出應徵").click()
    page.wait_for_url("**/sent/")
    assert_no_axe_violations(axe, page, "application confirmation")
    page.goto(f"{page.base}/jobs/{world['store'].pk}/apply/")
    assert "不能重複應徵" in page.locator("main").inner_text()
    assert_no_axe_violations(axe, page, "apply after applying")


# --- a phone ----------------------------------------------------------------------------------
def test_pages_fit_a_small_phone_without_sideways_scrolling(browser, live_server, axe, world):
    context = browser.new_context(
        locale="zh-TW", viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.base = live_server.url
    try:
        sign_in(pg, world["seeker"].user)
        for path in ["/jobs/?q=門市&district=702", f"/jobs/{world['phone'].pk}/", "/jobs/me/profile/",
                     "/jobs/me/applications/", "/jobs/me/advice/"]:  # fmt: skip
            pg.goto(live_server.url + path)
            overflow = pg.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
            assert_no_axe_violations(axe, pg, f"{path} at 320px")
        small = pg.evaluate(
            """(() => Array.from(document.querySelectorAll('main button, main .button'))
                  .filter(el => el.offsetParent && el.getBoundingClientRect().height < 44).map(el => el.textContent.trim()))()"""
        )
        assert small == []
    finally:
        context.close()


# --- the installable app ----------------------------------------------------------------------
def test_the_app_is_installable(page, world):
    page.goto(page.base + "/jobs/")
    page.wait_for_function(
        "navigator.serviceWorker.controller !== null || navigator.serviceWorker.ready.then(() => true)"
    )
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert not manifest.get("errors"), manifest.get("errors")
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito, which alone keeps Chromium from offering to install.
    assert [e for e in errors if e["errorId"] != "in-incognito"] == [], errors
    assert page.locator("meta[name=theme-color]").get_attribute("content") == "#0b5d3b"


def test_saved_jobs_are_readable_offline(page, world):
    phone = world["phone"]
    sign_in(page, world["seeker"].user)
    page.goto(page.base + "/jobs/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    # the worker controls the page after a reload; visiting the saved list keeps it and its jobs
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(page.base + "/jobs/me/saved/")
    page.wait_for_function(
        """url => caches.open('jobs-offline-v1').then(c => c.match(url)).then(r => !!r)""",
        arg=f"/jobs/{phone.pk}/",
    )
    page.context.set_offline(True)
    try:
        page.goto(page.base + "/jobs/me/saved/")
        assert "電話客服人員" in page.locator("main").inner_text()
        assert page.locator("#offline-notice").is_visible()
        page.goto(f"{page.base}/jobs/{phone.pk}/")
        assert page.locator("h1").inner_text() == "電話客服人員"
        assert "接聽市民來電" in page.locator("main").inner_text()
        page.goto(f"{page.base}/jobs/{world['store'].pk}/")
        assert page.locator("h1").inner_text() == "目前沒有網路連線"
    finally:
        page.context.set_offline(False)


def test_signing_out_clears_the_offline_copies(page, world):
    sign_in(page, world["seeker"].user)
    page.goto(page.base + "/jobs/")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto(page.base + "/jobs/me/saved/")
    page.wait_for_function(
        "caches.open('jobs-offline-v1').then(c => c.match('/jobs/me/saved/')).then(r => !!r)"
    )
    page.get_by_role("button", name="登出").click()
    page.wait_for_url(page.base + "/jobs/")
    page.wait_for_function(
        "caches.open('jobs-offline-v1').then(c => c.match('/jobs/me/saved/')).then(r => !r)"
    )
