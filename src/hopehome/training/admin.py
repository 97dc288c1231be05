"""Django admin for program 1: read-only views; bands are edited on the staff TTQS screen,
which re-grades evaluations and records an audit entry."""

from django.contrib import admin

from .models import TTQSGradeBand


@admin.register(TTQSGradeBand)
class TTQSGradeBandAdmin(admin.ModelAdmin):
    list_display = ("form_type", "grade", "min_total")
    list_filter = ("form_type",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
