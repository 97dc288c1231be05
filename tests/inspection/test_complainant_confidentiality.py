"""勞基法 §74: a complainant's identity appears in no public page, API response or export, and
outside the assigned inspectors and their supervisor nobody on the staff sees it either.

The public routes are discovered from the URL resolver (everything under /violations/,
/api/v1/inspection/, /outcomes/ and /api/v1/outcomes/), then the links on those pages are
followed, so new public pages are covered without changing this test.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import deque
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from hopehome.core.models import AuditEntry
from hopehome.inspection import services
from hopehome.inspection.models import Complaint

from .conftest import COMPLAINANT, TODAY, VIOLATION

pytestmark = pytest.mark.django_db

PUBLIC_PREFIXES = (
    "violations/",
    "api/v1/inspection/",
    "api/v1/inspection",
    "outcomes/",
    "api/v1/outcomes",
)
PHONE = "0912-345-678"
EMAIL = "complainant@example.tw"
SECRETS = (COMPLAINANT, PHONE, EMAIL)
MAX_URLS = 400
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def public_routes() -> list[str]:
    """Every route string of the URL resolver that starts with a public prefix."""
    routes: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            if isinstance(p.pattern, RegexPattern):
                regex = p.pattern._regex.lstrip("^").rstrip("$").replace("\\Z", "")  # noqa: SLF001
                if "(" in regex:
                    continue  # regular-expression routes with groups: reached by following links
                part = regex.replace("\\", "")
            else:
                part = str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, prefix + part)
            elif isinstance(p, URLPattern):
                route = prefix + part
                if route.startswith(PUBLIC_PREFIXES):
                    routes.append(route)

    walk(get_resolver().url_patterns, "")
    return sorted(set(routes))


def fill(route: str, ints: list[int], strings: list[str], years: list[int]) -> list[str]:
    """Concrete paths for a route: each parameter replaced by plausible values."""
    params = _PARAM.findall(route)
    if not params:
        return ["/" + route]
    choices = []
    for converter, name in params:
        if name == "year" or name.endswith("_year"):
            choices.append([str(y) for y in years])
        elif converter == "int" or name in ("pk", "id") or name.endswith("_id"):
            choices.append([str(i) for i in ints])
        else:
            choices.append(strings)
    return ["/" + _substitute(route, values) for values in itertools.product(*choices)]


def _substitute(route: str, values: tuple[str, ...]) -> str:
    remaining = iter(values)
    return _PARAM.sub(lambda _m: next(remaining), route)


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def crawl(client, start: list[str], queries: list[str]) -> dict[str, str]:
    """GET every start path (with and without each query), then follow links to public pages."""
    seen: dict[str, str] = {}
    queue = deque(path + q for path in start for q in ["", *queries])
    while queue and len(seen) < MAX_URLS:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url, follow=True)
        assert response.status_code < 500, url
        text = body(response)
        seen[url] = text
        if "html" in response.get("Content-Type", ""):
            for href in re.findall(r'href="([^"#]+)', text):
                href = html.unescape(href)
                if href.startswith(tuple("/" + p for p in PUBLIC_PREFIXES)) and href not in seen:
                    queue.append(href)
    return seen


@pytest.fixture
def complained(complaint_inspection, insp_a, osh_supervisor, osh_clerk):
    """A complaint inspection taken through decision, publication and an appeal; plus a
    counselling visit to the same unit, so every public view has something to show."""
    inspection = services.record_inspection(
        insp_a, complaint_inspection, inspected_on=TODAY - timedelta(days=5), findings="查核加班費給付紀錄",
        result="violations", violations=[VIOLATION],
    )  # fmt: skip
    penalty = services.decide_penalty(
        osh_supervisor, inspection, disposition_number="府勞條字第1089990001號", decided_on=TODAY - timedelta(days=3),
        items=[{"violation": inspection.violations.get(), "amount": 30_000}],
    )  # fmt: skip
    penalty = services.publish_penalty(
        osh_supervisor, penalty, announced_on=TODAY - timedelta(days=2)
    )
    services.record_penalty_event(
        osh_clerk, penalty, kind="appeal_filed", occurred_on=TODAY - timedelta(days=1)
    )
    services.record_counselling(
        osh_clerk, inspection.organization, TODAY - timedelta(days=1), "工時管理輔導"
    )
    return inspection, penalty


CONTROL = "查無此人測試"  # a query of the same shape that matches nothing


def searched_for_complainant(url: str) -> bool:
    return COMPLAINANT in unquote(url)


def control_url(url: str) -> str:
    return unquote(url).replace(COMPLAINANT, CONTROL)


def assert_secret_free(client, pages: dict[str, str], *, record_markers: tuple[str, ...]) -> None:
    """No page shows a secret.

    A page that searched for the complainant's name echoes the query, so there the check is
    that the search found nothing the same search for a name nobody has does not also show:
    a record marker (unit name, 處分字號) present only with the complainant's name is a leak.
    """
    leaks = []
    for url, text in pages.items():
        if not searched_for_complainant(url):
            leaks += [(url, s) for s in SECRETS if s in text]
            continue
        leaks += [(url, s) for s in (PHONE, EMAIL) if s in text]
        control = body(client.get(control_url(url), follow=True))
        leaks += [(url, m) for m in record_markers if m in text and m not in control]
    assert leaks == []


def test_the_complainant_is_in_no_public_page_or_api_response(client, complained):
    inspection, penalty = complained
    routes = public_routes()
    assert any(r.startswith("violations/") for r in routes) or any(
        r.startswith("api/v1/inspection") for r in routes
    )
    org = inspection.organization
    ints = sorted({penalty.pk, org.pk, inspection.pk})
    strings = ["csv", "json", "jsonl", "mol", "mol-csv", "mol-violations", "full", "full-csv", "full-json",
               "penalties", org.ubn, org.name, penalty.disposition_number, COMPLAINANT]  # fmt: skip
    years = sorted({TODAY.year, penalty.decided_on.year})
    start = [p for r in routes for p in fill(r, ints, strings, years)]
    queries = [
        f"?q={COMPLAINANT}",
        f"?q={org.name}",
        f"?q={org.ubn}",
        f"?year={penalty.decided_on.year}",
    ]
    pages = crawl(client, start, queries)
    # the published entry itself is reachable, so the check looks at real content
    assert any(org.name in text for text in pages.values())
    assert_secret_free(client, pages, record_markers=(org.name, penalty.disposition_number))


def test_the_complainant_is_in_no_export(tmp_path, complained):
    if "export" not in get_commands():
        pytest.skip("the export command is not installed")
    written = []
    for args in (
        ["mol-violations"],
        ["penalties"],
        ["penalties", "--format", "json"],
        ["penalties", "--format", "jsonl"],
    ):
        target = tmp_path / f"export-{len(written)}.out"
        try:
            call_command("export", *args, str(target))
        except (CommandError, SystemExit):
            continue
        written.append(target.read_text(encoding="utf-8-sig"))
    assert written, "no export kind could be run"
    assert any(complained[0].organization.name in text for text in written)
    for text in written:
        for secret in SECRETS:
            assert secret not in text


def test_the_outcomes_api_does_not_carry_the_complainant(client, complained):
    for url in (
        "/api/v1/outcomes",
        f"/api/v1/outcomes/{TODAY.year}",
        "/outcomes/",
        f"/outcomes/{TODAY.year}/",
    ):
        response = client.get(url)
        assert response.status_code < 500, url
        text = body(response)
        for secret in SECRETS:
            assert secret not in text, url


def test_a_non_assigned_inspector_sees_no_trace_of_the_complainant(
    client, complained, insp_b, lc_inspector
):
    inspection, _penalty = complained
    for user in (insp_b, lc_inspector):
        client.force_login(user)
        for url in (reverse("inspection_staff:inspections"), reverse("inspection_staff:penalties"),
                    reverse("inspection_staff:counselling")):  # fmt: skip
            response = client.get(url)
            assert response.status_code == 200
            assert COMPLAINANT not in body(response)
        response = client.get(reverse("inspection_staff:inspections"), {"q": COMPLAINANT})
        assert response.context["page_obj"].paginator.count == 0
        assert inspection.number not in body(response) and PHONE not in body(response)
        assert (
            client.get(reverse("inspection_staff:detail", args=[inspection.pk])).status_code == 403
        )
        with pytest.raises(PermissionDenied):
            services.complaint_for(user, inspection)


def test_the_director_sees_the_inspection_but_not_the_complainant(client, complained, director):
    inspection, _penalty = complained
    client.force_login(director)
    response = client.get(reverse("inspection_staff:detail", args=[inspection.pk]))
    assert response.status_code == 200
    assert inspection.number in body(response)
    for secret in SECRETS:
        assert secret not in body(response)
    with pytest.raises(PermissionDenied):
        services.complaint_for(director, inspection)


def test_the_assigned_inspectors_and_the_supervisor_read_it_and_each_read_is_logged(
    client, complained, insp_a, insp_b, osh_supervisor
):
    inspection, _penalty = complained
    inspection.inspectors.add(insp_b)
    url = reverse("inspection_staff:detail", args=[inspection.pk])
    for user in (insp_a, insp_b, osh_supervisor):
        before = AuditEntry.objects.filter(
            action="view", object_type="inspection.complaint", actor=user
        ).count()
        assert services.complaint_for(user, inspection).complainant_name == COMPLAINANT
        client.force_login(user)
        assert COMPLAINANT in body(client.get(url))
        after = AuditEntry.objects.filter(
            action="view", object_type="inspection.complaint", actor=user
        ).count()
        assert after == before + 2


def test_the_audit_trail_does_not_store_the_identity(complained):
    assert Complaint.objects.filter(complainant_name=COMPLAINANT).exists()
    for entry in AuditEntry.objects.all():
        text = f"{entry.changes} {entry.object_repr} {entry.context}"
        for secret in SECRETS:
            assert secret not in text


def test_findings_and_public_descriptions_may_not_name_the_complainant(
    complaint_inspection, insp_a
):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as excinfo:
        services.record_inspection(
            insp_a, complaint_inspection, inspected_on=TODAY, findings="依申訴查核", result="violations",
            violations=[{**VIOLATION, "description": f"經{COMPLAINANT}反映未給加班費"}],
        )  # fmt: skip
    assert "violations" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.record_inspection(insp_a, complaint_inspection, inspected_on=TODAY, findings=f"{COMPLAINANT}到場說明",
                                   result="compliant")  # fmt: skip
    assert "findings" in excinfo.value.message_dict
