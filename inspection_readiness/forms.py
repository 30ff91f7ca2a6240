"""GOV.UK forms for sign-in and user management, all rendered through crispy-forms-gds."""

from crispy_forms_gds.fields import DateInputField
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Size, Submit
from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model

from .roles import Role


class GovukFormMixin:
    """Sets up the crispy FormHelper and the submit button once for every form in the service."""

    submit_label = "Continue"
    submit_classes = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        # GOV.UK validates on the server and shows an error summary, not browser pop-ups.
        self.helper.attrs = {"novalidate": ""}
        self.helper.label_size = Size.MEDIUM
        self.helper.legend_size = Size.MEDIUM
        if self.submit_label:
            self.helper.add_input(
                Submit("submit", self.submit_label, css_class=self.submit_classes)
            )


class SignInForm(GovukFormMixin, auth_forms.AuthenticationForm):
    submit_label = "Sign in"
    error_messages = {
        "invalid_login": (
            "Enter a correct username and password. Both are case-sensitive. After "
            "several wrong attempts your account is locked for a while."
        ),
        "inactive": "This account has been deactivated. Ask your data admin to reactivate it.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs["spellcheck"] = "false"


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    submit_label = "Send reset link"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].error_messages = {
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        }

    def save(self, *, request, use_https: bool = False, domain_override=None, **kwargs) -> None:
        """Queue the email rather than look the address up here (see ``password_reset``).

        Django's own ``save`` looks the account up and sends the mail in the request, which
        makes the answer slower when the account exists. Its template options are the defaults.
        """
        from .tasks import send_password_reset_email

        send_password_reset_email.delay(
            self.cleaned_data["email"], domain_override or request.get_host(), use_https
        )


class SetPasswordForm(GovukFormMixin, auth_forms.SetPasswordForm):
    submit_label = "Save password"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].error_messages["required"] = "Enter a new password"
        self.fields["new_password2"].error_messages["required"] = "Enter the new password again"


ROLE_CHOICES = [(role.value, role.label) for role in Role]


class RoleField(forms.TypedChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            choices=ROLE_CHOICES,
            coerce=Role,
            widget=forms.RadioSelect,
            error_messages={"required": "Select a role"},
            **kwargs,
        )


class InviteUserForm(GovukFormMixin, forms.Form):
    submit_label = "Send invitation"

    first_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter the person's first name"}
    )
    last_name = forms.CharField(
        max_length=150, error_messages={"required": "Enter the person's last name"}
    )
    email = forms.EmailField(
        label="Work email address",
        help_text="They will sign in with this address and get a link to set their password.",
        error_messages={
            "required": "Enter the person's work email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )
    role = RoleField(label="Role", help_text="What they will be able to do.")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        users = get_user_model().objects
        if users.filter(email__iexact=email).exists() or users.filter(username=email).exists():
            raise forms.ValidationError(
                f"{email} already has an account. Change that person's role instead."
            )
        return email


class ChangeRoleForm(GovukFormMixin, forms.Form):
    submit_label = "Save role"

    role = RoleField(label="Role")


class ConfirmForm(GovukFormMixin, forms.Form):
    """An "Are you sure?" confirmation with no fields: the button is the answer."""

    submit_classes = "govuk-button--warning"

    def __init__(self, *args, submit_label: str = "Confirm", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)


class LiftLockoutForm(GovukFormMixin, forms.Form):
    """Which lockout to lift: a username from an address, or (no username) the whole address.

    The fields travel hidden from the lockouts page through the confirmation page."""

    submit_label = "Lift this lockout"
    submit_classes = "govuk-button--warning"

    ip_address = forms.GenericIPAddressField(widget=forms.HiddenInput)
    username = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    whole_address = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def lockout_key(self) -> dict:
        """The keyword arguments ``services.lift_lockout`` takes, from the cleaned data."""
        whole = self.cleaned_data["whole_address"]
        return {
            "username": None if whole else self.cleaned_data["username"],
            "ip_address": self.cleaned_data["ip_address"],
        }


class PlainDateInputField(DateInputField):
    """GOV.UK's day, month and year date input, saying what is wrong in plain words.

    crispy-forms-gds passes Python's own message on ("month must be in 1..12", "day is out of
    range for month"); this field says "Enter ... as a real date" (its ``invalid`` message).
    """

    default_error_messages = {"invalid": "Enter a real date"}

    def compress(self, data_list):
        try:
            return super().compress(data_list)
        except forms.ValidationError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class SecondFactorCodeForm(GovukFormMixin, forms.Form):
    """The 6-digit code from an authenticator app, at set-up and at sign-in."""

    code = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code the app shows now, for example 123456.",
        max_length=12,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, submit_label: str = "Continue", **kwargs):
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)
        widget = self.fields["code"].widget
        widget.attrs.update(
            {
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input govuk-input--width-10",
            }
        )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the code as 6 digits, like 123456")
        return code
