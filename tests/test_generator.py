"""The synthetic catalogue of the benchmarks stays valid at any size (the 100,000-paper benchmark needs it)."""

import random
import sys

from conftest import ROOT

from hfm_atlas.models import Paper

sys.path.insert(0, str(ROOT / "benchmarks"))
import generate  # noqa: E402


def test_arxiv_ids_stay_valid_and_unique_past_90000_papers():
    numbers = [0, 1, 89_999, 90_000, 90_001, 99_999, 100_000, 179_999, 180_000, 999_999]
    papers = [generate.paper(random.Random(7), i, 20) for i in numbers]
    for p in papers:
        p["added"] = "2026-12-01"
        Paper.model_validate(p)  # a 6-digit suffix (2209.109996) would be refused here
    ids = [p["links"]["arxiv"] for p in papers]
    assert len(set(ids)) == len(ids) and all(len(i.split(".")[1]) == 5 for i in ids)
    # the same month and suffix in two blocks of 90,000 cannot collide: the blocks use different id years
    assert {i[:2] for i in ids[3:]} & {i[:2] for i in ids[:3]} == set()
