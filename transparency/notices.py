"""What the public pages say that comes from settings: the council's own details, and the
retention schedule in words. The pages' structure and what the service processes are fixed."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings

from retention.schedule import RetentionPeriod, retention_schedule


@dataclass(frozen=True)
class Controller:
    name: str
    address: str
    dpo_contact: str
    ico_registration: str


def controller() -> Controller:
    return Controller(
        name=settings.PRIVACY_CONTROLLER_NAME or settings.COUNCIL_NAME,
        address=settings.PRIVACY_CONTROLLER_ADDRESS,
        dpo_contact=settings.PRIVACY_DPO_CONTACT,
        ico_registration=settings.PRIVACY_ICO_REGISTRATION,
    )


def retention_summary() -> list[RetentionPeriod]:
    return retention_schedule()


@dataclass(frozen=True)
class AccessibilityDetails:
    council_name: str
    contact: str
    prepared_on: date
    reviewed_on: date


def accessibility_details() -> AccessibilityDetails:
    return AccessibilityDetails(
        council_name=settings.COUNCIL_NAME,
        contact=settings.ACCESSIBILITY_CONTACT,
        prepared_on=settings.ACCESSIBILITY_STATEMENT_PREPARED_ON,
        reviewed_on=settings.ACCESSIBILITY_STATEMENT_REVIEWED_ON,
    )
