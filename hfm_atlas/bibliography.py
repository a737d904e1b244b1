"""Papers as citations: BibTeX (in the format bibtexparser v2 writes and reads), CSL-JSON and CSV.

Citation keys are the record ids: unique by construction and never changed, so a key
a reader has cited stays valid whatever records are added later.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import RULE_REGEX, UnicodeToLatexConversionRule, UnicodeToLatexEncoder

from . import paperfacts
from .models import Paper
from .venues import venue_type

# Characters that BibTeX/LaTeX treat specially, escaped before the Unicode conversion of the rest.
# (The replacements go through re's template expansion, hence the doubled backslashes.)
# Braces become \textbraceleft/right: BibTeX counts "\{" as a brace too, so escaping cannot balance them.
_SPECIALS = [(re.compile(re.escape(c)), r) for c, r in (("\\", r"\\textbackslash{}"), ("{", r"\\textbraceleft{}"),
                                                        ("}", r"\\textbraceright{}"),
                                                        ("&", r"\\&"), ("%", r"\\%"), ("$", r"\\$"), ("#", r"\\#"),
                                                        ("_", r"\\_"), ("~", r"\\textasciitilde{}"),
                                                        ("^", r"\\textasciicircum{}"),
                                                        # no defaults for primes: pdflatex stops at a raw U+2032
                                                        ("\u2032", r"\\ensuremath{\\prime}"), ("\u2033", r"\\ensuremath{\\prime\\prime}"))]
# Characters with no LaTeX form (CJK, emoji) stay as UTF-8, which biber and pybtex read.
_ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[UnicodeToLatexConversionRule(rule_type=RULE_REGEX, rule=_SPECIALS), "defaults"],
    unknown_char_policy="keep", unknown_char_warning=False, replacement_latex_protection="braces-all")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")  # zero-width and bidi controls


def latex_decoder() -> LatexNodes2Text:
    """pylatexenc LaTeX-to-text, taught the macros `latex` writes for { } ^ (used by the BibTeX importer)."""
    context = get_default_latex_context_db().filter_context()
    context.add_context_category("atlas", prepend=True,
                                 macros=[MacroTextSpec("textbraceleft", "{"), MacroTextSpec("textbraceright", "}"),
                                         MacroTextSpec("textasciicircum", "^"), MacroTextSpec("prime", "\u2032")])
    return LatexNodes2Text(latex_context=context)


_DECODER = latex_decoder()


_MUST_ESCAPE = frozenset("{}\\%&#$_~^")
_LIGATURES = re.compile(r"(?<=([-'`]))(?=\1)|(?<=[?!])(?=`)")  # "--", "''", "``", "?`" would typeset as dashes, quotes, ¿


@functools.lru_cache(maxsize=4096)
def _char(c: str) -> str:
    """A character's LaTeX form when it decodes back to the same character; else the character itself (UTF-8)."""
    encoded = _ENCODER.unicode_to_latex(c)
    if c in _MUST_ESCAPE or encoded == c:
        return encoded
    return encoded if unicodedata.normalize("NFC", _DECODER.latex_to_text(encoded)) == c else c


_PLAIN = re.compile(r"[^A-Za-z0-9 .,:;()/?!+=*@'\"]")  # characters that may need encoding; most text has few


def latex(text: str) -> str:
    """Text safe inside a BibTeX field: specials escaped, non-ASCII as LaTeX where that is lossless, invisible controls dropped."""
    encoded = _PLAIN.sub(lambda m: _char(m.group(0)), _INVISIBLE.sub("", text))
    return _LIGATURES.sub("{}", encoded)


def _needs_protection(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) > 1 and any(c.isupper() for c in letters[1:]) or (len(letters) == 1 and letters[0].isupper() and len(word) > 1)


def _sentence_case(words: list[str]) -> bool:
    """True when the title is written in sentence case: most of its longer words, after the first, start lower-case."""
    longer = [w for w in words[1:] if len(w) > 3 and w[:1].isalpha()]
    return bool(longer) and sum(w[0].isupper() for w in longer) * 2 < len(longer)


