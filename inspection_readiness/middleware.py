"""Response headers that every page of the service carries."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Tell browsers and proxies to keep no copy of any page or download.

    Almost every response holds children's data or is about to (a redirect to sign-in still
    carries the page asked for), so the rule is simply every response that reaches Django.
    Static files never get here: WhiteNoise, above this in MIDDLEWARE, answers them first with
    its own long-lived caching headers.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        add_never_cache_headers(response)  # Cache-Control: no-store, private, ...; Expires
        # For HTTP/1.0 caches, which read only Pragma.
        response.headers["Pragma"] = "no-cache"
        return response
