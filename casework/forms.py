"""GOV.UK forms for casework, rendered through crispy-forms-gds.

Labels built from data are escaped: crispy-forms-gds renders labels and hints as HTML.
"""

from __future__ import annotations

import secrets

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.layout import Field, Fieldset, Layout, Size, Submit
from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import escape

from annex_a.cells import ID_MAX_LENGTH
from frameworks.models import Grade
from inspection_readiness.children import CP_VISIT_EXPLANATION
from inspection_readiness.forms import GovukFormMixin
from inspection_readiness.layout import TemplateText
from inspection_readiness.roles import Role

from .models import MAX_CP_VISIT_WORKING_DAYS, CaseAudit, CohortMember, SectionGrade
from .services import ModerationDecision, SectionAnswer, parse_child_ids

TEXT_AREA = forms.Textarea(attrs={"rows": 4})
MAX_COHORT_SIZE = 500


def people_who_audit():
    """Preparation staff and managers who are active: the people audits can be assigned to."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name__in=[Role.PREPARATION_STAFF.group_name, Role.MANAGER.group_name],
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _person_label(user) -> str:
    return user.get_full_name() or user.get_username()


class SelectCohortsForm(GovukFormMixin, forms.Form):
    submit_label = "Select cohorts"

    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2_147_483_647,
        help_text="The same seed and Annex A version always choose the same children. Keep the "
        "number shown, or enter the one used before to choose the same cohorts again.",
        error_messages={
            "required": "Enter a seed",
            "invalid": "Enter the seed as a whole number, like 4821",
            "min_value": "Enter a seed of 0 or more",
            "max_value": "Enter a seed below 2,147,483,648",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"seed": secrets.randbelow(100_000)})
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(Field.text("seed", field_width=10))


class SwapForm(GovukFormMixin, forms.Form):
    submit_label = "Swap this child"

    reason = forms.CharField(
        label="Why is this child being swapped?",
        widget=TEXT_AREA,
        max_length=2000,
        help_text="For example 'Case transferred to another council last week'. This is kept in "
        "the record and in the export.",
        error_messages={"required": "Enter why this child is being swapped"},
    )
    replacement_child_id = forms.CharField(
        label="Child Unique ID to swap in (optional)",
        required=False,
        max_length=100,
        help_text="Leave blank to let the service choose a child at the same threshold and age.",
    )


class InspectorChoicesForm(GovukFormMixin, forms.Form):
    submit_label = "Compare with the rehearsal"

    child_ids = forms.CharField(
        label="Child Unique IDs the inspectors chose",
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        max_length=50_000,
        help_text="Paste them from the inspectors' list: one a line, or separated by commas or "
        "spaces. This replaces any list pasted before.",
        error_messages={"required": "Paste the Child Unique IDs the inspectors chose"},
    )

    def clean_child_ids(self) -> str:
        pasted = self.cleaned_data["child_ids"]
        for child_id in parse_child_ids(pasted):
            if len(child_id) > ID_MAX_LENGTH:
                raise forms.ValidationError(
                    f"“{child_id[:20]}…” is {len(child_id):,} characters long, and a Child Unique "
                    f"ID has at most {ID_MAX_LENGTH}. Check for IDs that have run together and "
                    "paste the list again"
                )
        return pasted


class _AuditCohortField(forms.MultipleChoiceField):
    """Also accepts children assigned since the page was shown, so a form sent twice reaches
    ``services.assign_audits``, which says what became of them, rather than "not a choice"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.assigned: set[str] = set()

    def valid_value(self, value) -> bool:
        return str(value) in self.assigned or super().valid_value(value)


