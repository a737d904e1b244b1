"""The whole site as data: one pure step from a validated catalogue to every page and file.

`make_site` computes the generated MkDocs pages, the record pages (rendered on demand),
the files the site serves (downloads, the JSON API, schemas, feed, the explorer's data)
and each paper's BibTeX, once. It imports nothing from MkDocs: plugin.py adapts it.

For a large catalogue the files are computed in a forked process while this one
renders the pages; the decision to fork is taken here and only here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import urls
from .bibliography import bibtex_entries
from .catalogue import Catalogue
from .explorer import explorer_json
from .exports import site_files
from .parallel import background
from .record_pages import RecordPage
from .render import GeneratedPage, Renderer
from .schema import schema_files


@dataclass(frozen=True)
class Site:
    pages: list[GeneratedPage]  # MkDocs pages: source path, metadata, HTML body
    records: list[RecordPage]  # paper and dataset pages, bodies rendered by record_body
    files: dict[str, str]  # site path -> text
    bibtex: dict[str, str]  # paper id -> its BibTeX entry
    renderer: Renderer

    def record_body(self, page: RecordPage) -> str:
        return self.renderer.record_body(page, self.bibtex)


def site_data(catalogue: Catalogue, generated_at: dt.datetime, site_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """The served files (path -> text) and each paper's BibTeX."""
    bibtex = bibtex_entries(catalogue.papers)
    files = {**site_files(catalogue, generated_at, bibtex, site_url),
             **{f"schema/{name}": text for name, text in schema_files().items()},
             urls.EXPLORER_DATA: explorer_json(catalogue)}
    return files, bibtex


def make_site(catalogue: Catalogue, templates_dir: Path, linker: urls.Linker, site_url: str,
              generated_at: dt.datetime) -> Site:
    pending = background(lambda: site_data(catalogue, generated_at, site_url), len(catalogue))
    renderer = Renderer(catalogue, templates_dir, linker, site_url=site_url)
    pages = list(renderer.pages())
    records = renderer.record_pages()
    files, bibtex = pending()
    return Site(pages, records, files, bibtex, renderer)
