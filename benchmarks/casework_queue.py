"""Benchmark: a case manager's queue and the supervisor's team dashboard over 10,000 cases (SQLite).

    .venv/bin/python benchmarks/casework_queue.py [--cases 10000] [--open 200] [--db PATH]
    .venv/bin/python benchmarks/casework_queue.py --reuse          # keep a loaded database
    .venv/bin/python benchmarks/casework_queue.py --services-only  # time the service calls only

The script builds a separate SQLite database (default ``benchmarks/casework.sqlite3``, deleted
and recreated), migrates it, and loads deterministic data with ``bulk_create``: a supervisor
and 20 case managers of 勞安福利科, 10,000 injured workers and their cases (about a third open,
in every status, with overdue, due and later follow-ups), three services and three follow-up
contacts per case. The first case manager holds exactly ``--open`` (200) open cases.

It then renders the real pages through Django's test client (signed in with ``force_login``):
``GET /staff/cases/`` for that case manager and ``GET /staff/cases/team/`` for the supervisor,
20 runs each after one warm-up, and prints p50 and p95 and the number of SQL queries per page.
The same pages for a case manager with few open cases show that the count does not grow with
the cases. The target is under 200 ms with a constant number of queries.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "benchmarks" / "casework.sqlite3"
SEED = 20191231
MANAGERS = 20
BATCH = 2_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000, help="cases to load (default 10,000)")
    parser.add_argument(
        "--open",
        type=int,
        default=200,
        help="open cases of the measured case manager (default 200)",
    )
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        help=f"SQLite file (default {DEFAULT_DB.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the database if it is already loaded"
    )
    parser.add_argument(
        "--services-only",
        action="store_true",
        help="time services.my_queue/team_overview instead of the pages",
    )
    args = parser.parse_args()
    if args.cases < 1_000 or not 1 <= args.open <= args.cases // 4:
        parser.error(
            "--cases must be at least 1,000 and --open between 1 and a quarter of the cases"
        )
    return args


def configure_django(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
    os.environ["DEBUG"] = ""  # production settings: cached templates, no debug toolbar of any kind
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_COOKIES"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "hopehome.settings"
    os.environ.setdefault("HOPEHOME_VAR_DIR", str(db.parent))
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# --- deterministic data ---------------------------------------------------------------------
def national_id(serial: int, rng: random.Random) -> str:
    """A checksum-valid 身分證字號 for a Tainan-registered (D) person."""
    letter_code = 13  # D
    digits = [rng.choice((1, 2))] + [int(c) for c in f"{serial:07d}"]
    total = (
        letter_code // 10
        + 9 * (letter_code % 10)
        + sum(w * d for w, d in zip((8, 7, 6, 5, 4, 3, 2, 1), digits, strict=True))
    )
    return "D" + "".join(map(str, digits)) + str((10 - total % 10) % 10)


def load(n_cases: int, n_open: int) -> dict[str, int]:
    """Staff, people, cases, services and contacts; returns row counts."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from hopehome.casework.choices import OPEN_STATUSES, CaseStatus, ContactMethod, ServiceKind
    from hopehome.casework.models import CaseContact, CaseService, InjuryCase
    from hopehome.core.choices import Role
    from hopehome.core.models import Division, Person, StaffProfile

    rng = random.Random(SEED)
    today = timezone.localdate()
    User = get_user_model()
    division = Division.objects.get(code="safety_welfare")
    with transaction.atomic():
        supervisor = User.objects.create_user("bench_supervisor", first_name="主管")
        StaffProfile.objects.create(user=supervisor, division=division, role=Role.SUPERVISOR)
        managers = []
        for i in range(MANAGERS):
            user = User.objects.create_user(f"bench_cm{i:02d}", first_name=f"個管{i:02d}")
            StaffProfile.objects.create(user=user, division=division, role=Role.CASE_MANAGER)
            managers.append(user)

        people = [
            Person(
                name=f"勞工{i:05d}",
                name_key=f"勞工{i:05d}",
                id_type="national",
                id_number=national_id(i, rng),
            )
            for i in range(n_cases)
        ]
        Person.objects.bulk_create(people, batch_size=BATCH)
        people = list(Person.objects.order_by("id"))

        # The measured case manager: exactly n_open open cases and as many closed ones.
        open_statuses = list(OPEN_STATUSES)
        plan: list[tuple[object, bool]] = [(managers[0], True)] * n_open + [
            (managers[0], False)
        ] * n_open
        rest = n_cases - len(plan)
        plan += [(managers[1 + i % (MANAGERS - 1)], rng.random() < 0.3) for i in range(rest)]
        cases = []
        for i, ((manager, is_open), person) in enumerate(zip(plan, people, strict=True)):
            opened = today - timedelta(days=rng.randint(20, 2_500))
            status = (
                rng.choices(open_statuses, weights=(1, 1, 1, 6, 1))[0]
                if is_open
                else CaseStatus.CLOSED
            )
            r = rng.random()
            followup = (
                None if not is_open
                else today - timedelta(days=rng.randint(1, 60)) if r < 0.2
                else today + timedelta(days=rng.randint(0, 7)) if r < 0.35
                else today + timedelta(days=rng.randint(8, 90))
            )  # fmt: skip
            cases.append(InjuryCase(
                number=f"OI{opened.year}-B{i:06d}", person=person, injury_date=opened - timedelta(days=5),
                kind="injury", severity=rng.choice(("death", "disability", "injury", "injury")), source="hospital",
                case_manager=manager, status=status, opened_on=opened, next_followup_on=followup,
                service_plan="" if status in (CaseStatus.INTAKE, CaseStatus.ASSESSMENT) else "慰問、權益說明、追蹤",
                closed_on=opened + timedelta(days=rng.randint(30, 300)) if not is_open else None,
                closure_reason="returned_original" if not is_open else "",
                disability_grade=None,
            ))  # fmt: skip
        for c in cases:
            if c.severity == "disability":
                c.disability_grade = 7
        InjuryCase.objects.bulk_create(cases, batch_size=BATCH)
        case_ids = list(InjuryCase.objects.order_by("id").values_list("id", "opened_on"))
        kinds = ServiceKind.values
        services = [
            CaseService(case_id=pk, kind=rng.choice(kinds), provided_on=opened + timedelta(days=k * 10), items="電鍋")
            for pk, opened in case_ids for k in range(3)
        ]  # fmt: skip
        CaseService.objects.bulk_create(services, batch_size=BATCH)
        contacts = [
            CaseContact(case_id=pk, contacted_on=opened + timedelta(days=k * 20), method=ContactMethod.PHONE,
                        note="電話關懷", next_followup_on=opened + timedelta(days=k * 20 + 20))
            for pk, opened in case_ids for k in range(3)
        ]  # fmt: skip
        CaseContact.objects.bulk_create(contacts, batch_size=BATCH)
    return {
        "people": len(people),
        "cases": len(cases),
        "services": len(services),
        "contacts": len(contacts),
    }


