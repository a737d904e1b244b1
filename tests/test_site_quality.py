"""Site quality guarded in the test suite: axe-core on the key pages, the Nu HTML Checker on every page,
and the metadata each page carries for sharing and indexing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

KEY_PAGES = ["", "explorer/", "vfm/", "papers/medsam/", "datasets/mimic-cxr/", "statistics/", "taxonomy/", "applications/",
             "challenges/", "downloads/", "benchmarks/", "benchmarks/example-segmentation/", "gaps/", "compare/?ids=biobert,medsam", "datasets/explorer/"]


TOOLS = Path(__file__).resolve().parents[1] / ".ci" / "node_modules"  # installed by .ci/run (npm ci in .ci/)


def tool(relative: str) -> Path:
    path = TOOLS / relative
    if not path.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{path} missing: .ci/run installs it with npm")
        pytest.skip(f"{path} missing: run npm ci in .ci/ (or bash .ci/run)")
    return path


def axe_script() -> str:
    return tool("axe-core/axe.min.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", KEY_PAGES)
def test_axe_finds_no_violation(page, served_site, path):
    page.goto(served_site + path)
    if path == "explorer/":
        page.wait_for_selector("#atlas-explorer[data-ready=true]")
    page.add_script_tag(content=axe_script())
    result = page.evaluate("async () => await axe.run(document)")
    violations = [f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}" for v in result["violations"]]
    assert violations == []


def test_every_page_is_valid_html(built_site):
    """The Nu HTML Checker (vnu.jar) over every page of the built fixture site, errors only."""
    jar = tool("vnu-jar/build/dist/vnu.jar")
    if not shutil.which("java"):
        if os.environ.get("CI"):
            pytest.fail("java not found: .ci/run installs default-jre-headless")
        pytest.skip("java not found (the Nu HTML Checker needs it)")
    result = subprocess.run(["java", "-jar", str(jar), "--errors-only", "--skip-non-html", str(built_site)],
                            capture_output=True, text=True)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts and p.parent.name != "search") + [site / "404.html"]


def meta(text: str, name: str) -> str | None:
    m = re.search(rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', text)
    return m.group(1) if m else None


def test_every_page_has_its_own_title_description_canonical_and_open_graph(built_site):
    titles, descriptions = {}, {}
    for path in pages(built_site):
        if path.name == "404.html":
            continue
        text = path.read_text(encoding="utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S).group(1)
        assert title not in titles, f"{path} repeats the title of {titles.get(title)}"
        titles[title] = path
        description = meta(text, "description")
        assert description, path
        descriptions.setdefault(description, []).append(path)
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', text).group(1)
        assert canonical.startswith("https://") and canonical.endswith(str(path.parent.relative_to(built_site)).strip(".") + "/" if path.parent != built_site else "/")
        for name in ("og:title", "og:description", "og:url", "og:site_name"):
            assert meta(text, name), (path, name)
    repeated = {d: ps for d, ps in descriptions.items() if len(ps) > 1}
    assert repeated == {}


def structured_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1))


def test_paper_and_dataset_pages_carry_schema_org_data(built_site):
    article = structured_data(built_site / "papers" / "biobert" / "index.html")
    assert article["@type"] == "ScholarlyArticle" and article["datePublished"] == "2020"
    assert article["author"][0] == {"@type": "Person", "name": "Jinhyuk Lee"}
    assert article["identifier"]["value"] == "10.1093/bioinformatics/btz682"
    assert article["url"].endswith("/papers/biobert/")
    dataset = structured_data(built_site / "datasets" / "uk-biobank" / "index.html")
    assert dataset["@type"] == "Dataset" and len(dataset["description"]) >= 50 and dataset["isAccessibleForFree"] is False


def test_the_sitemap_lists_every_page_and_no_placeholder(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>(.*?)</loc>", sitemap))
    assert "_atlas_shell" not in sitemap
    for path in pages(built_site):
        if path.name != "404.html":
            rel = str(path.parent.relative_to(built_site))
            assert any(loc.endswith(("/" + rel + "/") if rel != "." else "/") for loc in locs), path
