"""Sign-in through the council's directory (Microsoft Entra ID or any OpenID Connect provider).

We use mozilla-django-oidc: it is maintained, small, does the authorization code flow with
PKCE, state and nonce as a Django authentication backend and two views, and leaves what to do
with the directory's claims to us. django-allauth would bring its own account pages, emails and
templates, which this service already has in GOV.UK form.

The directory is switched on by settings (``OIDC_ISSUER``, ``OIDC_CLIENT_ID`` and
``OIDC_CLIENT_SECRET``, see ``settings.py``); with them missing the backend does nothing and the
sign-in page shows no directory button. What the claims mean for a person:

- they are found by the directory's issuer and subject (``DirectoryAccount``), or on their
  first sign-in by their email address, else created with no password;
- their role comes from the first of their directory groups that ``OIDC_ROLE_GROUPS`` maps
  (data admin before manager before preparation staff); with none mapped, they keep the role a
  data admin gave them, or have none;
- a directory that says the account is disabled has them refused and switched off here too.

People signed in this way give no second factor here: their directory's own multi-factor
authentication applies (``second_factor.py``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from functools import lru_cache

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core import checks
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from .audit import record_event
from .models import DirectoryAccount
from .roles import Role, role_of

logger = logging.getLogger(__name__)

BACKEND_PATH = "inspection_readiness.directory.DirectoryBackend"

# Our setting -> the provider's discovery document key, for endpoints not set one by one.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
# Said on the sign-in page when the directory refuses someone, or we refuse what it sent.
REFUSED = (
    "You could not be signed in with your council account. Your council account may have been "
    "switched off or not given access to this service, your account here may have been "
    "deactivated, or signing in took too long. Try again, and if it keeps happening ask your "
    "data admin or your council's IT service desk."
)
# When a person is in groups for several roles, the widest role wins.
ROLE_PRECEDENCE = (Role.DATA_ADMIN, Role.MANAGER, Role.PREPARATION_STAFF)


class DirectoryMisconfigured(ValueError):
    """A setting for the directory cannot be read."""


def directory_enabled() -> bool:
    """Whether people can sign in through the council's directory."""
    has_endpoints = all(getattr(settings, name, "") for name in DISCOVERED) or bool(
        settings.OIDC_ISSUER
    )
    return bool(settings.OIDC_RP_CLIENT_ID and settings.OIDC_RP_CLIENT_SECRET and has_endpoints)


def parse_role_groups(text: str) -> dict[str, Role]:
    """``"manager=CSC-Managers,data_admin=CSC-Data"`` as ``{"CSC-Managers": Role.MANAGER, ...}``.

    A role may be named more than once, for several groups. Group names (or Entra ID's group
    object ids) are compared exactly as the directory sends them.
    """
    mapping: dict[str, Role] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        role_name, separator, group = (piece.strip() for piece in item.partition("="))
        if not separator or not group:
            raise DirectoryMisconfigured(
                f"OIDC_ROLE_GROUPS: '{item}' should be a role and a group, like manager=Managers"
            )
        try:
            mapping[group] = Role(role_name)
        except ValueError:
            known = ", ".join(role.value for role in Role)
            raise DirectoryMisconfigured(
                f"OIDC_ROLE_GROUPS: '{role_name}' is not a role; use one of {known}"
            ) from None
    return mapping


@checks.register(checks.Tags.security)
def check_role_groups(**kwargs) -> list[checks.CheckMessage]:
    """A mistyped ``OIDC_ROLE_GROUPS`` stops the service starting, not a person signing in."""
    try:
        parse_role_groups(settings.OIDC_ROLE_GROUPS)
    except DirectoryMisconfigured as error:
        return [checks.Error(str(error), id="inspection_readiness.E001")]
    return []


def role_from_groups(groups: Iterable[str], mapping: Mapping[str, Role]) -> Role | None:
    """The role a person's directory groups give, or None when no group of theirs is mapped."""
    given = {mapping[group] for group in groups if group in mapping}
    return next((role for role in ROLE_PRECEDENCE if role in given), None)


def groups_in(claims: Mapping) -> list[str]:
    """The person's groups from the claims; a single group may come as a plain string."""
    groups = claims.get(settings.OIDC_GROUPS_CLAIM) or []
    return [groups] if isinstance(groups, str) else [str(group) for group in groups]


def account_disabled(claims: Mapping) -> bool:
    """Whether the directory says the account is switched off (its enabled claim is false)."""
    enabled = claims.get(settings.OIDC_ACCOUNT_ENABLED_CLAIM, True)
    if isinstance(enabled, str):
        return enabled.strip().lower() in {"false", "0", "no"}
    return enabled is False or enabled == 0


def email_in(claims: Mapping) -> str:
    """The person's address: ``email``, or Entra ID's ``preferred_username`` (their UPN)."""
    return str(claims.get("email") or claims.get("preferred_username") or "").strip().lower()


