"""Data admins edit case-audit templates here; django-auditlog records every change."""

from django.contrib import admin

from .models import AuditSection, AuditTemplate


class AuditSectionInline(admin.StackedInline):
    model = AuditSection
    extra = 0
    fields = ("order", "code", "title", "prompts", "themes")


@admin.register(AuditTemplate)
class AuditTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "framework", "code", "is_active")
    list_filter = ("framework", "is_active")
    search_fields = ("name", "code")
    inlines = [AuditSectionInline]
