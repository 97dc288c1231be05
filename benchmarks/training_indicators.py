"""Benchmark: program 1's outcome indicators over one million enrolments (SQLite).

    .venv/bin/python benchmarks/training_indicators.py [--enrollments 1000000] [--db PATH]
    .venv/bin/python benchmarks/training_indicators.py --quick        # 50,000 enrolments
    .venv/bin/python benchmarks/training_indicators.py --reuse        # keep a loaded database

The script builds a separate SQLite database (default ``benchmarks/bench.sqlite3``, deleted and
recreated), migrates it, and bulk-loads deterministic data: training providers and bureau
units, courses ending 2015–2024 in the four categories, people, enrolments with a realistic
mix of outcomes, employment follow-ups for about 60% of completers (with the enrolment's
``employed_on`` / ``counts_as_employed`` / ``public_assistance`` set exactly as
``training.services.refresh_employment`` sets them) and TTQS evaluations. It then times every
registered indicator whose key starts with ``training.`` or ``ttqs.`` for the year with the
most enrolments: once cold (a new connection, so SQLite's page cache is empty; the operating
system's file cache is not dropped) and warm (best and median of 5). The target is a total
under 1 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "benchmarks" / "bench.sqlite3"
YEARS = range(2015, 2025)
# Relative number of enrolments per year: a deterministic, uneven spread.
YEAR_WEIGHTS = dict(zip(YEARS, (70, 78, 84, 90, 100, 88, 92, 104, 112, 97), strict=True))
CATEGORY_WEIGHTS = {"unemployed": 45, "care_worker": 15, "in_service": 25, "leisure": 15}
BATCH = 10_000
SEED = 20191231


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--enrollments", type=int, default=1_000_000, help="enrolments to load (default 1,000,000)"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run with 50,000 enrolments")
    parser.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        help=f"SQLite file (default {DEFAULT_DB.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the database if it is already loaded"
    )
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per indicator (default 5)")
    args = parser.parse_args()
    if args.quick:
        args.enrollments = 50_000
    if args.enrollments < 1_000:
        parser.error("--enrollments must be at least 1,000")
    return args


def configure_django(db: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key")
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


def stamp(d: date) -> str:
    return f"{d.isoformat()} 01:00:00"


class Loader:
    """Bulk-loads the benchmark rows with executemany on the raw SQLite connection."""

    def __init__(self, target: int):
        from django.db import connection

        connection.ensure_connection()
        self.db = connection.connection
        self.target = target
        self.rng = random.Random(SEED)
        self.now = stamp(date(2025, 1, 15))
        self.counts: dict[str, int] = {}

    def insert(self, table: str, columns: tuple[str, ...], rows) -> int:
        sql = (
            f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
        )
        n = 0
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self.db.executemany(sql, batch)
                n += len(batch)
                batch.clear()
        if batch:
            self.db.executemany(sql, batch)
            n += len(batch)
        self.counts[table] = self.counts.get(table, 0) + n
        return n

    def run(self) -> None:
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("PRAGMA cache_size=-262144")  # 256 MiB while loading
        self.db.execute("BEGIN")
        self.organizations()
        self.courses()
        self.people()
        self.enrollments()
        self.ttqs()
        self.db.execute("COMMIT")
        self.db.execute("PRAGMA synchronous=NORMAL")

    def organizations(self) -> None:
        district_ids = [
            r[0] for r in self.db.execute("SELECT id FROM core_district ORDER BY postcode")
        ]
        self.district_ids = district_ids
        units = ["臺南市職業訓練就業服務中心", "臺南市勞工育樂中心", "臺南市勞工局勞工學苑",
                 "臺南市就業服務處", "臺南市身心障礙者職業重建中心"]  # fmt: skip
        rows = [
            (
                self.now,
                self.now,
                "government",
                name,
                None,
                "",
                None,
                "",
                1,
                name,
                district_ids[0],
                None,
            )
            for name in units
        ]
        rows += [
            (self.now, self.now, "training_provider", f"訓練單位{n:03d}", f"{80000000 + n}", "", 30 + n, "", 0,
             f"訓練單位{n:03d}", self.rng.choice(district_ids), None)
            for n in range(1, 56)
        ]  # fmt: skip
        self.insert("core_organization", ("created_at", "updated_at", "kind", "name", "ubn", "address",
                    "employee_count", "responsible_person", "is_bureau_unit", "name_key", "district_id",
                    "industry_id"), rows)  # fmt: skip
        self.org_ids = [
            r[0] for r in self.db.execute("SELECT id FROM core_organization ORDER BY id")
        ]
        self.bureau_ids = self.org_ids[: len(units)]

    def courses(self) -> None:
        """Courses per year until the year's share of enrolments is reached."""
        total_weight = sum(YEAR_WEIGHTS.values())
        categories = list(CATEGORY_WEIGHTS)
        weights = list(CATEGORY_WEIGHTS.values())
        self.plan: list[
            tuple[int, str, date, date, int]
        ] = []  # (course no, category, start, end, size)
        rows = []
        n = 0
        assigned = 0
        for year in YEARS:
            share = round(self.target * YEAR_WEIGHTS[year] / total_weight)
            if year == YEARS[-1]:
                share = self.target - assigned  # the rounding remainder goes to the last year
            assigned += share
            while share > 0:
                n += 1
                category = self.rng.choices(categories, weights)[0]
                size = min(self.rng.randint(18, 40), share)
                share -= size
                ends = date(year, 1, 1) + timedelta(days=self.rng.randrange(365))
                starts = ends - timedelta(days=self.rng.randint(20, 150))
                code = f"B{year}-{n:06d}"
                title = {"unemployed": "電腦輔助機械製圖班", "care_worker": "照顧服務員訓練班",
                         "in_service": "在職進修數位行銷班", "leisure": "勞工學苑烘焙課"}[category]  # fmt: skip
                provider = self.rng.choice(self.org_ids)
                rows.append((self.now, self.now, code, title, category, "", self.rng.choice((60, 120, 300, 450)),
                             max(size, 20), starts.isoformat(), ends.isoformat(), None, "", 0, 0, "first_come",
                             "finished", f"{code.lower()} {title}", self.rng.choice(self.district_ids), provider))  # fmt: skip
                self.plan.append((n, category, starts, ends, size))
        self.insert("training_course", ("created_at", "updated_at", "code", "title", "category", "description",
                    "hours", "capacity", "starts_on", "ends_on", "application_deadline", "venue", "subsidy",
                    "trainee_fee", "admission_mode", "status", "search_key", "district_id", "provider_id"), rows)  # fmt: skip
        first = self.db.execute("SELECT MIN(id) FROM training_course").fetchone()[0]
        self.course_ids = {no: first + no - 1 for no, *_ in self.plan}

    def people(self) -> None:
        """About 0.6 people per enrolment: many take more than one course."""
        self.people_count = max(int(self.target * 0.6), 100)
        rows = (
            (self.now, self.now, f"學員{i:07d}", "national", national_id(i, self.rng), None, "", "", "", "", 1, "",
             f"學員{i:07d}", None)
            for i in range(1, self.people_count + 1)
        )  # fmt: skip
        self.insert("core_person", ("created_at", "updated_at", "name", "id_type", "id_number", "birth_date", "sex",
                    "phone", "email", "address", "registered_in_city", "disability_category", "name_key",
                    "district_id"), rows)  # fmt: skip
        self.first_person = self.db.execute("SELECT MIN(id) FROM core_person").fetchone()[0]

    def enrollments(self) -> None:
        """Enrolments course by course, then their follow-ups, with the denormalised summary."""
        from hopehome.training.services import _counts as counts_toward_rate

        rng = self.rng
        enrollment_rows = []
        followups: list[tuple] = []
        number = 0
        for no, category, starts, ends, size in self.plan:
            course_id = self.course_ids[no]
            trains_jobseekers = category in ("unemployed", "care_worker")
            people = rng.sample(range(self.people_count), size)
            for slot in range(size):
                number += 1
                r = rng.random()
                if trains_jobseekers:
                    status = (
                        "completed"
                        if r < 0.78
                        else "dropped"
                        if r < 0.87
                        else "early_employed"
                        if r < 0.94
                        else "withdrawn"
                    )
                else:
                    status = "completed" if r < 0.88 else "dropped" if r < 0.96 else "withdrawn"
                completed_on = ends if status == "completed" else None
                left_on = None
                if status in ("dropped", "early_employed"):
                    left_on = starts + timedelta(
                        days=rng.randint((ends - starts).days // 2, (ends - starts).days)
                    )
                job = None
                if status == "early_employed" or (status == "completed" and rng.random() < 0.60):
                    job = self._job(status, ends, left_on)
                employed_on, counts, assisted = None, False, False
                if job is not None:
                    enrollment = SimpleNamespace(status=status, completed_on=completed_on)
                    if counts_toward_rate(job, enrollment):
                        employed_on, counts, assisted = job.insured_on, True, job.public_assistance
                    followups.append((
                        self.now, self.now, job.insured_on.isoformat(), "", job.source, job.insurance_channel,
                        int(job.public_assistance), job.confirmed_on.isoformat() if job.confirmed_on else None,
                        "", None, number,
                    ))  # fmt: skip
                applied = stamp(starts - timedelta(days=rng.randint(10, 40)))
                enrollment_rows.append((
                    self.now, self.now, status, f"B{number:09d}", applied, applied, "portal",
                    None, completed_on.isoformat() if completed_on else None,
                    left_on.isoformat() if left_on else None,
                    employed_on.isoformat() if employed_on else None, int(counts), int(assisted),
                    course_id, self.first_person + people[slot],
                ))  # fmt: skip
                if len(enrollment_rows) >= BATCH:
                    self._flush_enrollments(enrollment_rows)
        self._flush_enrollments(enrollment_rows)
        # Enrolment ids are assigned in insertion order in the fresh table: the n-th is first + n - 1.
        first = self.db.execute("SELECT MIN(id) FROM training_enrollment").fetchone()[0]
        self.insert(
            "training_employmentfollowup",
            ("created_at", "updated_at", "insured_on", "employer_name", "source", "insurance_channel",
             "public_assistance", "confirmed_on", "note", "employer_id", "enrollment_id"),
            (row[:-1] + (first + row[-1] - 1,) for row in followups),
        )  # fmt: skip

    def _flush_enrollments(self, rows: list[tuple]) -> None:
        self.insert("training_enrollment", ("created_at", "updated_at", "status", "confirmation_number", "applied_at",
                    "decided_at", "channel", "hours_attended", "completed_on", "left_on", "employed_on",
                    "counts_as_employed", "public_assistance", "course_id", "person_id"), rows)  # fmt: skip
        rows.clear()

    def _job(self, status: str, ends: date, left_on: date | None) -> SimpleNamespace:
        """A labour-insurance enrolment: mostly in the 90-day window, some late or not regular."""
        rng = self.rng
        r = rng.random()
        channel, source, confirmed = "regular", "insurance", None
        if status == "early_employed":
            insured = left_on
        elif r < 0.84:
            insured = ends + timedelta(days=rng.randint(0, 90))
        elif r < 0.88:
            insured = ends + timedelta(days=rng.randint(91, 120))
            source, confirmed = "manual", insured + timedelta(days=rng.randint(0, 10))
        elif r < 0.94:
            insured = ends + timedelta(days=rng.randint(91, 365))
        else:
            insured = ends + timedelta(days=rng.randint(0, 90))
            channel = rng.choice(("occupational_union", "training", "layoff"))
        return SimpleNamespace(insured_on=insured, source=source, insurance_channel=channel,
                               public_assistance=rng.random() < 0.04, confirmed_on=confirmed)  # fmt: skip

    def ttqs(self) -> None:
        """Bureau units every year (mostly gold); providers in most years."""
        bands = {
            "fail": (30, 49),
            "pass": (50, 57),
            "bronze": (58, 65),
            "silver": (66, 73),
            "gold": (74, 83),
            "platinum": (84, 95),
        }
        rows = []
        for org in self.org_ids:
            bureau = org in self.bureau_ids
            for year in YEARS:
                if not bureau and self.rng.random() < 0.3:
                    continue
                grades = (
                    ("gold", "platinum", "silver")
                    if bureau
                    else ("fail", "pass", "bronze", "silver", "gold")
                )
                weights = (70, 15, 15) if bureau else (5, 30, 30, 25, 10)
                grade = self.rng.choices(grades, weights)[0]
                total = self.rng.randint(*bands[grade])
                scores = [total // 19 + (1 if i < total % 19 else 0) for i in range(19)]
                rows.append((self.now, self.now, year, "provider", str(scores), total, grade, "評核委員",
                             date(year, 10, 1).isoformat(), "", org))  # fmt: skip
        self.insert("training_ttqsevaluation", ("created_at", "updated_at", "year", "form_type", "scores", "total",
                    "grade", "assessor", "evaluated_on", "note", "organization_id"), rows)  # fmt: skip


def check_consistency(sample: int = 500) -> tuple[int, int]:
    """Re-run refresh_employment on a sample of enrolments with follow-ups; count the changes."""
    from hopehome.training.models import Enrollment
    from hopehome.training.services import refresh_employment

    changed = checked = 0
    fields = ("employed_on", "counts_as_employed", "public_assistance")
    last = Enrollment.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = random.Random(SEED).sample(range(1, last + 1), min(last, sample * 4))
    for enrollment in Enrollment.objects.filter(id__in=ids, followups__isnull=False).order_by("id")[
        :sample
    ]:
        before = tuple(getattr(enrollment, f) for f in fields)
        refresh_employment(enrollment)
        changed += before != tuple(getattr(enrollment, f) for f in fields)
        checked += 1
    return changed, checked


# --- timing ---------------------------------------------------------------------------------
def busiest_year() -> tuple[int, int]:
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from hopehome.training.models import Enrollment

    row = (
        Enrollment.objects.annotate(year=ExtractYear("course__ends_on")).values("year")
        .annotate(n=Count("id")).order_by("-n", "year").first()
    )  # fmt: skip
    return row["year"], row["n"]


def explain(year: int) -> list[tuple[str, list[str]]]:
    """EXPLAIN QUERY PLAN of every query the 訓後就業率 (unemployed) runs for the year."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hopehome.outcomes import registry

    with CaptureQueriesContext(connection) as captured:
        registry.get("training.employment_rate.unemployed").compute(registry.Period(year))
    plans = []
    with connection.cursor() as cursor:
        for query in captured.captured_queries:
            cursor.execute("EXPLAIN QUERY PLAN " + query["sql"])
            plans.append((query["sql"], [row[-1] for row in cursor.fetchall()]))
    return plans


def time_indicators(year: int, repeat: int) -> list[tuple[str, str, float, float, float]]:
    from django.db import connection

    from hopehome.outcomes import registry

    indicators = [i for i in registry.all_indicators() if i.key.startswith(("training.", "ttqs."))]
    period = registry.Period(year)
    connection.close()  # a new connection: SQLite's page cache starts empty
    cold, figures = {}, {}
    for ind in indicators:
        t = time.perf_counter()
        result = ind.compute(period)
        cold[ind.key] = time.perf_counter() - t
        figures[ind.key] = (
            f"{result.value}{ind.unit if ind.unit == '%' else ''} ({result.numerator}/{result.denominator})"
        )
    warm: dict[str, list[float]] = {ind.key: [] for ind in indicators}
    for _ in range(repeat):
        for ind in indicators:
            t = time.perf_counter()
            ind.compute(period)
            warm[ind.key].append(time.perf_counter() - t)
    return [
        (key, figures[key], cold[key], min(warm[key]), statistics.median(warm[key])) for key in cold
    ]


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

    from django.core.management import call_command
    from django.db import connection

    print("Hope Home benchmark: training indicators")
    print(
        f"machine           {platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"
    )
    print(f"database          {db}")
    if reuse:
        print("load              skipped (--reuse)")
    else:
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        migrated = time.perf_counter() - t
        t = time.perf_counter()
        loader = Loader(args.enrollments)
        loader.run()
        loaded = time.perf_counter() - t
        print(f"migrate           {migrated:.1f} s")
        print(f"load              {loaded:.1f} s  ({args.enrollments / loaded:,.0f} enrolments/s)")
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        changed, checked = check_consistency()
        print(
            f"consistency       refresh_employment changed {changed} of {checked} sampled enrolments with follow-ups"
        )

    with connection.cursor() as cursor:
        counts = {}
        for label, table in (("organizations", "core_organization"), ("courses", "training_course"),
                             ("people", "core_person"), ("enrollments", "training_enrollment"),
                             ("follow-ups", "training_employmentfollowup"),
                             ("TTQS evaluations", "training_ttqsevaluation")):  # fmt: skip
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[label] = cursor.fetchone()[0]
    print("rows              " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    print(f"database size     {db.stat().st_size / 1e6:,.0f} MB")

    year, in_year = busiest_year()
    print(f"year              {year} ({in_year:,} enrolments in courses ending that year)")
    for sql, plan in explain(year):
        print(f"query plan        {sql[:150]}{'…' if len(sql) > 150 else ''}")
        for line in plan:
            print(f"                    {line}")

    results = time_indicators(year, args.repeat)
    print()
    width = max(len(k) for k, *_ in results)
    fig_width = max(len("value (numerator/denominator)"), *(len(r[1]) for r in results))
    print(
        f"{'indicator'.ljust(width)}  {'value (numerator/denominator)'.ljust(fig_width)}  {'cold ms':>9}  {'warm best ms':>12}  {'warm median ms':>14}"
    )
    for key, figure, cold, best, median in results:
        print(
            f"{key.ljust(width)}  {figure.ljust(fig_width)}  {cold * 1000:9.1f}  {best * 1000:12.1f}  {median * 1000:14.1f}"
        )
    total_cold = sum(r[2] for r in results)
    total_best = sum(r[3] for r in results)
    total_median = sum(r[4] for r in results)
    print(
        f"{'total'.ljust(width)}  {''.ljust(fig_width)}  {total_cold * 1000:9.1f}  {total_best * 1000:12.1f}  {total_median * 1000:14.1f}"
    )
    verdict = "met" if total_median < 1.0 else "NOT met"
    print(
        f"\ntarget            total under 1 s (warm median {total_median:.3f} s, cold {total_cold:.3f} s): {verdict}"
    )


if __name__ == "__main__":
    main()
