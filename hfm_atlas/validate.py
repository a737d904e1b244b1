"""Validation: each record against its schema, then the catalogue as a whole.

`load_catalogue` is the one entry point used by the CLI and the MkDocs plugin. It
reports every problem it finds (never only the first), each located at the line of
the offending key or value, and returns the catalogue of the records that passed.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .catalogue import Catalogue
from .cache import ChunkCache, boundary
from .checks import Facts, check_catalogue, check_facts, ids_of, record_facts
from .errors import validate_record
from .load import read_document
from .records import Entry, RecordFile, scan
from .parallel import background_chunks, can_fork
from .models import DATA_FILES
from .models import RECORD_TYPES, Application, Dataset, Paper, Record
from .results import Benchmark, ResultSet
from .problems import Problem, UserError, display_path


def _read(file: RecordFile) -> tuple[Any, list[Problem]]:
    doc, problems = read_document(file.location, file.shown_as, positions=False)
    return (doc.data if doc else None), problems


# `serve` rebuilds the whole catalogue after every edit; with this cache it parses only the files
# whose size, modification time or inode changed since the last build. Off unless enabled.
_read_cache: dict[Path, tuple[tuple[int, int, int], tuple[Any, list[Problem]]]] | None = None


def enable_read_cache() -> None:
    global _read_cache
    if _read_cache is None:
        _read_cache = {}


def _read_all(files: list[RecordFile]) -> list[tuple[Any, list[Problem]]]:
    if _read_cache is None:
        return [_read(file) for file in files]
    results: list[Any] = []
    for file in files:
        try:
            st = file.path.stat()
            stamp: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None
        hit = _read_cache.get(file.path)
        if stamp is not None and hit is not None and hit[0] == stamp:
            results.append(hit[1])
            continue
        result = _read(file)
        if stamp is not None:
            _read_cache[file.path] = (stamp, result)
        results.append(result)
    return results


def _forget_removed(files: list[RecordFile]) -> None:
    """The parse cache without the files that are gone (once per load: _read_all sees a chunk at a time)."""
    if _read_cache is not None:
        for gone in set(_read_cache) - {f.path for f in files}:
            del _read_cache[gone]


def load_catalogue(data_dir: Path, today: dt.date | None = None, include_unpublished: bool = False) -> tuple[Catalogue, list[Problem]]:
    """Read, validate and check every record under data_dir; return the valid ones and all problems.

    A draft whose year is left for review is valid but not published: the catalogue leaves it out
    (the site, the exports and the counts never see it) unless include_unpublished (the importers,
    which must recognise it on a second run).
    """
    entries, problems = load_entries(data_dir, today)
    survey_text, found = load_data_file(data_dir, "survey")
    catalogue = Catalogue(
        papers=[e.record for e in entries if isinstance(e.record, Paper) and (include_unpublished or _published("papers", e.record.year))],
        datasets=[e.record for e in entries if isinstance(e.record, Dataset)],
        applications=[e.record for e in entries if isinstance(e.record, Application)],
        survey_text=survey_text,  # type: ignore[arg-type]
        benchmarks=[e.record for e in entries if isinstance(e.record, Benchmark)],
        result_sets=[e.record for e in entries if isinstance(e.record, ResultSet)],
    )
    return catalogue, sorted(problems + found)


def check_records(data_dir: Path, today: dt.date | None = None) -> tuple[int, list[Problem]]:
    """`hfm-atlas validate`: the problems load_catalogue finds and how many records its catalogue would hold,
    without holding the records. Each process makes every record's facts (checks.record_facts) as it validates
    it and lets the record go; only the facts reach the catalogue checks, so a forked child sends no records
    back (pickling and unpickling them was a fifth of validating in two processes)."""
    files, problems = _scan(data_dir)
    with _gc_paused():
        made: list[tuple[RecordFile, Facts]] = _validate_all(files, problems, _store(data_dir), facts=True)  # type: ignore[assignment]
        ids = ids_of((file.kind, f.id) for file, f in made)
        problems.extend(check_facts(made.__getitem__, len(made), ids, today or dt.date.today()))
    _, found = load_data_file(data_dir, "survey")
    count = sum(_published(file.kind, f.year) for file, f in made)
    return count, sorted([*set(problems), *found])


def _published(kind: str, year: int | None) -> bool:
    """Whether a valid record is in the catalogue: all are, but a draft paper whose year is left for review."""
    return kind != "papers" or year is not None


def _scan(data_dir: Path) -> tuple[list[RecordFile], list[Problem]]:
    if not data_dir.is_dir():
        raise UserError(f"data folder not found: {data_dir} (give one with --data DIR)", exit_code=2)
    return scan(data_dir, display_path(data_dir))


def load_data_file(data_dir: Path, name: str) -> tuple[BaseModel | None, list[Problem]]:
    """data/<name>.yaml validated against its model (models.DATA_FILES); None when the file is absent."""
    path = data_dir / f"{name}.yaml"
    if not os.path.lexists(path):
        return None, []
    doc, problems = read_document(path, f"{display_path(data_dir)}/{name}.yaml")
    if doc is None:
        return None, problems
    return validate_record(doc, DATA_FILES[name])


def load_entries(data_dir: Path, today: dt.date | None = None) -> tuple[list[Entry], list[Problem]]:
    """The valid records with their files, and every problem (schema and catalogue checks)."""
    files, problems = _scan(data_dir)
    with _gc_paused():
        entries = _validate_all(files, problems, _store(data_dir))
        problems.extend(check_catalogue(entries, today or dt.date.today()))
    return entries, sorted(set(problems))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading allocates hundreds of thousands of small, acyclic objects; the cycle collector would walk
    them again and again (a quarter of the time at 10,000 records) and find nothing to free.

    On the way out the loaded objects are frozen (gc.freeze): every later full collection of the build
    would walk them again (with collections, the catalogue checks took 1.0 s at 10,000 records under
    cProfile; paused, 0.43 s). Frozen objects are still freed by reference counting when the catalogue goes; only
    a cycle among them would outlive it, and records hold none.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def _store(data_dir: Path) -> ChunkCache | None:
    """The cache of validated chunks between runs (cache.py), unless serve's parse cache is on (it is finer)."""
    return ChunkCache.for_data(data_dir) if _read_cache is None else None


