"""Bokmål first: the page language follows the visitor's own choice, not the browser's default."""


class BokmalFirstMiddleware:
    """Drop Accept-Language so that LocaleMiddleware uses the language cookie or bokmål.

    Most visitors' browsers say English even when they read Norwegian; the switch in the header
    sets the cookie for those who want English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
