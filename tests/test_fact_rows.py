"""The templates' environment (render.py): fact rows are drawn once per distinct row (fact_rows) and are the
`fact` macro's output; a template's globals are the environment's, overlaid by its own."""

import pytest
from conftest import ROOT

from hfm_atlas.render import environment
from hfm_atlas.views.common import Fact, Link, Tag


def _rows():
    env = environment(ROOT / "templates")
    return env, env.globals["fact_rows"]


def test_a_row_seen_again_is_the_same_text_and_is_not_drawn_again():
    env, rows = _rows()
    year = Fact("Year", "2023")
    tags = Fact("Pre-training", tags=[Tag("CL", "Contrastive learning", "../../explorer/?pre=CL")])
    first = rows([year, tags])
    macro = env.get_template("_macros.md.j2").module.fact
    assert first == f"{macro(year)}\n{macro(tags)}\n"
    rows.draw.cache_clear()
    rows([year, tags])
    again = rows([Fact("Year", "2023"), Fact("Pre-training", tags=(Tag("CL", "Contrastive learning", "../../explorer/?pre=CL"),))])
    assert again == first and rows.draw.cache_info().hits == 2 and rows.draw.cache_info().misses == 2


def test_rows_that_differ_in_any_part_are_drawn_apart_and_text_is_escaped():
    _, rows = _rows()
    a = Fact("Data", links=[Link("MIMIC-III", "../../datasets/mimic-iii/")])
    b = Fact("Data", links=[Link("MIMIC-III", "../datasets/mimic-iii/")])  # another depth: another link
    c = Fact("Data", links=[Link("MIMIC-III", "../../datasets/mimic-iii/")], source=Link("source: Table 2", "https://example.org/"))
    drawn = [rows([f]) for f in (a, b, c)]
    assert len(set(drawn)) == 3 and 'href="../datasets/mimic-iii/"' in drawn[1] and "Table 2" in drawn[2]
    assert "&lt;script&gt;" in rows([Fact("Venue", "<script>alert(1)</script>")])


def test_a_fact_is_a_value():
    f = Fact("Tags", tags=[Tag("CL", "", "x")])
    assert isinstance(f.tags, tuple) and hash(f) == hash(Fact("Tags", tags=(Tag("CL", "", "x"),)))
    with pytest.raises(AttributeError):
        f.text = "changed"  # type: ignore[misc]


def test_a_templates_globals_are_the_environments_overlaid_by_its_own():
    env, rows = _rows()
    page = env.get_template("paper.md.j2")
    assert page.globals["fact_rows"] is rows and page.globals["paradigm_legend"] == env.globals["paradigm_legend"]
    own = env.from_string("{{ fact_rows }} {{ range(2) | list }}", globals={"fact_rows": "its own"})
    assert own.render() == "its own [0, 1]" and env.globals["fact_rows"] is rows  # the environment's are not changed
    assert env.from_string("{{ extra }}", globals={"extra": 1}).render() == "1" and "extra" not in env.globals
