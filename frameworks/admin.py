"""Django admin for framework data: data admins edit it here, and auditlog records each change."""

from django.contrib import admin

from inspection_readiness.admin import CouncilWorkAdmin

from .models import (
    Framework,
    Grade,
    GradeDescriptor,
    GradeScale,
    Inspection,
    JudgementArea,
    LimitingRule,
    SamplingRequirement,
    TimelineStep,
    VisitKind,
)


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0


@admin.register(GradeScale)
class GradeScaleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "is_graded")
    search_fields = ("code", "name")
    inlines = [GradeInline]


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ("label", "scale", "code", "rank", "numeric_value")
    list_filter = ("scale",)


class JudgementAreaInline(admin.TabularInline):
    model = JudgementArea
    extra = 0
    fields = ("code", "short_name", "kind", "parent", "order", "scale", "active_from", "active_to")
    show_change_link = True


class TimelineStepInline(admin.TabularInline):
    model = TimelineStep
    extra = 0
    fields = ("code", "name", "order", "after", "offset", "unit", "time_of_day", "is_deadline")
    show_change_link = True


class SamplingRequirementInline(admin.TabularInline):
    model = SamplingRequirement
    extra = 0
    fields = ("code", "cohort", "comparison", "number", "order", "is_provisional")


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ("short_name", "name", "active_from", "active_to", "is_graded")
    search_fields = ("short_name", "name")
    inlines = [JudgementAreaInline, TimelineStepInline, SamplingRequirementInline]


class GradeDescriptorInline(admin.StackedInline):
    model = GradeDescriptor
    extra = 0


@admin.register(JudgementArea)
class JudgementAreaAdmin(admin.ModelAdmin):
    list_display = ("code", "short_name", "framework", "kind", "active_from", "active_to")
    list_filter = ("framework", "kind")
    search_fields = ("code", "name", "short_name")
    inlines = [GradeDescriptorInline]


@admin.register(GradeDescriptor)
class GradeDescriptorAdmin(admin.ModelAdmin):
    list_display = ("area", "grade", "is_provisional")
    list_filter = ("area__framework", "is_provisional")


@admin.register(LimitingRule)
class LimitingRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "framework", "kind", "target", "is_provisional")
    list_filter = ("framework", "kind", "is_provisional")
    search_fields = ("code", "statement")
    filter_horizontal = ("subjects", "others")


@admin.register(TimelineStep)
class TimelineStepAdmin(admin.ModelAdmin):
    list_display = ("name", "framework", "offset", "unit", "time_of_day", "is_deadline")
    list_filter = ("framework",)


@admin.register(VisitKind)
class VisitKindAdmin(admin.ModelAdmin):
    list_display = ("name", "framework", "is_graded", "on_site", "notice")
    list_filter = ("framework",)


@admin.register(SamplingRequirement)
class SamplingRequirementAdmin(admin.ModelAdmin):
    list_display = ("cohort", "framework", "comparison", "number", "is_provisional")
    list_filter = ("framework",)


# An inspection holds the council's cohorts and case audits, which a delete here would cascade
# to: a rehearsal is deleted from its own page (frameworks.services.delete_inspection).
@admin.register(Inspection)
class InspectionAdmin(CouncilWorkAdmin):
    list_display = ("__str__", "council", "framework", "status", "is_rehearsal")
    list_filter = ("framework", "status", "is_rehearsal")
