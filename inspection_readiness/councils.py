from django.conf import settings

from .models import Council


def current_council() -> Council:
    """The council this deployment serves, named by the COUNCIL_NAME setting."""
    council, _ = Council.objects.get_or_create(name=settings.COUNCIL_NAME)
    return council
