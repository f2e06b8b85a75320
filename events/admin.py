"""The back office for events: district staff only; the site is where the work is done."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from branches.admin import DistrictStaffOnlyMixin
from events.models import (
    Event,
    Invitation,
    Opinion,
    OpinionTransition,
    Question,
    Response,
    Survey,
    Theme,
)
from unionhub.core.versions import claim_version


class VersionedAdminMixin:
    """A change saved here takes the record's next version, so a form opened on the site before
    it is refused instead of overwriting it."""

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), "version")

    def save_model(self, request, obj, form, change) -> None:
        if change:
            claim_version(obj)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change) -> None:
        for inline in formset.forms:
            record = inline.instance
            if record.pk and hasattr(record, "version") and inline.has_changed():
                claim_version(record)
        super().save_formset(request, form, formset, change)


class StaffAdmin(DistrictStaffOnlyMixin, admin.ModelAdmin):
    def has_change_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request) -> bool:
        return self.has_module_permission(request)


@admin.register(Theme)
class ThemeAdmin(VersionedAdminMixin, StaffAdmin):
    list_display = ("name", "order", "active")
    list_editable = ("order", "active")


@admin.register(Event)
class EventAdmin(VersionedAdminMixin, DistrictStaffOnlyMixin, SimpleHistoryAdmin):
    list_display = ("title", "kind", "starts_at", "organiser")
    list_filter = ("kind",)
    search_fields = ("title", "venue")
    list_select_related = ("organiser",)
    readonly_fields = ("organiser", "created_by", "created_at", "updated_at")


@admin.register(Invitation)
class InvitationAdmin(VersionedAdminMixin, DistrictStaffOnlyMixin, SimpleHistoryAdmin):
    list_display = ("__str__", "event", "reply", "checked_in_at")
    list_filter = ("reply",)
    search_fields = ("search_text", "guest_name")
    list_select_related = ("event", "unit")
    readonly_fields = ("code", "search_text", "replied_by", "checked_in_by")


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    readonly_fields = ("version",)


@admin.register(Survey)
class SurveyAdmin(VersionedAdminMixin, DistrictStaffOnlyMixin, SimpleHistoryAdmin):
    list_display = ("title", "event", "opens_at", "closes_at")
    list_select_related = ("event",)
    inlines = [QuestionInline]


@admin.register(Response)
class ResponseAdmin(VersionedAdminMixin, DistrictStaffOnlyMixin, SimpleHistoryAdmin):
    list_display = ("survey", "unit", "submitted_by", "updated_at")
    list_select_related = ("survey", "unit", "submitted_by")
    readonly_fields = ("survey", "unit", "submitted_by", "submitted_at", "updated_at")


class TransitionInline(admin.TabularInline):
    model = OpinionTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "by", "at", "note")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Opinion)
class OpinionAdmin(VersionedAdminMixin, DistrictStaffOnlyMixin, SimpleHistoryAdmin):
    list_display = ("pk", "event", "theme", "raised_by_unit", "status", "assignee")
    list_filter = ("status", "source", "theme")
    search_fields = ("content", "speaker", "answer")
    list_select_related = ("event", "theme", "raised_by_unit", "assignee")
    # Status changes go through the services (with their log), not through the admin.
    readonly_fields = ("status", "merged_into", "source_answer", "created_by", "created_at")
    inlines = [TransitionInline]
