"""Django admin for reference data and superuser maintenance (task screens live in /staff/)."""

from django.contrib import admin

from .models import (
    AuditEntry,
    District,
    Division,
    Holiday,
    Industry,
    MinimumWage,
    Organization,
    Person,
    StaffProfile,
    TargetGroup,
)


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("postcode", "name_zh", "name_en", "is_active")
    list_editable = ("name_en", "is_active")
    search_fields = ("postcode", "name_zh", "name_en")


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ("revision", "code", "name_zh", "name_en", "level")
    list_filter = ("revision", "level")


@admin.register(TargetGroup)
class TargetGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "sort_order")


@admin.register(Division)
class DivisionAdmin(admin.ModelAdmin):
    list_display = ("code", "name_zh", "name_en", "sort_order")


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ("user", "division", "role", "title")
    list_filter = ("division", "role")
    autocomplete_fields = ("user",)


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "ubn", "district", "is_bureau_unit")
    list_filter = ("kind", "is_bureau_unit")
    search_fields = ("name", "ubn")
    list_select_related = ("district",)

    def has_change_permission(self, request, obj=None):
        # Organizations change through the audited back-office services.
        return request.user.is_superuser and super().has_change_permission(request, obj)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Read-only: people are changed through audited services, and IDs are shown masked."""

    list_display = ("name", "masked_id", "district")
    search_fields = ("=id_number", "name")
    fields = ("name", "masked_id", "id_type", "birth_date", "sex", "district", "registered_in_city")
    readonly_fields = fields
    list_select_related = ("district",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor_label", "action", "object_type", "object_repr", "context")
    list_filter = ("action", "object_type")
    search_fields = ("actor_label", "object_id", "context")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MinimumWage)
class MinimumWageAdmin(admin.ModelAdmin):
    list_display = ("effective_from", "monthly", "hourly", "source_url")


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "is_working_day")
    list_filter = ("is_working_day",)
    date_hierarchy = "date"
