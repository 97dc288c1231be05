from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "hopehome.training"
    label = "training"
    verbose_name = _("職業訓練")

    def ready(self) -> None:
        from django.db.models import Q

        from hopehome.core.permissions import (
            TRAINING_DIVISIONS,
            register_person_scope,
            register_record_scope,
            scope_requiring,
        )

        from . import indicators  # noqa: F401  (registers the indicators)

        register_person_scope(TRAINING_DIVISIONS, lambda profile: Q(enrollments__isnull=False))
        # Trainees behind the training figures: the training division and the director.
        register_record_scope("training.enrollment", scope_requiring("training.view"))
        # TTQS results concern units, not people: any staff member may list them.
        register_record_scope("training.ttqsevaluation", scope_requiring("outcomes.view_dashboard"))
