"""zh-Hant formats as Taiwan writes them: amounts grouped by thousands with commas (NT$20,000)."""

from django.conf.locale.zh_Hant.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
