from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from tenancy.models import (
    Area,
    Group,
    LocalAuthority,
    Membership,
    Provider,
    School,
    TwoFactorEnrolment,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active"]
    search_fields = ["email", "full_name"]
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password", "full_name", "job_title", "language"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser"]}),
    ]
    add_fieldsets = [(None, {"fields": ["email", "full_name", "password1", "password2"]})]


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0


@admin.register(LocalAuthority)
class LocalAuthorityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "nation"]
    inlines = [AreaInline]


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "urn", "local_authority", "kind", "phase", "welsh_medium"]
    list_filter = ["local_authority", "kind", "phase", "welsh_medium"]
    search_fields = ["name", "urn"]


admin.site.register(Group)
admin.site.register(Provider, SimpleHistoryAdmin)


@admin.register(TwoFactorEnrolment)
class TwoFactorEnrolmentAdmin(admin.ModelAdmin):
    """Read only: the record of who was sent a set-up link, and of each reset and who made it."""

    list_display = ["user", "created_at", "sent_at", "used_at", "reset", "issued_by"]
    list_filter = ["reset"]
    search_fields = ["user__email", "user__full_name"]
    readonly_fields = ["user", "created_at", "expires_at", "sent_at", "used_at", "issued_by"]
    fields = [*readonly_fields, "reset"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
