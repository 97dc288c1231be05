"""Template helpers for accessible forms, masked identifiers, ROC dates and query strings."""

from django import forms, template
from django.utils.http import urlencode

from hopehome.core.dates import roc as roc_date
from hopehome.core.masking import mask_identifier

register = template.Library()


@register.filter
def is_checkbox(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxInput)


@register.filter
def is_multiple_choice(bound_field) -> bool:
    return isinstance(bound_field.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)


@register.simple_tag
def accessible_widget(bound_field):
    """Render the widget with aria-describedby (hint, errors) and aria-invalid."""
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.auto_id}-error")
    attrs = {}
    if not is_multiple_choice(bound_field):
        if described:
            attrs["aria-describedby"] = " ".join(described)
        if bound_field.errors:
            attrs["aria-invalid"] = "true"
        if bound_field.field.required and not is_checkbox(bound_field):
            attrs["required"] = True
    return bound_field.as_widget(attrs=attrs)


@register.filter
def masked(value) -> str:
    return mask_identifier(value)


@register.filter
def roc(value) -> str:
    return roc_date(value)


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced."""
    request = context["request"]
    params = request.GET.copy()
    for key, value in changes.items():
        params[key] = value
    return urlencode(sorted((k, v) for k, values in params.lists() for v in values))


@register.filter
def percent(value) -> str:
    if value is None:
        return "—"
    return f"{value}%"


@register.filter(name="join_list")
def join_list_filter(items) -> str:
    """``{{ names|join_list }}``: 甲、乙 in Chinese, "a, b" in English."""
    from hopehome.core.text import join_list

    return join_list(items or [])
