"""The whole site as data: one pure step from a validated catalogue to every page and file.

`make_site` computes the generated MkDocs pages, the record pages (rendered on demand),
the files the site serves (downloads, the JSON API, schemas, feed, the explorer's data)
and each paper's BibTeX, once. It imports nothing from MkDocs: plugin.py adapts it.

For a large catalogue the files are computed in a forked process while this one
renders the pages; the decision to fork is taken here and only here. Given a folder
(the build's site folder), that process writes the files there itself and hands back
only each paper's BibTeX, so the exports are never held by the process that renders
the pages (at 10,000 papers they are ~40 MB of text).
"""

from __future__ import annotations

import datetime as dt
import gzip
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .bibliography import bibtex_entries
from .catalogue import Catalogue
from .dataset_explorer import dataset_explorer_json
from .explorer import explorer_files
from .exports import site_files
from .parallel import background
from .record_pages import RecordPage
from .render import GeneratedPage, Renderer
from .schema import schema_files
from .sqlite_export import sqlite_bytes

SQLITE_DOWNLOAD = "downloads/hfm-atlas.sqlite"


@dataclass(frozen=True)
class Site:
    pages: list[GeneratedPage]  # MkDocs pages: source path, metadata, HTML body
    records: list[RecordPage]  # paper and dataset pages, bodies rendered by record_body
    files: dict[str, str | bytes]  # site path -> text (the SQLite download: bytes); empty when make_site wrote them
    bibtex: dict[str, str]  # paper id -> its BibTeX entry
    renderer: Renderer
    written: tuple[str, ...] = ()  # the site paths make_site wrote to its folder

    def record_body(self, page: RecordPage) -> str:
        return self.renderer.record_body(page, self.bibtex)

    def record_output(self, page: RecordPage) -> tuple[str, dict[str, str]]:
        """The page's body and the files rendered from the same view (see Renderer.record_output)."""
        return self.renderer.record_output(page, self.bibtex)


def site_data(catalogue: Catalogue, generated_at: dt.datetime, site_url: str) -> tuple[dict[str, str | bytes], dict[str, str]]:
    """The served files (path -> text, or bytes) and each paper's BibTeX; large catalogues' downloads gzipped (urls.download)."""
    bibtex = bibtex_entries(catalogue.papers)
    files = {**site_files(catalogue, generated_at, bibtex, site_url),
             **{f"schema/{name}": text for name, text in schema_files().items()},
             **explorer_files(catalogue), urls.DATASET_EXPLORER_DATA: dataset_explorer_json(catalogue),
             SQLITE_DOWNLOAD: sqlite_bytes(catalogue)}
    papers = len(catalogue.papers)
    return {urls.download(path, papers): _compressed(text) if urls.download(path, papers) != path else text
            for path, text in files.items()}, bibtex


def _compressed(text: str | bytes) -> bytes:
    """gzip with no time or name in its header: the same input gives the same bytes."""
    return gzip.compress(text if isinstance(text, bytes) else text.encode("utf-8"), compresslevel=6, mtime=0)


def write_files(files: dict[str, str | bytes], folder: Path) -> tuple[str, ...]:
    """Write each file (site path -> text or bytes) under folder; return the paths written."""
    for path, text in files.items():
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8", newline="\n")
    return tuple(files)


def make_site(catalogue: Catalogue, templates_dir: Path, linker: urls.Linker, site_url: str,
              generated_at: dt.datetime, write_to: Path | None = None) -> Site:
    """The site of `catalogue`; with write_to, its files are written into that folder instead of returned."""
    def data() -> tuple[dict[str, str] | tuple[str, ...], dict[str, str]]:
        files, bibtex = site_data(catalogue, generated_at, site_url)
        return (write_files(files, write_to) if write_to is not None else files), bibtex

    pending = background(data, len(catalogue))
    renderer = Renderer(catalogue, templates_dir, linker, site_url=site_url)
    pages = list(renderer.pages())
    records = renderer.record_pages()
    files, bibtex = pending()
    if isinstance(files, tuple):
        return Site(pages, records, {}, bibtex, renderer, files)
    return Site(pages, records, files, bibtex, renderer)
