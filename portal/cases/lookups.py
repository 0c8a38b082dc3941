"""Reading a published case by its code, for anyone: the public page, the API and Open311.

Each answers an unpublished code exactly as a code never issued (services.public_case). Codes that find nothing
count against the address's tracking limit (PORTAL_TRACK_LIMIT), shared by the three, so nobody can try codes
here faster than on the tracking page. Codes that find a published case are not counted: crowds read those.
"""

from flask import abort, current_app
from flask_limiter.util import get_remote_address
from limits import parse_many

from portal.cases import services
from portal.cases.models import Case
from portal.core.errors import NotFound
from portal.core.timeutil import utcnow
from portal.extensions import limiter

SCOPE = "case-code-misses"


def published_case(code: str) -> Case:
    """The published case, or NotFound; a 429 with Retry-After once this address has missed too often."""
    if not limiter.enabled:
        return services.public_case(code)
    limits, address = parse_many(current_app.config["PORTAL_TRACK_LIMIT"]), get_remote_address()
    exhausted = [item for item in limits if not limiter.limiter.test(item, SCOPE, address)]
    if exhausted:
        reset_at = max(limiter.limiter.get_window_stats(item, SCOPE, address).reset_time for item in exhausted)
        abort(429, retry_after=max(1, int(reset_at - utcnow().timestamp()) + 1))
    try:
        return services.public_case(code)
    except NotFound:
        for item in limits:
            limiter.limiter.hit(item, SCOPE, address)
        raise
