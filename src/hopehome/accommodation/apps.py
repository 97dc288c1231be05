from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccommodationConfig(AppConfig):
    name = "hopehome.accommodation"
    label = "accommodation"
    verbose_name = _("新視界客製服務：職務再設計")

    def ready(self) -> None:
        from django.db.models import Q

        from hopehome.core.permissions import (
            ACCOMMODATION_DIVISIONS,
            register_person_scope,
            register_record_scope,
            scope_requiring,
        )

        from . import indicators  # noqa: F401  (registers the indicators)

        # 就業促進科 sees the workers of job-redesign applications in the people registry.
        register_person_scope(
            ACCOMMODATION_DIVISIONS, lambda profile: Q(redesign_applications__isnull=False)
        )
        register_record_scope(
            "accommodation.redesignapplication", scope_requiring("accommodation.view")
        )
