"""Where a build may write, and how it replaces the previous site without a moment of no site.

A build only ever replaces a site: a folder that an hfm-atlas build made (it holds the
marker file MARKER) or an empty one. It never writes into, over, or around the project's
own folders (records, docs, templates, theme overrides, the configuration's folder and its
ancestors), the home folder or `/`, whatever the flags.

The new site is built in a staging folder beside the target and exchanged with it in one
step (Linux `renameat2(RENAME_EXCHANGE)`); elsewhere two renames are used. Each staging
folder is locked (flock on the folder) for as long as any process of its build lives, so the
next build can tell leftovers of a killed build from the folders of one still running.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import glob
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .files import check_folder
from .problems import UserError

MARKER = ".hfm-atlas-site"
MARKER_TEXT = "This folder is a site built by hfm-atlas; the next build may replace it whole.\n"
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
_RENAME_EXCHANGE = 2


@dataclass(frozen=True)
class Protected:
    """A folder of the project that no build may replace, hold or be held in."""

    path: Path
    what: str
    allow_inside: bool = False  # a site may be built inside it (the project folder: ./site)


def _real(path: Path | str) -> Path:
    return Path(os.path.realpath(os.path.expanduser(str(path))))


def protected_folders(config_file: Path, data_dir: Path, docs_dir: str | None,
                      templates_dir: Path | None, overrides_dir: str | None) -> list[Protected]:
    config_folder = _real(config_file).parent
    found = [Protected(_real(data_dir), "the data folder"), Protected(config_folder, "the project folder (it holds mkdocs.yml)", True),
             Protected(config_folder / ".git", "the project's git folder")]
    for path, what in ((docs_dir, "the docs folder (docs_dir)"), (templates_dir, "the templates folder"),
                       (overrides_dir, "the theme overrides folder")):
        if path:
            found.append(Protected(_real(path), what))
    found.append(Protected(_real(Path.home()), "your home folder", True))
    return found


def check_target(target: Path, protected: Iterable[Protected]) -> Path:
    """The resolved target, or a UserError naming the folder and why it may not be the site folder."""
    real = _real(target)
    shown = str(target)
    if real == Path(real.anchor):
        raise UserError(f"refusing to build into {shown}: it is the root of the file system; choose a folder for the site, e.g. --site-dir site", exit_code=2)
    protected = list(protected)
    # The most telling reason first: being a protected folder, then holding one (the outermost), then lying in one.
    for p in protected:
        if real == p.path:
            raise UserError(f"refusing to build into {shown}: it is {p.what}; choose a folder of its own for the site, e.g. --site-dir site", exit_code=2)
    for p in sorted(protected, key=lambda p: len(p.path.parts)):
        if p.path.is_relative_to(real):
            raise UserError(f"refusing to build into {shown}: it contains {p.what} ({p.path}); choose a folder of its own for the site", exit_code=2)
    for p in protected:
        if not p.allow_inside and real.is_relative_to(p.path):
            raise UserError(f"refusing to build into {shown}: it lies inside {p.what} ({p.path}); choose a folder outside it", exit_code=2)
    if os.path.lexists(real) and not real.is_dir():
        raise UserError(f"refusing to build into {shown}: it is an existing file, not a folder; choose another --site-dir", exit_code=2)
    check_folder(real)
    return real


def replaceable(folder: Path) -> bool:
    """True if `folder` may be replaced by a build: missing, empty, or a site an hfm-atlas build made."""
    try:
        with os.scandir(folder) as listing:
            names = {e.name for e in listing}
    except FileNotFoundError:
        return True
    return not names or MARKER in names


def check_replaceable(target: Path, shown: str, force: bool) -> None:
    if replaceable(target):
        return
    for name in (".git", "mkdocs.yml", "data", "pyproject.toml"):
        if (target / name).exists():  # --force never replaces what looks like a project
            raise UserError(f"refusing to build into {shown}: it holds {name}, so it looks like a project, not a site; choose another --site-dir", exit_code=2)
    if force:
        return
    raise UserError(f"refusing to replace {shown}: it is not empty and no hfm-atlas build made it (it has no {MARKER} file). "
                    f"Remove it yourself if it is an old site, choose another --site-dir, or pass --force to replace it.", exit_code=2)


def mark(site: Path) -> None:
    (site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


class Staging:
    """A locked folder beside the target that the build writes into; removed on close unless swapped in."""

    def __init__(self, target: Path, kind: str = "building") -> None:
        self.target = target
        self.path = Path(tempfile.mkdtemp(prefix=f".{target.name}.{kind}-", dir=target.parent))
        self._fd = lock_folder(self.path)

    def close(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def lock_folder(path: Path) -> int | None:
    """Hold an exclusive lock on `path` (released when every process holding the descriptor ends)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - a platform that cannot open folders
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # pragma: no cover - a file system without locks: the folder still works, sweeping skips it
        pass
    return fd


