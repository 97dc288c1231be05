"""``hopehome jobs-daily``: the daily housekeeping of 台南工作好找.

1. Published vacancies past their expiry date become expired (they leave search at once).
2. Open applications nobody acted on for 60 days expire; each seeker gets an e-mail.
3. Seekers with saved searches receive one e-mail listing the vacancies published since the
   last digest.

It is meant for a daily cron job, for example every day at 06:00::

    0 6 * * *  cd /srv/hopehome && .venv/bin/hopehome jobs-daily

The messages go through Django's e-mail settings (``EMAIL_BACKEND``, ``DEFAULT_FROM_EMAIL``
…). ``--date`` runs the expiry steps as of another day (the digest always uses the present).
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from hopehome.jobs import services


class Command(BaseCommand):
    help = (
        "Daily jobs housekeeping: expire vacancies past their expiry date, expire applications "
        "idle for 60 days (e-mailing the seekers) and send the saved-search digests. Run daily from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", dest="on", metavar="YYYY-MM-DD",
            help="The day to run the expiry steps for (default: today).",
        )  # fmt: skip
        parser.add_argument("--no-digest", action="store_true", help="Skip the saved-search e-mails.")

    def handle(self, *args, on: str | None = None, no_digest: bool = False, **options):
        today = self._parse_date(on)
        now = timezone.now()
        if on:
            now = timezone.make_aware(datetime.combine(today, time(6, 0)))
        with translation.override(settings.LANGUAGE_CODE):
            vacancies = services.expire_vacancies(today)
            applications = services.expire_applications(now)
            digests = 0 if no_digest else services.send_saved_search_digests()
        self.stdout.write(
            self.style.SUCCESS(
                f"{today.isoformat()}: {vacancies} vacancy(ies) expired, {applications} application(s) expired, "
                f"{digests} saved-search digest(s) sent."
            )
        )

    @staticmethod
    def _parse_date(value: str | None) -> date:
        if not value:
            return timezone.localdate()
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date must be a date like 2019-12-31, not {value!r}.") from None
