"""Validated records kept between runs, so that a second `hfm-atlas validate` or `build` reads only what changed.

Reading and validating a record costs about 0.15-0.2 ms of CPU, unpickling it about 0.02 ms: on a catalogue
of 100,000 papers that is most of `validate` and of the build's loading. The command line keeps, for each
chunk of record files, what validating them gave (each file's record or None, and its problems), pickled.

- Where: `$HFM_ATLAS_CACHE`, else `$XDG_CACHE_HOME/hfm-atlas`, else `~/.cache/hfm-atlas`; a folder per data
  folder, named by a hash of its absolute path. `HFM_ATLAS_CACHE=off` or `--no-cache` turns it off. The
  project's folders are never written to.
- When a chunk is reused: its key is a hash of this package's source code (every .py file), the versions of
  Python, pydantic and PyYAML, and, for each file of the chunk, its kind, name, size, modification and change
  times in nanoseconds, inode and device. Any edit, rename, checkout or upgrade gives another key. A file
  changed in the last FRESH_S seconds keeps its chunk out of the cache (a second edit within the clock's
  tick could leave the times as they were: git's "racy" files).
- Chunks: a chunk ends after a file whose name hashes to 0 modulo validate.CHUNK, so a file added or
  removed changes the key of its own chunk only.
- Trust: unpickling runs code, so a folder is used only when it belongs to this user and nobody else may
  write to it (created 0700). A shard that cannot be read or unpickled is a miss; a shard that cannot be
  written is left unwritten: the cache never makes a run fail.
- Clean-up: after a load, the shards of that data folder not used in the last PRUNE_AFTER_S seconds are
  removed (only files this module names, <32 hex digits>.pickle, in its own folder).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import stat
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

FRESH_S = 2.0  # a file changed this recently is not cached yet
PRUNE_AFTER_S = 7 * 24 * 3600  # a shard unused for a week goes
_SHARD = ".pickle"

_enabled = False


def enable(on: bool = True) -> None:
    """Let loads use the cache (the command line does, unless --no-cache or HFM_ATLAS_CACHE=off)."""
    global _enabled
    _enabled = on


@functools.cache
def code_digest() -> bytes:
    """What validating depends on besides the files: this package's code and the libraries that read and check."""
    import pydantic
    import yaml

    h = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for path in sorted(package.rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(f"{sys.version}|{pydantic.VERSION}|{yaml.__version__}|{getattr(yaml, '__with_libyaml__', False)}".encode())
    return h.digest()


def boundary(kind: str, name: str, every: int) -> bool:
    """True when a chunk ends after this file: decided by the file's name alone (content-defined chunks)."""
    return zlib.crc32(f"{kind}/{name}".encode()) % every == 0


class ChunkCache:
    """The shards of one data folder."""

    def __init__(self, folder: Path):
        self.folder = folder

    @classmethod
    def for_data(cls, data_dir: Path) -> ChunkCache | None:
        """The cache of data_dir, if enabled and its folder is usable and trusted; None otherwise."""
        if not _enabled:
            return None
        setting = os.environ.get("HFM_ATLAS_CACHE", "")
        if setting.strip().lower() in ("off", "0", "no", "false"):
            return None
        if setting:
            base = Path(setting).expanduser()
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache").expanduser() / "hfm-atlas"
        name = hashlib.blake2b(os.fsencode(os.path.abspath(data_dir)), digest_size=8).hexdigest()
        folder = base / name
        try:
            for path in (base, folder):
                path.mkdir(mode=0o700, exist_ok=True)
                st = os.lstat(path)
                if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                    return None  # not ours alone: someone else could plant a pickle
        except OSError:
            return None
        code_digest()  # worked out here, before a load forks: the child inherits it instead of reading the package again
        return cls(folder)

    def key(self, files: list[Any]) -> str | None:
        """The chunk's key, or None when a file cannot be stat'ed or changed too recently to be trusted."""
        h = hashlib.blake2b(code_digest(), digest_size=16)
        newest = time.time_ns() - int(FRESH_S * 1e9)
        for file in files:
            try:
                st = os.stat(file.location)
            except OSError:
                return None
            if st.st_ctime_ns > newest or st.st_mtime_ns > newest:
                return None
            h.update(f"{file.kind}/{file.name}\0{st.st_size} {st.st_mtime_ns} {st.st_ctime_ns} {st.st_ino} {st.st_dev}\0".encode())
        return h.hexdigest()

    def get(self, key: str, count: int) -> list | None:
        """The chunk's results if they were kept (and hold `count` files' results), else None."""
        path = self.folder / (key + _SHARD)
        try:
            with open(path, "rb") as f:
                results = pickle.load(f)
            os.utime(path)  # used: kept by the next clean-up
        except Exception:  # noqa: BLE001 - absent, torn, or from an incompatible run: a miss
            return None
        return results if type(results) is list and len(results) == count else None

    def put(self, key: str, results: list) -> None:
        """Keep a chunk's results; written whole or not at all (a temporary file renamed)."""
        try:
            descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            try:
                with os.fdopen(descriptor, "wb") as f:
                    pickle.dump(results, f, pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.folder / (key + _SHARD))
            except BaseException:
                os.unlink(temporary)
                raise
        except Exception:  # noqa: BLE001 - a full disk or a read-only cache: this run goes on without it
            return

    def prune(self) -> None:
        """Remove this folder's shards unused for PRUNE_AFTER_S, and temporary files a killed run left."""
        now = time.time()
        try:
            with os.scandir(self.folder) as listing:
                for item in listing:
                    if _SHARD_NAME.fullmatch(item.name):
                        cutoff = now - PRUNE_AFTER_S
                    elif item.name.startswith(".tmp-"):
                        cutoff = now - 3600  # a temporary file no run has used for an hour
                    else:
                        continue
                    if item.is_file(follow_symlinks=False) and item.stat(follow_symlinks=False).st_mtime < cutoff:
                        os.unlink(item.path)
        except OSError:
            return


_SHARD_NAME = re.compile(r"[0-9a-f]{32}" + re.escape(_SHARD))  # the names key() gives, and only those
