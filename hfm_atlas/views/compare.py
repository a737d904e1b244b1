"""Compare: the page that sets 2 to 4 papers side by side.

Its script reads each paper's own page (assets/compare.js): the title, the fact lists and the results of the
paper's own method, so no second copy of every paper's facts is published (at 100,000 papers, 94 MB of
api/compare/<id>.json did that before).
"""

from __future__ import annotations

from .. import urls
from ..catalogue import Catalogue

MAX_PAPERS = 4
ID = "ID"  # where a paper's id goes in the page address the script is given


def compare_page(cat: Catalogue, linker: urls.Linker) -> dict:
    page = urls.COMPARE
    return {"max": MAX_PAPERS, "paper": linker.href(page, urls.paper_page(ID)), "index": linker.asset(page, urls.EXPLORER_DATA),
            "index_script": linker.asset(page, urls.EXPLORER_INDEX_SCRIPT), "script": linker.asset(page, "assets/compare.js"), "explorer": linker.href(page, urls.EXPLORER)}
