"""Papers as citations: BibTeX (written with bibtexparser v2), CSL-JSON and CSV.

Citation keys are the record ids: unique by construction and never changed, so a key
a reader has cited stays valid whatever records are added later.
"""

from __future__ import annotations

import csv
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator

import bibtexparser
from bibtexparser.middlewares import AddEnclosingMiddleware
from bibtexparser.model import Entry, Field
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


def bibtex_entry(paper: Paper) -> Entry:
    fields = [Field("title", protected_title(paper.title))]
    if paper.authors:
        fields.append(Field("author", " and ".join(latex(a) for a in paper.authors)))
    fields.append(Field("year", str(paper.year)))
    kind = entry_type(paper)
    if kind == "article":
        fields.append(Field("journal", latex(paper.venue)))
    elif kind == "inproceedings":
        fields.append(Field("booktitle", latex(paper.venue)))
    if paper.links.doi:
        fields.append(Field("doi", verbatim(paper.links.doi)))
    if paper.links.arxiv:
        fields += [Field("eprint", paper.links.arxiv), Field("archivePrefix", "arXiv")]
    elif paper.venue in ("bioRxiv", "medRxiv") and paper.links.doi:
        fields += [Field("eprint", verbatim(paper.links.doi)), Field("archivePrefix", paper.venue)]
    if kind == "misc" and paper.venue and not (paper.venue == "arXiv" and paper.links.arxiv):
        fields.append(Field("howpublished", latex(paper.venue)))
    url = paperfacts.landing_url(paper)
    if url:
        fields.append(Field("url", verbatim(url)))
    # The atlas's own fields, which styles ignore and `hfm-atlas import bibtex` reads back (the key is the record id).
    if paper.links.code:
        fields.append(Field("x-hfm-code", verbatim(paper.links.code)))
    if paper.subfield:
        fields.append(Field("x-hfm-subfield", paper.subfield.value))
    fields.append(Field("x-hfm-kind", paper.kind.value))
    return Entry(kind, paper.id, fields)


BLOCK = 256  # papers per bibtexparser write, where entries are made in blocks


def bibtex_pieces(papers: list[Paper]) -> Iterator[str]:
    """The whole catalogue's BibTeX (to_bibtex's text: the entries, a blank line between them) in pieces,
    written BLOCK papers at a time, so that neither every entry nor the whole text is held at once."""
    first = True
    for start in range(0, len(papers), BLOCK):
        for entry in bibtex_entries(papers[start:start + BLOCK]).values():
            yield entry if first else "\n" + entry
            first = False


def bibtex_entries(papers: Iterable[Paper]) -> dict[str, str]:
    """Each paper's BibTeX entry, by id, from one bibtexparser write (per-paper writes cost 20 times more)."""
    papers = list(papers)
    text = to_bibtex(papers)
    chunks = re.split(r"^(?=@)", text, flags=re.M)[1:]
    if len(chunks) != len(papers):  # pragma: no cover - a field value starting a line with "@" cannot happen: values are braced
        raise ValueError("could not split the BibTeX output into entries")
    return {p.id: chunk.strip() + "\n" for p, chunk in zip(papers, chunks)}


def to_bibtex(papers: Iterable[Paper]) -> str:
    library = bibtexparser.Library([bibtex_entry(p) for p in papers])
    fmt = bibtexparser.BibtexFormat()
    fmt.indent = "  "
    fmt.block_separator = "\n"
    enclose = AddEnclosingMiddleware(reuse_previous_enclosing=False, enclose_integers=False, default_enclosing="{")
    return bibtexparser.write_string(library, unparse_stack=[enclose], bibtex_format=fmt)


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
