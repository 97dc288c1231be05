from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "hopehome.training"
    label = "training"
    verbose_name = _("職業訓練")

    def ready(self) -> None:
        from django.db.models import Q

        from hopehome.core.permissions import TRAINING_DIVISIONS, register_person_scope

        from . import indicators  # noqa: F401  (registers the indicators)

        register_person_scope(TRAINING_DIVISIONS, lambda profile: Q(enrollments__isnull=False))
