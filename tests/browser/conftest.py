"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium) against the live server.

Skipped when Chromium is not installed, unless HOPEHOME_REQUIRE_BROWSER=1 (CI), where a missing
browser is a failure.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures here are
# ordinary synchronous calls, so Django's async-safety guard must not trip on them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]  # fmt: skip


def _require_browser() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("HOPEHOME_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
        pytest.skip("Chromium is not installed (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator:
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(locale="zh-TW", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.base = live_server.url  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def assert_no_axe_violations(axe, page, label: str = "") -> None:
    results = axe.run(page)
    if results.violations_count:
        report = results.generate_report()
        raise AssertionError(f"axe-core violations on {label or page.url}:\n{report}")


def tab_to(page, predicate_js: str, limit: int = 80) -> None:
    """Press Tab until ``predicate_js`` (a JS expression on ``el``) holds for the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!el && ({predicate_js}); }})()"):
            return
    raise AssertionError(f"could not reach an element matching {predicate_js!r} with Tab")
