"""Start-up speed on top of Typer: commands mounted lazily, Pydantic built only when needed.

`goal --help` and completion must not pay for SQLModel, Rich tables or Pydantic (issue 6).
Typer imports every command module when the app is built, and builds a Pydantic adapter for
every parameter before it looks at the value. This module changes both on public interfaces
only: Click's documented lazy group (a group whose `get_command` / `resolve_command` imports
the command), `typer.main.get_command` to build each command, and the `get_runtime_param`
method and `type_descriptor` attribute of Typer's parameters. Should those change, parameters
are left as Typer made them (slower, never wrong).
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup


class DeferredCoercion:
    """Stands in for a parameter's runtime coercion until a value needs the real one.

    Typer 0.29 builds the real one (a Pydantic adapter: importing Pydantic, ~50 ms) before it
    looks at the value, even when the value is None, as every value is while completing
    `goal <TAB>`. This answers the cases that need no Pydantic and builds the real coercion
    (through the parameter's own `get_runtime_param`) for everything else.
    """

    def __init__(self, build: Callable[[], Any]) -> None:
        self._build = build
        self._real: Any = None

    def __call__(self) -> DeferredCoercion:
        # Set as the parameter's `get_runtime_param`: what Typer calls to coerce a value.
        return self

    def real(self) -> Any:
        if self._real is None:
            self._real = self._build()
        return self._real

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if self._real is None:
            many = bool(getattr(param, "multiple", False)) or getattr(param, "nargs", 1) == -1
            if value is None:
                return () if many else None  # what Typer's coercion gives for no value
            if getattr(ctx, "resilient_parsing", False):
                # Completing: nothing runs, so a default such as ExportFormat.json needs no
                # coercing (and no Pydantic); Click would drop a failed coercion here anyway.
                return value
            if not many and isinstance(value, str) and _annotation(param) is str:
                # Text stays text: Pydantic would return it unchanged, after ~16 ms of set-up.
                return value
        return self.real().coerce(value, param=param, ctx=ctx)

    def __getattr__(self, name: str) -> Any:
        # Any other use of the runtime parameter gets the real one.
        if name.startswith("_"):  # not set yet (copying): no real one to ask
            raise AttributeError(name)
        return getattr(self.real(), name)


def _annotation(param: Any) -> Any:
    return getattr(getattr(param, "type_descriptor", None), "annotation", None)


def defer_coercion(params: Iterable[Any]) -> None:
    """Give each Typer parameter a DeferredCoercion (once); leave any other parameter alone."""
    for param in params:
        build = getattr(param, "get_runtime_param", None)
        if not callable(build) or _annotation(param) is None:
            continue  # not a Typer parameter as we know them: keep Typer's own coercion
        if not isinstance(build, DeferredCoercion):
            setattr(param, "get_runtime_param", DeferredCoercion(build))  # noqa: B010


def plain_placeholders(params: Iterable[Any], ctx: Any) -> None:
    """Help that says what an option takes, in words: no `<bool>` beside a flag, and a NAME in
    capitals (or the choices, `table|json`) where Typer would print `<str>` or `<table|json>`.
    A placeholder a command chose (metavar="0-10") is kept."""
    for param in params:
        if getattr(param, "is_flag", False):
            param.metavar = ""  # a flag takes nothing
        elif param.metavar is None and callable(getattr(param, "display_type", None)):
            shown = str(param.display_type(ctx)).strip("<>")
            choice = "|" in shown
            param.metavar = shown if choice else param.name.upper()
        if param.param_type_name == "argument":
            # Typer prints an argument's type beside its name; the name now says it.
            setattr(param, "display_type_rich", lambda ctx: None)  # noqa: B010


def shorten_refused_input(error: Exception, args: Iterable[str]) -> None:
    """A usage error's message with every long argument it repeats cut to a short quote:
    Click's messages quote a refused value whole, and that value may be a private sentence."""
    from goalcli.errors import QUOTE_LIMIT, quote

    message = getattr(error, "message", None)
    if not isinstance(message, str):
        return
    for arg in sorted({str(arg) for arg in args}, key=len, reverse=True):
        if len(arg) > QUOTE_LIMIT and arg in message:
            message = message.replace(arg, quote(arg)[1:-1])
    error.message = message  # type: ignore[attr-defined]


class GoalCommand(TyperCommand):
    """A command whose parameters import Pydantic only once they have a value (see above).

    Deferred in get_params, not once when built: Click creates the --help option there.
    Arguments it does not take (a note typed without --note) are refused quoted short."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        defer_coercion(params)
        plain_placeholders(params, ctx)
        return params

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        from goalcli.errors import quote

        raw = list(args)  # a copy: parsing consumes `args`
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True  # extra arguments come back here, to be refused short
        try:
            rest: list[str] = super().parse_args(ctx, args)
        except typer.TyperException as error:
            shorten_refused_input(error, raw)
            raise
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            ctx.fail(
                f"Got unexpected extra argument(s) ({quote(' '.join(rest))}); text with spaces "
                'goes in quotes after its option, e.g. --note "..."'
            )
        return rest


class GoalSubGroup(TyperGroup):
    """A sub-app's group (`goal step`), deferring Pydantic like GoalCommand; a sub-app says
    `typer.Typer(cls=GoalSubGroup)` and `@app.command(NAME, cls=GoalCommand)`."""

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        defer_coercion(params)
        plain_placeholders(params, ctx)
        return params

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        raw = list(args)
        try:
            return super().resolve_command(ctx, args)
        except typer.TyperException as error:  # "No such command '...'"
            shorten_refused_input(error, raw)
            raise


@dataclass(frozen=True)
class LazyCommand:
    """A command known by name, module and summary; imported and built only when used."""

    target: str  # "package.module:function"
    summary: str  # the first line of the function's docstring, shown by `goal --help`


LAZY_COMMANDS: dict[str, LazyCommand] = {}


def lazy_command(name: str, target: str, summary: str) -> None:
    """Mount `target` ("module:function") as `goal NAME` without importing it yet."""
    LAZY_COMMANDS[name] = LazyCommand(target, summary)


@functools.cache
def build_command(name: str) -> Any:
    """Import the module of lazy command `name` and build its Click command (or group), once
    per process: `goal` runs one command, and a process that runs several (the tests, a
    program embedding goalcli) reuses it, with the coercions its parameters built."""
    module_name, function_name = LAZY_COMMANDS[name].target.split(":")
    module = importlib.import_module(module_name)
    function = getattr(module, function_name)
    if isinstance(function, typer.Typer):  # a sub-app, one per noun (`goal step ...`)
        command = typer.main.get_command(function)
    else:
        # A one-command app: typer.main.get_command returns that command itself. A module's
        # EXAMPLES ({command name: lines}) end the command's --help.
        examples = getattr(module, "EXAMPLES", {}).get(name)
        single = typer.Typer(add_completion=False)
        single.command(name, cls=GoalCommand, epilog=_examples(examples))(function)
        command = typer.main.get_command(single)
    command.name = name
    return command


def _examples(lines: str | None) -> str | None:
    """A command's examples, as the epilog of its --help: "Examples:", then one per line."""
    return f"Examples:\n{lines.strip()}" if lines else None


class LazyGroup(GoalSubGroup):
    """A group whose lazy commands are listed (help, completion) by their summary, and
    imported and built only when resolved to run, complete or show their own help."""

    def list_commands(self, ctx: Any) -> list[str]:
        names: list[str] = super().list_commands(ctx)
        return [*names, *(name for name in LAZY_COMMANDS if name not in names)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is None and cmd_name in LAZY_COMMANDS:
            # A stand-in for listings; resolve_command builds the real one.
            return TyperCommand(cmd_name, short_help=LAZY_COMMANDS[cmd_name].summary)
        return command

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else None
        if name is not None and name in LAZY_COMMANDS and name not in self.commands:
            self.commands[name] = build_command(name)
        elif name is not None and not name.startswith("-") and name not in self.commands:
            # Click's "Did you mean" looks only at built commands; the lazy ones are names.
            import difflib

            from goalcli.errors import quote

            close = difflib.get_close_matches(name, self.list_commands(ctx), n=2)
            hint = f" Did you mean {' or '.join(repr(match) for match in close)}?" if close else ""
            ctx.fail(f"No such command {quote(name)}.{hint}")
        return super().resolve_command(ctx, args)
