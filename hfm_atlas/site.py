"""The whole site as data: one pure step from a validated catalogue to every page and file.

`make_site` computes the generated MkDocs pages, the record pages (rendered on demand),
the files the site serves (downloads, the JSON API, schemas, feed, the explorer's data)
and each paper's BibTeX, once. It imports nothing from MkDocs: plugin.py adapts it.

For a large catalogue the files are computed in a forked process while this one
renders the pages; the decision to fork is taken here and only here. Given a folder
(the build's site folder), that process writes the files there itself and hands back
only their paths, so the exports are never held by the process that renders the pages
(at 10,000 papers they are ~40 MB of text), and nothing waits for it until the end of
the build (Site.finish): the record pages write their own BibTeX entries (Bibtex).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from . import search, urls
from .files import DOWNLOAD_LEVEL, LEVEL, Content, compressed, compressed_pieces, joined
from .bibliography import bibtex_entries, entry_text
from .catalogue import Catalogue
from .models import Paper
from .dataset_explorer import dataset_explorer_json
from .explorer import DATA_FOLDER, explorer_file_items
from .exports import site_file_items
from .parallel import background
from .record_pages import RecordOutput, RecordPage
from .render import GeneratedPage, Renderer
from .schema import schema_files
from .sqlite_export import sqlite_pieces

SQLITE_DOWNLOAD = "downloads/hfm-atlas.sqlite"


class Bibtex(Mapping[str, str]):
    """Each paper's BibTeX entry, by id, written when it is first asked for: the record pages need one entry
    each, and a forked page writer makes only its own pages' entries (none is held for the whole catalogue)."""

    def __init__(self, papers: list[Paper]):
        self.papers = papers
        self.index = {p.id: i for i, p in enumerate(papers)}

    def __getitem__(self, paper_id: str) -> str:
        return entry_text(self.papers[self.index[paper_id]])

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)


@dataclass(frozen=True)
class Site:
    pages: list[GeneratedPage]  # MkDocs pages: source path, metadata, HTML body
    records: list[RecordPage]  # paper and dataset pages, bodies rendered by record_body
    files: dict[str, str | bytes]  # site path -> text (the SQLite download: bytes); empty when make_site writes them
    bibtex: Mapping[str, str]  # paper id -> its BibTeX entry
    renderer: Renderer
    # With a folder to write to: waits for the process writing the served files there, and gives their paths.
    finish: Callable[[], tuple[str, ...]] = tuple

    def record_body(self, page: RecordPage) -> str:
        return self.renderer.record_body(page, self.bibtex)

    def record_output(self, page: RecordPage) -> RecordOutput:
        """What fills the page's shell and the files rendered from the same view (see Renderer.record_output)."""
        return self.renderer.record_output(page, self.bibtex)


# The first part of every path site_data writes (tests/test_build.py checks none is missing): a
# hand-written docs/ file there would collide with a generated one, so the plugin refuses it before
# MkDocs copies anything, while the files are still being written.
# The search index (search.OUTPUT), written by the plugin, is reserved the same way.
WRITTEN_UNDER = ("api", "downloads", "schema", "feed.xml", urls.EXPLORER_DATA, DATA_FOLDER.rstrip("/"), urls.DATASET_EXPLORER_DATA,
                 search.OUTPUT)


def written_under(path: str) -> bool:
    """True when `path` (a site path) is where site_data may write a file."""
    return path.split("/", 1)[0] in WRITTEN_UNDER


def site_data(catalogue: Catalogue, generated_at: dt.datetime, site_url: str) -> tuple[dict[str, str | bytes], dict[str, str]]:
    """The served files (path -> text, or bytes) and each paper's BibTeX; large catalogues' downloads gzipped (urls.download)."""
    bibtex = bibtex_entries(catalogue.papers)
    return dict(_served(catalogue, generated_at, site_url, bibtex)), bibtex


def _served(catalogue: Catalogue, generated_at: dt.datetime, site_url: str, bibtex: dict[str, str] | None,
            streamed: bool = False) -> Iterator[tuple[str, Content]]:
    """site_data's files one at a time, at their published paths, each computed when asked for; without
    `bibtex`, the BibTeX download is written one entry at a time (bibliography.bibtex_pieces), never all held."""
    papers = len(catalogue.papers)

    def produced() -> Iterator[tuple[str, Content]]:
        yield from site_file_items(catalogue, generated_at, bibtex, site_url)
        yield from ((f"schema/{name}", text) for name, text in schema_files().items())
        yield from explorer_file_items(catalogue)
        yield urls.DATASET_EXPLORER_DATA, dataset_explorer_json(catalogue)
        yield SQLITE_DOWNLOAD, sqlite_pieces(catalogue)

    yield from published_files(produced(), papers, streamed)


def published_files(files: Iterable[tuple[str, Content]], papers: int, streamed: bool = False) -> Iterator[tuple[str, Content]]:
    """Each (path, content) at its published path (urls.published), gzipped where that says so. Streamed (for
    write_files), a gzipped file's bytes come in pieces as they are compressed; else whole."""
    for path, text in files:
        published = urls.published(path, papers)
        if published == path:
            yield published, joined(text)
        else:  # packed for the scripts, or a download
            level = LEVEL if path.startswith(urls.PACKED) else DOWNLOAD_LEVEL
            yield published, compressed_pieces(text, level) if streamed else compressed(text, level)
        del text  # not held while the next file is computed


def write_files(files: Mapping[str, str | bytes] | Iterable[tuple[str, str | bytes | Iterator[bytes]]], folder: Path) -> tuple[str, ...]:
    """Write each file (site path -> text or bytes, or the pairs one at a time, bytes whole or in pieces) under folder;
    return the paths written."""
    written = []
    for path, text in files.items() if isinstance(files, Mapping) else files:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        elif isinstance(text, str):
            target.write_text(text, encoding="utf-8", newline="\n")
        else:  # bytes in pieces (published_files, streamed), written as they come
            with open(target, "wb") as handle:
                for piece in text:
                    handle.write(piece)
        written.append(path)
        del text  # only one file's text is held at once
    return tuple(written)


def make_site(catalogue: Catalogue, templates_dir: Path, linker: urls.Linker, site_url: str,
              generated_at: dt.datetime, write_to: Path | None = None) -> Site:
    """The site of `catalogue`. With write_to, the served files are written into that folder (by a forked
    process for a large catalogue) and Site.finish waits for them; without, they are in Site.files."""
    if write_to is None:
        files, bibtex = site_data(catalogue, generated_at, site_url)
        renderer = Renderer(catalogue, templates_dir, linker, site_url=site_url)
        return Site(list(renderer.pages()), renderer.record_pages(), files, bibtex, renderer)

    def data() -> tuple[str, ...]:
        return write_files(_served(catalogue, generated_at, site_url, None, streamed=True), write_to)

    pending = background(data, len(catalogue))
    done: list[tuple[str, ...]] = []

    def finish() -> tuple[str, ...]:  # once: without a fork, `pending` is the task itself
        if not done:
            done.append(pending())
        return done[0]

    renderer = Renderer(catalogue, templates_dir, linker, site_url=site_url)
    return Site(list(renderer.pages()), renderer.record_pages(), {}, Bibtex(catalogue.papers), renderer, finish)