def _validate_all(files: list[RecordFile], problems: list[Problem], store: ChunkCache | None = None,
                  facts: bool = False) -> list[Entry] | list[tuple[RecordFile, Facts]]:
    """The valid records' entries, in file order; every file's problems go to `problems`. With facts, each
    valid record's (file, facts) instead (check_records).

    A large catalogue is split in two: a forked child reads and validates the chunks after
    `cut` and sends its records back pickled, as it goes, while this process does the
    chunks before it and unpickles the child's between chunks of its own. The child also
    pickles, so this process takes the larger share (SHARE). A chunk kept in `store` is not read again.
    """
    chunks = _chunks(files)
    if _read_cache is None and can_fork(len(files)):
        share, cut, done = (FACTS_SHARE if facts else SHARE) * len(files), 0, 0
        while cut < len(chunks) and done + len(chunks[cut]) / 2 < share:
            done += len(chunks[cut])
            cut += 1
        theirs = background_chunks(lambda: _validate_chunks(chunks[cut:], store, facts), len(files))
        mine: list[tuple[Record | Facts | None, list[Problem]]] = []
        received: list[tuple[Record | Facts | None, list[Problem]]] = []
        for chunk in _validate_chunks(chunks[:cut], store, facts):
            mine.extend(chunk)
            received.extend(theirs.take())
        received.extend(theirs.rest())
        results = mine + received
    else:  # in chunks, so that only a chunk's raw data is held at a time (1.1 GB at 110,000 files, whole)
        _forget_removed(files)
        results = [result for chunk in _validate_chunks(chunks, store, facts) for result in chunk]
    if store is not None:
        store.prune()
    pair = (lambda file, item: (file, item)) if facts else Entry
    made: list = []
    for file, (item, found) in zip(files, results):
        problems.extend(found)
        if item is not None:
            made.append(pair(file, item))  # type: ignore[arg-type]
    return made


SHARE = 0.52  # of the files this process validates when a child does the rest: worked out from the measured
# costs at 100,000 (reading and validating 18 s, the child's pickling 2.0 s, this process's unpickling 1.4 s)
FACTS_SHARE = 0.5  # with facts only, the child sends little: an even split left neither waiting more than 0.5 s
CHUNK = 1000  # files per chunk (on average) a child sends back and the cache keeps


def _chunks(files: list[RecordFile]) -> list[list[RecordFile]]:
    """The files in chunks of CHUNK on average (at most 4 CHUNK), each ending after a file whose name says so
    (cache.boundary): a file added or removed changes its own chunk only, and the cache keeps the others."""
    chunks: list[list[RecordFile]] = []
    start = 0
    for at, file in enumerate(files):
        if boundary(file.kind, file.name, CHUNK) or at + 1 - start >= 4 * CHUNK:
            chunks.append(files[start:at + 1])
            start = at + 1
    if start < len(files):
        chunks.append(files[start:])
    return chunks


def _validate_chunks(chunks: list[list[RecordFile]], store: ChunkCache | None = None,
                     facts: bool = False) -> Iterator[list[tuple[Record | Facts | None, list[Problem]]]]:
    for chunk in chunks:
        key = store.key(chunk) if store is not None else None
        results = store.get(key, len(chunk)) if key is not None else None  # type: ignore[union-attr]
        if results is None:
            results = _validate_files(chunk)
            if key is not None:
                store.put(key, results)  # type: ignore[union-attr]
        if facts:
            results = [(None if record is None else record_facts(Entry(file, record)), found)  # type: ignore[arg-type]
                       for file, (record, found) in zip(chunk, results)]
        yield results


def _validate_files(files: list[RecordFile]) -> list[tuple[Record | None, list[Problem]]]:
    """Each file's record or None, and its problems."""
    results: list[tuple[Record | None, list[Problem]]] = []
    for file, (data, found) in zip(files, _read_all(files)):
        if data is None:
            results.append((None, found))
            continue
        model = RECORD_TYPES[file.kind]
        try:
            record = model.model_validate(data)
        except ValidationError:  # read it again with positions, to say where each error is
            results.append((None, found + validate_record(Entry(file, None).doc, model)[1]))  # type: ignore[arg-type]
            continue
        results.append((record, found))
    return results