def _unlocked(path: Path) -> bool:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def sweep(patterns: Iterable[str], started: float) -> list[Path]:
    """Remove leftovers of killed builds: folders matching `patterns`, older than `started` and locked by no one."""
    removed = []
    for pattern in patterns:
        for name in glob.glob(pattern):
            path = Path(name)
            try:
                if not path.is_dir() or path.is_symlink() or path.stat().st_mtime >= started:
                    continue
            except OSError:
                continue
            if _unlocked(path):
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def leftovers(target: Path) -> list[str]:
    """Glob patterns of what an interrupted build of `target` (or an older version's build) may leave."""
    parent = glob.escape(str(target.parent))
    name = glob.escape(target.name)
    return [f"{parent}/.{name}.building-*", f"{parent}/.{name}.old-*",
            f"{glob.escape(tempfile.gettempdir())}/hfm-atlas-files-*"]


def _renameat2(old: Path, new: Path, flags: int) -> bool:
    """True when done; False when the system has no renameat2 (or the file system refuses its flags)."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    function = getattr(libc, "renameat2", None)
    if function is None:  # pragma: no cover - glibc older than 2.28
        return False
    if function(_AT_FDCWD, os.fsencode(old), _AT_FDCWD, os.fsencode(new), flags) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # pragma: no cover - kernel or file system without it
        return False
    raise OSError(code, os.strerror(code), str(old), None, str(new))


class LostRace(UserError):
    pass


def identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def swap_in(staging: Staging, target: Path, shown: str, approved: tuple[int, int] | None = None) -> None:
    """Put the built site at `target` in one step; the previous site (if any) ends up in staging, to be removed.

    `approved` is the identity of the folder the checks accepted at the target (a --force replacement).
    """
    new = staging.path
    for _ in range(3):  # a concurrent build may create or replace the target between two steps
        if not os.path.lexists(target):
            try:
                if _renameat2(new, target, _RENAME_NOREPLACE):
                    return
            except FileExistsError:
                continue  # someone created it meanwhile: exchange instead
            try:  # no renameat2: a folder rename onto a missing name
                os.rename(new, target)
                return
            except OSError as exc:
                if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                    raise
                continue
        if _renameat2(new, target, _RENAME_EXCHANGE):
            # `new` now holds what stood at the target; it must have been a site (a race may have changed it).
            if identity(new) != approved and not replaceable(new):
                _renameat2(new, target, _RENAME_EXCHANGE)  # put it back
                raise LostRace(f"build not installed: {shown} was replaced by a folder that is not a site while this build ran; "
                               f"that folder was left as it is and this build's site was discarded")
            return
        _two_renames(staging, target, shown)
        return
    raise LostRace(f"build not installed: other builds kept replacing {shown}; the site there is theirs and this build's was discarded")


def _two_renames(staging: Staging, target: Path, shown: str) -> None:
    """The fallback where the system cannot exchange two folders: a brief moment without a site."""
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    fd = lock_folder(old)
    try:
        try:
            os.rename(target, old / "site")
        except FileNotFoundError:
            pass
        try:
            os.rename(staging.path, target)
        except OSError as exc:
            if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                raise LostRace(f"build not installed: another build put its site at {shown} first; "
                               "the site there is the other build's and this build's was discarded") from None
            if (old / "site").exists():
                os.rename(old / "site", target)
            raise
    finally:
        shutil.rmtree(old, ignore_errors=True)
        if fd is not None:
            os.close(fd)

