from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "hopehome.outcomes"
    label = "outcomes"
    verbose_name = _("施政成果指標")
