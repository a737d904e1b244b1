"""End-to-end builds: the produced HTML, the navigation, offline pages, and atomic replacement."""

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, digest, shared_parts

from hfm_atlas import record_pages
from hfm_atlas.build import build_site
from hfm_atlas.problems import UserError


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8") if not page.endswith(".html") else (site / page).read_text(encoding="utf-8")


def test_home_shows_live_counts_and_the_latest_additions(built_site):
    page = html(built_site, "index.html")
    recent = page.split('id="recently-added"', 1)[1]
    # newest first: MedSAM and BioBERT were added 2026-11-28 (ties in reverse id order), the draft 2026-01-15
    assert recent.index("papers/medsam/") < recent.index("papers/biobert/") < recent.index("papers/draft-paper-2024/")
    assert 'type="application/atom+xml"' in page and (built_site / "feed.xml").exists()
    assert "3 papers (3 methods, 0 surveys), 3 datasets and databases, and 1 application domains" in page
    assert re.search(r'<a href="vfm/">Vision \(VFM\)</a>.*?<a href="vfm/">1</a>', page, re.S)


def test_paper_page_shows_every_field_and_links_its_records(built_site):
    page = html(built_site, "papers/biobert")
    for text in ("Jinhyuk Lee, Wonjin Yoon", "Hybrid learning", "Fine-tuning", "Table I, ref. [38]", "NER, RE, QA",
                 "https://doi.org/10.1093/bioinformatics/btz682", "https://arxiv.org/abs/1901.08746", "Correction:"):
        assert text in page
    assert '<a href="../../datasets/pubmed/">PubMed</a>' in page
    assert '<a href="../../lfm/">Language (LFM)</a>' in page


def test_dataset_page_has_used_by_back_links(built_site):
    page = html(built_site, "datasets/pubmed")
    used_by = page.split("Used by", 1)[1]
    assert '<a href="../../papers/biobert/">' in used_by
    assert "No paper in the atlas lists this dataset yet." in html(built_site, "datasets/uk-biobank")


def test_application_and_subfield_pages(built_site):
    app = html(built_site, "applications/medical-diagnosis")
    assert app.index("Vision (VFM)") < app.index("papers/medsam/") and "papers/draft-paper-2024/" in app
    index = html(built_site, "applications")
    assert "Medical diagnosis</a> (1)" in index
    vfm = html(built_site, "vfm")
    assert "1 method, newest first" in vfm and "papers/medsam/" in vfm
    assert "Cross-subfield" not in html(built_site, "datasets") and "Large-scale databases" in html(built_site, "datasets")


def test_taxonomy_counts_come_from_the_records(built_site):
    page = html(built_site, "taxonomy")
    row = re.search(r'<tr id="pre-training-paradigm-hl">(.*?)</tr>', page, re.S).group(1)
    assert row.endswith('<td><a href="../explorer/?pre=HL" aria-label="1 papers: Hybrid learning">1</a></td>')  # BioBERT, one click away
    row = re.search(r'<tr id="adaptation-paradigm-pe">(.*?)</tr>', page, re.S).group(1)
    assert row.endswith('<td><a href="../explorer/?ada=PE" aria-label="1 papers: Prompt engineering">1</a></td>')  # MedSAM
    row = re.search(r'<tr id="pre-training-paradigm-sl">(.*?)</tr>', page, re.S).group(1)
    assert row.endswith("<td>0</td>")  # no paper: nothing to open


def test_record_text_is_shown_literally(built_site):
    page = html(built_site, "papers/draft-paper-2024")
    assert "A &lt;b&gt;draft&lt;/b&gt; | paper with *markdown* and {{ jinja }}" in page
    assert "<b>draft</b>" not in page
    assert "<title>A &lt;b&gt;draft&lt;/b&gt; | paper" in page


def test_every_page_has_one_heading_and_its_whole_body(built_site):
    """A generated page's body goes in as MkDocs writes the page (plugin.on_post_page): once, where the theme puts
    the content, with its own <h1> and none added by the theme."""
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert len(re.findall(r"<h1[ >]", text)) == 1, page
        assert "HFMATLASBODY" not in text, page
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert home.index('<article class="md-content__inner') < home.index("<h1") < home.index("</article>")


