"""GOV.UK forms for the self-evaluation, all rendered through crispy-forms-gds.

crispy-forms-gds renders labels and hints as HTML, so every label built from data is escaped.
"""

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size
from django import forms
from django.utils import timezone
from django.utils.html import escape

from frameworks import national_framework
from frameworks.forms import FrameworkChoiceField
from frameworks.models import Framework, Grade, Inspection
from frameworks.queries import framework_in_force, upcoming_inspections
from frameworks.rules import RuleSpec
from inspection_readiness.forms import ConfirmForm, GovukFormMixin, PlainDateInputField
from inspection_readiness.layout import TemplateText

from . import links
from .evidence import (
    ACCEPT_ATTRIBUTE,
    ACCEPTED_DESCRIPTION,
    EvidenceFileRejected,
    check_evidence_file,
    describe_size,
    max_upload_bytes,
)
from .models import Action, AreaAssessment, DescriptorCheck, EvidenceItem
from .rules import BandInputError, Entry, derived_band, lower_first
from .services import AreaChanges


class ConfirmStepForm(ConfirmForm):
    """An "Are you sure?" for a step that destroys nothing (submit, approve, new revision)."""

    submit_classes = ""


class StartSelfEvaluationForm(GovukFormMixin, forms.Form):
    submit_label = "Start the self-evaluation"

    inspection = forms.ModelChoiceField(
        label="Inspection",
        queryset=Inspection.objects.none(),
        required=False,
        empty_label="None: rehearse against a framework between inspections",
        help_text="Choose the inspection this self-evaluation is for, if there is one.",
    )
    framework = FrameworkChoiceField(
        label="Framework to rehearse against",
        required=False,
        help_text="Only needed when there is no inspection: the inspection sets the framework.",
    )
    title = forms.CharField(
        label="Title (optional)",
        max_length=200,
        required=False,
        help_text="For example 'ILACS self-evaluation, spring 2026'. Left blank, one is made up.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = upcoming_inspections()
        self.fields["inspection"].label_from_instance = _inspection_label
        self.fields["framework"].empty_label = "Choose a framework"
        # A rehearsal between inspections rehearses the framework in force today.
        in_force = framework_in_force(timezone.localdate())
        if in_force is not None and not self.is_bound:
            self.fields["framework"].initial = in_force.short_name

    def clean(self):
        cleaned = super().clean()
        inspection: Inspection | None = cleaned.get("inspection")
        framework: Framework | None = cleaned.get("framework")
        if inspection is None and framework is None and not self.errors:
            self.add_error("framework", "Select an inspection or a framework to rehearse against")
        if inspection is not None:
            cleaned["framework"] = inspection.framework
        return cleaned


def _inspection_label(inspection: Inspection) -> str:
    kind = "rehearsal" if inspection.is_rehearsal else "inspection"
    return f"{inspection.framework.short_name} {kind} notified {inspection.notified_at:%-d %B %Y}"


CHECK_CHOICES = DescriptorCheck.Judgement.choices
TEXT_AREA = forms.Textarea(attrs={"rows": 4})


def tags_field(label: str) -> forms.MultipleChoiceField:
    """Tags from the DfE's national framework, as ILACS reports cite them since January 2025."""
    return forms.MultipleChoiceField(
        label=label,
        help_text="Optional. Since January 2025 Ofsted's reports tag each point for improvement "
        "with an outcome, enabler or principle of the national framework.",
        choices=national_framework.choices(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class AreaForm(GovukFormMixin, forms.Form):
    """One judgement area: descriptor checklist, grade (or counts, or findings), and narrative.

    The hidden ``version`` is the area's version when the form was opened; the service refuses
    a save if someone has saved the area since.
    """

    submit_label = "Save this judgement area"

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        assessment: AreaAssessment,
        entry: Entry,
        checks: list[DescriptorCheck],
        grades: list[Grade],
        grades_above_cap: set[str],
        band_rule: RuleSpec | None = None,
        **kwargs,
    ):
        kwargs.setdefault("initial", self._initial(assessment, checks))
        super().__init__(*args, **kwargs)
        self.entry = entry
        self.band_rule = band_rule
        self.grades = {grade.code: grade for grade in grades}
        self.checks = checks
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        layout = []

        if checks:
            for number, check in enumerate(checks, start=1):
                self.fields[f"check_{check.pk}"] = forms.ChoiceField(
                    label=escape(check.characteristic),
                    help_text=escape(
                        f"Characteristic {number} of {len(checks)}, from the descriptor for "
                        f"{check.grade_label.lower()}"
                        + (" (provisional)" if check.is_provisional else "")
                    ),
                    choices=CHECK_CHOICES,
                    widget=forms.RadioSelect,
                    required=False,
                )
                self.fields[f"note_{check.pk}"] = forms.CharField(
                    label=f"Note on characteristic {number} (optional)",
                    required=False,
                    max_length=2000,
                )
            layout.append(
                Fieldset(
                    *[
                        item
                        for check in checks
                        for item in (
                            Field.radios(f"check_{check.pk}", small=True, inline=True),
                            Field.text(f"note_{check.pk}"),
                        )
                    ],
                    legend="Grade descriptors: does the council meet each characteristic?",
                    legend_size=Size.MEDIUM,
                )
            )

        if entry == Entry.GRADED:
            self.fields["proposed_grade"] = forms.ChoiceField(
                label="Proposed grade",
                choices=[
                    Choice(
                        grade.code,
                        grade.label,
                        **(
                            {"hint": "Above the cap the framework's rules set: cannot be submitted"}
                            if grade.code in grades_above_cap
                            else {}
                        ),
                    )
                    for grade in grades
                ],
                widget=forms.RadioSelect,
                required=False,
                help_text="Leave it unselected until you are ready to propose a grade.",
            )
            self.fields["rationale"] = forms.CharField(
                label="Rationale for the proposed grade",
                widget=TEXT_AREA,
                required=False,
                help_text="Why this grade, with reference to the evidence. Needed to submit.",
            )
            layout += [Field.radios("proposed_grade", legend_size=Size.MEDIUM), "rationale"]
        elif entry == Entry.BAND:
            self.fields["services_inspected"] = forms.IntegerField(
                label="Services inspected",
                min_value=0,
                required=False,
                error_messages={
                    "invalid": "Enter the number of services inspected as a whole number",
                    "min_value": "Services inspected must be 0 or more",
                },
            )
            self.fields["services_good_or_better"] = forms.IntegerField(
                label="Services judged good or better",
                min_value=0,
                required=False,
                error_messages={
                    "invalid": "Enter the number judged good or better as a whole number",
                    "min_value": "Services judged good or better must be 0 or more",
                },
            )
            layout.append(
                Fieldset(
                    Field.text("services_inspected", field_width=5),
                    Field.text("services_good_or_better", field_width=5),
                    legend="Performance band inputs",
                    legend_size=Size.MEDIUM,
                )
            )
            layout.append(
                TemplateText(
                    "judgements/layout/_band_rule.html",
                    statement=band_rule.statement if band_rule else "",
                )
            )

        if entry != Entry.GRADED:
            self.fields["rationale"] = forms.CharField(
                label="Summary (optional)", widget=TEXT_AREA, required=False
            )
            layout.append("rationale")
        self.fields["strengths"] = forms.CharField(
            label="Strengths", widget=TEXT_AREA, required=False
        )
        self.fields["strengths_tags"] = tags_field(
            "Which parts of the national framework do these strengths show?"
        )
        self.fields["areas_for_development"] = forms.CharField(
            label="Areas for development", widget=TEXT_AREA, required=False
        )
        self.fields["development_tags"] = tags_field(
            "Which parts of the national framework do these areas for development concern?"
        )
        layout += [
            "strengths",
            Field.checkboxes("strengths_tags", small=True),
            "areas_for_development",
            Field.checkboxes("development_tags", small=True),
        ]
        if entry == Entry.FINDINGS:
            self.fields["areas_for_priority_action"] = forms.CharField(
                label="Areas for priority action", widget=TEXT_AREA, required=False
            )
            layout.append("areas_for_priority_action")
        self.helper.layout = Layout("version", *layout)

    @staticmethod
    def _initial(assessment: AreaAssessment, checks: list[DescriptorCheck]) -> dict:
        initial = {
            "version": assessment.version,
            "proposed_grade": assessment.proposed_grade.code if assessment.proposed_grade else "",
            "rationale": assessment.rationale,
            "strengths": assessment.strengths,
            "areas_for_development": assessment.areas_for_development,
            "areas_for_priority_action": assessment.areas_for_priority_action,
            "services_inspected": assessment.services_inspected,
            "services_good_or_better": assessment.services_good_or_better,
            "strengths_tags": assessment.strengths_tags,
            "development_tags": assessment.development_tags,
        }
        for check in checks:
            initial[f"check_{check.pk}"] = check.judgement
            initial[f"note_{check.pk}"] = check.note
        return initial

    def clean(self):
        cleaned = super().clean()
        if self.entry == Entry.BAND and self.band_rule is not None:
            inspected = cleaned.get("services_inspected")
            good = cleaned.get("services_good_or_better")
            if (inspected is None) != (good is None) and not self.errors:
                missing = "services_inspected" if inspected is None else "services_good_or_better"
                self.add_error(missing, "Enter both counts, or leave both blank")
            else:
                try:
                    derived_band(self.band_rule, inspected=inspected, good_or_better=good)
                except BandInputError as error:
                    self.add_error("services_good_or_better", str(error))
        return cleaned

    @property
    def proposed_grade(self) -> Grade | None:
        return self.grades.get(self.cleaned_data.get("proposed_grade") or "")

    @property
    def changes(self) -> AreaChanges:
        data = self.cleaned_data
        return AreaChanges(
            proposed_grade=self.proposed_grade,
            rationale=data.get("rationale", ""),
            strengths=data.get("strengths", ""),
            areas_for_development=data.get("areas_for_development", ""),
            areas_for_priority_action=data.get("areas_for_priority_action", ""),
            services_inspected=data.get("services_inspected"),
            services_good_or_better=data.get("services_good_or_better"),
            strengths_tags=data.get("strengths_tags", []),
            development_tags=data.get("development_tags", []),
            checks={
                check.pk: (data.get(f"check_{check.pk}", ""), data.get(f"note_{check.pk}", ""))
                for check in self.checks
            },
        )

    def differences_from(self, saved: AreaAssessment) -> list[dict]:
        """Each field where what is saved now differs from what this person wrote."""
        theirs = {name: getattr(saved, name) for name, _label in CONFLICT_FIELDS}
        theirs["proposed_grade"] = saved.proposed_grade.label if saved.proposed_grade else ""
        yours = {name: self.cleaned_data.get(name) for name, _label in CONFLICT_FIELDS}
        yours["proposed_grade"] = self.proposed_grade.label if self.proposed_grade else ""
        rows = []
        for name, label in CONFLICT_FIELDS:
            if name not in self.fields:
                continue
            mine, other = _shown(yours[name]), _shown(theirs[name])
            if mine != other:
                rows.append({"label": label, "theirs": other, "yours": mine})
        return rows


CONFLICT_FIELDS = (
    ("proposed_grade", "Proposed grade"),
    ("rationale", "Rationale"),
    ("strengths", "Strengths"),
    ("areas_for_development", "Areas for development"),
    ("areas_for_priority_action", "Areas for priority action"),
    ("services_inspected", "Services inspected"),
    ("services_good_or_better", "Services judged good or better"),
)


def _shown(value) -> str:
    return "" if value is None else str(value).strip()


class TextEvidenceForm(GovukFormMixin, forms.Form):
    submit_label = "Add written evidence"

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A few words that say what the evidence shows.",
        error_messages={"required": "Enter a title for the evidence"},
    )
    text = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Enter the evidence"},
    )