# --- timing ---------------------------------------------------------------------------------
def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def measure(label: str, call, runs: int) -> tuple[str, float, float, int]:
    """p50/p95 (ms) of ``call`` over ``runs`` after one warm-up, and the queries of one call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    queries = len(captured.captured_queries)  # now: the next request clears the log
    timings = []
    for _ in range(runs):
        t = time.perf_counter()
        call()
        timings.append((time.perf_counter() - t) * 1000)
    return label, statistics.median(timings), percentile(timings, 0.95), queries


def page(client, path: str):
    def get():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} returned {response.status_code}")
        return response

    return get


def main() -> None:
    args = parse_args()
    db = args.db.resolve()
    reuse = args.reuse and db.exists()
    if not reuse:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    configure_django(db)

    import sqlite3

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from hopehome.casework import services
    from hopehome.casework.choices import OPEN_STATUSES
    from hopehome.casework.models import InjuryCase

    print("Hope Home benchmark: case manager queue and team dashboard")
    print(
        f"machine           {platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}"
    )
    print(f"database          {db}")
    if reuse:
        print("load              skipped (--reuse)")
    else:
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter() - t
        t = time.perf_counter()
        counts = load(args.cases, args.open)
        print(f"migrate           {migrated:.1f} s")
        print(
            f"load              {time.perf_counter() - t:.1f} s  ("
            + ", ".join(f"{k} {v:,}" for k, v in counts.items())
            + ")"
        )

    User = get_user_model()
    cm, other, supervisor = (
        User.objects.get(username=u) for u in ("bench_cm00", "bench_cm01", "bench_supervisor")
    )
    open_cases = InjuryCase.objects.filter(status__in=OPEN_STATUSES)
    print(
        f"cases             {InjuryCase.objects.count():,} in all, {open_cases.count():,} open; "
        f"{cm.username} {open_cases.filter(case_manager=cm).count()} open, "
        f"{other.username} {open_cases.filter(case_manager=other).count()} open"
    )

    rows = []
    if args.services_only:

        def queue_of(user):
            return lambda: [list(qs) for qs in services.my_queue(user).values()]

        def team_of(user):
            def run():
                overview = services.team_overview(user)
                return (
                    overview["per_manager"],
                    list(overview["overdue"][:50]),
                    list(overview["closure_requests"][:50]),
                )

            return run

        rows.append(measure(f"services.my_queue ({cm.username})", queue_of(cm), args.runs))
        rows.append(measure(f"services.my_queue ({other.username})", queue_of(other), args.runs))
        rows.append(measure("services.team_overview (supervisor)", team_of(supervisor), args.runs))
    else:
        clients = {}
        for user in (cm, other, supervisor):
            clients[user.username] = Client()
            clients[user.username].force_login(user)
        rows.append(
            measure(
                f"GET /staff/cases/ ({cm.username})",
                page(clients[cm.username], "/staff/cases/"),
                args.runs,
            )
        )
        rows.append(
            measure(
                f"GET /staff/cases/ ({other.username})",
                page(clients[other.username], "/staff/cases/"),
                args.runs,
            )
        )
        rows.append(
            measure(
                "GET /staff/cases/team/ (supervisor)",
                page(clients[supervisor.username], "/staff/cases/team/"),
                args.runs,
            )
        )
        rows.append(measure("GET /staff/cases/team/?page=5 (supervisor)",
                            page(clients[supervisor.username], "/staff/cases/team/?page=5"), args.runs))  # fmt: skip

    print()
    width = max(len(r[0]) for r in rows)
    print(f"{'measured'.ljust(width)}  {'p50 ms':>8}  {'p95 ms':>8}  {'queries':>7}")
    for label, p50, p95, queries in rows:
        print(f"{label.ljust(width)}  {p50:8.1f}  {p95:8.1f}  {queries:7d}")
    worst = max(r[2] for r in rows)
    verdict = "met" if worst < 200 else "NOT met"
    print(f"\ntarget            every page under 200 ms (worst p95 {worst:.1f} ms): {verdict}")


if __name__ == "__main__":
    main()
