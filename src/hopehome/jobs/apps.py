from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "hopehome.jobs"
    label = "jobs"
    verbose_name = _("台南工作好找")
