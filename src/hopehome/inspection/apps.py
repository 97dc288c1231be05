from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "hopehome.inspection"
    label = "inspection"
    verbose_name = _("勞動檢查與違規公布")