def protected_title(title: str) -> str:
    """The title with acronyms and mixed-case names in braces ({BioBERT}, {3D}, {CT}) so styles keep their case.

    In a title written in sentence case, a capitalised word after the first is a name ({Chinese}, {Alzheimer's}):
    a sentence-case style would lower it, so it is protected too.
    """
    words = title.split()
    names = _sentence_case(words)
    out = []
    for i, word in enumerate(words):
        encoded, protect = _title_word(word)
        after_colon = i > 0 and words[i - 1].endswith(":")
        is_name = names and i > 0 and not after_colon and word[:1].isupper()
        out.append(f"{{{encoded}}}" if protect or is_name else encoded)
    return " ".join(out)


@functools.lru_cache(maxsize=1 << 16)
def _title_word(word: str) -> tuple[str, bool]:
    """A title word's LaTeX and whether its case needs braces, worked out once per word: titles share most of
    their words, and this was half of writing the BibTeX (0.87 s for 10,000 papers)."""
    return latex(word), _needs_protection(word)


def verbatim(url: str) -> str:
    """A URL or DOI for a verbatim BibTeX field: left as is, but for the characters that would break the entry."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group(0)):02X}", url)


def split_name(name: str) -> tuple[str, str]:
    """(given, family) of a name written "Given Family"."""
    parts = name.split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", name)


def entry_type(paper: Paper) -> str:
    kind = venue_type(paper.venue) if paper.venue else "other"
    return {"journal": "article", "conference": "inproceedings"}.get(kind, "misc")


def bibtex_entry(paper: Paper) -> tuple[str, list[tuple[str, str]]]:
    """(entry type, [(field, value), ...]) of a paper's BibTeX entry, values not yet enclosed."""
    fields = [("title", protected_title(paper.title))]
    if paper.authors:
        fields.append(("author", " and ".join(_latex_name(a) for a in paper.authors)))
    fields.append(("year", str(paper.year)))
    kind = entry_type(paper)
    if kind == "article":
        fields.append(("journal", _latex_name(paper.venue)))
    elif kind == "inproceedings":
        fields.append(("booktitle", _latex_name(paper.venue)))
    if paper.links.doi:
        fields.append(("doi", verbatim(paper.links.doi)))
    if paper.links.arxiv:
        fields += [("eprint", paper.links.arxiv), ("archivePrefix", "arXiv")]
    elif paper.venue in ("bioRxiv", "medRxiv") and paper.links.doi:
        fields += [("eprint", verbatim(paper.links.doi)), ("archivePrefix", paper.venue)]
    if kind == "misc" and paper.venue and not (paper.venue == "arXiv" and paper.links.arxiv):
        fields.append(("howpublished", _latex_name(paper.venue)))
    url = paperfacts.landing_url(paper)
    if url:
        fields.append(("url", verbatim(url)))
    # The atlas's own fields, which styles ignore and `hfm-atlas import bibtex` reads back (the key is the record id).
    if paper.links.code:
        fields.append(("x-hfm-code", verbatim(paper.links.code)))
    if paper.subfield:
        fields.append(("x-hfm-subfield", paper.subfield.value))
    fields.append(("x-hfm-kind", paper.kind.value))
    return kind, fields


@functools.lru_cache(maxsize=1 << 16)
def _latex_name(text: str) -> str:
    """latex() of an author or a venue, worked out once per name: names recur across papers."""
    return latex(text)


# The fields bibtexparser v2 leaves unbraced when their value is an integer (its AddEnclosingMiddleware with
# enclose_integers=False); of the atlas's fields only the year can be one.
_INTEGER_FIELDS = frozenset({"year", "month", "volume", "number", "pages", "edition", "chapter", "issue"})


def entry_text(paper: Paper) -> str:
    """A paper's BibTeX entry as bibtexparser v2 writes it (two-space indent, values in braces, integers bare;
    tests compare the two on the whole catalogue), formatted here: bibtexparser's writer was most of the
    time of a build's BibTeX (a parsed Library and a middleware pass per block of entries)."""
    kind, fields = bibtex_entry(paper)
    body = ",\n".join(f"  {key} = {value}" if key in _INTEGER_FIELDS and value.isdigit() else f"  {key} = {{{value}}}"
                      for key, value in fields)
    return f"@{kind}{{{paper.id},\n{body}\n}}\n"


