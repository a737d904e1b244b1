"""Record files: where they are found under data/, and a validated record with its file.

Only regular `<id>.yaml` files in data/{papers,datasets,applications} are records; the
rest is reported (see scan) and never read.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from .load import Document, read_document
from .models import RECORD_TYPES, Record
from .problems import Problem, Severity

RECORD_DIRS = tuple(RECORD_TYPES)


@dataclass(frozen=True, slots=True)
class RecordFile:
    """One record file. Its path and the path messages print are put together when asked: a Path object
    per file, its parts and its string, was 548 bytes a file (now 137), 57 MB of the load's peak at 110,000 files."""

    kind: str  # one of RECORD_DIRS
    folder: str  # the folder as given, data_dir/kind
    name: str  # <id>.yaml
    shown_folder: str  # the folder as messages print it

    @property
    def path(self) -> Path:
        return Path(self.folder, self.name)

    @property
    def location(self) -> str:
        """The path as a string, for reading the file."""
        return os.path.join(self.folder, self.name)

    @property
    def shown_as(self) -> str:  # the path as messages print it
        return f"{self.shown_folder}/{self.name}"

    @property
    def stem(self) -> str:
        return self.name[: -len(".yaml")]


def scan(data_dir: Path, shown_as: str) -> tuple[list[RecordFile], list[Problem]]:
    """The record files under data_dir/{papers,datasets,applications}, sorted by name.

    Only `<id>.yaml` regular files are records. A `.yml` file is an error (it would vanish
    silently otherwise); hidden files, other extensions and folders are ignored with a
    warning. A symlink that leads outside the data folder, a symlink loop, and anything
    that is not a regular file (a FIFO, a socket, a device) are errors: none is read.
    """
    files: list[RecordFile] = []
    problems: list[Problem] = []
    root = data_dir.resolve()
    for kind in RECORD_DIRS:
        folder = data_dir / kind
        shown_folder = f"{shown_as}/{kind}"
        if folder.is_symlink():
            target = Path(os.path.realpath(folder))
            if not target.is_relative_to(root):
                problems.append(Problem(shown_folder, 0, 0, "", f"folder is a symlink to {target}, outside the data folder; records must live in data/"))
                continue
        if not folder.is_dir():
            if os.path.lexists(folder):
                problems.append(Problem(shown_folder, 0, 0, "", f"is not a folder; {kind} records go in a folder data/{kind}/", "warning"))
            continue
        folder_text = str(folder)
        with os.scandir(folder) as listing:  # DirEntry knows file types without a stat per file
            found = sorted(listing, key=lambda e: e.name)
        for item in found:
            name = item.name
            shown = f"{shown_folder}/{name}"
            if name in (".gitkeep", "README.md"):
                continue
            if name.endswith(".yaml") and not name.startswith(".") and item.is_file(follow_symlinks=False):
                files.append(RecordFile(kind, folder_text, name, shown_folder))  # the common case, decided cheaply
                continue
            entry = folder / name
            if item.is_symlink():
                try:
                    target = entry.resolve(strict=True)
                except RuntimeError:  # Python < 3.13 raises this for a loop
                    problems.append(Problem(shown, 0, 0, "", "symlink loop: the link leads back to itself; remove it"))
                    continue
                except OSError as exc:
                    why = "symlink loop: the link leads back to itself" if exc.errno == errno.ELOOP else f"cannot read file: {exc.strerror or exc}"
                    problems.append(Problem(shown, 0, 0, "", why + ("; remove it" if exc.errno == errno.ELOOP else "")))
                    continue
                if not target.is_relative_to(root):
                    problems.append(Problem(shown, 0, 0, "", f"symlink points outside the data folder (to {target}); records must live in data/"))
                    continue
            try:
                mode = entry.stat().st_mode
            except OSError as exc:
                problems.append(Problem(shown, 0, 0, "", f"cannot read file: {exc.strerror or exc}"))
                continue
            if name.startswith("."):
                problems.append(Problem(shown, 0, 0, "", "hidden file ignored; records are <id>.yaml", "warning"))
            elif stat.S_ISDIR(mode):
                problems.append(Problem(shown, 0, 0, "", f"folder ignored; records lie directly in data/{kind}/", "warning"))
            elif not stat.S_ISREG(mode):
                problems.append(Problem(shown, 0, 0, "", "not a regular file (a FIFO, socket or device); records are ordinary <id>.yaml files"))
            elif entry.suffix == ".yml":
                problems.append(Problem(shown, 0, 0, "", f"record files end in .yaml; rename it to {entry.stem}.yaml"))
            elif entry.suffix != ".yaml":
                problems.append(Problem(shown, 0, 0, "", "file ignored; records are <id>.yaml files", "warning"))
            else:
                files.append(RecordFile(kind, folder_text, name, shown_folder))
    return files, problems


@dataclass(slots=True)
class Entry:
    """A valid record and its file. Slotted: 110,000 entries take 6.7 MB, not 10.1 (tracemalloc)."""

    file: RecordFile
    record: Record
    _doc: Document | None = field(default=None, repr=False, compare=False)

    @property
    def doc(self) -> Document:
        """The document with positions, read again (once) only when a problem needs locating."""
        if self._doc is None:
            doc, _ = read_document(self.file.path, self.file.shown_as)
            self._doc = doc or Document(self.file.shown_as, None)
        return self._doc

    def problem(self, path: tuple, message: str, severity: Severity = "error") -> Problem:
        line, column = self.doc.position(path)
        return Problem(self.file.shown_as, line, column, ".".join(map(str, path)), message, severity)
