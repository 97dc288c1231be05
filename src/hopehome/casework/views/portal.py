"""The public page of program 8 at /casework/: what the programme offers and how to ask for help.

It shows aggregate counters of the housing-repair programme only; no case or household data.
"""

from __future__ import annotations

from django.shortcuts import render

from hopehome.core.text import join_list

from .. import indicators
from ..choices import HouseholdCategory, Trade


def index(request):
    """Services for injured workers, how to ask for help, and the housing-repair counters."""
    summary = indicators.housing_summary()
    return render(
        request,
        "casework/portal/index.html",
        {
            "housing": summary,
            "categories": HouseholdCategory.choices,
            "trades": join_list(
                str(label) for value, label in Trade.choices if value != Trade.MEALS
            ),
        },
    )
