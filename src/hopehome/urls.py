"""Root URLs: public portal, staff back office, API, health check, admin."""

from django.contrib import admin
from django.urls import include, path

from hopehome.api.api import api
from hopehome.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("staff/", include(("hopehome.core.urls_staff", "staff"))),
    path("staff/training/", include(("hopehome.training.urls_staff", "training_staff"))),
    path("staff/training/import/", include(("hopehome.training.urls_import", "training_import"))),
    path("staff/inspection/import/", include(("hopehome.inspection.urls_import", "inspection_import"))),
    path("staff/inspection/", include(("hopehome.inspection.urls_staff", "inspection_staff"))),
    path("staff/jobs/", include(("hopehome.jobs.urls_staff", "jobs_staff"))),
    path("staff/accommodation/", include(("hopehome.accommodation.urls_staff", "accommodation_staff"))),
    path("staff/cases/", include(("hopehome.casework.urls_cases", "cases"))),
    path("staff/housing/", include(("hopehome.casework.urls_housing", "housing"))),
    path("training/", include(("hopehome.training.urls_portal", "training"))),
    path("violations/", include(("hopehome.inspection.urls_register", "register"))),
    path("jobs/", include(("hopehome.jobs.urls_portal", "jobs"))),
    path("employer/", include(("hopehome.jobs.urls_employer", "employer"))),
    path("accommodation/", include(("hopehome.accommodation.urls_portal", "accommodation"))),
    path("casework/", include(("hopehome.casework.urls_portal", "casework"))),
    path("outcomes/", include(("hopehome.outcomes.urls", "outcomes"))),
    path("", include(("hopehome.portal.urls", "portal"))),
]

handler400 = "hopehome.portal.views.bad_request"
handler403 = "hopehome.portal.views.permission_denied"
handler404 = "hopehome.portal.views.page_not_found"
handler500 = "hopehome.portal.views.server_error"
