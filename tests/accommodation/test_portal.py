"""The public page /accommodation/: plain language, the cap from the data, live figures."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from hopehome.accommodation import services
from hopehome.accommodation.models import SubsidyCap

pytestmark = pytest.mark.django_db


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def test_the_page_explains_who_can_apply_the_categories_the_cap_and_how_to_call(client):
    response = client.get("/accommodation/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in ("誰可以申請", "改善職場工作環境", "改善工作設備或機具", "提供就業所需之輔具", "改善工作條件", "調整工作方法",
                 "擴視機", "點字觸摸顯示器", "手機翻拍架", "螢幕報讀軟體", "視力協助員", "支持性就業服務員",
                 "身心障礙證明", "新臺幣 100,000 元", 'href="tel:+88666377337"'):  # fmt: skip
        assert text in html, text


def test_headings_go_in_order_with_one_h1(client):
    levels = headings(client.get("/accommodation/").content.decode())
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:], strict=False))


def test_the_cap_is_read_from_the_data(client):
    SubsidyCap.objects.create(effective_from=date(2020, 1, 1), amount=120000)
    assert "新臺幣 120,000 元" in client.get("/accommodation/").content.decode()


def test_the_figures_count_this_years_records_and_show_no_names(
    client, apply, emp_clerk, emp_supervisor
):
    today = timezone.localdate()
    application = apply([40000], submitted_on=today)
    services.start_review(emp_clerk, application)
    decisions = {i.pk: ("approved", None, "") for i in application.items.all()}
    services.decide(emp_supervisor, application, decisions, "", decided_on=today)
    services.record_start(emp_clerk, application, today)
    html = client.get("/accommodation/").content.decode()
    assert (
        f"{today.year} 年：1 位身心障礙者獲得職務再設計補助；1 位視障朋友透過職務再設計成功就業。"
        in html
    )
    assert f"{today.year - 1} 年：0 位" in html
    assert "林雅婷" not in html and application.number not in html