class AssignAuditsForm(GovukFormMixin, forms.Form):
    submit_label = "Assign audits"

    members = _AuditCohortField(
        label="Children to audit",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one child to audit"},
    )
    auditor = forms.ModelChoiceField(
        label="Auditor",
        queryset=get_user_model().objects.none(),
        empty_label="Choose a person",
        error_messages={"required": "Select who will audit these cases"},
    )
    moderator = forms.ModelChoiceField(
        label="Second auditor to moderate (optional)",
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="None: a manager moderates",
        help_text="Any manager can moderate. Name a second auditor to let them moderate too.",
    )
    due_date = DateInputField(
        label="Due date",
        help_text="Set from the inspection timeline: the end of week two, in working days.",
        require_all_fields=False,
    )

    def __init__(
        self,
        *args,
        members: list[CohortMember],
        assigned: list[CohortMember] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].error_messages.update(
            {
                "required": "Enter the date the audits are due",
                "incomplete": "Enter the date the audits are due in full",
            }
        )
        self.members = {str(member.pk): member for member in [*members, *assigned]}
        self.fields["members"].assigned = {str(member.pk) for member in assigned}
        self.fields["members"].choices = [
            (
                str(member.pk),
                f"{member.child.child_id}: {member.threshold_label}, "
                f"{member.age_band_label.lower()}",
            )
            for member in members
        ]
        for name in ("auditor", "moderator"):
            self.fields[name].queryset = people_who_audit()
            self.fields[name].label_from_instance = _person_label
        self.helper.layout = Layout(
            Field.checkboxes("members", small=True),
            Field.select("auditor"),
            Field.select("moderator"),
            Field("due_date"),
        )

    def clean(self):
        cleaned = super().clean()
        auditor, moderator = cleaned.get("auditor"), cleaned.get("moderator")
        if auditor and moderator and auditor.pk == moderator.pk:
            self.add_error("moderator", "Choose a second auditor other than the auditor")
        cleaned["chosen_members"] = [self.members[pk] for pk in cleaned.get("members", [])]
        return cleaned


