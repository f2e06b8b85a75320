"""The back office: criteria sets are edited here (a set some round used is frozen: make a new
version); the workflow records are read-only, since they change only through the site's services."""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from branches.admin import DistrictStaffOnlyMixin
from branches.permissions import is_district_staff
from commendations.models import (
    Award,
    CriteriaSet,
    Criterion,
    Decision,
    Honour,
    Nomination,
    NominationTransition,
    Round,
    VerificationCheck,
)
from commendations.services import create_criteria_version, criteria_set_in_use


class StaffEditMixin(DistrictStaffOnlyMixin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyMixin(DistrictStaffOnlyMixin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ("order", "group", "code", "title", "guidance")

    def _frozen(self, obj) -> bool:
        return obj is not None and criteria_set_in_use(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return is_district_staff(request.user) and not self._frozen(obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_district_staff(request.user) and not self._frozen(obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_district_staff(request.user) and not self._frozen(obj)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_district_staff(request.user)


@admin.register(CriteriaSet)
class CriteriaSetAdmin(StaffEditMixin, admin.ModelAdmin):
    list_display = ("name", "version", "year", "is_active")
    inlines = [CriterionInline]
    actions = ["make_new_version"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and criteria_set_in_use(obj):
            return ("name", "version", "year", "source")
        return ()

    @admin.action(description=_("Make a new, editable version"))
    def make_new_version(self, request, queryset):
        for criteria_set in queryset:
            new = create_criteria_version(criteria_set, by=request.user)
            self.message_user(request, _("Made %(set)s.") % {"set": new}, messages.SUCCESS)


class HonourInline(admin.TabularInline):
    model = Honour
    extra = 0
    fields = ("order", "title", "unit_level", "list_heading", "quota")

    def has_view_permission(self, request, obj=None) -> bool:
        return is_district_staff(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_district_staff(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Round)
class RoundAdmin(StaffEditMixin, admin.ModelAdmin):
    list_display = ("title", "year", "status", "opens_on", "closes_on")
    list_filter = ("status", "year")
    fields = (
        "title",
        "year",
        "criteria_set",
        "opens_on",
        "closes_on",
        "status",
        "achievement_line",
    )
    readonly_fields = ("criteria_set",)
    inlines = [HonourInline]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # rounds are opened on the site, with their honours


@admin.register(Nomination)
class NominationAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("unit", "honour", "round", "status", "updated_at")
    list_filter = ("status", "round")
    search_fields = ("unit__name", "unit__search_text")
    list_select_related = ("unit", "honour", "round")


@admin.register(NominationTransition)
class NominationTransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("nomination", "from_status", "to_status", "by", "at")
    list_select_related = ("nomination__unit", "nomination__honour", "by")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "year", "signed_on", "status", "subject")
    list_filter = ("status", "year")
    list_select_related = ("issuer",)


@admin.register(Award)
class AwardAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("register_number", "recipient_name", "honour_title", "decision")
    search_fields = ("recipient_name", "register_number")
    list_select_related = ("decision__issuer",)
    exclude = ("verification_code",)


@admin.register(VerificationCheck)
class VerificationCheckAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("at", "code", "award", "ip_hash")
    list_select_related = ("award",)
