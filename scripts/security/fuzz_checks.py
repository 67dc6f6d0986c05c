"""Schemathesis checks of our own, loaded by fuzz.sh through SCHEMATHESIS_HOOKS."""

import schemathesis

PROBLEM_CONTENT_TYPE = "application/problem+json"


@schemathesis.check
def client_errors_are_problem_details(ctx, response, case):
    """Every 4xx is RFC 9457 problem+json carrying type, title and its own status."""
    if not 400 <= response.status_code < 500:
        return None
    content_type = response.headers.get("content-type", [""])[0].split(";")[0].strip()
    if content_type != PROBLEM_CONTENT_TYPE:
        raise AssertionError(
            f"{response.status_code} answered as {content_type or 'no content type'!r}, not {PROBLEM_CONTENT_TYPE}"
        )
    body = response.json()
    missing = [member for member in ("type", "title", "status") if not isinstance(body, dict) or member not in body]
    if missing:
        raise AssertionError(f"{response.status_code} problem lacks {', '.join(missing)}: {body!r}")
    if body["status"] != response.status_code:
        raise AssertionError(f"problem status {body['status']!r} differs from the HTTP status {response.status_code}")
    return None