def bibtex_pieces(papers: Iterable[Paper]) -> Iterator[str]:
    """The whole catalogue's BibTeX (to_bibtex's text: the entries, a blank line between them) one entry at a time."""
    first = True
    for paper in papers:
        yield entry_text(paper) if first else "\n" + entry_text(paper)
        first = False


def bibtex_entries(papers: Iterable[Paper]) -> dict[str, str]:
    """Each paper's BibTeX entry, by id."""
    return {p.id: entry_text(p) for p in papers}


def to_bibtex(papers: Iterable[Paper]) -> str:
    """The papers' BibTeX: their entries, a blank line between them."""
    return "".join(bibtex_pieces(papers))


def csl_item(paper: Paper) -> dict:
    """A CSL-JSON item (the format Zotero, Mendeley and pandoc import)."""
    kind = entry_type(paper)
    item: dict = {
        "id": paper.id,
        "type": {"article": "article-journal", "inproceedings": "paper-conference"}.get(kind, "article"),
        "title": paper.title,
        "issued": {"date-parts": [[paper.year]]},
    }
    if paper.authors:
        item["author"] = [{"given": g, "family": f} if g else {"literal": f} for g, f in map(split_name, paper.authors)]
    if paper.venue:
        item["container-title" if kind != "misc" else "publisher"] = paper.venue
    if paper.links.doi:
        item["DOI"] = paper.links.doi
    if paper.links.arxiv and paper.venue in (None, "arXiv"):  # a published paper is cited as published, not as "Article arXiv:..."
        item["number"] = f"arXiv:{paper.links.arxiv}"
    url = paperfacts.landing_url(paper)
    if url:
        item["URL"] = url
    note = paperfacts.use_summary(paper)
    if note:
        item["note"] = note
    return item


CSV_COLUMNS = ["id", "title", "short_name", "year", "venue", "subfield", "kind", "pretraining", "pretraining_methods",
               "adaptation", "adaptation_methods", "label_source", "modalities", "applications", "datasets", "authors",
               "doi", "arxiv", "paper_url", "code_url", "summary", "weights", "weights_urls", "licence", "licence_family",
               "parameters", "base_models", "training_data"]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A spreadsheet runs a cell that starts with = + - @ as a formula: keep such text literal.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_row(paper: Paper) -> list[str]:
    pre = paper.pretraining
    values = [
        paper.id, paper.title, paper.short_name, paper.year, paper.venue, paper.subfield.value if paper.subfield else "",
        paper.kind.value, pre.paradigm.value if pre else "", "; ".join(pre.methods) if pre else "",
        "; ".join(a.paradigm for a in paper.adaptation), "; ".join(a.method for a in paper.adaptation if a.method),
        paper.label_source.value if paper.label_source else "", "; ".join(paper.modalities), "; ".join(paper.applications),
        paperfacts.dataset_uses(paper), "; ".join(paper.authors), paper.links.doi, paper.links.arxiv, paper.links.paper,
        paper.links.code, paper.summary,
        paper.weights.status.value if paper.weights else "", "; ".join(paper.weights.urls) if paper.weights else "",
        paper.licence.name if paper.licence else "", paper.licence.family.value if paper.licence else "",
        "; ".join(paper.parameters.sizes) + (" (trainable)" if paper.parameters.counted == "trainable" else "") if paper.parameters else "",
        "; ".join(paper.base_models.names) if paper.base_models else "", paper.pretraining_data.scale if paper.pretraining_data else "",
    ]
    return [_cell(v) for v in values]


def to_csv(papers: Iterable[Paper]) -> str:
    return "".join(csv_chunks(papers))


def csv_chunks(papers: Iterable[Paper]) -> Iterator[str]:
    """The CSV text in pieces of about a thousand rows: a download of 100,000 papers is never held whole."""
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for p in papers:
        writer.writerow(csv_row(p))
        if len(lines) >= 1000:
            yield "".join(lines)
            lines.clear()
    yield "".join(lines)


class _Lines:
    """A file for csv.writer that keeps what it is given in a list."""

    def __init__(self, lines: list[str]):
        self.write = lines.append
