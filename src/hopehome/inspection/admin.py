"""Django admin for program 5.

Fine ranges (PenaltyRange) are reference data that administrators correct here. Inspections,
penalties and outreach records are read-only: every change goes through the staff screens,
whose services check permissions and write the audit trail. Complaints are not registered at
all — the complainant's identity is read only through ``services.complaint_for`` (勞基法 §74).
"""

from django.contrib import admin

from .models import Award, CounsellingVisit, Inspection, Penalty, PenaltyRange, SafetyPartnership


@admin.register(PenaltyRange)
class PenaltyRangeAdmin(admin.ModelAdmin):
    list_display = (
        "law",
        "article",
        "penalty_article",
        "min_amount",
        "max_amount",
        "valid_from",
        "valid_to",
    )
    list_filter = ("law", "penalty_article")
    search_fields = ("article",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyAdmin):
    list_display = ("number", "organization", "type", "origin", "status", "inspected_on")
    list_filter = ("status", "type", "origin", "division")
    search_fields = ("number",)
    list_select_related = ("organization",)
    exclude = ("inspectors",)


@admin.register(Penalty)
class PenaltyAdmin(ReadOnlyAdmin):
    list_display = (
        "disposition_number",
        "authority",
        "unit_name",
        "decided_on",
        "current_amount",
        "status",
        "source",
    )
    list_filter = ("status", "appeal_status", "source")
    search_fields = ("disposition_number",)


@admin.register(CounsellingVisit)
class CounsellingVisitAdmin(ReadOnlyAdmin):
    list_display = ("organization", "visited_on", "topic")
    list_select_related = ("organization",)


@admin.register(SafetyPartnership)
class SafetyPartnershipAdmin(ReadOnlyAdmin):
    list_display = ("title", "signed_on")


@admin.register(Award)
class AwardAdmin(ReadOnlyAdmin):
    list_display = ("organization", "name", "awarded_on")
    list_select_related = ("organization",)
