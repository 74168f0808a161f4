"""render/plain.py writes what goalcli's Rich console writes off a terminal (issue 26: the flag
form of `goal log` prints without importing Rich), or says it cannot."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goalcli.render import plain


def rich_writes(lines: list[str], width: int) -> str:
    """What render/widgets.console prints for `lines` at `width`, off a terminal."""
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    for line in lines:
        console.print(Text(line))
    return out.getvalue()


words = st.lists(
    st.one_of(
        st.text(st.sampled_from("ab ✓↻—é→"), max_size=12),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), max_size=6),
        st.sampled_from([" ", "  ", "—", "(ahead)", "2026-11-26"]),
    ),
    max_size=25,
)


@settings(max_examples=300, deadline=None)
@given(pieces=words, width=st.integers(1, 60))
def test_plain_lines_are_riches_or_none(pieces: list[str], width: int) -> None:
    line = "".join(pieces)
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("COLUMNS", str(width))
        written = plain.plain_lines([line], io.StringIO())
    if written is not None:
        assert written == rich_writes([line], width)


def test_the_check_in_line_wraps_as_rich_wraps_it(monkeypatch: pytest.MonkeyPatch) -> None:
    line = (
        "↻ Goal 01 Walk: 7 minutes (level 8.47), 65% of the way (ahead); streak 30 days — "
        "updated the check-in for 2026-11-26"
    )
    monkeypatch.setenv("COLUMNS", "80")
    written = plain.plain_lines([line, "  Replaced the value of 2026-11-26."], io.StringIO())
    assert written == rich_writes([line, "  Replaced the value of 2026-11-26."], 80)
    assert written is not None and written.count("\n") == 3


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("line", "stream", "env"),
    [
        ("✓ Walk: 3", Terminal(), {}),  # a terminal: Rich colours it
        ("✓ Walk: 3", io.StringIO(), {"FORCE_COLOR": "1"}),
        ("✓ Walk: 3", io.StringIO(), {"TTY_COMPATIBLE": "1"}),
        ("✓ 散歩: 3", io.StringIO(), {}),  # two cells a character
        ("✓ Walk\u0301: 3", io.StringIO(), {}),  # a combining accent
        ("✓ Two\nlines", io.StringIO(), {}),
        ("✓ " + "w" * 100, io.StringIO(), {}),  # folded across lines
    ],
)
def test_what_rich_must_write_is_left_to_it(
    line: str, stream: io.StringIO, env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert plain.plain_lines([line], stream) is None
