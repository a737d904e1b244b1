"""The plain-style fast path (hfm_atlas/plainyaml.py) returns libyaml's data or nothing.

The careful path (libyaml events through load._Builder) is the authority: whenever read_plain
returns data, it must be the careful path's data, value for value and type for type (True is not
1, a date is not a string). These tests hold it to that on every record of the atlas, on a
synthetic catalogue, on thousands of damaged documents, and on the YAML that differs between
readers; and they fail if the fast path stopped engaging (a path that declines everything is
correct but useless).
"""

from __future__ import annotations

import datetime as dt
import random
import sys

import pytest

from conftest import ROOT

from hfm_atlas.dump import record_yaml
from hfm_atlas.load import MAX_DEPTH, MAX_NODES, _Builder, _Loader, read_document
from hfm_atlas import plainyaml

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402


def read_plain(text: str):
    return plainyaml.read_plain(text, MAX_NODES, MAX_DEPTH)


def careful(text: str):
    """libyaml's reading through the loader's own builder, or an exception if it refuses the text."""
    loader = _Loader(text)
    try:
        doc = _Builder(loader, "x", False).document()
        return None if doc is None else doc.data
    finally:
        loader.dispose()


def same(a, b) -> bool:
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b or (a != a and b != b)  # NaN is not equal to itself


def check(text: str) -> bool:
    """True when the fast path read `text`; it then must agree with the careful path."""
    fast = read_plain(text)
    if fast is None:
        return False
    try:
        slow = careful(text)
    except Exception as exc:  # noqa: BLE001 - any refusal by the careful path is a disagreement
        pytest.fail(f"fast path read a document the careful path refuses ({exc!r}):\n{text}")
    assert same(fast, slow), f"fast {fast!r}\n!= careful {slow!r}\nfor:\n{text}"
    return True


def test_every_record_of_the_atlas_reads_the_same_and_nearly_all_take_the_fast_path():
    files = sorted((ROOT / "data").rglob("*.yaml"))
    fast = [check(f.read_text(encoding="utf-8")) for f in files]
    assert len(files) > 400
    # Two files hold a folded block (text: >-) or a flow mapping; everything else is the plain style.
    assert sum(fast) >= len(files) - 5, [str(f) for f, ok in zip(files, fast) if not ok]


def test_a_synthetic_catalogue_reads_the_same():
    rng = random.Random(3)
    texts = [record_yaml("papers", generate.paper(rng, i, 50) | {"added": "2026-12-01"}) for i in range(300)]
    texts += [record_yaml("datasets", generate.dataset(rng, i) | {"added": "2026-12-01"}) for i in range(50)]
    assert all(check(t) for t in texts)


