"""Word indexes split into small files: the one tokenizer and file layout of the explorer's search
box (explorer.py) and of the site search (search.py).

A word is a lower-cased run of letters and digits, plus the parts of a mixed-case name (MedSAM ->
med, sam), so "sam" finds MedSAM. The browser splits a query with the same rule
(docs/assets/explorer-index.js, docs/assets/search.js) and a query word matches every indexed word
it begins. The words are grouped by their first two characters, one file per group, so a query
fetches only the files of its own words.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

_WORD = re.compile(r"[^\W_]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# Where a mixed-case name has an inner word: a capital after a small letter or digit (edSAM, 2D) or before a
# capital and a small letter (SAMed). Written to start with its capital, so that the regex engine skips to the next
# capital rather than trying two alternatives at every character: a third of words() on the search's texts
# (the earlier "[a-z0-9][A-Z]|[A-Z]{2}[a-z]" found the same words; tests/test_charts_and_explorer_data.py holds that).
_INNER_CAPITAL = re.compile(r"[A-Z](?:(?<=[a-z0-9][A-Z])|(?=[A-Z][a-z]))")


def words(text: str) -> set[str]:
    """The words a text is found by: each run of letters and digits, lower-cased, and the parts of a
    mixed-case name (MedSAM -> med, sam; PubMedBERT -> pub, med, bert)."""
    found = set(_WORD.findall(text.lower()))
    end = 0
    for inner in _INNER_CAPITAL.finditer(text):  # rare: widen each hit to its word
        if inner.start() < end:
            continue
        start, end = inner.start(), inner.end()
        while start and (text[start - 1].isalnum()):
            start -= 1
        while end < len(text) and text[end].isalnum():
            end += 1
        found.update(part.lower() for part in _CAMEL.findall(text[start:end]) if len(part) > 1)
    return found


def shard_key(word: str) -> str:
    """The index file a word is in: its first two characters (a query word of one letter waits for a second)."""
    return word[:2]


def shard_file(key: str) -> str:
    """The file name of a shard: its key's UTF-8 bytes in hex, so every script and file system can hold it."""
    return key.encode("utf-8").hex() + ".json"


def deltas(numbers: Sequence[int]) -> list[int]:
    """Increasing numbers as gaps from the one before (shorter JSON; the browser adds them up)."""
    return [b - a for a, b in zip([0, *numbers], numbers)]


def shards(postings: Mapping[str, Sequence[int]], folder: str, name: str,
           encode: Callable[[Sequence[int]], list[int]] = deltas) -> Iterator[tuple[str, dict]]:
    """(folder + "<hex>.json", {"words": [sorted words], name: [encoded postings of each word]}), one shard at a
    time: a shard's lists of numbers are made when it is asked for, not all at once (at 100,000 papers the
    site search's postings are 6.6 million numbers).

    Words are sorted by code point; the browser scans a shard's words rather than bisecting them
    (JavaScript compares UTF-16 units, which order differently beyond the Basic Multilingual Plane).
    """
    grouped: dict[str, list[str]] = {}
    for word in sorted(postings):
        grouped.setdefault(shard_key(word), []).append(word)
    for key, keyed in grouped.items():
        yield f"{folder}{shard_file(key)}", {"words": keyed, name: [encode(postings[w]) for w in keyed]}


def add_postings(postings: dict[str, array], found: Iterable[str], value: int) -> None:
    """Append value to the postings of each word of `found`, kept as typed arrays (4 bytes a number, not a 36-byte
    Python int); one call for a document's words (a call per word was a tenth of the explorer's index)."""
    get = postings.get
    for word in found:
        held = get(word)
        if held is None:
            postings[word] = held = array("i")
        held.append(value)
