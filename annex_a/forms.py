"""GOV.UK forms for Annex A: upload, mapping a spelling to a code, submission, comparison."""

from __future__ import annotations

from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.utils import timezone

from inspection_readiness.filters import GovukDateInput
from inspection_readiness.forms import GovukFormMixin

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
    as_at = forms.DateField(
        label="As-at date",
        help_text="The date the lists were extracted, usually the day Ofsted called. Periods "
        "such as 'the last six months' are counted back from it.",
        widget=GovukDateInput,
        error_messages={
            "required": "Enter the as-at date",
            "invalid": "Enter the as-at date as a real date",
        },
    )
    spec_version = forms.ChoiceField(
        label="Template",
        choices=TEMPLATE_CHOICES,
        initial=SPEC_RECOGNISED,
        widget=forms.RadioSelect,
        help_text="Which version of Ofsted's Annex A the file follows. Left to the file, each "
        "list is read as the template its headers follow; you can change it after the check.",
    )

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
    submit_label = "Mark as submitted to Ofsted"

    reason = forms.CharField(
        label="Why is this version being submitted with errors or warnings?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when the version has errors or warnings. Only a manager can confirm it.",
    )

    def __init__(self, *args, needs_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
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
