from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "hopehome.inspection"
    label = "inspection"
    verbose_name = _("勞動檢查與違規公布")

    def ready(self) -> None:
        from django.db.models import Q

        from hopehome.core.permissions import (
            has_perm,
            register_record_scope,
            require,
            scope_requiring,
        )

        from . import indicators  # noqa: F401  (registers the indicators)
        from .choices import PenaltyStatus

        def inspections(user, queryset):
            """Behind an inspection figure, each viewer lists the inspections they may open:
            inspectors their own, supervisors their division's, the director all."""
            from .services import visible_inspections

            require(user, "inspection.view")
            return queryset.filter(pk__in=visible_inspections(user).values("pk"))

        def penalties(user, queryset):
            """Published decisions are public data: any staff member may list them; inspection
            staff also see the unpublished decisions their record-level rule lets them open."""
            require(user, "outcomes.view_dashboard")
            published = Q(status=PenaltyStatus.PUBLISHED)
            if has_perm(user, "inspection.view"):
                from .services import visible_penalties

                return queryset.filter(published | Q(pk__in=visible_penalties(user).values("pk")))
            return queryset.filter(published)

        register_record_scope("inspection.inspection", inspections)
        register_record_scope("inspection.penalty", penalties)
        # Counselled units, partnerships and awards are published: any staff member.
        for label in ("inspection.counsellingvisit", "inspection.safetypartnership", "inspection.award"):
            register_record_scope(label, scope_requiring("outcomes.view_dashboard"))
