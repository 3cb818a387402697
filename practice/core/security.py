"""Headers sent with every response, and form input cleaned before any view reads it."""
from flask import Request, Response, request

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def set_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers["X-Content-Type-Options"] = "nosniff"
    headers["X-Frame-Options"] = "DENY"
    headers["Referrer-Policy"] = "same-origin"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.is_secure:
        headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    if not _is_static(request.endpoint):
        # Pages and downloads carry clinical records: never keep them in any cache.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def _is_static(endpoint: str | None) -> bool:
    return bool(endpoint) and (endpoint == "static" or endpoint.endswith(".static"))


class CleanFormRequest(Request):
    """A request whose form holds no NUL characters: no keyboard types one, PostgreSQL refuses
    to store or even compare one (a 500 from any query a form value reaches), and dropping
    them keeps the rest of what was sent."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form = self.__dict__.get("form")
        if form is None:
            return
        pairs = list(form.items(multi=True))
        if any("\x00" in name or "\x00" in value for name, value in pairs):
            self.__dict__["form"] = self.parameter_storage_class(
                (name.replace("\x00", ""), value.replace("\x00", "")) for name, value in pairs)
