from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from resilience.models import AuditEvent, Cabinet, Digest, Invitation, Membership, PractitionerCount, Reminder, UrpsAdmin, User
from resilience.practitioners import set_practitioners


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identité"), {"fields": ["first_name", "last_name"]}),
        (_("Droits"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class PractitionerCountInline(admin.TabularInline):
    model = PractitionerCount
    extra = 0


@admin.register(Cabinet)
class CabinetAdmin(admin.ModelAdmin):
    list_display = ["name", "profession", "region", "departement", "practitioners", "share_statistics"]
    list_filter = ["profession", "region", "share_statistics"]
    readonly_fields = ["profession", "practitioners"]  # derived from the practitioners by profession
    search_fields = ["name"]
    inlines = [PractitionerCountInline, MembershipInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        counts = form.instance.practitioner_counts_map()
        if counts:
            set_practitioners(form.instance, counts)  # keeps the total and main profession in step


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "cabinet", "role", "created_at", "expires_at", "accepted_at", "revoked_at"]
    exclude = ["token_hash"]
    readonly_fields = ["accepted_at", "accepted_by"]


@admin.register(UrpsAdmin)
class UrpsAdminAdmin(admin.ModelAdmin):
    list_display = ["user", "region", "professions", "national"]
    list_filter = ["region", "national"]
    autocomplete_fields = ["user"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "cabinet", "actor", "summary"]
    list_filter = ["action"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """For operators: what was sent, to whom, and why a sending failed."""

    list_display = ["cabinet", "kind", "item_id", "due", "stage", "recipient", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "urgent"]
    search_fields = ["recipient__email", "cabinet__name"]
    raw_id_fields = ["cabinet", "recipient", "digest"]


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ["recipient", "day", "status", "attempts", "last_error", "sent_at"]
    list_filter = ["status", "day"]
    search_fields = ["recipient__email"]
    raw_id_fields = ["recipient"]
