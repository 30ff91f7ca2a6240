"""GOV.UK forms for the inspection week. Times are typed in the 24-hour clock, in UK time,
each in its own labelled box beside a GOV.UK date input."""

from datetime import date, datetime, time

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Layout, Size
from django import forms
from django.urls import reverse
from django.utils import timezone

from frameworks.forms import FrameworkChoiceField
from frameworks.models import Framework, Inspection, VisitKind
from frameworks.timeline import LONDON
from inspection_readiness.forms import GovukFormMixin
from judgements.evidence import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED_DESCRIPTION,
    EvidenceFileRejected,
    check_evidence_file,
    describe_size,
    max_upload_bytes,
)
from judgements.forms import tags_field

from . import rules
from .models import ChecklistItem, FeedbackPoint, InspectorRequest
from .queries import people


def _date_field(label: str, *, help_text: str = "For example, 27 4 2026", required=True):
    field = DateInputField(
        label=label, help_text=help_text, require_all_fields=False, required=required
    )
    field.error_messages.update(
        {
            "required": f"Enter the {label.lower()}",
            "incomplete": f"Enter the {label.lower()} in full",
        }
    )
    return field


def _time_field(label: str, *, required=True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text="In the 24-hour clock, UK time, for example 14:30.",
        max_length=20,
        required=required,
        error_messages={"required": f"Enter the {label.lower()}"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _clean_time(form: forms.Form, name: str) -> time | None:
    text = form.cleaned_data.get(name, "")
    if not text:
        return None
    try:
        return rules.parse_time(text)
    except ValueError as error:
        raise forms.ValidationError(str(error)) from None


def london(day: date, clock: time) -> datetime:
    return datetime.combine(day, clock, tzinfo=LONDON)


class PersonField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("empty_label", "Nobody yet")
        super().__init__(queryset=people(), **kwargs)

    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.username


def _focus_area_choices() -> list[tuple[str, str]]:
    areas: list[str] = []
    for kind_areas in VisitKind.objects.values_list("focus_areas", flat=True):
        areas += [area for area in kind_areas if area not in areas]
    return [("", "Not given"), *((area, area) for area in areas)]


class NotificationForm(GovukFormMixin, forms.Form):
    """What the lead inspector said on the call. With ``inspection``, a change with a reason."""

    submit_label = "Record the notification"

    framework = FrameworkChoiceField(
        label="Framework",
        help_text="The framework in force on the first day on site is used.",
        error_messages={"required": "Select the framework"},
    )
    visit_kind = forms.ChoiceField(
        label="Kind of visit",
        required=False,
        error_messages={"invalid_choice": "Select a kind of visit"},
    )
    call_date = _date_field("Date of the call")
    call_time = _time_field("Time of the call")
    lead_inspector = forms.CharField(label="Lead inspector", max_length=200, required=False)
    team = forms.CharField(
        label="Inspection team",
        help_text="The other inspectors' names, as you were told them.",
        max_length=300,
        required=False,
    )
    focus_area = forms.ChoiceField(
        label="Focus area",
        help_text="For a focused visit.",
        required=False,
        error_messages={"invalid_choice": "Select a focus area"},
    )
    theme = forms.CharField(
        label="Theme",
        help_text="For a joint targeted area inspection.",
        max_length=300,
        required=False,
    )
    partner_inspectorates = forms.CharField(
        label="Inspectorates taking part", max_length=500, required=False
    )
    annex_a_due = _date_field("Annex A deadline", required=False)
    on_site_from = _date_field("First day on site", required=False)
    on_site_to = _date_field("Last day on site", required=False)
    reason = forms.CharField(
        label="Why are you changing it?",
        help_text="For example, the lead inspector moved the first day on site.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        error_messages={"required": "Enter the reason for the change"},
    )

    def __init__(self, *args, inspection: Inspection | None = None, **kwargs):
        if inspection is not None and not kwargs.get("data") and not (args and args[0]):
            local = timezone.localtime(inspection.notified_at)
            kwargs["initial"] = {
                "call_date": local.date(),
                "call_time": f"{local:%H:%M}",
                **{
                    name: getattr(inspection, name)
                    for name in (
                        "lead_inspector",
                        "team",
                        "focus_area",
                        "theme",
                        "partner_inspectorates",
                        "annex_a_due",
                        "on_site_from",
                        "on_site_to",
                    )
                },
            }
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.fields["focus_area"].choices = _focus_area_choices()
        if inspection is None:
            from frameworks.queries import framework_in_force

            del self.fields["reason"]
            self.helper.form_action = reverse("inspections:record")
            in_force = framework_in_force(timezone.localdate())
            if in_force is not None:
                self.fields["framework"].initial = in_force.short_name
            kinds: dict[str, str] = {}
            for code, name in VisitKind.objects.order_by("order").values_list("code", "name"):
                kinds.setdefault(code, name)
            self.fields["visit_kind"].choices = [("", "The framework's only kind"), *kinds.items()]
        else:
            self.submit_label = "Save the change"
            del self.fields["framework"], self.fields["visit_kind"]
            self.helper.inputs[0].value = "Save the change"
            self.helper.form_action = reverse("inspections:change", args=[inspection.pk])

    def clean_call_time(self):
        return _clean_time(self, "call_time")

    def clean(self):
        cleaned = super().clean()
        day, clock = cleaned.get("call_date"), cleaned.get("call_time")
        if day and clock:
            cleaned["notified_at"] = london(day, clock)
            if cleaned["notified_at"] > timezone.now():
                self.add_error("call_date", "The date of the call must be today or in the past")
        start, end = cleaned.get("on_site_from"), cleaned.get("on_site_to")
        if start and end and end < start:
            self.add_error(
                "on_site_to", "The last day on site must be the same as or after the first day"
            )
        framework: Framework | None = cleaned.get("framework")
        code = cleaned.get("visit_kind")
        if framework and code and not framework.visit_kinds.filter(code=code).exists():
            if framework.visit_kinds.exists():
                self.add_error("visit_kind", f"Select a kind of visit that {framework} has")
            else:
                cleaned["visit_kind"] = ""
        return cleaned

    def notification_values(self) -> dict:
        data = self.cleaned_data
        return {
            "notified_at": data["notified_at"],
            "lead_inspector": data.get("lead_inspector", ""),
            "team": data.get("team", ""),
            "focus_area": data.get("focus_area", ""),
            "theme": data.get("theme", ""),
            "partner_inspectorates": data.get("partner_inspectorates", ""),
            "annex_a_due": data.get("annex_a_due"),
            "on_site_from": data.get("on_site_from"),
            "on_site_to": data.get("on_site_to"),
        }


class StepOwnerForm(GovukFormMixin, forms.Form):
    submit_label = "Assign"
    submit_classes = "govuk-button--secondary"

    owner = PersonField(label="Owner", required=False)


class ChecklistAssignForm(GovukFormMixin, forms.Form):
    """Who does a checklist item, and by when."""

    submit_label = "Save"

    owner = PersonField(label="Owner", required=False)
    due_date = _date_field("Due date")
    due_time = _time_field("Due time")

    def __init__(self, *args, item: ChecklistItem, **kwargs):
        if not (args and args[0]) and "data" not in kwargs:
            due = timezone.localtime(item.due_at) if item.due_at else None
            kwargs["initial"] = {
                "owner": item.owner_id,
                "due_date": due.date() if due else None,
                "due_time": f"{due:%H:%M}" if due else "",
            }
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL

    def clean_due_time(self):
        return _clean_time(self, "due_time")

    def due_at(self) -> datetime:
        return london(self.cleaned_data["due_date"], self.cleaned_data["due_time"])


class TemplateItemForm(GovukFormMixin, forms.Form):
    submit_label = "Save item"

    title = forms.CharField(
        label="What needs doing",
        max_length=300,
        error_messages={"required": "Enter what needs doing"},
    )
    hours_after_call = forms.IntegerField(
        label="Due, in hours after the call",
        min_value=0,
        max_value=720,
        error_messages={
            "required": "Enter when it is due, in hours after the call",
            "invalid": "Enter a whole number of hours, like 24",
            "min_value": "Enter a number of hours of 0 or more",
            "max_value": "Enter a number of hours of 720 or fewer",
        },
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL


class RequestForm(GovukFormMixin, forms.Form):
    submit_label = "Log the request"

    inspector = forms.CharField(
        label="Inspector who asked",
        max_length=200,
        error_messages={"required": "Enter the name of the inspector who asked"},
    )
    asked = forms.CharField(
        label="What they asked for",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": "Enter what the inspector asked for"},
    )
    owner = PersonField(
        label="Who will answer it",
        empty_label="Choose a person",
        error_messages={"required": "Select who will answer the request"},
    )
    due_date = _date_field("Due date")
    due_time = _time_field("Due time")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL

    def clean_due_time(self):
        return _clean_time(self, "due_time")

    def due_at(self) -> datetime:
        return london(self.cleaned_data["due_date"], self.cleaned_data["due_time"])


class ReassignForm(GovukFormMixin, forms.Form):
    """Another owner or due time for a request."""

    submit_label = "Save owner and due time"
    submit_classes = "govuk-button--secondary"

    owner = PersonField(
        label="Who will answer it",
        empty_label="Choose a person",
        error_messages={"required": "Select who will answer the request"},
    )
    due_date = _date_field("Due date")
    due_time = _time_field("Due time")

    def __init__(self, *args, request: InspectorRequest, **kwargs):
        if not (args and args[0]) and "data" not in kwargs:
            due = timezone.localtime(request.due_at)
            kwargs["initial"] = {
                "owner": request.owner_id,
                "due_date": due.date(),
                "due_time": f"{due:%H:%M}",
            }
        super().__init__(*args, prefix="reassign", **kwargs)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL

    def clean_due_time(self):
        return _clean_time(self, "due_time")

    def due_at(self) -> datetime:
        return london(self.cleaned_data["due_date"], self.cleaned_data["due_time"])


class AnswerForm(GovukFormMixin, forms.Form):
    """An answer: a note, a file, a record chosen from the evidence picker, or several."""

    submit_label = "Send the answer"

    answer = forms.CharField(
        label="Answer",
        help_text="What you told or gave the inspector.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
    file = forms.FileField(
        label="File (optional)",
        required=False,
        error_messages={
            "empty": "The selected file is empty. Choose a file with content",
            "invalid": "The selected file could not be read. Choose the file again",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )
    link = forms.ChoiceField(
        label="Link to a record (optional)",
        help_text="A case audit, cohort, data-pack measure or Annex A version.",
        required=False,
        error_messages={"invalid_choice": "Select a record from the list"},
    )

    def __init__(self, *args, **kwargs):
        from judgements.links import record_choices

        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL
        self.max_bytes = max_upload_bytes()
        self.file_type = None
        self.fields[
            "file"
        ].help_text = (
            f"A {ACCEPTED_DESCRIPTION} file, smaller than {describe_size(self.max_bytes)}."
        )
        self.fields["link"].choices = [("", "No link"), *record_choices()]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        try:
            self.file_type = check_evidence_file(
                name=upload.name, size=upload.size, file=upload, max_bytes=self.max_bytes
            )
        except EvidenceFileRejected as rejected:
            raise forms.ValidationError(str(rejected)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (
            cleaned.get("answer") or cleaned.get("file") or cleaned.get("link")
        ):
            self.add_error("answer", "Enter an answer, choose a file or choose a record")
        return cleaned

    def chosen_links(self) -> list[dict]:
        from judgements.links import resolve

        value = self.cleaned_data.get("link")
        chosen = resolve(value) if value else None
        if chosen is None:
            return []
        return [{"kind": chosen.kind, "label": chosen.label, "address": chosen.address}]


class RequestFilterForm(forms.Form):
    """Filter the requests by owner and status (a GET form, laid out in the template)."""

    owner = PersonField(label="Owner", required=False, empty_label="Anyone")
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "Any status"), *InspectorRequest.Status.choices],
    )


class KeepInTouchForm(GovukFormMixin, forms.Form):
    submit_label = "Save the notes"

    day = _date_field("Day of the meeting")
    notes = forms.CharField(
        label="Notes of the meeting",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=20000,
        error_messages={"required": "Enter the notes of the meeting"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL


class FeedbackPointForm(GovukFormMixin, forms.Form):
    submit_label = "Save the feedback"

    day = _date_field("Day it was raised")
    kind = forms.ChoiceField(
        label="Strength or concern",
        choices=FeedbackPoint.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select strength or concern"},
    )
    text = forms.CharField(
        label="What inspectors said",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": "Enter what inspectors said"},
    )
    judgement_area = forms.ModelChoiceField(
        label="Judgement area",
        queryset=None,
        required=False,
        empty_label="Not one area",
    )
    national_tags = tags_field("National framework outcomes and enablers")

    def __init__(self, *args, inspection: Inspection, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        self.fields["judgement_area"].queryset = inspection.framework.judgement_areas.order_by(
            "order"
        )
        self.fields["judgement_area"].label_from_instance = lambda area: area.name
        self.helper.layout = Layout(
            Field("day"),
            Field.radios("kind", inline=True, small=True),
            Field.textarea("text"),
            Field.select("judgement_area"),
            Field.checkboxes("national_tags", small=True),
        )
