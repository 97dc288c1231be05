from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "hopehome.jobs"
    label = "jobs"
    verbose_name = _("台南工作好找")

    def ready(self) -> None:
        from django.db.models import Q

        from hopehome.core.permissions import (
            JOBS_DIVISIONS,
            has_perm,
            register_person_scope,
            register_record_scope,
            require,
            scope_requiring,
        )

        from .choices import VacancyStatus

        def vacancies(user, queryset):
            """Jobs staff list every vacancy; other staff only the published ones."""
            if has_perm(user, "jobs.view"):
                return queryset
            require(user, "outcomes.view_dashboard")
            return queryset.filter(status=VacancyStatus.PUBLISHED)

        def seeker_records(user, queryset):
            """Applications, advice requests and seekers: personal data of job seekers."""
            if has_perm(user, "jobs.view_seeker"):
                return queryset
            require(user, "jobs.view")
            return queryset

        register_record_scope("jobs.vacancy", vacancies)
        register_record_scope("jobs.application", seeker_records)
        register_record_scope("jobs.advicerequest", seeker_records)
        register_record_scope("jobs.seekerprofile", scope_requiring("jobs.view_seeker"))
        register_person_scope(JOBS_DIVISIONS, lambda profile: Q(seeker_profiles__isnull=False))

        from . import indicators  # noqa: F401  (registers the indicators)
