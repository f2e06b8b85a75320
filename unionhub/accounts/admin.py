from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from branches.models import Role
from branches.permissions import can_renew_link, is_district_staff, units_managed_by
from unionhub.accounts.models import User


class RoleInline(admin.TabularInline):
    model = Role
    fk_name = "user"
    extra = 0
    autocomplete_fields = ("unit",)
    fields = ("unit", "kind", "title")


def may_change_account(user, account: User) -> bool:
    """The site's rule for taking over an account (its password, its access), in the admin too."""
    if user.is_superuser or account.pk == user.pk:
        return True
    roles = list(account.roles.select_related("user", "unit"))
    return bool(roles) and all(can_renew_link(user, role) for role in roles)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = (
        "username",
        "full_name",
        "phone",
        "email",
        "is_active",
        "is_staff",
        "last_login",
    )
    list_filter = ("is_active", "is_staff", "is_superuser", "roles__kind")
    search_fields = ("username", "full_name", "email", "phone")
    ordering = ("username",)
    inlines = (RoleInline,)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "first_name", "last_name", "email", "phone")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return request.user.is_active and request.user.is_staff and is_district_staff(request.user)

    def has_view_permission(self, request: HttpRequest, obj=None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        if not self.has_module_permission(request):
            return False
        return obj is None or may_change_account(request.user, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self.has_module_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # Accounts are deactivated, not deleted: history rows point at them.
        return request.user.is_superuser

    def get_queryset(self, request: HttpRequest):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Staff see the accounts with a role in what they manage, and their own.
        managed = units_managed_by(request.user)
        return qs.filter(Q(roles__unit__in=managed) | Q(pk=request.user.pk)).distinct()

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if request.user.is_superuser:
            return ()
        return ("is_superuser", "user_permissions", "groups", "last_login", "date_joined")
