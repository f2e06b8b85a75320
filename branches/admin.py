"""The back office for district staff. Querysets follow the same roles as the site."""

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from branches.models import (
    Activity,
    Import,
    Meeting,
    Member,
    MemberTransfer,
    Position,
    ReportPeriod,
    ReportTransition,
    Role,
    Unit,
    UnitReport,
)
from branches.permissions import (
    can_manage_unit,
    is_district_staff,
    units_managed_by,
    units_visible_to,
)
from unionhub.core.versions import claim_version


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
        "version",
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
        if change:
            # A form on the site opened before this change is then refused, not overwriting it.
            claim_version(obj)
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


class ScopedRecordAdmin(DistrictStaffOnlyMixin, admin.ModelAdmin):
    """Branch records in the back office: read-only, limited to the units the user may see.

    Records change only on the site, through the services that keep versions, sort keys and the
    history right; the back office is for looking things up across units.
    """

    unit_field = "unit"

    def get_queryset(self, request: HttpRequest):
        visible = units_visible_to(request.user).values("pk")
        return super().get_queryset(request).filter(**{f"{self.unit_field}__in": visible})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Member)
class MemberAdmin(ScopedRecordAdmin):
    list_display = ("full_name", "unit", "status", "gender", "joined_on", "card_number", "phone")
    list_filter = ("status", "gender", "unit__level", "unit__area")
    search_fields = ("full_name", "search_text", "card_number", "phone", "unit__name")
    list_select_related = ("unit",)
    ordering = ("sort_key",)
    exclude = ("sort_key", "search_text")


@admin.register(MemberTransfer)
class MemberTransferAdmin(ScopedRecordAdmin):
    unit_field = "to_unit"
    list_display = ("member", "from_unit", "to_unit", "transferred_on", "by", "at")
    search_fields = ("member__full_name", "from_unit__name", "to_unit__name")
    list_filter = ("transferred_on",)
    list_select_related = ("member", "from_unit", "to_unit", "by")


@admin.register(Position)
class PositionAdmin(ScopedRecordAdmin):
    list_display = ("__str__", "unit", "role", "phone", "started_on", "ended_on")
    list_filter = ("role", ("ended_on", admin.EmptyFieldListFilter))
    search_fields = ("person_name", "member__full_name", "unit__name", "phone")
    list_select_related = ("unit", "member")


@admin.register(Meeting)
class MeetingAdmin(ScopedRecordAdmin):
    list_display = ("held_on", "unit", "kind", "topic", "attendance")
    list_filter = ("kind", "held_on")
    search_fields = ("topic", "unit__name")
    list_select_related = ("unit",)
    date_hierarchy = "held_on"


@admin.register(Activity)
class ActivityAdmin(MeetingAdmin):
    pass


@admin.register(ReportPeriod)
class ReportPeriodAdmin(DistrictStaffOnlyMixin, admin.ModelAdmin):
    list_display = ("title", "starts_on", "ends_on", "due_on", "opened_by")
    search_fields = ("title",)
    list_filter = ("due_on",)
    list_select_related = ("opened_by",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(UnitReport)
class UnitReportAdmin(ScopedRecordAdmin):
    list_display = ("period", "unit", "status", "first_submitted_at", "submitted_by")
    list_filter = ("status", "period")
    search_fields = ("unit__name", "period__title", "difficulties", "proposals")
    list_select_related = ("period", "unit", "submitted_by")


@admin.register(ReportTransition)
class ReportTransitionAdmin(ScopedRecordAdmin):
    unit_field = "report__unit"
    list_display = ("report", "from_status", "to_status", "by", "at")
    list_filter = ("to_status",)
    search_fields = ("report__unit__name", "note")
    list_select_related = ("report__unit", "report__period", "by")


@admin.register(Import)
class ImportAdmin(ScopedRecordAdmin):
    """The import log: who uploaded which list into which unit, when, and what it wrote."""

    list_display = ("file_name", "unit", "kind", "state", "created_by", "created_at",
                    "created_count", "updated_count", "unchanged_count", "refused_count")  # fmt: skip
    list_filter = ("kind", "state", "created_at")
    search_fields = ("file_name", "unit__name", "created_by__username")
    list_select_related = ("unit", "created_by")
    exclude = ("planned",)
