"""Start-up speed on top of Typer: commands mounted lazily, Pydantic built only when needed.

`goal --help` and completion must not pay for SQLModel, Rich tables or Pydantic (issue 6).
Typer 0.29 imports every command module when the app is built, and builds a Pydantic adapter
for every option before it looks at the value. This module changes both, through Typer's
documented classes where it can and its internals where it must; should those internals
change, options are left as Typer made them (slower, never wrong).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cache
from typing import Any

import typer
from typer.core import DEFAULT_MARKUP_MODE, TyperCommand, TyperGroup


@cache
def _deferred_coercion() -> type | None:
    """A Typer runtime parameter that builds the real one on its first value (see below)."""
    try:
        from typer._coercion import RuntimeParam, build_runtime_param
    except ImportError:  # pragma: no cover - a Typer without this layer
        return None

    class Deferred(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if getattr(ctx, "resilient_parsing", False):
                # Completing: nothing runs, so a default such as ExportFormat.json needs no
                # coercing (and no Pydantic); Click would drop a failed coercion here anyway.
                return value
            if param.type_descriptor.annotation is str and isinstance(value, str):
                # Text stays text: Pydantic would return it unchanged, after ~16 ms of set-up.
                return value
            real = build_runtime_param(param.type_descriptor)
            param._runtime_param = real
            return real._coerce_value(value, param=param, ctx=ctx)

    return Deferred


def _defer_coercion(params: list[Any]) -> list[Any]:
    """Build each parameter's Pydantic adapter only when it has a value to coerce.

    Typer 0.29 builds the adapter (importing Pydantic, ~50 ms) before it looks at the value,
    even when the value is None, as every value is while completing `goal <TAB>`. Should
    Typer's internals change, parameters are left as Typer made them.
    """
    deferred = _deferred_coercion()
    if deferred is None:
        return params
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is not None and getattr(param, "_runtime_param", False) is None:
            param._runtime_param = deferred(
                parameter_info=descriptor.parameter_info, annotation=descriptor.annotation
            )
    return params


class GoalCommand(TyperCommand):
    """A command whose options import Pydantic only once they have a value (see above)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _defer_coercion(super().get_params(ctx))


class GoalSubGroup(TyperGroup):
    """A sub-app's group (`goal step`), deferring Pydantic like GoalCommand."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _defer_coercion(super().get_params(ctx))


@dataclass(frozen=True)
class LazyCommand:
    """A command known by name, module and summary; imported and built only when used."""

    target: str  # "package.module:function"
    summary: str  # the first line of the function's docstring, shown by `goal --help`


LAZY_COMMANDS: dict[str, LazyCommand] = {}


def lazy_command(name: str, target: str, summary: str) -> None:
    """Mount `target` ("module:function") as `goal NAME` without importing it yet."""
    LAZY_COMMANDS[name] = LazyCommand(target, summary)


def build_command(name: str) -> Any:
    """Import the module of lazy command `name` and build its Click command (or group)."""
    from typer.main import get_command_from_info
    from typer.models import CommandInfo, DefaultPlaceholder

    module_name, function_name = LAZY_COMMANDS[name].target.split(":")
    function = getattr(importlib.import_module(module_name), function_name)
    if isinstance(function, typer.Typer):  # a sub-app, one per noun (`goal step ...`)
        # Its group and commands defer Pydantic too, unless the sub-app chose its own classes.
        if function.info.cls is None or isinstance(function.info.cls, DefaultPlaceholder):
            function.info.cls = GoalSubGroup
        for info in function.registered_commands:
            if info.cls in (None, TyperCommand):
                info.cls = GoalCommand
        group = typer.main.get_group(function)
        group.name = name
        return group
    return get_command_from_info(
        CommandInfo(name=name, callback=function, cls=GoalCommand),
        # Typer's defaults, as the app itself uses them.
        pretty_exceptions_short=True,
        rich_markup_mode=DEFAULT_MARKUP_MODE,
    )


class LazyGroup(TyperGroup):
    """A group whose lazy commands are listed (help, completion) by their summary, and
    imported and built only when resolved to run, complete or show their own help."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _defer_coercion(super().get_params(ctx))

    def list_commands(self, ctx: Any) -> list[str]:
        names = super().list_commands(ctx)
        return [*names, *(name for name in LAZY_COMMANDS if name not in names)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            # A stand-in for listings; resolve_command builds the real one.
            return TyperCommand(cmd_name, short_help=LAZY_COMMANDS[cmd_name].summary)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else None
        if name in LAZY_COMMANDS and name not in self.commands:
            self.commands[name] = build_command(name)
        return super().resolve_command(ctx, args)
