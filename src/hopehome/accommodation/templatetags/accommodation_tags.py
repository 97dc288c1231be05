"""Template helpers of the job-redesign screens."""

from django import template

from ..services import follow_up_from

register = template.Library()


@register.filter
def follow_up_date(employment_start):
    """The first day the three-month follow-up may be recorded (empty without a start date)."""
    return follow_up_from(employment_start) if employment_start else None
