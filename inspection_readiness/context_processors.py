from django.conf import settings
from django.http import HttpRequest

from .directory import directory_enabled
from .roles import Role, role_of, roles_of


def service(request: HttpRequest) -> dict:
    """The service and council names for the header, and the person's roles for navigation."""
    user = getattr(request, "user", None)
    held = roles_of(user) if user is not None else set()
    return {
        "service_name": settings.SERVICE_NAME,
        "council_name": settings.COUNCIL_NAME,
        "user_role": role_of(user) if user is not None and user.is_authenticated else None,
        "is_data_admin": Role.DATA_ADMIN in held,
        "is_manager": Role.MANAGER in held,
        "directory_enabled": directory_enabled(),
    }
