"""The README documents the commands the CLI has, with the options they take."""

from __future__ import annotations

import argparse
import re

from conftest import ROOT

from hfm_atlas.cli import build_parser


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001 - no public API
    return dict(action.choices)


def test_every_command_is_in_the_readme_table_and_every_table_row_is_a_command():
    table = [line for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines() if line.startswith("| `hfm-atlas ")]
    documented = {re.match(r"\| `hfm-atlas (\w+)", line).group(1) for line in table}
    assert documented == set(_commands())


def test_every_option_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = _commands()
    for line in readme.splitlines():
        m = re.match(r"\| `hfm-atlas (\w+)([^|]*(?:\\\|[^|]*)*)`", line)
        if not m:
            continue
        parser = commands[m.group(1)]
        known = {o for a in parser._actions for o in a.option_strings}  # noqa: SLF001
        for sub in parser._actions:  # noqa: SLF001 - import's formats
            if isinstance(sub, argparse._SubParsersAction):
                known |= {o for p in sub.choices.values() for a in p._actions for o in a.option_strings}
        for option in re.findall(r"(--[a-z][a-z-]*)", line.split("|")[1]):
            assert option in known, f"README names {option} for hfm-atlas {m.group(1)}"
