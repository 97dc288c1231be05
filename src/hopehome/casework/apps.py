from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseworkConfig(AppConfig):
    name = "hopehome.casework"
    label = "casework"
    verbose_name = _("職災個案管理與房屋修繕")

    def ready(self) -> None:
        from django.db.models import Q

        from hopehome.core.choices import Role
        from hopehome.core.permissions import (
            CASEWORK_DIVISIONS,
            register_person_scope,
            register_record_scope,
            require,
            scope_requiring,
        )

        from . import indicators  # noqa: F401  (registers the indicators)

        def scope(profile) -> Q:
            """Case managers see the people of their own cases; supervisors their division's.

            Everyone in the division sees housing-repair households.
            """
            housing = Q(repair_applications__isnull=False)
            if profile.role == Role.CASE_MANAGER:
                return Q(injury_cases__case_manager=profile.user) | housing
            if profile.role == Role.SUPERVISOR:
                return Q(injury_cases__case_manager__staff_profile__division=profile.division) | housing
            return housing

        register_person_scope(CASEWORK_DIVISIONS, scope)

        def cases(user, queryset):
            """Behind a case figure, each viewer lists only the cases they may open."""
            from .services import visible_cases

            require(user, "casework.view_case")
            return queryset.filter(pk__in=visible_cases(user).values("pk"))

        register_record_scope("casework.injurycase", cases)
        register_record_scope("casework.repairapplication", scope_requiring("housing.view"))
