"""The README documents every CLI command and opens with the two set-up commands."""

import re
from pathlib import Path

from storyline.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented():
    import typer.main

    names = [c.name for c in typer.main.get_command(app).commands.values()]
    assert names
    for name in names:
        assert f"storyline {name}" in README, f"`storyline {name}` is not in README.md"


def test_readme_opens_with_the_two_commands():
    first = README.split("```", 2)[1]
    assert "make demo" in first and "make test" in first


def test_every_error_code_is_documented():
    from storyline import errors

    codes = [v for k, v in vars(errors).items() if re.fullmatch(r"[EW]_[A-Z_]+", k)]
    for code in codes:
        assert code in README, code
