"""Views for the self-evaluation: thin, each one authorises, parses, calls one service or query,
then redirects or renders."""


def posted(request):
    """The submitted data for a POST (even an empty one), or None to leave a form unbound."""
    return request.POST if request.method == "POST" else None
