from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccommodationConfig(AppConfig):
    name = "hopehome.accommodation"
    label = "accommodation"
    verbose_name = _("新視界客製服務：職務再設計")
