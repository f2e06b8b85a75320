"""The back office for district staff. Querysets follow the same roles as the site."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from branches.models import Role, Unit
from branches.permissions import (
    can_manage_unit,
    is_district_staff,
    units_managed_by,
    units_visible_to,
)


class DistrictStaffOnlyMixin:
    """Only district staff (a manager role on the top unit) use the admin for these models."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff and is_district_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)


@admin.register(Unit)
class UnitAdmin(DistrictStaffOnlyMixin, SimpleHistoryAdmin):
    list_display = ("name", "level", "area", "parent", "code", "ward", "closed_on")
    list_filter = ("level", "area", ("closed_on", admin.EmptyFieldListFilter))
    search_fields = ("name", "short_name", "code", "search_text")
    list_select_related = ("parent",)
    readonly_fields = (
        "parent",
        "path",
        "depth",
        "successor",
        "closed_on",
        "created_at",
        "updated_at",
    )
    ordering = ("path",)
    list_per_page = 50

    def get_queryset(self, request: HttpRequest):
        return (
            super().get_queryset(request).filter(pk__in=units_visible_to(request.user).values("pk"))
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Units are created on the site, where the tree's rules and the paths are kept.
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or can_manage_unit(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # A unit with records is never deleted: close or merge it instead.
        return False

    def save_model(self, request: HttpRequest, obj: Unit, form, change: bool) -> None:
        obj.search_text = obj.build_search_text()
        super().save_model(request, obj, form, change)


@admin.register(Role)
class RoleAdmin(DistrictStaffOnlyMixin, SimpleHistoryAdmin):
    list_display = ("user", "unit", "kind", "title", "created_at")
    list_filter = ("kind", "unit__level")
    search_fields = ("user__username", "user__full_name", "unit__name", "title")
    list_select_related = ("user", "unit")
    autocomplete_fields = ("user", "unit")

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).filter(unit__in=units_managed_by(request.user))

    def formfield_for_foreignkey(self, db_field, request: HttpRequest, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = units_managed_by(request.user).open()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or can_manage_unit(request.user, obj.unit)

    has_delete_permission = has_change_permission