def test_paper_pages_stay_out_of_the_navigation(built_site):
    nav = html(built_site, "index.html").split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "lfm/" in nav and "papers/" not in nav and "datasets/pubmed" not in nav
    assert (built_site / "papers" / "biobert" / "index.html").exists()


def test_record_pages_share_one_icon_sprite_and_fetch_no_sitemap(built_site):
    """The theme's inline icons are symbols of one cached file; no page links rel=alternate (the theme
    would fetch the whole sitemap.xml for it)."""
    sprite = (built_site / "assets" / "atlas-icons.svg").read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol id="([^"]+)"', sprite))
    for record in ("papers/medsam", "datasets/mimic-cxr"):
        page = (built_site / record / "index.html").read_text(encoding="utf-8")
        chrome = re.sub(r'<article.*?</article>', "", page, flags=re.S) + "".join(shared_parts(built_site).values())
        uses = re.findall(r'<use href="\.\./\.\./assets/atlas-icons\.svg#([^"]+)"/>', chrome)
        assert len(uses) >= 4 and set(uses) <= symbols and "<path" not in chrome, record
    assert "<path" not in (built_site / record_pages.SHARED).read_text(encoding="utf-8")
    for page in built_site.rglob("*.html"):
        assert not re.search(r'<link rel="alternate"', page.read_text(encoding="utf-8")), page