class CaseAuditForm(GovukFormMixin, forms.Form):
    """Every section of the audit: grade, narrative and themes; plus an overall summary.

    Drafts may be incomplete, so no field is required here; ``services.submit_audit`` checks
    that every section is graded before the audit is submitted.
    """

    submit_label = ""

    summary = forms.CharField(
        label="Overall summary (optional)", required=False, widget=TEXT_AREA, max_length=10_000
    )

    def __init__(self, *args, audit: CaseAudit, grades: list[Grade], autosave_url: str, **kwargs):
        self.audit = audit
        self.section_grades: list[SectionGrade] = list(audit.grades.all())
        self.grade_options = {str(grade.pk): grade for grade in grades}
        kwargs.setdefault("initial", self._initial())
        super().__init__(*args, **kwargs)
        self.helper.attrs = {"novalidate": "", "data-autosave-url": autosave_url}
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        grade_choices = [(str(grade.pk), grade.label) for grade in grades]
        layout = []
        for row in self.section_grades:
            section = row.section
            self.fields[f"grade_{section.pk}"] = forms.ChoiceField(
                label="Grade",
                choices=grade_choices,
                required=False,
                widget=forms.RadioSelect,
                error_messages={"invalid_choice": "Select a grade from the list"},
            )
            self.fields[f"narrative_{section.pk}"] = forms.CharField(
                label="What you found",
                required=False,
                widget=TEXT_AREA,
                max_length=20_000,
            )
            self.fields[f"themes_{section.pk}"] = forms.MultipleChoiceField(
                label="Themes (optional)",
                choices=[(theme, theme) for theme in section.themes],
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
            layout.append(
                Fieldset(
                    TemplateText("casework/layout/_section_prompts.html", prompts=section.prompts),
                    Field.radios(f"grade_{section.pk}", small=True),
                    Field.textarea(f"narrative_{section.pk}"),
                    Field.checkboxes(f"themes_{section.pk}", small=True),
                    legend=escape(section.title),
                    legend_size=Size.MEDIUM,
                )
            )
        layout.append(Field.textarea("summary"))
        self.helper.layout = Layout(*layout)
        self.helper.add_input(
            Submit("save_draft", "Save draft", css_class="govuk-button--secondary")
        )
        self.helper.add_input(Submit("submit_audit", "Submit for moderation"))

    def _initial(self) -> dict:
        initial = {"summary": self.audit.summary}
        for row in self.section_grades:
            initial[f"grade_{row.section_id}"] = str(row.grade_id) if row.grade_id else None
            initial[f"narrative_{row.section_id}"] = row.narrative
            initial[f"themes_{row.section_id}"] = row.themes
        return initial

    def answers(self) -> dict[int, SectionAnswer]:
        data = self.cleaned_data
        return {
            row.section_id: SectionAnswer(
                grade=self.grade_options.get(data.get(f"grade_{row.section_id}") or ""),
                narrative=data.get(f"narrative_{row.section_id}", ""),
                themes=list(data.get(f"themes_{row.section_id}", [])),
            )
            for row in self.section_grades
        }


AGREE, CHANGE = "agree", "change"


class ModerationForm(GovukFormMixin, forms.Form):
    """For each section: agree with the auditor's grade, or change it and say why."""

    submit_label = "Record moderation"

    def __init__(self, *args, audit: CaseAudit, grades: list[Grade], **kwargs):
        super().__init__(*args, **kwargs)
        self.section_grades = list(audit.grades.all())
        self.grade_options = {str(grade.pk): grade for grade in grades}
        self.helper.label_size = Size.SMALL
        self.helper.legend_size = Size.SMALL
        layout = []
        for row in self.section_grades:
            key = row.section_id
            self.fields[f"decision_{key}"] = forms.ChoiceField(
                label="Do you agree with this grade?",
                choices=[(AGREE, "Agree"), (CHANGE, "Change the grade")],
                widget=forms.RadioSelect,
                error_messages={"required": f"Select whether you agree with “{row.section.title}”"},
            )
            self.fields[f"grade_{key}"] = forms.ChoiceField(
                label="Moderated grade",
                choices=[("", "Choose a grade")]
                + [(str(grade.pk), grade.label) for grade in grades],
                required=False,
            )
            self.fields[f"reason_{key}"] = forms.CharField(
                label="Reason (needed if you change the grade)",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=5000,
            )
            layout.append(
                Fieldset(
                    TemplateText(
                        "casework/layout/_auditor_grade.html",
                        grade=row.grade.label if row.grade else "",
                        narrative=row.narrative,
                    ),
                    Field.radios(f"decision_{key}", small=True, inline=True),
                    Field.select(f"grade_{key}"),
                    Field.textarea(f"reason_{key}"),
                    legend=escape(row.section.title),
                    legend_size=Size.MEDIUM,
                )
            )
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        for row in self.section_grades:
            key = row.section_id
            if cleaned.get(f"decision_{key}") != CHANGE:
                continue
            if not cleaned.get(f"grade_{key}"):
                self.add_error(f"grade_{key}", f"Select the grade for “{row.section.title}”")
            if not (cleaned.get(f"reason_{key}") or "").strip():
                self.add_error(
                    f"reason_{key}", f"Enter why you changed the grade for “{row.section.title}”"
                )
        return cleaned

    def decisions(self) -> dict[int, ModerationDecision]:
        data = self.cleaned_data
        return {
            row.section_id: ModerationDecision(
                agree=data[f"decision_{row.section_id}"] == AGREE,
                grade=self.grade_options.get(data.get(f"grade_{row.section_id}") or ""),
                reason=data.get(f"reason_{row.section_id}", ""),
            )
            for row in self.section_grades
        }


def _whole_number(label: str, *, what: str, low: int, high: int, hint: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=hint,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a whole number, like {max(low, 10)}",
            "min_value": f"Enter {what} of {low} or more",
            "max_value": f"Enter {what} of {high} or fewer",
        },
    )


