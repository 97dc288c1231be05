"""``hopehome seed-demo``: load the demonstration dataset (the 2019 training year)."""

from __future__ import annotations

import time
from collections import Counter

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hopehome.accommodation import demo as accommodation_demo
from hopehome.casework import demo as casework_demo
from hopehome.core import demo as core_demo
from hopehome.inspection import demo as inspection_demo
from hopehome.jobs import demo as jobs_demo
from hopehome.training import demo as training_demo

# Each program's demo data, in the order it loads (removal runs in reverse).
DATASETS = (
    ("training", training_demo),
    ("casework", casework_demo),
    ("inspection", inspection_demo),
    ("jobs", jobs_demo),
    ("accommodation", accommodation_demo),
)


class Command(BaseCommand):
    help = (
        "Load the demonstration dataset: the demo staff accounts (password "
        f"'{core_demo.DEMO_PASSWORD}'), training providers and employers, the 2019 training "
        "courses with their trainees, outcomes and employment follow-ups, TTQS evaluations "
        "2011-2019, and courses open for applications; the 2019 occupational-injury cases of "
        "勞安福利科 with their services and follow-ups, and the homes repaired by union volunteers "
        "since 2013 (80 in 2013-2018, 20 in 2019); the 2019 year of 職安健康處 (opened on "
        "2019-04-28): inspections, penalty decisions and their publication (amounts from April), "
        "counselling visits, three safety partnerships and two 五星獎 awards. The data is the same "
        "on every run. "
        "When the dataset is already present nothing is changed; --reset deletes the demo rows "
        "(and their audit entries) and loads them again. Other records are never touched. "
        "Run 'hopehome demo-info' for the addresses and logins."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load even though DEBUG is off (the demo accounts share a published password).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo rows and load them again (demo account passwords are reset too).",
        )

    def handle(self, *args, reset: bool = False, allow_production: bool = False, **options):
        started = time.monotonic()
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "DEBUG is off. The demo accounts share a published password, so the demo dataset "
                "is not loaded on a production server. Use DEBUG=1, or --allow-production for a "
                "staging copy."
            )
        with transaction.atomic():
            users = core_demo.ensure_staff_accounts(reset_passwords=reset)
            loaded_before = {name: module.is_loaded() for name, module in DATASETS}
            if all(loaded_before.values()) and not reset:
                self.stdout.write(
                    "The demo dataset is already loaded; nothing changed. "
                    "Use --reset to delete it and load it again."
                )
                return
            if reset and any(loaded_before.values()):
                # In reverse order of loading: later programs refer to people and organizations
                # the earlier ones created (program 8's cases to training's people, and so on).
                removed: Counter[str] = Counter()
                for name, module in reversed(DATASETS):
                    if loaded_before[name]:
                        removed.update(module.remove())
                self.stdout.write("Removed the previous demo dataset: " + _counts(removed))
                loaded_before = dict.fromkeys(loaded_before, False)
            loaded: Counter[str] = Counter()
            for name, module in DATASETS:
                if not loaded_before[name]:
                    loaded.update(module.load(users))
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded the demo dataset in {time.monotonic() - started:.1f} s: " + _counts(loaded)
            )
        )
        self._print_highlights()
        self.stdout.write("Addresses and demo logins: hopehome demo-info")

    def _print_highlights(self) -> None:
        from hopehome.outcomes.registry import Period, get

        period = Period(training_demo.DEMO_YEAR)
        for key in (
            "training.employment_rate.unemployed",
            "training.employment_rate.care_worker",
            "ttqs.gold_total",
            "ttqs.gold_streak",
            "casework.cases_served",
            "casework.followup_coverage",
            "housing.completed",
            "housing.completed_cumulative",
            "inspection.inspections",
            "inspection.violation_rate",
            "inspection.published",
            "inspection.partnerships_signed",
            "inspection.awards",
            "jobs.vacancies_published",
            "jobs.applications",
            "jobs.hires",
            "jobs.hires_youth",
            "jobs.advice_within_target",
            "accommodation.visually_impaired_employed",
        ):
            indicator = get(key)
            result = indicator.compute(period)
            line = f"  {period.year} {indicator.title_zh}: {result.value} {indicator.unit}"
            if result.denominator is not None:
                line += f" ({result.numerator}/{result.denominator})"
            self.stdout.write(line)
        self.stdout.write(f"  {inspection_demo.OSH_OPENED.isoformat()} 臺南市職安健康處揭牌成立（世界職業安全衛生日）")


def _counts(counts: dict[str, int]) -> str:
    order = ("organizations", "people", "courses", "enrollments", "followups", "ttqs", "cases",
             "services", "contacts", "homes", "work_days", "photos", "teams", "volunteers",
             "inspections", "penalties", "visits", "partnerships", "awards", "vacancies", "seekers",
             "applications", "advice")  # fmt: skip
    return ", ".join(f"{counts.get(k, 0)} {k}" for k in order)
