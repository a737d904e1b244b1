"""Where each generated page lives, and relative links between pages.

Generated pages carry their links as HTML (so that record text is never read as
Markdown), so links are computed here the way MkDocs computes page URLs.
"""

from __future__ import annotations

import functools

from dataclasses import dataclass


def paper_page(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def dataset_page(dataset_id: str) -> str:
    return f"datasets/{dataset_id}.md"


def application_page(application_id: str) -> str:
    return f"applications/{application_id}.md"


def subfield_page(subfield: str) -> str:
    return f"{subfield.lower()}/index.md"


def subfield_datasets_page(subfield: str) -> str:
    return f"{subfield.lower()}/datasets.md"


def challenge_page(challenge_id: str) -> str:
    return f"challenges/{challenge_id}.md"


HOME = "index.md"
CHALLENGES = "challenges/index.md"
DIRECTIONS = "future-directions.md"
SURVEYS = "surveys.md"
DOWNLOADS = "downloads.md"
EXPLORER = "explorer.md"
STATISTICS = "statistics.md"
EXPLORER_DATA = "explorer.json"  # and the files beside it in explorer-data/ (explorer.explorer_files)
EXPLORER_INDEX_SCRIPT = "assets/explorer-index.js"  # reads them: the explorer, the gap map and the compare page
DATASETS = "datasets/index.md"
APPLICATIONS = "applications/index.md"
TAXONOMY = "taxonomy.md"
FIELDS = "reference/fields.md"


@dataclass(frozen=True)
class Linker:
    """Relative hrefs between source pages, for MkDocs' use_directory_urls on or off.

    Caches key a Linker by its one field (_root here, views.common.tag): a field added here must join those keys."""

    use_directory_urls: bool = True

    def url(self, src: str) -> str:
        """The site URL of a source page, as MkDocs gives it (no leading slash)."""
        stem = src[: -len(".md")]
        if not self.use_directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def root(self, from_src: str) -> str:
        """The relative path from a page to the site root ("", "../", "../../"): one per page, not per link."""
        return _root(self.use_directory_urls, from_src)

    def asset(self, from_src: str, path: str) -> str:
        """Relative href from a page to a file of the site (e.g. downloads/hfm-atlas.bib)."""
        return self.root(from_src) + path

    def href(self, from_src: str, to_src: str, anchor: str = "") -> str:
        """Relative href between two pages, always through the site root (../../datasets/x/): simple and cheap."""
        return (self.root(from_src) + self.url(to_src) or "./") + (f"#{anchor}" if anchor else "")


# From this many papers the downloads and the API's whole-catalogue files are published gzipped
# (downloads/hfm-atlas.csv.gz, api/papers.json.gz...): at 100,000 papers the downloads were 309 MB, the
# SQLite file alone 122 MB and api/papers.json 128 MB, over GitHub's 100 MB limit for one file.
COMPRESS_DOWNLOADS_FROM = 20_000
DOWNLOADS_FOLDER = "downloads/"
API_FOLDER = "api/"


# Files only the site's scripts read, large and seldom needed, stored gzipped at every size (the browser
# unpacks them: assets/atlas.js, AtlasUnpack): the explorer's text for quoted phrases and the search
# results' excerpts. At 100,000 papers they were 103 MB of the site as text, 24 MB gzipped.
PACKED = ("explorer-data/text-", "search/docs/")


def packed(path: str) -> str:
    """The stored path of a file the site's scripts read: gzipped (".gz" added) if it is one of PACKED."""
    return path + ".gz" if path.startswith(PACKED) else path


def published(path: str, papers: int) -> str:
    """Where a written site file is published: packed for the scripts, or a download gzipped for a large catalogue."""
    return packed(path) if path.startswith(PACKED) else download(path, papers)


def download(path: str, papers: int) -> str:
    """The published path of a download (downloads/...) or an API file (api/<name>.json) for a catalogue of
    `papers` papers: gzipped from COMPRESS_DOWNLOADS_FROM."""
    whole = path.startswith(DOWNLOADS_FOLDER) or (path.startswith(API_FOLDER) and "/" not in path[len(API_FOLDER):])
    return path + ".gz" if whole and papers >= COMPRESS_DOWNLOADS_FROM else path


def benchmark_page(benchmark_id: str) -> str:
    return f"benchmarks/{benchmark_id}.md"


BENCHMARKS = "benchmarks/index.md"
GAPS = "gaps.md"
COMPARE = "compare.md"
TERMS = "assets/atlas-terms.json"  # every term's definition, once (views.common.term_definitions; shown by atlas.js)

DATASET_EXPLORER = "datasets/explorer.md"
DATASET_EXPLORER_DATA = "datasets-explorer.json"


@functools.lru_cache(maxsize=1 << 12)
def _root(use_directory_urls: bool, from_src: str) -> str:
    """Linker.root, kept for the pages in hand: a page asks for it once per link it makes (a paper page, about 12 times).
    Keyed by the Linker's one field, not the Linker: a dataclass's hash is a Python call."""
    url = Linker(use_directory_urls).url(from_src)
    depth = url.count("/") if use_directory_urls or "/" in url else 0
    return "../" * depth
