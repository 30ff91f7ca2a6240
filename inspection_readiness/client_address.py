"""The one place that decides which address a request came from.

The audit trail and the sign-in lockouts (django-axes) both ask ``client_address``. Any client
can send an ``X-Forwarded-For`` header, so it is believed only when settings say how many
trusted reverse proxies stand in front of the service (``TRUSTED_PROXY_COUNT``). Each such proxy
appends the address it received the request from, so the client is the entry that many places
from the right; everything to its left was written by the client and may be made up. And the
header is believed only on a connection from one of those proxies (``TRUSTED_PROXY_ADDRESSES``,
the machine itself unless set): when gunicorn listens on a private address for an nginx on
another machine, anyone else who can reach that address could write the header themselves.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The address of the person making ``request``: REMOTE_ADDR unless behind trusted proxies."""
    remote = _address_or_none(request.META.get("REMOTE_ADDR", ""))
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    if remote is None or not _is_trusted_proxy(remote):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [hop for hop in hops if hop]
    if len(hops) < proxies:
        # The proxies did not add what they should: something bypassed them. Trust no header.
        return remote
    return _address_or_none(hops[-proxies]) or remote


def _is_trusted_proxy(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return any(
        ip in ipaddress.ip_network(network, strict=False)
        for network in getattr(settings, "TRUSTED_PROXY_ADDRESSES", ["127.0.0.1", "::1"])
    )


def _address_or_none(value: str) -> str | None:
    """A valid IPv4 or IPv6 address (a port, as some proxies add, is dropped), else None."""
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1:].split("]", 1)[0]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None
