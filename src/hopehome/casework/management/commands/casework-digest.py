"""``hopehome casework-digest``: the weekly follow-up e-mail of 勞安福利科 (program 8).

Each case manager of the division receives one e-mail listing their open cases whose follow-up
is overdue and those due in the next seven days; each supervisor of the division receives the
team's overdue cases, per case manager. Cases are named by case number and masked identifier
only, with a link to the case in the back office; names, full identifiers and notes stay in the
system. Staff without an e-mail address on their account are listed in the summary.

It is meant for a weekly cron job, for example every Monday at 07:30::

    30 7 * * 1  cd /srv/hopehome && .venv/bin/hopehome casework-digest

The messages go through Django's e-mail settings (``EMAIL_BACKEND``, ``EMAIL_HOST``,
``DEFAULT_FROM_EMAIL`` …; with ``DEBUG`` they are printed on the console). ``--dry-run`` prints
who would receive what and sends nothing.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hopehome.casework import services
from hopehome.casework.models import InjuryCase
from hopehome.core.choices import Role
from hopehome.core.permissions import CASEWORK_DIVISIONS

HORIZON_DAYS = 7
# A longer list is cut here; the e-mail then points to the screen with all of them.
MAX_LINES = 100


def division_staff(role: str):
    """Active staff of 勞安福利科 with ``role``, by username."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            staff_profile__role=role,
            staff_profile__division__code__in=CASEWORK_DIVISIONS,
        )
        .select_related("staff_profile__division")
        .order_by("username")
    )


def _display_name(user) -> str:
    return user.get_full_name() or user.username


def _case_line(case: InjuryCase, today: date, base_url: str, *, with_manager: bool = False) -> str:
    due = case.next_followup_on
    if due is None:
        when = _("未排定追蹤日期")
    elif due < today:
        days = (today - due).days
        when = ngettext(
            "應追蹤日 %(date)s（逾期 %(days)d 天）", "應追蹤日 %(date)s（逾期 %(days)d 天）", days
        ) % {"date": due.isoformat(), "days": days}
    else:
        when = _("應追蹤日 %(date)s") % {"date": due.isoformat()}
    manager = f"  {_display_name(case.case_manager)}" if with_manager else ""
    url = base_url + reverse("cases:detail", kwargs={"pk": case.pk})
    return f"- {case.number}  {case.person.masked_id}{manager}  {when}\n  {url}"


def _section(
    title: str, cases: list[InjuryCase], total: int, today: date, base_url: str, **kw
) -> list[str]:
    lines = [title]
    lines += [_case_line(case, today, base_url, **kw) for case in cases]
    if total > len(cases):
        lines.append(
            _("（另有 %(n)d 件未列出，請登入系統查看完整清單。）") % {"n": total - len(cases)}
        )
    return lines


def _footer(base_url: str, path: str) -> list[str]:
    return [
        "",
        _("請登入希望家園處理：%(url)s") % {"url": base_url + path},
        _("本信件由系統每週自動寄送，只列出案號與遮罩後的證號；個案資料請登入系統查閱，請勿轉寄。"),
    ]


def case_manager_digest(user, today: date, base_url: str) -> EmailMessage | None:
    """The case manager's overdue and due-this-week cases; None when nothing is due."""
    queue = services.my_queue(user, today, horizon_days=HORIZON_DAYS)
    overdue = list(queue["overdue"][:MAX_LINES])
    due = list(queue["due"][:MAX_LINES])
    n_overdue = len(overdue) if len(overdue) < MAX_LINES else queue["overdue"].count()
    n_due = len(due) if len(due) < MAX_LINES else queue["due"].count()
    if not n_overdue and not n_due:
        return None
    subject = _("【希望家園】職災個案追蹤提醒：逾期 %(overdue)d 件、7 日內應追蹤 %(due)d 件") % {
        "overdue": n_overdue,
        "due": n_due,
    }
    lines = [
        _("%(name)s 您好：") % {"name": _display_name(user)},
        "",
        _("以下是您負責的職災個案中，截至 %(date)s 追蹤逾期及 7 日內應追蹤的個案。")
        % {"date": today.isoformat()},
    ]
    if overdue:
        lines += [
            "",
            *_section(
                _("追蹤逾期（%(n)d 件）") % {"n": n_overdue}, overdue, n_overdue, today, base_url
            ),
        ]
    if due:
        horizon = today + timedelta(days=HORIZON_DAYS)
        title = _("%(start)s 至 %(end)s 應追蹤（%(n)d 件）") % {
            "start": today.isoformat(),
            "end": horizon.isoformat(),
            "n": n_due,
        }
        lines += ["", *_section(title, due, n_due, today, base_url)]
    lines += _footer(base_url, reverse("cases:queue"))
    return EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])


