"""Site search at scale: the theme's lunr search against the atlas' own split index, on the same documents, in one run.

    python benchmarks/search.py                          # N = 10,000 and 100,000 papers (about 10 minutes)
    python benchmarks/search.py --sizes 10000            # quicker

For each N it generates a synthetic catalogue (benchmarks/generate.py), makes the atlas' search
documents (hfm_atlas/search.py) and indexes them twice:
- the atlas' index (hfm_atlas/search.py), as `hfm-atlas build` writes it: time, files and bytes on disk,
  searched by the site's own assets/search.js in a page holding only the search box;
- the theme's search, as its plugin would: one search_index.json of the same documents (location,
  title, text), which the theme's worker downloads whole and indexes with lunr in the browser.
Then, in headless Chromium, for five queries typed into each engine's page, unthrottled and with
the network throttled to 10 Mbit/s and 40 ms latency: the time to the first ten results and the
bytes of search files downloaded up to then. The first query is typed as soon as the page has
loaded and timed from the start of navigation (the theme starts fetching its index at page load,
the atlas at the first query); the others show the per-query cost. Text files are served gzipped,
as GitHub Pages serves them. Results go to benchmarks/out/search.json too.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import each_size, gzip_server, measured_page  # noqa: E402
from generate import generate  # noqa: E402

QUERIES = ["segmentation", "contrastive pathology", "retrieval", "zhang", "foundation model"]

# The search box's markup as overrides/partials/search.html writes it, and the site's own script.
ATLAS_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Atlas search timing</title></head><body>
<input type="checkbox" id="__search"><div id="atlas-search"><form action="explorer/"><input type="text" id="atlas-search-input"></form>
<div id="atlas-search-meta">Type to search</div><ol id="atlas-search-results"></ol></div>
<script src="assets/search.js"></script></body></html>
"""


def material_site(work: Path) -> Path:
    """A one-page MkDocs-Material site with the theme's search; its search_index.json is replaced per N."""
    project = work / "material-search"
    if not (project / "site" / "index.html").exists():
        (project / "docs").mkdir(parents=True, exist_ok=True)
        (project / "docs" / "index.md").write_text("# Search timing\n\nThe theme's search over the atlas' documents.\n")
        (project / "mkdocs.yml").write_text("site_name: Search timing\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n")
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")], cwd=project, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return project / "site"


def lunr_index(docs) -> bytes:
    """What the theme's search plugin writes for these pages: every page's location, title and text."""
    config = {"lang": ["en"], "separator": r"[\s\-]+", "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1000000.0}}}  # as mkdocs-material 9.x writes it
    return json.dumps({"config": config,
                       "docs": [{"location": d.url, "title": d.name, "text": " ".join(filter(None, [d.title, " ".join(d.keywords), d.text]))}
                                for d in docs]}, ensure_ascii=False, separators=(",", ":")).encode()


def browser_timing(site: Path, engine: str, throttled: bool) -> list[dict]:
    from conftest import CHROMIUM, CHROMIUM_FLAGS
    from playwright.sync_api import sync_playwright

    base, server = gzip_server(site)
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            # bytes for search only, the engines' workers' requests included (Resource Timing misses those)
            _, page, received = measured_page(browser, throttled, lambda url: any(part in url for part in ("/search/", "/workers/")))
            page.goto(base + ("atlas-timing.html" if engine == "atlas" else ""))
            for i, q in enumerate(QUERIES):
                if engine == "atlas":
                    t0 = page.evaluate("performance.now()")
                    page.fill("#atlas-search-input", q)
                    page.wait_for_function("q => document.getElementById('atlas-search-results').dataset.query === q", arg=q, timeout=300000)
                    ms = page.evaluate("performance.now()") - (t0 if i else 0)
                    results = int(page.text_content("#atlas-search-meta").split()[0].replace(",", "") or 0) if page.query_selector("#atlas-search-results li") else 0
                else:
                    page.click("input.md-search__input")
                    page.keyboard.press("Control+A")
                    page.keyboard.press("Backspace")
                    t0 = page.evaluate("performance.now()")
                    page.keyboard.type(q)  # the theme's search listens to key events, not to a changed value
                    page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0"
                                           " || /No matching/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=300000)
                    ms = page.evaluate("performance.now()") - (t0 if i else 0)
                    results = page.eval_on_selector_all(".md-search-result__item", "els => els.length")
                out.append({"query": q, "ms": round(ms), "results": results, "downloaded_kb": round(received[0] / 1024)})
            browser.close()
    finally:
        server.shutdown()
    return out


def run(n: int, work: Path, browser: bool) -> dict:
    from hfm_atlas import search, urls
    from hfm_atlas.site import write_files
    from hfm_atlas.validate import load_catalogue

    data = generate(n, work / f"data-{n}")
    catalogue = load_catalogue(data)[0]
    docs = list(search.documents(catalogue, urls.Linker(), [], []))
    site = work / f"atlas-{n}"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    t0 = time.perf_counter()
    write_files(search.search_files(docs), site)
    atlas_s = time.perf_counter() - t0
    (site / "assets").mkdir()
    shutil.copy(ROOT / "docs" / "assets" / "search.js", site / "assets" / "search.js")
    (site / "atlas-timing.html").write_text(ATLAS_PAGE)
    files = [p for p in (site / search.OUTPUT).rglob("*") if p.is_file()]
    index = lunr_index(docs)
    result = {
        "papers": n, "documents": len(docs),
        "atlas_index_s": round(atlas_s, 1), "atlas_files": len(files),
        "atlas_mb": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "lunr_index_mb": round(len(index) / 1e6, 1), "lunr_index_gz_mb": round(len(gzip.compress(index, 6)) / 1e6, 1),
    }
    if browser:
        material = material_site(work)
        (material / "search" / "search_index.json").write_bytes(index)
        for engine, folder in (("atlas", site), ("material", material)):
            for throttled in (False, True):
                runs = browser_timing(folder, engine, throttled)
                key = f"{engine}_{'throttled' if throttled else 'local'}"
                result[key + "_first_ms"] = runs[0]["ms"]
                result[key + "_first_kb"] = runs[0]["downloaded_kb"]
                result[key + "_next_ms_median"] = round(statistics.median(r["ms"] for r in runs[1:]))
                result[key + "_total_kb"] = runs[-1]["downloaded_kb"]
    shutil.rmtree(work / f"data-{n}", ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000, 100000])
    parser.add_argument("--no-browser", action="store_true", help="index sizes and times only")
    parser.add_argument("--keep", type=Path, help="keep the generated indexes in this folder")
    args = parser.parse_args()
    each_size(args.sizes, args.keep, "hfm-search-bench-", lambda n, work: run(n, work, not args.no_browser), "search.json")

if __name__ == "__main__":
    main()
