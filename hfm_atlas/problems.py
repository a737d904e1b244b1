"""Problems found in the data, and the one exception type for a user's mistake.

A Problem names a file, a line and column, the field, and a message a person can
act on. Everything that checks data returns Problems instead of raising, so that a
run reports every problem at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    def format(self, tag_warnings: bool = True) -> str:
        """One line for a terminal: control characters from file names, keys or values are shown escaped."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        field = f" {self.field}:" if self.field else ""
        tag = " warning:" if self.severity == "warning" and tag_warnings else ""
        return printable(f"{where}:{tag}{field} {self.message}")

    def format_github(self) -> str:
        """A GitHub Actions workflow command, so the problem shows on the right line of a PR.

        Escaped as the workflow-command syntax requires, so that no file name or message can
        end the command early and write one of its own.
        """
        level = "error" if self.severity == "error" else "warning"
        text = printable((f"{self.field}: " if self.field else "") + self.message)
        params = f"file={_github_property(printable(self.file))}"
        if self.line:
            params += f",line={self.line},col={self.column or 1}"
        return f"::{level} {params}::{_github_data(text)}"


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


# C0 and C1 controls, DEL, and the bidirectional controls that reorder what a terminal shows.
UNSAFE_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control or bidi character written as an escape (\\x1b, \\u202e): safe to print."""
    if not UNSAFE_CHARACTERS.search(text):
        return text
    return UNSAFE_CHARACTERS.sub(lambda m: repr(m.group(0))[1:-1] if ord(m.group(0)) < 0x100 else f"\\u{ord(m.group(0)):04x}", text)


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it, else as given."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:  # another drive on Windows
        return str(path)


def summary(problems: Iterable[Problem], records: int) -> str:
    problems = list(problems)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    files = len({p.file for p in problems if p.severity == "error"})
    if not errors:
        return f"OK: {records} records valid" + (f", {warnings} warning(s)" if warnings else "") + "."
    return (f"{errors} error(s) in {files} file(s), {warnings} warning(s); "
            f"{records} records read.")


class UserError(Exception):
    """A mistake in the user's input or arguments: printed without a traceback, exit status 1 or 2."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.exit_code = exit_code
