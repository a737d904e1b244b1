"""Identifiers of papers: DOIs and arXiv ids found in links, normalised titles, slugs."""

from __future__ import annotations

import re
import unicodedata

_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/((?:\d{4}\.\d{4,5})|(?:[a-z-]+(?:\.[A-Z]{2})?/\d{7}))(?:v\d+)?(?:\.pdf)?", re.I)
_DOI_URL = re.compile(r"(?:doi\.org/|/doi/(?:full/|abs/|pdf/)?)(10\.\d{4,9}/[^\s?#]+)", re.I)
_BIORXIV_URL = re.compile(r"(?:bio|med)rxiv\.org/content/(10\.1101/(?:\d{4}\.\d{2}\.\d{2}\.)?\d+)", re.I)


def arxiv_from_url(url: str | None) -> str | None:
    """The arXiv id (no version) in an arxiv.org abs/pdf/html URL."""
    m = _ARXIV_URL.search(url or "")
    return m.group(1) if m else None


def doi_from_url(url: str | None) -> str | None:
    """A DOI stated in a URL: doi.org links, publisher /doi/ paths, bioRxiv content paths."""
    if not url:
        return None
    m = _DOI_URL.search(url) or _BIORXIV_URL.search(url)
    return m.group(1).rstrip(".") if m else None


_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_title(title: str) -> str:
    """A key under which two spellings of one title meet: accents, case, punctuation and spaces removed."""
    folded = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().lower()
    return _NOT_ALNUM.sub("", folded)


def slugify(text: str, max_words: int = 6) -> str:
    """A lowercase ascii slug of the first words of `text` (for record ids)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", folded)
    return "-".join(words[:max_words])