def test_read_document_uses_it_only_where_positions_are_not_needed(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("id: p\nyear: 2024\nadded: 2026-01-02\ntasks: [NER, 'a, b']\n", encoding="utf-8")
    fast, _ = read_document(path, "p.yaml", positions=False)
    located, _ = read_document(path, "p.yaml", positions=True)
    assert same(fast.data, located.data)
    assert fast.data == {"id": "p", "year": 2024, "added": dt.date(2026, 1, 2), "tasks": ["NER", "a, b"]}
    assert located.positions[("year",)] == (2, 7)  # the careful path, which says where each value is


# What readers disagree on, or what a fast reader gets wrong: YAML 1.1 scalars, indicators, quoting,
# comments, flow lists, indentation. Each goes in as a value, a list item and a flow item.
TRICKY = [
    "yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "true", "1", "-5", "+1", "0o17", "0x1F", "017", "1_000",
    "1e3", "1.5e3", ".5", ".inf", "-.inf", ".nan", "1:30", "190:20:30", "2024-01-01", "2024-1-1", "2024-13-45",
    "2024-01-01 10:00", "2024-01-01T10:00:00Z", "=", "<<", "a: b", "a:b", "a:", ":a", "a #b", "a#b", "C#", "#c",
    "[a, b", "[a, b]", "[]", "[ ]", "[a,b]", "[a ,b ]", "['a, b', c]", "['it''s']", "[-a]", "[- a]", "[a?]", "[a:b]",
    "[a: b]", "[{a: b}]", "[a, [b]]", "[a] b", "[a]#c", "[a] #c", "{a: b}", "&x a", "*x", "!!str a", "!x a", "|", ">",
    "|-\n  x", ">-\n  y", "- a", "-", "? a", "%a", "@a", "`a", "'q'", "'q' #c", "'q'x", "''", "'it''s'", "'a\n  b'",
    '"q"', '"q\\n"', '"a #b"', '"a" x', "a  b", "http://x.org/a?b=c#d", "a, b", "a]", "a}", "{", "é", "😀",
    "a\u2028b", "a\x85b", "\ufeffa", "a\ufeff", "a\u00a0b", "'", '"', "'a", "a'", 'a"b', "- [a]",
    "[a, ]", "[a,]", "[,a]", "[a,,b]", "[ a , b ]", "[a\u00a0, b]", "[\u00a0a]", "[yes, null, 1, 2024-01-01]", "[a, 'b']",
    "[a]]", "[[a]", "[a b, c d]", "[a, -b, - c]", "[a, #b]", "[a # b]", "[true: x]", "[ ]  ", "[é, 😀]",
]


def test_tricky_scalars_read_the_same_wherever_they_stand():
    taken = 0
    for value in TRICKY:
        for text in (f"id: p\nkey: {value}\nnext: 1\n", f"id: p\nlist:\n  - {value}\n  - b\nnext: 1\n",
                     f"id: p\nlist:\n- {value}\nnext: 1\n", f"id: p\nflow: [{value}, b]\n", f"id: p\n{value}: 1\n",
                     f"id: p\nitems:\n  - key: {value}\n    other: x\n"):
            taken += check(text)
    assert taken > 150  # most of them are still read by the fast path


def test_structure_reads_the_same():
    documents = [
        "id: p\nlinks:\n  paper: https://a.org\n  arxiv: '2401.00001'\nauthors:\n  - A\n  - B\n",
        "id: p\nauthors:\n- A\n- B\nyear: 2024\n",  # a list at its key's indentation
        "id: p\nd:\n  - id: x\n    roles: [evaluate]\n    source:\n      url: https://a.org\n      where: Table 2\n  - id: y\n",
        "id: p\nd:\n  -   id: x\n      roles: [a]\n",  # extra spaces after the dash
        "id: p\nd:\n  - id: x\n   roles: [a]\n",  # a key out of line
        "id: p\nd:\n  - id: x\n     roles: [a]\n",
        "id: p\n  x: 1\n",  # indented where nothing opens a block
        " id: p\n",  # an indented root
        "- a\n- b\n",  # a list, not a record
        "id: p\nid: q\n",  # a repeated key
        "id: p\nempty:\nnext: 1\n",  # null
        "id: p\nempty: # nothing\nnext: 1\n",
        "# header\n\nid: p  # comment\n\n# between\ntitle: 'A # b'  # c\n",
        "id: p\ntitle: a long\n  continued title\n",  # a plain scalar on two lines
        "id: p\ntitle: 'a long\n  continued title'\n",
        "---\nid: p\n", "id: p\n...\n", "id: p\n---\nid: q\n", "%YAML 1.1\n---\nid: p\n",
        "id: p\r\ntitle: x\r\n", "id: p\ntitle:\tx\n", "id: p\nnested:\n  a:\n    b:\n      c: [1, 2]\n",
        "id: p\nl:\n  - - a\n", "id: p\nl:\n  -\n    a: 1\n", "id: p\nl:\n  - a\n  -\n", "id: p\nl: - a\n",
        "id: p\nkey : v\n", "id: p\n'key': v\n", '"id": p\n', "id: p\nk:v\n", "id: p\n? k\n: v\n",
        "id: p\nyes: 1\n", "id: p\nnull: 1\n", "id: p\n1: 1\n", "id: p\nk-1: v\n", "id: p\n_k: v\n",
        "id: p\nl:\n  - a\n  # between items\n  - b\n", "id: p\nl:\n  - a\n    # deeper comment\n  - b\n",
        "id: p\nm:\n  a: 1\n  # comment\n  b: 2\n", "id: p\nx: 1 \ny: 2   \n",  # trailing spaces
    ]
    for text in documents:
        check(text)


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(lines))
        op = rng.randrange(8)
        line = lines[i]
        if op == 0 and ": " in line:  # a tricky value
            lines[i] = line.split(": ", 1)[0] + ": " + rng.choice(TRICKY)
        elif op == 1:  # indentation off by one or two
            lines[i] = " " * rng.choice([1, 2]) + line if rng.random() < 0.5 else line[rng.choice([1, 2]):]
        elif op == 2:
            lines.insert(i, line)  # a repeated line
        elif op == 3:
            del lines[i]
        elif op == 4:  # a character anywhere
            at = rng.randrange(len(line) + 1)
            lines[i] = line[:at] + rng.choice("-:#[]{},'\"&*!|> ?%@`\\x") + line[at:]
        elif op == 5:
            lines.insert(i, rng.choice(["# note", "", "  # indented note", "---", "-", "  -", "key:", "  key: v"]))
        elif op == 6 and "- " in line:  # a list item turned into something else
            lines[i] = line.replace("- ", rng.choice(["-", "- - ", "-  ", "  - ", "? "]), 1)
        elif op == 7 and ": " in line:  # a value moved to the next line
            key, value = line.split(": ", 1)
            lines[i] = key + ":"
            lines.insert(i + 1, " " * (len(key) - len(key.lstrip()) + rng.choice([0, 2, 4])) + value)
    return "\n".join(lines)


def test_damaged_documents_are_read_the_same_or_left_to_the_careful_path():
    rng = random.Random(11)
    bases = [f.read_text(encoding="utf-8") for f in sorted((ROOT / "data" / "papers").glob("*.yaml"))[:60]]
    taken = 0
    for n in range(4000):
        taken += check(_mutate(rng, rng.choice(bases)))
    assert taken > 1000  # damage the careful path accepts is mostly read by the fast path too
