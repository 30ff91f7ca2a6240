from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from ..health import check_broker, check_database


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Service status for monitoring: no sign-in, no data, only whether each dependency answers."""
    database = check_database()
    broker = check_broker()
    healthy = database.ok and broker.ok
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "database": database.as_dict(),
            "broker": broker.as_dict(),
        },
        status=200 if healthy else 503,
    )
