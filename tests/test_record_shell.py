"""What record pages share instead of repeating: the site navigation (record_pages.NAV) and every
term's definition (urls.TERMS, shown by atlas.js as a chip's tooltip)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

from conftest import FIXTURES
from test_build import assert_refused_and_untouched, copy_project

from hfm_atlas import record_pages, urls
from hfm_atlas.taxonomy import ALL_VOCABULARIES

SITE = "https://example.org/"  # a base to resolve relative links against


def _page_url(site: Path, page: Path) -> str:
    relative = page.relative_to(site).as_posix()
    return SITE + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


def _nav_links(html: str, base: str) -> list[str]:
    return [urljoin(base, href) for href in re.findall(r'<a href="([^"]*)" class="md-nav__link[^"]*">', html)]


def test_record_pages_take_the_site_navigation_from_one_shared_script(built_site):
    script = (built_site / record_pages.NAV).read_text(encoding="utf-8")
    inserted = json.loads(re.fullmatch(r'document\.currentScript\.insertAdjacentHTML\("beforebegin",(".*")\);\n', script, re.S).group(1))
    home = (built_site / "index.html").read_text(encoding="utf-8")
    home_links = _nav_links(home.split('<nav class="md-nav md-nav--primary"', 1)[1], SITE)
    for record in ("papers/medsam", "datasets/mimic-cxr"):
        page = (built_site / record / "index.html").read_text(encoding="utf-8")
        base = SITE + record + "/"
        nav = page.split('<nav class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
        assert '<script src="../../assets/atlas-nav.js"></script>' in nav
        assert "Explorer" not in nav  # the list is not in the page, only its script and a link home without scripts
        assert _nav_links(nav, base) == [SITE]
        links = _nav_links(inserted, base)
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