class PracticeSettingsForm(GovukFormMixin, forms.Form):
    submit_label = "Save settings"

    cp_visit_working_days = _whole_number(
        "How often are children on a child protection plan visited, in working days?",
        what="the number of working days between visits",
        low=1,
        high=MAX_CP_VISIT_WORKING_DAYS,
        hint=CP_VISIT_EXPLANATION,
    )
    audited = _whole_number(
        "Cases the council audits",
        what="how many cases the council audits",
        low=1,
        high=MAX_COHORT_SIZE,
        hint="The cases you audit during the rehearsal.",
    )
    tracked = _whole_number(
        "Cases inspectors track",
        what="how many cases inspectors track",
        low=0,
        high=MAX_COHORT_SIZE,
        hint="Children whose experience inspectors follow in depth.",
    )
    sampled = _whole_number(
        "Cases inspectors sample",
        what="how many cases inspectors sample",
        low=0,
        high=MAX_COHORT_SIZE,
        hint="Cases inspectors look at across the key thresholds and ages.",
    )
    out_of_area_visits = _whole_number(
        "Children in children's homes outside the area whom inspectors visit",
        what="how many children inspectors visit out of the area",
        low=0,
        high=MAX_COHORT_SIZE,
        hint="Enter 0 if you do not want to rehearse these visits.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout = Layout(
            Fieldset(
                Field.text("cp_visit_working_days", field_width=3),
                legend="Visits to children on a child protection plan",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                TemplateText("casework/layout/_cohort_sizes_explained.html"),
                Field.text("audited", field_width=3),
                Field.text("tracked", field_width=3),
                Field.text("sampled", field_width=3),
                Field.text("out_of_area_visits", field_width=3),
                legend="Cohort sizes where the framework publishes none",
                legend_size=Size.MEDIUM,
            ),
        )


# ---- inspection week: the children inspectors choose, and audits sent back -----------------


class InspectorsChildrenForm(GovukFormMixin, forms.Form):
    submit_label = "Add these children"

    child_ids = forms.CharField(
        label="Child Unique IDs the inspectors chose",
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        max_length=50_000,
        help_text="Paste or type them: one a line, or separated by commas, semicolons or spaces. "
        "Children already on the list keep what has been recorded for them.",
        error_messages={"required": "Enter the Child Unique IDs the inspectors chose"},
    )

    clean_child_ids = InspectorChoicesForm.clean_child_ids


class StepForm(forms.Form):
    """One tick on a child's row: the step, and whether it is now done."""

    step = forms.ChoiceField(choices=())
    done = forms.TypedChoiceField(
        choices=[("yes", "yes"), ("no", "no")], coerce=lambda v: v == "yes"
    )

    def __init__(self, *args, steps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = [(str(step), step.label) for step in steps]


class AssignOneAuditForm(GovukFormMixin, forms.Form):
    submit_label = "Assign the audit"

    auditor = AssignAuditsForm.base_fields["auditor"]
    moderator = AssignAuditsForm.base_fields["moderator"]
    due_date = DateInputField(
        label="Due date",
        help_text="While inspectors are on site: an audit due after they leave is too late.",
        require_all_fields=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].error_messages.update(
            {
                "required": "Enter the date the audit is due",
                "incomplete": "Enter the date the audit is due in full",
            }
        )
        for name in ("auditor", "moderator"):
            self.fields[name].queryset = people_who_audit()
            self.fields[name].label_from_instance = _person_label
        self.fields["auditor"].error_messages["required"] = "Select who will audit this case"
        self.helper.layout = Layout(
            Field.select("auditor"), Field.select("moderator"), Field("due_date")
        )

    def clean(self):
        cleaned = super().clean()
        auditor, moderator = cleaned.get("auditor"), cleaned.get("moderator")
        if auditor and moderator and auditor.pk == moderator.pk:
            self.add_error("moderator", "Choose a second auditor other than the auditor")
        return cleaned


class SendBackForm(GovukFormMixin, forms.Form):
    submit_label = "Send it back"

    comment = forms.CharField(
        label="What should the auditor change?",
        widget=TEXT_AREA,
        max_length=5_000,
        help_text="The auditor sees this on the audit, changes it and submits it again.",
        error_messages={"required": "Say what the auditor should change"},
    )