def test_the_site_requests_nothing_from_outside(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        assert not re.search(r'<(?:script|img|iframe)[^>]+src="https?://', text), page
        assert not re.search(r'<link(?![^>]*rel="(?:canonical|alternate)")[^>]+href="https?://', text), page


def test_the_real_catalogue_builds_strict(tmp_path):
    site = build_site(ROOT / "mkdocs.yml", data_dir=ROOT / "data", site_dir=tmp_path / "site", strict=True)
    assert (site / "papers" / "biobert" / "index.html").exists()


def copy_project(project: Path) -> Path:
    """The project's build inputs (docs, overrides, templates, mkdocs.yml) in a folder of a test's own."""
    for name in ("docs", "overrides", "templates"):
        shutil.copytree(ROOT / name, project / name)
    for name in ("mkdocs.yml", "CONTRIBUTING.md"):
        shutil.copy(ROOT / name, project / name)
    return project


def assert_refused_and_untouched(tmp_path: Path, built_site: Path, config: Path, data: Path, match: str) -> None:
    """Building `data` over a copy of the built site fails with `match`, and the copy is byte for byte as it was."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    before = digest(site)
    with pytest.raises(UserError, match=match):
        build_site(config, data_dir=data, site_dir=site)
    assert digest(site) == before


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path, built_site):
    assert_refused_and_untouched(tmp_path, built_site, ROOT / "mkdocs.yml", FIXTURES / "broken", "(?s)previous site .* is unchanged")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging folder left behind


def test_a_template_error_leaves_the_previous_site_untouched(tmp_path, built_site):
    project = copy_project(tmp_path / "project")
    (project / "templates" / "paper.md.j2").write_text("{{ no_such_variable }}\n")
    assert_refused_and_untouched(tmp_path, built_site, project / "mkdocs.yml", FIXTURES / "atlas", "no_such_variable")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


@pytest.mark.parametrize("text, match", [("{{ no_such_variable }}\n", "template error while rendering the atlas pages: 'no_such_variable'"),
                                         ("{% if %}\n", r"home\.md\.j2:1: template syntax error")])
def test_a_list_page_template_error_is_one_message_and_leaves_the_previous_site_untouched(tmp_path, built_site, text, match):
    """List pages are rendered as MkDocs writes them (render.GeneratedPage): an error there is reported like one in on_files."""
    project = copy_project(tmp_path / "project")
    (project / "templates" / "home.md.j2").write_text(text)
    assert_refused_and_untouched(tmp_path, built_site, project / "mkdocs.yml", FIXTURES / "atlas", match)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


def test_a_full_disk_leaves_the_previous_site_untouched(tmp_path, built_site, monkeypatch):
    import errno

    from mkdocs.structure import files as mkdocs_files

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mkdocs_files.File, "copy_file", disk_full)
    assert_refused_and_untouched(tmp_path, built_site, ROOT / "mkdocs.yml", FIXTURES / "atlas", "No space left on device")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_serve_watches_the_records_and_templates(tmp_path, monkeypatch):
    from hfm_atlas.build import load_project_config

    monkeypatch.chdir(ROOT)
    config = load_project_config(ROOT / "mkdocs.yml", FIXTURES / "atlas")
    config = config.plugins.on_config(config)
    assert str(FIXTURES / "atlas") in config.watch and str(ROOT / "templates") in config.watch


def test_challenge_and_direction_pages_link_the_papers_that_address_them(built_site):
    page = html(built_site, "challenges/algorithm-adaptability")
    assert "1 paper in the atlas address it" in page and '<a href="../../papers/medsam/">' in page
    index = html(built_site, "challenges")
    assert index.count('<h2 id="') == 3 and "Adaptability</a></dt><dd>" in index
    directions = html(built_site, "future-directions")
    assert directions.count('<h2 id="') == 4 and 'href="../challenges/algorithm-adaptability/">Adaptability (1 papers)' in directions


def test_structured_data_names_each_other_page_once():
    """A paper whose landing link is its arXiv page lists that page once in sameAs."""
    from hfm_atlas import jsonld
    from hfm_atlas.validate import load_catalogue

    catalogue = load_catalogue(ROOT / "data")[0]
    twice = [p for p in catalogue.papers if p.links.arxiv and p.links.paper == f"https://arxiv.org/abs/{p.links.arxiv}"]
    assert twice
    for p in twice + catalogue.papers:
        same_as = jsonld.paper(p, "https://example.org/x/").get("sameAs", [])
        assert len(same_as) == len(set(same_as)), p.id


def test_every_served_file_is_under_a_reserved_path_and_a_hand_written_one_there_is_refused(tmp_path, built_site):
    import datetime as dt

    from hfm_atlas.site import site_data, written_under
    from hfm_atlas.validate import load_catalogue

    files, _ = site_data(load_catalogue(FIXTURES / "atlas")[0], dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "")
    assert files and all(written_under(path) for path in files)
    assert not written_under("about.md") and not written_under("assets/atlas.css")
    project = copy_project(tmp_path / "project")
    (project / "docs" / "api").mkdir()
    (project / "docs" / "api" / "papers.json").write_text("{}")
    assert_refused_and_untouched(tmp_path, built_site, project / "mkdocs.yml", FIXTURES / "atlas",
                                 "docs/api/papers.json is where the atlas writes its own files")


def test_bibtex_entries_made_on_demand_are_the_whole_catalogues():
    from hfm_atlas.bibliography import bibtex_entries
    from hfm_atlas.site import Bibtex
    from hfm_atlas.validate import load_catalogue

    papers = load_catalogue(ROOT / "data")[0].papers
    whole = bibtex_entries(papers)
    lazy = Bibtex(papers)
    assert [lazy[p.id] for p in reversed(papers)] == [whole[p.id] for p in reversed(papers)]
    assert len(lazy) == len(papers) and set(lazy) == set(whole)


def test_the_bibtex_download_written_in_pieces_is_the_whole_catalogues_text():
    from hfm_atlas import bibliography
    from hfm_atlas.validate import load_catalogue

    papers = load_catalogue(ROOT / "data")[0].papers
    pieces = list(bibliography.bibtex_pieces(papers))
    assert len(pieces) == len(papers) and "".join(pieces) == bibliography.to_bibtex(papers)
    assert "".join(pieces) == "\n".join(bibliography.bibtex_entries(papers).values())


def test_an_edited_template_is_used_by_the_next_build_in_the_same_process(tmp_path):
    """Jinja does not stat the templates while pages render; the next build sees an edit, imports included."""
    import shutil

    from hfm_atlas.bibliography import bibtex_entries
    from hfm_atlas.render import Renderer, environment
    from hfm_atlas.validate import load_catalogue

    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    catalogue = load_catalogue(ROOT / "data")[0]
    bibtex = bibtex_entries(catalogue.papers)

    def body() -> str:
        renderer = Renderer(catalogue, templates)
        page = next(p for p in renderer.record_pages() if p.record.id == "biobert")
        return renderer.record_body(page, bibtex)

    before = body()
    assert environment(templates) is environment(templates)  # unchanged templates: one compiled environment
    macros = templates / "_macros.md.j2"
    macros.write_text(macros.read_text(encoding="utf-8").replace('<dl class="atlas-facts">', '<dl class="atlas-facts edited">'),
                      encoding="utf-8")
    after = body()
    assert 'class="atlas-facts edited"' in after and 'class="atlas-facts edited"' not in before
