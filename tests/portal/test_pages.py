import pytest


@pytest.mark.django_db
def test_home_lists_the_four_pillars_and_ten_programs(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for pillar in ("人才培育", "促進就業", "安全健康", "溫暖友善"):
        assert pillar in html
    assert html.count('class="card pillar"') == 10
    assert 'lang="zh-Hant-TW"' in html


@pytest.mark.django_db
def test_english_is_available(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.django_db
def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404


@pytest.mark.django_db
def test_english_pages_are_translated_and_mark_the_other_language(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Talent development" in html and "人才培育" not in html
    assert '<span lang="zh-Hant-TW">語言</span>' in html
    zh = client.get("/", HTTP_COOKIE="django_language=zh-hant")
    assert zh.status_code == 200


@pytest.mark.django_db
def test_chinese_pages_mark_the_english_word_in_the_language_switch(client):
    html = client.get("/").content.decode()
    assert '<span lang="en">Language</span>' in html


def test_amounts_are_grouped_by_thousands_in_chinese():
    from django.contrib.humanize.templatetags.humanize import intcomma
    from django.utils import translation

    with translation.override("zh-hant"):
        assert intcomma(20000) == "20,000"
