"""The 勞基法 §80-1 fields of one published penalty, as the register and unit pages show them.

A results page shows twenty penalties of fourteen fields each. Written through the template
engine that was some 300 translated labels and 600 variable lookups a page, more than the
search itself; here the labels are translated once per language and the fields written with
format strings. Every value from a record is escaped.
"""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, pgettext

from hopehome.core.choices import choice_label, choice_labels

from ..choices import AmountType, AppealStatus, Law, Source

_LABELS: dict[str, dict[str, str]] = {}


def _labels() -> dict[str, str]:
    """The page's fixed words in the active language (translations do not change at run time)."""
    language = get_language() or ""
    labels = _LABELS.get(language)
    if labels is None:
        labels = {
            key: escape(value)
            for key, value in {
                "authority": gettext("主管機關"),
                "announced": gettext("公告日期"),
                "decided": gettext("處分日期"),
                "number": gettext("處分字號"),
                "unit": gettext("事業單位名稱"),
                "natural_person": gettext("（自然人）"),
                "person": gettext("負責人"),
                "unpublished": gettext("未公布"),
                "articles": gettext("違反法規條文"),
                "content": gettext("違反法規內容"),
                "late_fee": gettext("滯納金金額"),
                "fine": gettext("罰鍰金額"),
                "amount": gettext("新臺幣 %(amount)s 元"),
                "initial": gettext("（原處分金額新臺幣 %(amount)s 元）"),
                "appeal": gettext("救濟狀態"),
                "not_final": gettext("處分尚未確定"),
                "remarks": gettext("備註說明"),
                "source": gettext("資料來源"),
                "mol": gettext("勞動部開放資料"),
                "bureau": gettext("本局"),
                "list_separator": pgettext("list separator", "、"),
            }.items()
        }
        _LABELS[language] = labels
    return labels


def _text(value) -> str:
    return escape(value) if value else "—"


def _lines(value) -> str:
    """A multi-line text escaped, line ends as ``<br>`` (the ``linebreaksbr`` filter)."""
    return linebreaksbr(value, autoescape=True)


def penalty_facts(p) -> SafeString:
    """The ``<dl class="facts">`` of penalty ``p``, decorated by the view (``unit_html``,
    ``person_html``, ``item_list``, ``is_under_appeal``, ``amount_changed``)."""
    t = _labels()
    items = p.item_list
    laws = choice_labels(Law)
    articles = (
        t["list_separator"].join(
            f"{escape(laws.get(i.law, i.law))}{escape(i.article)}" for i in items
        )
        or "—"
    )
    if p.content:
        content = _lines(p.content)
    else:
        content = "；".join(escape(i.description) for i in items) if items else "—"
    amount_label = t["late_fee"] if p.amount_type == AmountType.LATE_FEE else t["fine"]
    if p.current_amount is None:
        amount = t["unpublished"]
    else:
        amount = t["amount"] % {"amount": intcomma(p.current_amount)}
    if p.amount_changed:
        amount += t["initial"] % {"amount": intcomma(p.initial_amount)}
    appeal = escape(choice_label(AppealStatus, p.appeal_status))
    if p.is_under_appeal:
        appeal = f'<span class="badge badge-warn">{appeal}</span> {t["not_final"]}'
    decided = p.decided_on.isoformat() if p.decided_on else ""
    announced = p.announced_on.isoformat() if p.announced_on else "—"
    html = (
        '<dl class="facts">\n'
        f"  <dt>{t['authority']}</dt><dd>{_text(p.authority)}</dd>\n"
        f"  <dt>{t['announced']}</dt><dd>{announced}</dd>\n"
        f"  <dt>{t['decided']}</dt><dd>{decided}</dd>\n"
        f"  <dt>{t['number']}</dt><dd>{escape(p.disposition_number)}</dd>\n"
        f"  <dt>{t['unit']}</dt><dd>{p.unit_html if p.unit_name else t['natural_person']}</dd>\n"
        f"  <dt>{t['person']}</dt><dd>{p.person_html if p.responsible_person else t['unpublished']}</dd>\n"
        f"  <dt>{t['articles']}</dt>\n  <dd>{articles}</dd>\n"
        f"  <dt>{t['content']}</dt>\n  <dd>{content}</dd>\n"
        f"  <dt>{amount_label}</dt>\n  <dd>{amount}</dd>\n"
        f"  <dt>{t['appeal']}</dt>\n  <dd>{appeal}</dd>\n"
        f"  <dt>{t['remarks']}</dt><dd>{_lines(p.remarks or '—')}</dd>\n"
        f"  <dt>{t['source']}</dt><dd>{t['mol'] if p.source == Source.MOL_IMPORT else t['bureau']}</dd>\n"
        "</dl>"
    )
    return mark_safe(html)  # noqa: S308 - every value from the record is escaped above
