"""schema.org structured data for record pages (ScholarlyArticle, Dataset), for search engines."""

from __future__ import annotations

import json

from . import paperfacts
from .models import Dataset, Paper
from .taxonomy import ACCESS, MODALITIES, PRETRAINING, SUBFIELDS


def script(data: dict) -> str:
    """A JSON-LD script element; "<" is written as \\u003c so no record text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f'<script type="application/ld+json">{text}</script>'


def paper(p: Paper, url: str) -> dict:
    """A paper's ScholarlyArticle. Its summary is the page's meta description, and its title the name: neither is
    repeated here (as "description" or "headline")."""
    same_as = list(dict.fromkeys(u for u in (p.links.paper, f"https://doi.org/{p.links.doi}" if p.links.doi else None,
                                              paperfacts.arxiv_url(p.links.arxiv) if p.links.arxiv else None) if u))  # once each
    data: dict = {
        "@context": "https://schema.org", "@type": "ScholarlyArticle",
        "name": p.title,
        "url": url, "datePublished": str(p.year),
        "keywords": [k for k in (SUBFIELDS.label(p.subfield) + " foundation model" if p.subfield else None,
                                 PRETRAINING.label(p.pretraining.paradigm) if p.pretraining else None,
                                 *(MODALITIES.label(m) for m in p.modalities)) if k],
    }
    if p.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in p.authors]
    if p.venue:
        data["isPartOf"] = {"@type": "CreativeWork", "name": p.venue}
    if same_as:
        data["sameAs"] = same_as
    if p.links.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": p.links.doi}
    return data


def dataset(d: Dataset, url: str) -> dict:
    facts = ", ".join(filter(None, [", ".join(MODALITIES.label(m) for m in d.modalities), d.scale]))
    # Dataset search engines want a description of 50 characters or more.
    description = d.description or f"The {d.name} dataset{f' ({facts})' if facts else ''}, as listed in HFM Atlas, a catalogue of healthcare foundation model data."
    data: dict = {
        "@context": "https://schema.org", "@type": "Dataset", "name": d.name, "description": description, "url": url,
        "keywords": [MODALITIES.label(m) for m in d.modalities] + ([SUBFIELDS.label(d.subfield)] if d.subfield else []),
        "isAccessibleForFree": d.access == "open",
        "conditionsOfAccess": ACCESS[d.access].definition,
    }
    same_as = list(dict.fromkeys(u for u in (d.links.paper, d.links.download) if u))
    if same_as:
        data["sameAs"] = same_as
    if d.scale:
        data["size"] = d.scale
    return data
