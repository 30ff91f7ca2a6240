from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode


@login_not_required
def admin_sign_in(request: HttpRequest) -> HttpResponseRedirect:
    """The Django admin signs people in through the service's own (throttled) sign-in page.

    Someone already signed in who lands here is not a data admin: refuse rather than loop.
    """
    if request.user.is_authenticated:
        raise PermissionDenied("The admin is for data admins only.")
    target = reverse("login")
    if "next" in request.GET:
        target += "?" + urlencode({"next": request.GET["next"]})
    return HttpResponseRedirect(target)
