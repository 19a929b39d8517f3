"""The Starlette app: one route per curated operation, plus HubSpot's OAuth token endpoint.

Routes are built from the spec, not written by hand, so the fake serves exactly the spec's paths
and methods: anything else is a 404 or 405 in HubSpot's error shape. Each route validates its
request with the operation's compiled validator and hands typed input to its handler. An
operation of the spec without a handler stops the app from being built at all (RuntimeError).

Every spec path is served once per API version, at the path ``_versions.served_paths`` gives it
(v3's ``/marketing/v3/marketing-events/…``, the date versions' ``/marketing/marketing-events/
<version>/…``): the same validator and handler behind each, so one state serves every version,
and the request log and error messages show the path the client really called.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route

from ._auth import Auth, OAuthFailure
from ._errors import STATUS_CATEGORIES, ApiError, dump, error_body
from ._faults import FaultInjector
from ._gate import Gate, Scope, correlation_id
from ._handlers import Handlers, Params, Reply
from ._log import RequestLog
from ._ratelimit import RateLimiter
from ._spec import OAUTH_TOKEN_PATH, Operation, operations
from ._validation import validator_for
from ._versions import API_VERSIONS, served_paths, version_reply

_JSON_MEDIA_TYPE: Final = "application/json;charset=utf-8"
Endpoint = Callable[[Request], Awaitable[Response]]


def json_response(status: int, body: Any) -> Response:
    """A JSON response as HubSpot sends it (compact, UTF-8)."""
    return Response(dump(body), status_code=status, media_type=_JSON_MEDIA_TYPE)


def _error_response(error: ApiError, request: Request) -> Response:
    response = json_response(error.status, error.body(correlation_id(request.scope)))
    for name, value in error.headers:
        response.headers[name.decode()] = value.decode()
    return response


def _route_order(path: str) -> tuple[int, ...]:
    """Literal segments before templated ones (``events/upsert`` before ``events/{id}``)."""
    return tuple(1 if "{" in segment else 0 for segment in path.split("/"))


def _endpoint(op: Operation, handle: Callable[[Params, Any], Reply], version: str) -> Endpoint:
    validator = validator_for(op.operation_id)
    has_body = op.body_schema is not None

    async def endpoint(request: Request) -> Response:
        try:
            params = validator.params(request.path_params, request.query_params)
            body = None
            if has_body:
                body = validator.body(await request.body(), request.headers.get("content-type"))
            reply = version_reply(version, op.operation_id, handle(params, body))
        except ApiError as error:
            return _error_response(error, request)
        if reply.body is None:
            return Response(status_code=reply.status)
        return json_response(reply.status, reply.body)

    endpoint.__name__ = op.operation_id
    return endpoint


class _PathRoute:
    """One path of the spec in one API version: a Starlette route serving every method the spec
    has on it.

    One route per path (not per operation) so that a 405 lists in ``Allow`` every method the path
    supports, as the spec documents them.
    """

    def __init__(self, path: str, ops: list[Operation], handlers: Handlers, version: str) -> None:
        self.ops = {op.method: op for op in ops}
        endpoints = {
            op.method: _endpoint(op, handlers.table[op.operation_id], version) for op in ops
        }

        async def endpoint(request: Request) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            return await endpoints[method](request)

        endpoint.__name__ = "_or_".join(op.operation_id for op in ops)
        self.route = Route(path, endpoint, methods=list(self.ops))

    def operation(self, method: str) -> Operation | None:
        """The operation serving ``method`` on this path (HEAD is GET's)."""
        return self.ops.get("GET" if method == "HEAD" else method)


def _path_routes(handlers: Handlers) -> list[_PathRoute]:
    """The spec's paths at every version's paths, each with all its methods.

    Version by version, v3 first (what most requests use, so the router finds them soonest), and
    within a version literal segments before templated ones. The versions' prefixes differ in a
    literal segment, so no route of one version can match another version's path.
    """
    by_path: dict[str, list[Operation]] = {}
    for op in operations():
        by_path.setdefault(op.path, []).append(op)
    routed: list[_PathRoute] = []
    for version in API_VERSIONS:
        served = [
            (path, ops)
            for spec_path, ops in by_path.items()
            for path in served_paths(spec_path, version)
        ]
        served.sort(key=lambda item: _route_order(item[0]))
        routed.extend(_PathRoute(path, ops, handlers, version) for path, ops in served)
    return routed


def _developer_key_routes(routed: list[_PathRoute]) -> Callable[[Scope], bool]:
    """Whether the operation that will serve a request takes the developer API key (``hapikey``).

    Decided the way the router decides (first full match in route order), so that a path both a
    keyed and an unkeyed route could match gets the auth of the route that really serves it; the
    cheap regex pre-check keeps this off the path of every other request.
    """
    keyed = [
        path.route for path in routed if any(op.takes_developer_key for op in path.ops.values())
    ]

    def takes_developer_key(scope: Scope) -> bool:
        if not any(route.path_regex.match(scope["path"]) for route in keyed):
            return False
        for path in routed:
            match, _ = path.route.matches(scope)
            if match is Match.FULL:
                op = path.operation(scope["method"])
                return op is not None and op.takes_developer_key
        return False

    return takes_developer_key


def _oauth_endpoint(auth: Auth) -> Endpoint:
    async def token(request: Request) -> Response:
        content_type = request.headers.get("content-type", "")
        try:
            if "x-www-form-urlencoded" not in content_type:
                raise OAuthFailure(
                    400,
                    "BAD_REQUEST",
                    "send the token request form-encoded (application/x-www-form-urlencoded)",
                )
            raw = (await request.body()).decode("utf-8", "replace")
            form = dict(parse_qsl(raw, keep_blank_values=True))
            return json_response(200, auth.refresh(form))
        except OAuthFailure as failure:
            return json_response(failure.status, failure.body(correlation_id(request.scope)))

    return token


async def _routing_error(request: Request, exc: Exception) -> Response:
    status = int(getattr(exc, "status_code", 404))
    if status == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
    else:
        message = f"No API operation at {request.method} {request.url.path}"
    category = "RESOURCE_NOT_FOUND" if status == 404 else STATUS_CATEGORIES.get(status, "ERROR")
    response = json_response(status, error_body(category, message, correlation_id(request.scope)))
    for name, value in (getattr(exc, "headers", None) or {}).items():
        response.headers[name] = value
    return response


def build_app(
    *,
    handlers: Handlers,
    auth: Auth,
    limiter: RateLimiter,
    injector: FaultInjector,
    log: RequestLog,
    group_name: str,
    retry_after: bool,
) -> Starlette:
    """The fake HubSpot's ASGI app, over the given collaborators.

    Raises RuntimeError when an operation of the spec has no handler.
    """
    missing = handlers.missing(op.operation_id for op in operations())
    if missing:
        raise RuntimeError(
            f"the fake HubSpot has no handler for {len(missing)} operation(s) of the curated "
            f"spec: {', '.join(missing)} (add them to an area in testing/_handlers_*.py)"
        )
    routed = _path_routes(handlers)
    routes = [path.route for path in routed]
    routes.append(Route(OAUTH_TOKEN_PATH, _oauth_endpoint(auth), methods=["POST"]))
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(
                Gate,
                auth=auth,
                limiter=limiter,
                injector=injector,
                log=log,
                group_name=group_name,
                retry_after=retry_after,
                takes_developer_key=_developer_key_routes(routed),
            )
        ],
        exception_handlers={404: _routing_error, 405: _routing_error},
    )
    app.router.redirect_slashes = False
    return app
