"""A list longer than LIST_LIMIT shows its newest papers and links to all of them in the explorer."""

from __future__ import annotations

import pytest
from conftest import FIXTURES, ROOT

from hfm_atlas import urls
from hfm_atlas.render import Renderer
from hfm_atlas.validate import load_catalogue
from hfm_atlas.views import common


@pytest.fixture()
def pages(monkeypatch, tmp_path):
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from generate import generate  # a synthetic catalogue: 60 papers, a dozen or more per subfield

    monkeypatch.setattr(common, "LIST_LIMIT", 3)
    catalogue = load_catalogue(generate(60, tmp_path / "data"))[0]
    renderer = Renderer(catalogue, ROOT / "templates", urls.Linker(), site_url="")
    return catalogue, {p.src: p.body for p in renderer.pages()}


def test_a_subfield_list_longer_than_the_limit_is_cut_and_links_to_the_explorer(pages):
    catalogue, bodies = pages
    code = next(sf for sf, ps in catalogue.papers_by_subfield.items() if sf and sum(p.kind == "method" for p in ps) > 3)
    methods = [p for p in catalogue.papers_by_subfield[code] if p.kind == "method"]
    body = bodies[urls.subfield_page(code.value)]
    table = body.split('<table class="atlas-stack">')[1].split("</table>")[0]
    assert table.count("<tr><td") == 3  # the three newest
    assert all(f"papers/{p.id}/" in table for p in methods[:3]) and f"papers/{methods[3].id}/" not in table
    assert f"The newest 3 of {len(methods)} are listed here." in body
    assert f'<a href="../explorer/?sf={code.value}&amp;kind=method">See all {len(methods)} in the explorer</a>' in body
    assert f"{len(methods)} methods, newest first" in body  # the count is of all of them


def test_a_list_within_the_limit_is_whole_and_says_nothing_more():
    catalogue = load_catalogue(FIXTURES / "atlas")[0]
    renderer = Renderer(catalogue, ROOT / "templates", urls.Linker(), site_url="")
    assert all("atlas-more" not in p.body for p in renderer.pages())
    rows = common.paper_rows("vfm.md", urls.Linker(), catalogue.papers[:3], sf="VFM")
    assert rows["total"] == 3 and len(rows["rows"]) == 3 and rows["more"] is None


def test_an_application_and_a_dataset_list_link_to_their_papers_in_the_explorer(pages):
    import re

    catalogue, bodies = pages
    app, papers = max(catalogue.papers_by_application.items(), key=lambda kv: len(kv[1]))
    assert len(papers) > 3
    body = bodies[urls.application_page(app)]
    assert re.search(rf'href="\.\./\.\./explorer/\?app={app}(&amp;sf=[A-Z]+)?">See all \d+ in the explorer', body)
    assert all(t.count("<tr><td") <= 3 for t in body.split('<table class="atlas-stack">')[1:])
    dataset, uses = max(catalogue.uses_of.items(), key=lambda kv: len(kv[1]))
    renderer = Renderer(catalogue, ROOT / "templates", urls.Linker(), site_url="")
    record = next(r for r in renderer.record_pages() if r.src == urls.dataset_page(dataset))
    body = renderer.record_body(record, {})
    by_role = [sum(role in u.roles for _, u in uses) for role in {r for _, u in uses for r in u.roles}]
    assert max(by_role) > 3
    assert f'href="../../explorer/?ds={dataset}">See all {max(by_role)} in the explorer' in body
    assert all(t.count("<tr><td") <= 3 for t in body.split('<table class="atlas-stack">')[1:])
