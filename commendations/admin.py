"""The back office: every commendation record can be looked up here, none edited.

Criteria, rounds, honours, nominations and decisions change only on the site, through the services
that check permissions, keep the record versions (no lost update) and write the history; the one
admin action, making a new criteria version, calls the same service.
"""

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
    EvidenceFile,
    Honour,
    Nomination,
    NominationTransition,
    Round,
    VerificationCheck,
)
from commendations.services.criteria import create_criteria_version


class ReadOnlyMixin(DistrictStaffOnlyMixin):
    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_view_permission(self, request, obj=None) -> bool:
        return is_district_staff(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CriterionInline(ReadOnlyInline):
    model = Criterion
    fields = ("order", "group", "code", "title", "guidance")


@admin.register(CriteriaSet)
class CriteriaSetAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("name", "version", "year", "is_active")
    inlines = [CriterionInline]
    actions = ["make_new_version"]

    @admin.action(description=_("Make a new, editable version"))
    def make_new_version(self, request, queryset):
        for criteria_set in queryset:
            new = create_criteria_version(criteria_set, by=request.user)
            self.message_user(request, _("Made %(set)s.") % {"set": new}, messages.SUCCESS)


class HonourInline(ReadOnlyInline):
    model = Honour
    fields = ("order", "title", "unit_level", "list_heading", "quota")


@admin.register(Round)
class RoundAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
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
    inlines = [HonourInline]


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


@admin.register(EvidenceFile)
class EvidenceFileAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("original_name", "assessment", "uploaded_by", "uploaded_at", "removed_at")
    list_filter = (("removed_at", admin.EmptyFieldListFilter),)
    list_select_related = (
        "assessment__criterion",
        "assessment__nomination__unit",
        "assessment__nomination__honour",
        "uploaded_by",
    )
    exclude = ("file",)


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
