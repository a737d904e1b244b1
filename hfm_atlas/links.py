"""`hfm-atlas links`: check that every URL in the records still answers (a scheduled job, never a build step)."""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .models import Dataset, Paper
from .records import Entry

USER_AGENT = "hfm-atlas-linkcheck/1 (+https://github.com/; checks the links of a research catalogue)"


@dataclass(frozen=True)
class Link:
    entry: Entry
    path: tuple
    url: str


def record_links(entries: list[Entry]) -> list[Link]:
    out = []
    for e in entries:
        r = e.record
        if isinstance(r, Paper):
            for name in ("paper", "code"):
                if getattr(r.links, name):
                    out.append(Link(e, ("links", name), getattr(r.links, name)))
            if r.links.doi:
                out.append(Link(e, ("links", "doi"), f"https://doi.org/{r.links.doi}"))
        elif isinstance(r, Dataset):
            for name in ("paper", "download"):
                if getattr(r.links, name):
                    out.append(Link(e, ("links", name), getattr(r.links, name)))
    return out


def status(url: str, timeout: float = 20.0) -> str | None:
    """None when the URL answers; else what went wrong. Tries HEAD, then GET (some servers refuse HEAD)."""
    problem = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            problem = f"HTTP {exc.code}"
            if exc.code in (401, 403, 429):  # access control or rate limits: the page exists
                return None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            problem = f"unreachable ({getattr(exc, 'reason', exc)})"
    return problem


def check(entries: list[Entry], workers: int = 8) -> list[tuple[Link, str]]:
    links = record_links(entries)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(lambda link: status(link.url), links))
    return [(link, problem) for link, problem in zip(links, results) if problem]
