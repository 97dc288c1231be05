"""Django admin for the job-matching app: read-only lists for the system administrator.

Every change goes through the staff screens, whose services check the rules and record an
audit entry; seekers' profiles and staff notes (personal data) are read on the audited staff
screens only, so they are not in the admin.
"""

from django.contrib import admin

from .models import AdviceRequest, Application, EmployerAccount, Vacancy


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EmployerAccount)
class EmployerAccountAdmin(ReadOnlyAdmin):
    list_display = ("organization", "contact_name", "is_verified", "verified_at", "created_at")
    list_filter = ("is_verified",)
    search_fields = ("organization__name", "organization__ubn", "contact_name")
    list_select_related = ("organization",)


@admin.register(Vacancy)
class VacancyAdmin(ReadOnlyAdmin):
    list_display = ("title", "employer", "district", "occupation", "status", "posted_on", "expires_on")
    list_filter = ("status", "occupation", "employment_type", "posted_by_staff")
    search_fields = ("title", "employer__name", "employer__ubn")
    date_hierarchy = "posted_on"
    list_select_related = ("employer", "district")
    exclude = ("search_tokens",)


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("id", "vacancy", "source", "status", "last_action_at", "hired_on")
    list_filter = ("status", "source")
    list_select_related = ("vacancy", "vacancy__employer")
    fields = ("vacancy", "source", "status", "last_action_at", "interview_at", "hired_on", "refusal_reason")


@admin.register(AdviceRequest)
class AdviceRequestAdmin(ReadOnlyAdmin):
    list_display = ("id", "topic", "status", "asked_at", "due_on", "answered_at", "answered_within_target")
    list_filter = ("status", "topic", "answered_within_target")
    fields = ("topic", "status", "asked_at", "due_on", "answered_at", "answered_within_target")
