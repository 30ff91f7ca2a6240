"""The privacy notice carries the council's details and retention schedule from settings; the
accessibility statement has every section of GOV.UK's model statement."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_notice_names_the_council_its_dpo_and_its_retention_schedule(client, settings):
    settings.PRIVACY_CONTROLLER_NAME = "Anytown Borough Council"
    settings.PRIVACY_CONTROLLER_ADDRESS = "Town Hall, Anytown AN1 1AA"
    settings.PRIVACY_DPO_CONTACT = "dpo@anytown.example"
    settings.PRIVACY_ICO_REGISTRATION = "Z1234567"
    settings.RETENTION_ANNEX_A_DAYS = 730
    settings.RETENTION_JOB_FILES_DAYS = 45
    page = client.get(reverse("privacy")).content.decode()
    assert "Anytown Borough Council is the data controller" in page
    assert "Town Hall, Anytown AN1 1AA" in page
    assert "dpo@anytown.example" in page
    assert "Z1234567" in page
    assert "Article 6(1)(e)" in page and "Article 9(2)(g)" in page and "9(2)(h)" in page
    assert "2 years from the day the file was uploaded" in page
    assert "45 days from the day the job finished" in page
    assert "makes no decision about any child" in page


def test_without_a_dpo_contact_the_notice_says_whom_to_ask(client, settings):
    settings.PRIVACY_CONTROLLER_NAME = "Anytown Borough Council"
    settings.PRIVACY_DPO_CONTACT = ""
    page = client.get(reverse("privacy")).content.decode()
    assert "ask Anytown Borough Council" in page and "customer services" in page


SECTIONS = [
    "How accessible this service is",
    "Feedback and contact information",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Technical information about this service",
    "Compliance status",
    "Non-accessible content",
    "Disproportionate burden",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def test_the_accessibility_statement_follows_the_model(client, settings):
    from datetime import date

    settings.ACCESSIBILITY_CONTACT = "access@anytown.example"
    settings.ACCESSIBILITY_STATEMENT_PREPARED_ON = date(2026, 12, 1)
    settings.ACCESSIBILITY_STATEMENT_REVIEWED_ON = date(2027, 1, 15)
    settings.SESSION_IDLE_MINUTES = 30
    page = client.get(reverse("accessibility")).content.decode().replace("&#x27;", "'")
    for section in SECTIONS:
        assert section in page, section
    assert "partially compliant" in page
    assert "access@anytown.example" in page
    assert "prepared on 1 December 2026" in page and "reviewed on 15 January 2027" in page
    assert "signed out after 30 minutes" in page
    assert "Equality Advisory and Support Service" in page
