"""Files the user owns: reading input safely and writing new files whole, never over anything.

- `read_regular` reads a regular file only (never blocks on a FIFO, never reads a device)
  and at most a stated size.
- `write_new_files` writes each file whole, or none of them, and refuses to overwrite.
"""

from __future__ import annotations

import errno
import gzip
import os
import stat
import struct
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from .problems import UserError

MAX_INPUT_BYTES = 64 * 1024 * 1024  # an import source: far above any real list or library


class NotReadable(Exception):
    """A file that is not a regular file, is too large, or cannot be opened; the message says which."""


def read_regular(path: Path | str, limit: int, what: str = "an input file") -> bytes:
    """The bytes of `path` if it is a regular file of at most `limit` bytes; NotReadable otherwise.

    Opened without blocking and checked on the open descriptor, so a file swapped for a FIFO
    between a directory listing and this read cannot hang the caller.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise NotReadable("symlink loop: the link leads back to itself") from None
        raise NotReadable(f"cannot read file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotReadable(f"not a regular file ({_file_type(st.st_mode)}); {what} must be an ordinary file")
        if st.st_size > limit:
            raise NotReadable(f"file is {st.st_size:,} bytes; {what} may be at most {limit:,} bytes")
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:  # the file grew while it was read
                raise NotReadable(f"file is over {limit:,} bytes; {what} may be at most {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise NotReadable(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def _file_type(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a file"  # pragma: no cover


def check_folder(path: Path) -> None:
    """UserError when a file stands where `path` needs a folder (its nearest existing ancestor)."""
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise UserError(f"cannot write {path}: {folder} is a file, not a folder")
            return


def write_new_files(files: dict[Path, str | bytes]) -> None:
    """Write each file whole, or none of them: refuses to overwrite, never leaves half a file."""
    for path in files:
        check_folder(path)
    existing = [p for p in files if os.path.lexists(p)]
    if existing:
        raise UserError(f"refusing to overwrite {existing[0]}" + (f" and {len(existing) - 1} more" if len(existing) > 1 else ""))
    staged: list[tuple[Path, Path]] = []
    mode = 0o666 & ~_umask()
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            if isinstance(text, bytes):
                with os.fdopen(fd, "wb") as handle:
                    handle.write(text)
            else:
                with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                    handle.write(text)
            os.chmod(tmp, mode)  # mkstemp makes 0600 files; a record is an ordinary file
            staged.append((Path(tmp), path))
        for tmp, path in staged:
            # link() fails if the name was taken meanwhile: a file that appeared is never replaced.
            try:
                os.link(tmp, path)
            except FileExistsError:
                raise UserError(f"refusing to overwrite {path} (it appeared while writing)") from None
            except OSError:  # a file system without hard links
                os.replace(tmp, path)
    finally:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


Content = str | bytes | Iterator[str] | Iterator[bytes]
"""A file's content: its text or bytes, or its text or bytes in pieces (made as they are written, never all held)."""


def joined(content: Content) -> str | bytes:
    if isinstance(content, (str, bytes)):
        return content
    pieces = list(content)
    return b"".join(pieces) if pieces and isinstance(pieces[0], bytes) else "".join(pieces)  # type: ignore[arg-type]


LEVEL = 6
# The catalogue's downloads (hundreds of MB at 100,000 papers, each fetched whole by the reader who wants it):
# zlib's level 4 compresses them in half the time of level 6, and the files are 8% larger (measured on the four
# largest downloads of a 100,000-paper build: 8.7 s and 71.5 MB at level 6, 4.0 s and 77.4 MB at level 4).
DOWNLOAD_LEVEL = 4


def _gzip_header(level: int) -> bytes:
    return gzip.compress(b"", compresslevel=level, mtime=0)[:10]  # magic, method, no flags, time 0, level, OS


def compressed(content: Content, level: int = LEVEL) -> bytes:
    """gzip with no time or name in its header: the same input gives the same bytes. Text given in pieces
    or bytes given in pieces are compressed as they come, and give the bytes the whole would."""
    if isinstance(content, (str, bytes)):
        return gzip.compress(content if isinstance(content, bytes) else content.encode("utf-8"), compresslevel=level, mtime=0)
    return b"".join(compressed_pieces(content, level))


def compressed_pieces(content: Content, level: int = LEVEL) -> Iterator[bytes]:
    """The bytes `compressed` gives, in pieces as the content comes: a writer never holds the whole
    compressed file (at 100,000 papers the SQLite download is 31 MB gzipped, held twice while joined)."""
    if isinstance(content, (str, bytes)):
        yield compressed(content, level)
        return
    packer = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)  # a raw deflate stream, as gzip.compress writes
    held: list = []
    crc, size, pending = 0, 0, 0
    yield _gzip_header(level)

    def feed() -> bytes:
        nonlocal crc, size
        data = b"".join(held) if held and isinstance(held[0], bytes) else "".join(held).encode("utf-8")
        held.clear()
        crc, size = zlib.crc32(data, crc), size + len(data)
        return packer.compress(data)

    for piece in content:
        held.append(piece)
        pending += len(piece)
        if pending >= 1 << 18:
            yield feed()
            pending = 0
    yield feed()
    yield packer.flush()
    yield struct.pack("<LL", crc, size & 0xFFFFFFFF)
