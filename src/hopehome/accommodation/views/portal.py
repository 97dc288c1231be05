"""The public page of program 3 at /accommodation/: job redesign explained in plain language.

Written first for blind and low-vision readers: one heading per question, lists instead of
tables where a list will do, amounts spelled out in words a screen reader reads well. The
figures are aggregate counts computed from the records; no personal data is shown.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from hopehome.outcomes.registry import Period

from .. import indicators, services


def index(request):
    """Who can apply, the five categories with examples, the cap, documents, contact, figures."""
    today = timezone.localdate()
    cap = services.cap_in_force(today)
    years = []
    for year in (today.year, today.year - 1):
        period = Period(year)
        years.append({
            "year": year,
            "people": indicators.people_served(period),
            "visual": indicators.visually_impaired_employed(period).value,
        })  # fmt: skip
    return render(
        request, "accommodation/portal/index.html", {"cap": cap, "years": years, "today": today}
    )
