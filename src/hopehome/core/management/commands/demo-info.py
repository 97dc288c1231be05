"""``hopehome demo-info``: where to look, and how to log in, once the demo dataset is loaded."""

from __future__ import annotations

import unicodedata

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from hopehome.core.choices import Role
from hopehome.core.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, demo_users
from hopehome.core.reference_data import DIVISIONS
from hopehome.jobs.demo import EMPLOYER_LOGIN, SEEKER_LOGIN

PAGES = (
    ("/", "公開網站 Public portal"),
    ("/jobs/", "台南工作好找 Job search app"),
    ("/employer/", "雇主專區 Employer pages"),
    ("/accommodation/", "職務再設計 Job redesign"),
    ("/violations/", "違規事業單位查詢 Violations register"),
    ("/staff/", "局內作業 Staff back office"),
    ("/api/v1/docs", "API 文件 API documentation"),
    ("/outcomes/2019/", "108 年施政成果 2019 outcomes"),
    ("/admin/", "Django 管理介面 Django admin (administrator)"),
)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Print the demo site's addresses and the demo staff logins (loaded by 'hopehome seed-demo')."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs (default: %(default)s).",
        )

    def handle(self, *args, base_url: str = "http://127.0.0.1:8000", **options):
        base = base_url.rstrip("/")
        self.stdout.write("Hope Home 希望家園 — demo")
        self.stdout.write("")
        for path, label in PAGES:
            self.stdout.write(f"  {_pad(base + path, 40)}  {label}")
        self.stdout.write("")
        divisions = {code: zh for code, zh, _ in DIVISIONS}
        header = ("username", "password", "role", "division", "name")
        rows = [
            (
                a.username,
                DEMO_PASSWORD,
                f"{a.role} {Role(a.role).label}",
                f"{a.division} {divisions[a.division]}",
                a.name,
            )
            for a in DEMO_ACCOUNTS
        ]
        widths = [max(_width(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
        for row in (header, tuple("-" * w for w in widths), *rows):
            self.stdout.write(
                "  " + "  ".join(_pad(str(c), w) for c, w in zip(row, widths, strict=True)).rstrip()
            )
        self.stdout.write("")
        self.stdout.write("  administrator is also a Django superuser (/admin/).")
        self.stdout.write("")
        self.stdout.write(f"  Public demo logins (sign in at /jobs/login/, password {DEMO_PASSWORD}):")
        self.stdout.write(f"    {_pad(EMPLOYER_LOGIN, 34)}  雇主 employer")
        self.stdout.write(f"    {_pad(SEEKER_LOGIN, 34)}  求職者 job seeker")
        try:
            missing = [a.username for a in DEMO_ACCOUNTS if a.username not in demo_users()]
        except DatabaseError:
            missing = []
            self.stdout.write(
                "  (The database is not set up yet: run 'hopehome migrate' and 'hopehome seed-demo'.)"
            )
        if missing:
            self.stdout.write(
                self.style.WARNING(
                    "  Not created yet: " + ", ".join(missing) + ". Run 'hopehome seed-demo'."
                )
            )
