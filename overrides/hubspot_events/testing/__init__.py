"""A fake HubSpot (Marketing Events v3) for tests, benchmarks and the CLI's sandbox.

``FakeHubSpot`` is an ASGI app (Starlette) implementing every operation of the curated spec with
HubSpot's semantics: events keyed by (externalAccountId, externalEventId) with object ids,
contacts by email with vids, participation states and counters, request validation against the
spec (400 in HubSpot's ``Error`` shape), bearer auth and ``/oauth/v1/token`` (401 on missing,
unknown or expired tokens), a rolling-window rate limit with HubSpot's headers and 429 body, and
seeded fault injection. Reach it in-process through httpx (``fake.async_transport()``,
``fake.sync_transport()``, ``fake.client()``) or over loopback (``running_server``, ``serve``)::

    clock = FakeClock()
    fake = FakeHubSpot(clock=clock, faults=Faults(sequence=[503, "drop", 200]))
    fake.add_contact("ada@example.com", firstname="Ada")
    async with httpx.AsyncClient(transport=fake.async_transport(), base_url=fake.base_url) as c:
        ...
    assert fake.state.participation("acct", "w-1", "ada@example.com") == "ATTENDED"
    assert fake.requests[-1] == ("POST", "/marketing/v3/...", 204)

Participation states and counters: ``register`` records REGISTERED, ``attend`` ATTENDED, ``cancel``
CANCELLED. ATTENDED is sticky; otherwise the register/cancel with the latest interactionDateTime
wins. Once an event is ``eventCompleted``, contacts still REGISTERED are NO_SHOW. The counters
(``registered``, ``attended``, ``cancelled``, ``noShows``) count each contact once, in its current
state, so ``counters[s] == breakdown(state=s).total`` and they sum to ``breakdown().total``.

Faults strike either before anything is recorded (``fail_rate``, ``drop_rate``, sequence items
like ``503`` / ``"drop"`` / ``"html"`` / ``429`` / ``"daily"``) or after the request was recorded
(``fail_after_commit_rate``, ``"commit:503"``, ``"commit:drop"``): the second kind is what makes a
client's retries of upserts worth testing.

Guesses
-------
HubSpot does not document these; the fake picks one behaviour and says so here.

- Counters partition participants by current state: attendees are not also counted as registrants.
- ATTENDED is sticky (a later cancel does not undo it); otherwise the latest interactionDateTime wins, ties by arrival.
- noShows are registrants of an event whose eventCompleted is true (a past endDateTime alone does not count).
- A breakdown item's occurredAt is the interactionDateTime of the record that decided its state.
- attendanceDurationSeconds sums leftAt - joinedAt of attend records (epoch ms or RFC 3339); attendancePercentage divides it by the event's length.
- email-upsert / upsert by vid with unknown contacts: 400 VALIDATION_ERROR naming them in context (emails / vids) and nothing recorded.
- Unknown event on attendance, subscriber-state, get_event, counters or breakdown: 404 OBJECT_NOT_FOUND.
- email-create without externalAccountId finds the event by externalEventId alone; 400 if several accounts have it.
- Per-item failures (207): invalid email on email-create (context emails); blank name/organizer/ids or endDateTime before startDateTime on event upsert (context externalEventIds).
- 207 whenever at least one input failed, even if all did; results keep input order, failed inputs omitted.
- Event upsert updates only the fields sent; customProperties merge by name.
- Date-times must be RFC 3339 with an offset (naive ones are a 400); they come back in UTC as 2024-01-01T10:00:00.000Z.
- Emails are stored and returned lower-cased; contactProperties never update an existing contact.
- An event's id equals its objectId; object ids, vids and participation ids are sequential per fake.
- Paging cursors are opaque strings made by the fake (a foreign one is a 400); list_events clamps limit to 100, rejects < 1.
- Breakdown contactIdentifier is an email (any case) or a vid; an unknown one gives an empty page; an unknown state is a 400.
- One app per fake: external-id endpoints see every event created through the fake.
- External ids containing "/" cannot be addressed in paths (404).
- Request bodies: a non-JSON Content-Type is a 415; a missing body or invalid JSON a 400; no batch size limit unless max_batch_size is set.
- One rate-limit window per fake (not per token); refused requests do not count; the daily quota resets every 24 h of the fake's clock.
- policyName is SECONDLY for windows up to 1 s, TEN_SECONDLY_ROLLING above; groupName is publicapi:app-api:<app id>; no Retry-After unless retry_after=True.
- The OAuth token endpoint and 401s are not rate limited (they still carry the headers); daily headers are omitted for OAuth-issued tokens.
- OAuth refresh tokens rotate strictly (the old one stops working); refusals are 400 with status BAD_CLIENT_ID / BAD_CLIENT_SECRET / BAD_REFRESH_TOKEN / BAD_GRANT_TYPE.
- Unknown paths: 404 RESOURCE_NOT_FOUND; wrong method: 405 METHOD_NOT_ALLOWED with Allow.
- Faults strike before auth and rate limit, like a proxy, on every path including /oauth/v1/token; a proxy's HTML page carries no HubSpot headers.
- Injected JSON 5xx categories: 500 INTERNAL_ERROR, 502 BAD_GATEWAY, 503 SERVICE_UNAVAILABLE, 504 GATEWAY_TIMEOUT.
- A dropped connection sends a 200 status line and part of the body, then closes.
"""

from ._clock import FakeClock
from ._errors import ApiError
from ._fake import FakeHubSpot
from ._faults import ConnectionDropped, Faults
from ._log import RequestRecord
from ._ratelimit import RateLimit
from ._server import running_server, serve
from ._state import Contact, Counters, Event, Interaction, Participation, State

__all__ = [
    "ApiError",
    "ConnectionDropped",
    "Contact",
    "Counters",
    "Event",
    "FakeClock",
    "FakeHubSpot",
    "Faults",
    "Interaction",
    "Participation",
    "RateLimit",
    "RequestRecord",
    "State",
    "running_server",
    "serve",
]
