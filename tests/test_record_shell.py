"""What record pages share instead of repeating: the theme's chrome (header, sidebar with the site navigation,
footer, configuration: record_pages.SHARED) and every term's definition (urls.TERMS, shown by atlas.js as a
chip's tooltip)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

from conftest import FIXTURES, shared_parts
from test_build import assert_refused_and_untouched, copy_project

from hfm_atlas import record_pages, urls
from hfm_atlas.taxonomy import ALL_VOCABULARIES

SITE = "https://example.org/"  # a base to resolve relative links against


def _page_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return SITE + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def _nav_links(html: str, base: str) -> list[str]:
    return [urljoin(base, href) for href in re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">', html)]


def test_record_pages_take_the_theme_chrome_from_one_shared_script(built_site):
    parts = shared_parts(built_site)
    assert list(parts) == ["header", "sidebar", "top", "footer", "end"]
    home = (built_site / "index.html").read_text(encoding="utf-8")
    home_links = _nav_links(home.split('<nav class="md-nav md-nav--primary"', 1)[1], SITE)
    for record in ("papers/medsam", "datasets/mimic-cxr"):
        page = (built_site / record / "index.html").read_text(encoding="utf-8")
        base = SITE + record + "/"
        for name, part in parts.items():
            assert f'<script src="../../assets/atlas-shell.js" data-part="{name}"></script>' in page
            assert part not in page
        assert "<header" not in page and "<footer" not in page and "__md_scope" not in page and 'id="__config"' not in page
        assert '<noscript><p class="atlas-noscript"><a href="../..">' in page  # without scripts, a link home
        assert "MedSAM" not in parts["header"] and "data-atlas-title" in parts["header"]  # the title comes from <title>
        links = _nav_links(parts["sidebar"], base)
        remaining = iter(home_links)
        assert len(links) >= 10 and all(link in remaining for link in links), record  # the home page's entries, in its order
        for link in links:
            assert (built_site / link[len(SITE):] / "index.html").exists(), link


def test_no_page_repeats_a_definition_and_every_chip_finds_its_own(built_site):
    terms = json.loads((built_site / urls.TERMS).read_text(encoding="utf-8"))
    assert sorted(terms.values()) == sorted(f"{t.label}: {t.definition}" for v in ALL_VOCABULARIES for t in v)
    chips = 0
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        base = _page_url(built_site, page)
        for href in re.findall(r'<a class="atlas-tag" href="([^"]*)"', text):
            chips += 1
            key = urljoin(base, href.replace("&amp;", "&"))[len(SITE):]
            assert key in terms, (page, href)
        for definition in ("The model learns representations by generating", "Adjusts the internal parameters of the pre-trained model"):
            assert definition not in text or page.name == "index.html" and page.parent.name == "taxonomy", page
    assert chips > 50


def test_a_chip_shows_its_definition_and_the_drawer_its_navigation(browser, served_site):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(served_site + "papers/medsam/")
        topic = page.locator('[data-md-component="header-topic"] .md-ellipsis')
        assert topic.text_content() == page.title().removesuffix(" - HFM Atlas") and "MedSAM" in topic.text_content()
        assert page.locator("footer.md-footer").count() == 1 and page.locator("button.md-top").count() == 1
        chip = page.locator('a.atlas-tag[href="../../explorer/?ada=FT"]').first
        assert chip.get_attribute("title") is None
        chip.hover()
        page.wait_for_function("() => document.querySelector('a.atlas-tag[href=\"../../explorer/?ada=FT\"]').title !== ''")
        assert chip.get_attribute("title") == "Fine-tuning: Adjusts the internal parameters of the pre-trained model for the target task."
        page.set_viewport_size({"width": 390, "height": 844})
        page.click('label.md-header__button[for="__drawer"]')
        explorer = page.get_by_role("link", name="Explorer", exact=True).and_(page.locator(".md-nav--primary a"))
        explorer.wait_for(state="visible")
        assert explorer.get_attribute("href") == "../../explorer/"
    finally:
        page.close()


def test_a_hand_written_file_where_the_plugin_writes_an_asset_is_refused(tmp_path, built_site):
    project = copy_project(tmp_path / "project")
    (project / "docs" / urls.TERMS).write_text("{}")
    assert_refused_and_untouched(tmp_path, built_site, project / "mkdocs.yml", FIXTURES / "atlas",
                                 f"docs/{urls.TERMS} is where the atlas writes its own files")


def test_a_site_over_the_sitemap_limit_publishes_an_index_of_gzipped_parts(tmp_path, monkeypatch):
    import gzip

    monkeypatch.setattr(record_pages, "SITEMAP_MAX_URLS", 2)
    head = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    entry = "    <url>\n         <loc>https://example.org/{}/</loc>\n    </url>\n"
    (tmp_path / "sitemap.xml").write_text(head + entry.format("about") + entry.format("papers/_atlas_shell") + "</urlset>")
    pages = [record_pages.RecordPage(f"papers/p{i}.md", "2026-01-0" + str(i)) for i in range(1, 4)]
    record_pages._extend_sitemap(tmp_path, pages, urls.Linker(), "https://example.org")
    index = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    parts = re.findall(r"<loc>https://example.org/(sitemap-\d+\.xml\.gz)</loc>", index)
    assert index.count("<sitemapindex") == 1 and "<urlset" not in index and parts == ["sitemap-1.xml.gz", "sitemap-2.xml.gz"]
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode("utf-8") == index
    locs = []
    for part in parts:
        text = gzip.decompress((tmp_path / part).read_bytes()).decode("utf-8")
        assert text.startswith(head) and text.endswith("</urlset>")
        found = re.findall(r"<loc>https://example.org/(.*?)</loc>", text)
        assert len(found) <= 2
        locs += found
    assert locs == ["about/", "papers/p1/", "papers/p2/", "papers/p3/"]  # every page once, in order, and no shell
    assert "<lastmod>2026-01-03</lastmod>" in gzip.decompress((tmp_path / parts[1]).read_bytes()).decode("utf-8")


def test_stacked_tables_label_their_cells_from_the_header_and_keep_it_without_scripts(browser, served_site):
    for scripts in (True, False):
        context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=scripts)
        page = context.new_page()
        try:
            page.goto(served_site + "papers/medsam/")
            table = page.locator("table.atlas-stack").first
            names = table.locator("thead th").all_text_contents()
            cells = table.locator("tbody tr").first.locator("td")
            if scripts:
                assert [cells.nth(i).get_attribute("data-label") for i in range(cells.count())] == names
                assert cells.nth(1).evaluate("c => getComputedStyle(c, '::before').content") == f'"{names[1]}: "'
            else:  # no labels to show: the table keeps its header row
                assert cells.first.get_attribute("data-label") is None
                assert table.locator("thead").evaluate("t => t.getBoundingClientRect().height") > 10
        finally:
            context.close()