def supervisor_digest(user, today: date, base_url: str) -> EmailMessage | None:
    """The team's overdue cases, with the count per case manager; None when none is overdue."""
    overview = services.team_overview(user, today)
    per_manager = [row for row in overview["per_manager"] if row["overdue"]]
    total = sum(row["overdue"] for row in per_manager)
    if not total:
        return None
    overdue = list(overview["overdue"][:MAX_LINES])
    subject = _("【希望家園】勞安福利科追蹤逾期個案：共 %(n)d 件") % {"n": total}
    lines = [
        _("%(name)s 您好：") % {"name": _display_name(user)},
        "",
        _("截至 %(date)s，本科服務中個案有 %(n)d 件追蹤逾期：")
        % {"date": today.isoformat(), "n": total},
    ]
    for row in per_manager:
        name = row["case_manager__first_name"] or row["case_manager__username"]
        lines.append(
            _("- %(name)s：逾期 %(overdue)d 件／服務中 %(open)d 件")
            % {"name": name, "overdue": row["overdue"], "open": row["open"]}
        )
    lines += ["", *_section(_("逾期個案清單"), overdue, total, today, base_url, with_manager=True)]
    lines += _footer(base_url, reverse("cases:team"))
    return EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])


class Command(BaseCommand):
    help = (
        "Send the weekly follow-up digest of the occupational-injury cases: each case manager of "
        "勞安福利科 gets their overdue cases and those due within 7 days, each supervisor the "
        "team's overdue cases (case numbers, masked IDs and links only). Run weekly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print what would be sent; send nothing."
        )
        parser.add_argument(
            "--date",
            dest="on",
            metavar="YYYY-MM-DD",
            help="The day the digest is for, YYYY-MM-DD (default: today). Follow-ups before it are overdue.",
        )
        parser.add_argument(
            "--base-url",
            default=None,
            help="The site's address for the links (default: the SITE_URL setting).",
        )

    def handle(
        self,
        *args,
        dry_run: bool = False,
        on: str | None = None,
        base_url: str | None = None,
        **options,
    ):
        today = self._parse_date(on)
        base = (base_url or settings.SITE_URL).rstrip("/")
        messages: list[tuple[str, object, EmailMessage]] = []
        without_email: list[str] = []
        nothing_due: list[str] = []
        with translation.override(settings.LANGUAGE_CODE):
            for role, build in (
                (Role.CASE_MANAGER, case_manager_digest),
                (Role.SUPERVISOR, supervisor_digest),
            ):
                for user in division_staff(role):
                    if not (user.email or "").strip():
                        without_email.append(user.username)
                        continue
                    message = build(user, today, base)
                    if message is None:
                        nothing_due.append(user.username)
                    else:
                        messages.append((role, user, message))
        for _role, user, message in messages:
            verb = "Would send" if dry_run else "Sending"
            self.stdout.write(f"{verb} to {user.username} <{user.email}>: {message.subject}")
            if dry_run and options.get("verbosity", 1) >= 2:
                self.stdout.write(message.body + "\n")
        sent = 0
        if messages and not dry_run:
            sent = get_connection().send_messages([m for _r, _u, m in messages]) or 0
        to_managers = sum(1 for role, *_rest in messages if role == Role.CASE_MANAGER)
        to_supervisors = len(messages) - to_managers
        head = "Dry run: would send" if dry_run else "Sent"
        count = len(messages) if dry_run else sent
        self.stdout.write(
            self.style.SUCCESS(
                f"{head} {count} e-mail(s) for {today.isoformat()}: {to_managers} to case managers, "
                f"{to_supervisors} to supervisors."
            )
        )
        if nothing_due:
            self.stdout.write("Nothing due or overdue for: " + ", ".join(nothing_due))
        if without_email:
            self.stdout.write(
                self.style.WARNING(
                    "Skipped, no e-mail address on the account: " + ", ".join(without_email)
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