@lru_cache(maxsize=4)
def discovery_document(issuer: str) -> dict:
    """The provider's OpenID configuration, read once per process (a failure is not kept)."""
    response = requests.get(
        issuer.rstrip("/") + "/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
    )
    response.raise_for_status()
    return response.json()


def directory_setting(attr: str, *default):
    """A mozilla-django-oidc setting; endpoints not set come from the issuer's discovery."""
    if attr in DISCOVERED and not getattr(settings, attr, "") and settings.OIDC_ISSUER:
        return discovery_document(settings.OIDC_ISSUER).get(DISCOVERED[attr], "")
    return import_from_settings(attr, *default)


# --- The one write: what a directory sign-in does to the person ---------------------------------


@transaction.atomic
def sign_in_from_directory(*, claims: Mapping, issuer: str) -> AbstractBaseUser | None:
    """Find or create the person the claims describe and bring their role up to date.

    Returns None, having switched the person off, when the directory says their account is
    disabled. Called only by ``DirectoryBackend`` with claims whose signature, issuer, audience
    and nonce it has checked: the directory, not a person, is the actor, so there is no role
    to check.
    """
    subject = str(claims["sub"])
    user, created = _find_or_create(claims=claims, issuer=issuer, subject=subject)
    if account_disabled(claims):
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            record_event(
                actor=None,
                obj=user,
                description="Switched off: the council's directory says this account is disabled",
            )
        return None
    mapped = role_from_groups(groups_in(claims), parse_role_groups(settings.OIDC_ROLE_GROUPS))
    if mapped is not None and role_of(user) != mapped:
        from .services import set_role

        set_role(user, mapped)
        record_event(
            actor=None,
            obj=user,
            description=f"Given the {mapped.label.lower()} role by their council directory group",
        )
    return user


def _find_or_create(*, claims: Mapping, issuer: str, subject: str) -> tuple[AbstractBaseUser, bool]:
    User = get_user_model()
    account = (
        DirectoryAccount.objects.select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    if account is not None:
        return account.user, False
    email = email_in(claims)
    # A local account with the same address, not yet linked to any directory account, is the
    # same person: an invitation sent before the council connected its directory. This trusts
    # the directory's addresses, so the app is registered for the council's own tenant only.
    existing = list(
        User.objects.filter(email__iexact=email, directory_account__isnull=True)[:2]
        if email
        else []
    )
    if len(existing) > 1:
        raise SuspiciousOperation("Several accounts have this email address.")
    if existing:
        user, created = existing[0], False
        description = "Linked to their council directory account"
    else:
        user = User(
            username=email or f"directory-{subject}"[:150],
            email=email,
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise SuspiciousOperation("An account with this username already exists.") from None
        created = True
        description = "Account created at first sign-in through the council's directory"
    DirectoryAccount.objects.create(user=user, issuer=issuer, subject=subject)
    record_event(actor=None, obj=user, description=description)
    return user, created


# --- mozilla-django-oidc, configured from our settings ------------------------------------------


class DirectoryBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend: the id token's issuer and audience are checked too, the
    id token's claims (Entra ID puts groups there) are read with the userinfo endpoint's, and
    the person is found and updated by ``sign_in_from_directory``."""

    get_settings = staticmethod(directory_setting)

    def __init__(self, *args, **kwargs):
        self.enabled = directory_enabled()
        if self.enabled:
            super().__init__(*args, **kwargs)
        else:
            self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not self.enabled:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, SuspiciousOperation) as error:
            # A refused code, a bad signature or nonce, a provider that is down: the person is
            # refused with the refusal page, and the reason goes to the log, not to them.
            logger.warning("Sign-in through the council's directory refused: %s", error)
            return None

    def get_user(self, user_id):
        """As Django's own backend: a deactivated person's sessions end at their next request
        (mozilla-django-oidc's ``get_user`` would let them go on)."""
        user = super().get_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None

    def _verify_jws(self, payload, key):
        payload_claims = super()._verify_jws(payload, key)
        try:
            jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER or None,
                options={"require": ["sub", "aud", "iss", "exp"]},
            )
        except jwt.InvalidTokenError as error:
            raise SuspiciousOperation(f"The id token was refused: {error}") from None
        return payload_claims

    def get_userinfo(self, access_token, id_token, payload):
        if not self.OIDC_OP_USER_ENDPOINT:
            return dict(payload)
        userinfo = super().get_userinfo(access_token, id_token, payload)
        if str(userinfo.get("sub")) != str(payload.get("sub")):
            raise SuspiciousOperation("The userinfo is about someone else.")
        return {**payload, **userinfo}

    def verify_claims(self, claims):
        return bool(claims.get("sub"))

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("The directory sent no subject identifier.")
        return sign_in_from_directory(claims=claims, issuer=str(payload.get("iss") or ""))


class DirectorySignInView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(directory_setting)


class DirectoryCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(directory_setting)

    def login_failure(self):
        messages.error(self.request, REFUSED)
        return redirect("login")
