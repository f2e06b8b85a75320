from django.contrib import admin
from django.http import HttpRequest

from branches.permissions import is_district_staff
from unionhub.models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence and nobody edits it."""

    list_display = ("at", "user", "kind", "unit", "row_count", "file_format", "detail")
    list_filter = ("kind", "file_format")
    search_fields = ("user__username", "user__full_name", "kind", "unit__name", "detail")
    list_select_related = ("user", "unit")
    date_hierarchy = "at"

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff and is_district_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