class FileEvidenceForm(GovukFormMixin, forms.Form):
    submit_label = "Upload the file"

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A few words that say what the file shows.",
        error_messages={"required": "Enter a title for the file"},
    )
    file = forms.FileField(
        label="File",
        error_messages={
            "required": "Select a file",
            "empty": "The selected file is empty. Choose a file with content",
            "invalid": "The selected file could not be read. Choose the file again",
        },
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_upload_bytes()
        self.file_type = None
        self.fields[
            "file"
        ].help_text = (
            f"A {ACCEPTED_DESCRIPTION} file, smaller than {describe_size(self.max_bytes)}."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            self.file_type = check_evidence_file(
                name=upload.name, size=upload.size, file=upload, max_bytes=self.max_bytes
            )
        except EvidenceFileRejected as rejected:
            raise forms.ValidationError(str(rejected)) from None
        return upload


class LinkEvidenceForm(GovukFormMixin, forms.Form):
    """A record in this service, chosen from a list; or, for one kept elsewhere, its kind and a
    description. Addresses are never typed: a chosen record brings its own."""

    submit_label = "Add the link"

    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="A few words that say what the record shows for this judgement.",
        error_messages={"required": "Enter a title for the evidence"},
    )
    link_kind = forms.ChoiceField(
        label="If the record is not in this service: what kind of record is it?",
        choices=EvidenceItem.LinkKind.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    link_label = forms.CharField(
        label="Which record is it?",
        max_length=300,
        required=False,
        help_text="For example 'Annex A version 3 (March 2026), as sent to Ofsted by email'.",
    )
    text = forms.CharField(
        label="What it shows (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.chosen: links.Chosen | None = None
        groups = links.record_choices()
        self.fields["record"] = forms.ChoiceField(
            label="Record in this service",
            help_text="Case audits, cohorts, measures of the latest data pack and Annex A versions."
            if groups
            else "There is nothing in this service to link to yet: describe the record below.",
            choices=[("", "None: the record is kept elsewhere"), *groups],
            required=False,
        )
        self.order_fields(["title", "record", "link_kind", "link_label", "text"])

    @property
    def linked_record(self):
        return self.chosen.record if self.chosen else None

    def clean(self):
        cleaned = super().clean()
        choice = cleaned.get("record")
        if choice:
            self.chosen = links.resolve(choice)
            if self.chosen is None:
                self.add_error("record", "Select a record from the list")
            else:
                cleaned["link_kind"] = self.chosen.kind
                cleaned["link_label"] = self.chosen.label
                cleaned["link_address"] = self.chosen.address
            return cleaned
        if not cleaned.get("link_kind"):
            self.add_error("link_kind", "Select a record in this service, or the kind of record")
        if not cleaned.get("link_label", "").strip():
            self.add_error("link_label", "Enter which record this is")
        cleaned["link_address"] = ""
        return cleaned


class ActionForm(GovukFormMixin, forms.Form):
    submit_label = "Save the action"

    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter what will be done"},
    )
    owner = forms.CharField(
        label="Owner",
        max_length=200,
        help_text="The person or role responsible, for example 'Head of Service, front door'.",
        error_messages={"required": "Enter who owns the action"},
    )
    due_on = PlainDateInputField(
        label="Due date",
        help_text="For example, 27 3 2026",
        require_all_fields=False,
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Action.Status.choices,
        widget=forms.RadioSelect,
        initial=Action.Status.OPEN,
        error_messages={"required": "Select the status of the action"},
    )

    def __init__(self, *args, include_status: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tags"] = tags_field("Which parts of the national framework does it address?")
        self.fields["due_on"].error_messages.update(
            {
                "required": "Enter the due date",
                "incomplete": "Enter the due date in full",
                "invalid": "Enter the due date as a real date",
            }
        )
        if not include_status:
            del self.fields["status"]

    def clean_due_on(self):
        due_on = self.cleaned_data.get("due_on")
        if due_on is None:
            raise forms.ValidationError("Enter the due date")
        return due_on


class ReturnForm(GovukFormMixin, forms.Form):
    """A manager's comments: one on the whole, and one per judgement area, all optional."""

    submit_label = "Return with comments"
    submit_classes = ""

    general = forms.CharField(
        label="Comment on the whole self-evaluation (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, areas: list[AreaAssessment], **kwargs):
        super().__init__(*args, **kwargs)
        self.areas = areas
        self.helper.label_size = Size.SMALL
        for area in areas:
            self.fields[f"area_{area.pk}"] = forms.CharField(
                label=f"Comment on {lower_first(area.area.short_name)} (optional)",
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if not any((value or "").strip() for value in cleaned.values()):
            raise forms.ValidationError("Write at least one comment to say what needs to change")
        return cleaned

    @property
    def comments(self) -> dict:
        found = {None: self.cleaned_data.get("general", "")}
        for area in self.areas:
            found[area] = self.cleaned_data.get(f"area_{area.pk}", "")
        return found
