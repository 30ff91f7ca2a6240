"""GOV.UK forms for Annex A: upload, mapping a spelling to a code, submission, comparison."""

from __future__ import annotations

from pathlib import PurePosixPath

from crispy_forms_gds.layout import Layout
from django import forms
from django.conf import settings
from django.utils import timezone

from inspection_readiness.forms import GovukFormMixin, PlainDateInputField

from .notification_day import as_at_questions
from .reading import ACCEPTED_SUFFIXES, UnreadableFile, check_upload
from .spec import SPEC_RECOGNISED, TEMPLATE_CHOICES


class UploadForm(GovukFormMixin, forms.Form):
    submit_label = "Upload and check"

    source = forms.FileField(
        label="Annex A file",
        help_text="An Excel workbook (.xlsx, .xlsm or .xls) with one sheet per list, a CSV file, "
        "or a zip of CSV files (one per list).",
        error_messages={"required": "Select the Annex A file to upload"},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_SUFFIXES)}),
    )
    as_at = PlainDateInputField(
        label="As-at date",
        help_text="The date the lists were extracted, usually the day Ofsted called. Periods "
        "such as 'the last six months' are counted back from it. For example, 27 11 2026",
        require_all_fields=False,
    )
    # Shown only when the as-at date is questioned (notification_day.as_at_questions).
    as_at_confirmed = forms.BooleanField(
        label="The as-at date is right: import the file with it",
        required=False,
    )
    spec_version = forms.ChoiceField(
        label="Template",
        choices=TEMPLATE_CHOICES,
        initial=SPEC_RECOGNISED,
        widget=forms.RadioSelect,
        help_text="Which version of Ofsted's Annex A the file follows. Left to the file, each "
        "list is read as the template its headers follow; you can change it after the check.",
    )

    def __init__(self, *args, council=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["as_at"].error_messages.update(
            {
                "required": "Enter the as-at date",
                "incomplete": "Enter the as-at date in full: day, month and year",
                "invalid": "Enter the as-at date as a real date",
            }
        )
        self.council = council
        # Why the as-at date may be wrong, once the form has been checked.
        self.as_at_questions: list[str] = []
        self._lay_out(confirming=False)

    def _lay_out(self, *, confirming: bool) -> None:
        fields = ["source", "as_at", "as_at_confirmed", "spec_version"]
        if not confirming:
            fields.remove("as_at_confirmed")
        self.helper.layout = Layout(*fields)

    def clean_source(self):
        source = self.cleaned_data["source"]
        suffix = PurePosixPath(source.name.lower()).suffix
        if suffix not in ACCEPTED_SUFFIXES:
            raise forms.ValidationError(
                "The selected file must be an Excel workbook (.xlsx, .xlsm or .xls), a CSV file or "
                "a zip of CSV files"
            )
        if source.size > settings.UPLOAD_MAX_MEGABYTES * 1024 * 1024:
            raise forms.ValidationError(
                f"The selected file must be smaller than {settings.UPLOAD_MAX_MEGABYTES} MB"
            )
        if source.size == 0:
            raise forms.ValidationError("The selected file is empty")
        # Measured (not parsed) here, so a file the import would refuse as too large once
        # unpacked, or as not what its name says, is refused before it is kept.
        try:
            check_upload(source.file, source.name)
        except UnreadableFile as unreadable:
            raise forms.ValidationError(str(unreadable)) from None
        return source

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        if as_at > timezone.localdate():
            raise forms.ValidationError("The as-at date must be today or in the past")
        return as_at

    def clean(self):
        cleaned = super().clean()
        as_at = cleaned.get("as_at")
        if as_at is not None and self.council is not None:
            self.as_at_questions = as_at_questions(council=self.council, as_at=as_at)
        if self.as_at_questions:
            self._lay_out(confirming=True)
            if not cleaned.get("as_at_confirmed"):
                self.add_error(
                    "as_at_confirmed",
                    "Check the as-at date. If it is right, select “The as-at date is right” "
                    "and select the file again",
                )
        return cleaned


class SynonymForm(GovukFormMixin, forms.Form):
    submit_label = ""

    code_set = forms.CharField(widget=forms.HiddenInput)
    spelling = forms.CharField(widget=forms.HiddenInput)
    code = forms.ChoiceField(label="Ofsted code", choices=())

    def __init__(self, *args, codes: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "Choose a code")] + [(c, c) for c in codes]
        self.fields["code"].error_messages["required"] = "Choose the Ofsted code"


class SubmissionForm(GovukFormMixin, forms.Form):
    submit_label = "Confirm it was submitted"

    inspection = forms.ModelChoiceField(
        label="Which inspection was it sent for?",
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the inspection the version was sent for",
            "invalid_choice": "Select one of the inspections listed",
        },
    )
    reason = forms.CharField(
        label="Why is this version being submitted with errors or warnings?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="Only a manager can confirm it. The reason is kept in the audit trail.",
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )

    def __init__(self, *args, inspections=None, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inspection"].queryset = inspections
        self.fields["inspection"].label_from_instance = str
        if inspections is not None and not self.is_bound and inspections.exists():
            self.fields["inspection"].initial = inspections.first().pk
        self.needs_reason = needs_reason
        if not needs_reason:
            del self.fields["reason"]

    def clean_reason(self):
        reason = self.cleaned_data.get("reason", "").strip()
        if self.needs_reason and not reason:
            raise forms.ValidationError(
                "Enter why the version is submitted with its errors or warnings"
            )
        return reason


class ExportConfirmationForm(GovukFormMixin, forms.Form):
    submit_label = "Confirm and prepare the workbook"

    reason = forms.CharField(
        label="Why is this version being sent with its errors or warnings?",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="For example: “Agreed with the lead inspector; corrected list to follow by "
        "Friday.” The reason is kept in the audit trail and printed on the workbook's front "
        "sheet.",
        error_messages={
            "required": "Enter why this version is being sent with its errors or warnings",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(
                "Enter why this version is being sent with its errors or warnings"
            )
        return reason


class CompareForm(forms.Form):
    other = forms.ModelChoiceField(
        label="Compare with", queryset=None, empty_label=None, to_field_name="pk"
    )

    def __init__(self, *args, versions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = versions
        self.fields["other"].label_from_instance = lambda version: str(version)
