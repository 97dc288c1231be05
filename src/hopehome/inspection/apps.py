from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "hopehome.inspection"
    label = "inspection"
    verbose_name = _("勞動檢查與違規公布")

    def ready(self) -> None:
        from hopehome.core.permissions import (
            has_perm,
            register_record_scope,
            require,
            scope_requiring,
        )

        from . import indicators  # noqa: F401  (registers the indicators)
        from .choices import PenaltyStatus

        # Inspections behind a figure: the inspection divisions and the director.
        register_record_scope("inspection.inspection", scope_requiring("inspection.view"))

        def penalties(user, queryset):
            """Published decisions are public data: any staff member may list them; the
            inspection divisions also see those not (or no longer) published."""
            if has_perm(user, "inspection.view"):
                return queryset
            require(user, "outcomes.view_dashboard")
            return queryset.filter(status=PenaltyStatus.PUBLISHED)

        register_record_scope("inspection.penalty", penalties)
        # Counselled units, partnerships and awards are published: any staff member.
        for label in ("inspection.counsellingvisit", "inspection.safetypartnership", "inspection.award"):
            register_record_scope(label, scope_requiring("outcomes.view_dashboard"))
