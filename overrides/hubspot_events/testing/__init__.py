"""A fake HubSpot (Marketing Events, every API version) for tests, benchmarks and the CLI's sandbox.

``FakeHubSpot`` is an ASGI app (Starlette) implementing every operation of the curated spec, at the
paths of each API version HubSpot publishes (legacy ``v3``: ``/marketing/v3/marketing-events/…``;
``2026-03`` and ``2026-09``: ``/marketing/marketing-events/<version>/…``; list-all at
``/marketing/marketing-events/<version>``, and at ``/marketing/v3/marketing-events/`` where
HubSpot's own Python client lists), all over one state, with
HubSpot's semantics: events keyed by (app, externalAccountId, externalEventId) with object ids,
contacts by email with vids, participation states and counters, list associations (lists seeded
with ``fake.add_list``), app settings, request validation against the spec (400 in HubSpot's
``Error`` shape), bearer auth and ``/oauth/v1/token`` (401 on missing, unknown or expired tokens),
the developer API key (``hapikey``) of the app-settings operations, a rolling-window rate limit
with HubSpot's headers and 429 body, and seeded fault injection. Reach it in-process through
httpx (``fake.async_transport()``, ``fake.sync_transport()``, ``fake.client()``) or over
loopback (``running_server``, ``serve``)::

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
- Unknown event on any single-event operation (reads, writes, deletes, attendance, counters, breakdowns, lists): 404 OBJECT_NOT_FOUND.
- email-create without externalAccountId finds the event by externalEventId alone; 400 if several accounts have it.
- Per-item failures (207): invalid email on email-create (context emails); blank name/organizer/ids or endDateTime before startDateTime on event upsert (context externalEventIds).
- 207 whenever at least one input failed, even if all did; results keep input order, failed inputs omitted.
- Event upsert updates only the fields sent; customProperties merge by name.
- Date-times must be RFC 3339 with an offset (naive ones are a 400); they come back in UTC as 2024-01-01T10:00:00.000Z.
- Emails are stored and returned lower-cased; contactProperties never update an existing contact.
- An event's id equals its objectId; object ids, vids and participation ids are sequential per fake.
- Paging cursors are opaque strings made by the fake (a foreign one is a 400); list_events clamps limit to 100, rejects < 1.
- Breakdown contactIdentifier is an email (any case) or a vid; an unknown one gives an empty page; an unknown state is a 400.
- One calling app per fake (app_id): external-id endpoints see only its events; other apps' events (add_event(..., app_id=...)) are seen by object-id endpoints, list_events, get_identifiers and the contact breakdown.
- External ids containing "/" cannot be addressed in paths (404).
- create_event with external ids this app already has: 409 CONFLICT, nothing changed.
- replace_event (PUT) merges like upsert (fields not sent are kept); a body externalEventId other than the path's is a 400.
- Single-event writes (create, replace, update, update by object id) refuse a blank name/organizer or an end before the start with a 400; batch update fails that input alone.
- cancel and complete can be repeated; complete stores the body's startDateTime/endDateTime (end before start: 400).
- Batch update and batch archive: an unknown objectId fails alone (207, OBJECT_NOT_FOUND, context objectIds).
- events/delete: an unknown event (OBJECT_NOT_FOUND) or another app's appId (VALIDATION_ERROR) fails alone; context externalEventIds and externalAccountIds.
- A 207 of a batch delete carries status, startedAt, completedAt, numErrors and errors (HubSpot documents no body).
- A deleted event leaves no participations or list associations; its external ids can be reused (new objectId, zero counters).
- search_events: this app's events whose externalEventId contains q (case-sensitive; an empty q matches all), creation order, one page.
- get_identifiers: every app's events with exactly that externalEventId, creation order, one page with total, no paging.
- Attendance create by vid: an unknown vid fails alone (207, OBJECT_NOT_FOUND, context vids); no contact is created.
- Contact breakdown: an unknown email or vid is a 404 OBJECT_NOT_FOUND; it covers every app's events, in the order participations were first recorded.
- Lists: unknown list (or event) 404 OBJECT_NOT_FOUND; associating twice or disassociating a list not associated is a 204 no-op; reads return every list in one page with total, in association order; lists are static (MANUAL, objectTypeId 0-1, COMPLETE, listVersion 1, no size).
- App settings are stored per path appId whatever key is used; reading an app with none is a 404 OBJECT_NOT_FOUND; an eventDetailsUrl without %s is a 400.
- Settings auth: a hapikey query parameter decides when present (empty or not developer_api_key: 401 INVALID_AUTHENTICATION), even beside an Authorization header; without one, any bearer token the fake accepts (it cannot tell OAuth developers scopes from a private-app token). Other operations ignore hapikey and need a bearer token.
- hapikey requests share the fake's one rate-limit window (with the daily headers); the key is never echoed, and the request log has no query strings.
- Request bodies: a non-JSON Content-Type is a 415; a missing body or invalid JSON a 400; no batch size limit unless max_batch_size is set.
- One rate-limit window per fake (not per token); refused requests do not count; the daily quota resets every 24 h of the fake's clock.
- policyName is SECONDLY for windows up to 1 s, TEN_SECONDLY_ROLLING above; groupName is publicapi:app-api:<app id>; no Retry-After unless retry_after=True.
- The OAuth token endpoint and 401s are not rate limited (they still carry the headers); daily headers are omitted for OAuth-issued tokens.
- OAuth refresh tokens rotate strictly (the old one stops working); refusals are 400 with status BAD_CLIENT_ID / BAD_CLIENT_SECRET / BAD_REFRESH_TOKEN / BAD_GRANT_TYPE.
- Unknown paths: 404 RESOURCE_NOT_FOUND; wrong method: 405 METHOD_NOT_ALLOWED with Allow.
- Every API version shares one state: an event created through v3 is read, recorded against and deleted through 2026-03 or 2026-09 alike.
- The versions answer alike except batch/update on 2026-09: a partial failure there is a 200 carrying numErrors/errors (2026-09's spec drops the 207 and adds errors to the 200 body); v3 and 2026-03 answer 207.
- Auth is the same on every version: settings take a hapikey or a bearer token even on 2026-09 (whose spec lists the developer key only), because the fake cannot tell an OAuth developer token from a private-app token; vids are int64 on every version (2026-09's spec says int32 for subscriber vids; the fake does not refuse what v3 accepts for the same contact).
- hubspot-api-client's list path GET /marketing/v3/marketing-events/ (and without the slash) is list_events: same query (after, limit), same page.
- Email subscriber items (email-create, email-upsert) may omit contactProperties and properties (HubSpot's own client sends them so, and HubSpot accepts them); omitted means empty.
- Faults strike before auth and rate limit, like a proxy, on every path including /oauth/v1/token; a proxy's HTML page carries no HubSpot headers.
- Injected JSON 5xx categories: 500 INTERNAL_ERROR, 502 BAD_GATEWAY, 503 SERVICE_UNAVAILABLE, 504 GATEWAY_TIMEOUT.
- A dropped connection sends a 200 status line and part of the body, then closes.
"""

from hubspot_events._extras import SANDBOX_MODULES, require

# The fake needs the [sandbox] extra (Starlette, uvicorn): say so before any import fails inside.
require("hubspot_events.testing (the fake HubSpot)", "sandbox", SANDBOX_MODULES)

from ._clock import FakeClock  # noqa: E402
from ._errors import ApiError  # noqa: E402
from ._fake import FakeHubSpot  # noqa: E402
from ._faults import ConnectionDropped, Faults  # noqa: E402
from ._log import RequestRecord  # noqa: E402
from ._ratelimit import RateLimit  # noqa: E402
from ._server import running_server, serve  # noqa: E402
from ._state import (  # noqa: E402
    Contact,
    ContactList,
    Counters,
    Event,
    Interaction,
    Participation,
    State,
)

__all__ = [
    "ApiError",
    "ConnectionDropped",
    "Contact",
    "ContactList",
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
