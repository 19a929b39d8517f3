"""Option groups shared by several commands, declared once and added to each command's signature.

typer builds a command's options from its signature, so a group of options that many commands
take (the bulk file options, the options naming an event, the app's id and key) is added by a
decorator that extends the signature and, when the command runs, turns the group's values into
one argument of the command: ``bulk: BulkFile``, ``event: EventRef``, ``settings: Settings``.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from typing import Any

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]
#: (the group's values by parameter name, the command's other keyword arguments) -> the argument.
Build = Callable[[dict[str, Any], dict[str, Any]], Any]


def option_group(
    supplies: str,
    build: Build,
    *,
    first: Mapping[str, Any] | None = None,
    last: Mapping[str, Any] | None = None,
) -> Decorator:
    """Add the parameters ``first`` (before the command's own) and ``last`` (after them), each a
    name -> ``Annotated`` typer parameter (default None) or (``Annotated``, default) pair; the
    command receives ``supplies=build(values, kwargs)`` instead of them.

    Every parameter becomes keyword-only (typer passes values by keyword), so ordering, which
    typer uses for arguments and ``--help``, is free of Python's default-value rules.
    """
    before, after = dict(first or {}), dict(last or {})
    names = [*before, *after]

    def added(group: Mapping[str, Any]) -> list[inspect.Parameter]:
        pairs = {
            name: spec if isinstance(spec, tuple) else (spec, None) for name, spec in group.items()
        }
        return [
            inspect.Parameter(
                name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=hint
            )
            for name, (hint, default) in pairs.items()
        ]

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        signature = inspect.signature(func, eval_str=True)
        own = [
            p.replace(kind=inspect.Parameter.KEYWORD_ONLY)
            for p in signature.parameters.values()
            if p.name != supplies
        ]
        parameters = [*added(before), *own, *added(after)]

        @functools.wraps(func)
        def command(*args: Any, **kwargs: Any) -> Any:
            values = {name: kwargs.pop(name, None) for name in names}
            kwargs[supplies] = build(values, kwargs)
            return func(*args, **kwargs)

        command.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        command.__annotations__ = {p.name: p.annotation for p in parameters}
        return command

    return decorate
