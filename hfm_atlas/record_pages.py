"""The record-page fast path: paper and dataset pages written through one theme-rendered shell.

Why: MkDocs renders every page through Markdown, the theme template and the search
plugin's HTML parser: about 2.5 ms a page on this kind of machine, most of a
10,000-paper build. A record page needs none of that: its body is HTML already, it
is not in the navigation, and the explorer searches records in full.

The contract (tests/test_golden.py holds a page and its sitemap entry):
- the theme renders one shell page (SHELL_SRC), at the same depth as the record pages,
  whose title, description, <head> extra, canonical path and body are placeholders;
- after MkDocs' build, each record page is the shell with those five filled in
  (text escaped; the body and head are trusted HTML from the templates), at the URL
  MkDocs would have given it; the shell page itself is removed;
- each record page gets the sitemap entry that MkDocs would have given it, appended to
  MkDocs' sitemap (site search has documents of its own: search.py).
This is the only module that writes into MkDocs' output after the build.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import urls
from .parallel import can_fork, cores, end_pool, fork_pool

SHELL_SRC = "papers/_atlas_shell.md"
_TOKENS = {
    "title": "ATLASSHELLTITLE",
    "description": "ATLASSHELLDESCRIPTION",
    "head": "<!--ATLASSHELLHEAD-->",
    # An <h1> in the placeholder keeps the theme from adding a heading of its own.
    "body": '<div class="atlas-shell"><h1>ATLASSHELLBODY</h1></div>',
    "path": "papers/_atlas_shell/",
}


@dataclass(frozen=True)
class RecordPage:
    """A page of one record: where it goes and when its record last changed. What fills the shell is
    computed as the page is written (RecordOutput), not held for every record until then."""

    src: str
    lastmod: str = ""
    record: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RecordOutput:
    """What fills a record page's shell: title and description (plain text), extra <head> HTML (structured
    data) and the body (trusted HTML from the templates); and the files rendered from the same view, path -> text."""

    title: str
    description: str
    head: str
    body: str
    extras: dict[str, str] = field(default_factory=dict)


def shell_meta() -> dict:
    """The shell page's metadata: placeholders where each record's values go."""
    return {"title": _TOKENS["title"], "description": _TOKENS["description"], "hide": ["toc"], "atlas_shell": True}


def shell_body() -> str:
    return _TOKENS["body"]


_INDENT = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")
# The theme's inline icons (logo, menu, search, close, back to top): about 1.6 KB of every record page.
_SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([^"]+)">(.*?)</svg>', re.S)
ICONS = "assets/atlas-icons.svg"  # the shell's icons, once, as symbols its pages point to (cached by the browser)
# The theme's site navigation (about 2 KB of every record page, the same in all of them), once: a script where
# the list stood writes it in as the page is parsed, before the theme's own script looks for it.
NAV = "assets/atlas-nav.js"
_NAV_LIST = '<ul class="md-nav__list" data-md-scrollfix>'
_UL = re.compile(r"<ul\b|</ul>")
# Material's script for content tabs; record pages have none.
_TABS_SCRIPT = re.compile(r'<script>var target=document\.getElementById\(location\.hash\.slice\(1\)\);[^<]*__tabbed_[^<]*</script>')


def _collapse(chrome: str) -> str:
    """The theme's indentation gone: each run of blank space with a line break becomes one line break.

    Rendering is unchanged (a line break is white space wherever the indentation was), and the
    theme's chrome has no <pre> or <textarea>; the record's body is never collapsed. A third of a
    record page's bytes were indentation.
    """
    if "<pre" in chrome or "<textarea" in chrome:
        raise ValueError("the record shell's chrome holds a <pre> or <textarea>, whose spaces would be lost")
    return _INDENT.sub("\n", chrome)


@dataclass
class Shell:
    """The shell's HTML cut at its placeholders, ready to be filled once per record."""

    parts: list[str] = field(default_factory=list)  # literal text and token names, alternating
    names: list[str] = field(default_factory=list)
    icons: dict[tuple[str, str], str] = field(default_factory=dict)  # (viewBox, inner markup) -> symbol id
    nav: str = ""  # the site navigation's list, taken out of the chrome (NAV writes it in)

    def _chrome(self, text: str, prefix: str | None) -> str:
        """A literal part of the shell: indentation collapsed, icons pointing into ICONS, no content-tab script."""
        def icon(m: re.Match) -> str:
            if prefix is None:
                raise ValueError("the shell page has icons but links no theme stylesheet, so the way to ICONS is unknown")
            key = (m.group(1), m.group(2))
            symbol = self.icons.setdefault(key, f"i{len(self.icons)}")
            return f'<svg viewBox="{key[0]}"><use href="{prefix}{ICONS}#{symbol}"/></svg>'
        return _SVG.sub(icon, _TABS_SCRIPT.sub("", _collapse(text)))

    def nav_script(self) -> str:
        """NAV: inserts the navigation list where its script stands (the list's links are relative to the shell's folder,
        which is every record page's: the script serves record pages only)."""
        text = json.dumps(self.nav, ensure_ascii=False).replace("<", "\\u003c")
        return f'document.currentScript.insertAdjacentHTML("beforebegin",{text});\n'

    def _take_nav(self, text: str, prefix: str | None) -> str:
        """The shell with the primary navigation's list replaced by the NAV script (and a link home without scripts)."""
        primary = text.find('class="md-nav md-nav--primary"')
        start = text.find(_NAV_LIST, primary) if primary >= 0 else -1
        if start < 0:
            return text
        if prefix is None:
            raise ValueError("the shell page has a navigation but links no theme stylesheet, so the way to NAV is unknown")
        depth = 0
        for m in _UL.finditer(text, start):
            depth += 1 if m.group(0) == "<ul" else -1
            if depth == 0:
                end = m.end()
                break
        else:
            raise ValueError("the shell page's navigation list is not closed")
        self.nav = _collapse(text[start:end])
        home = prefix.rstrip("/") or "."
        return (text[:start] + f'<script src="{prefix}{NAV}"></script><noscript>{_NAV_LIST}<li class="md-nav__item">'
                f'<a href="{home}" class="md-nav__link">Home</a></li></ul></noscript>' + text[end:])

    def sprite(self) -> str:
        """ICONS: every icon of the shell as a <symbol>, in the order the shell first uses them."""
        symbols = "".join(f'<symbol id="{symbol}" viewBox="{box}">{inner}</symbol>' for (box, inner), symbol in self.icons.items())
        return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'

    @classmethod
    def parse(cls, text: str) -> "Shell":
        if _TOKENS["body"] not in text:
            raise ValueError("the shell page lost its body placeholder (a theme override changed the content block?)")
        pattern = "|".join(re.escape(t) for t in _TOKENS.values())
        by_token = {t: name for name, t in _TOKENS.items()}
        assets = re.search(r'href="([^"]*)assets/stylesheets/', text)  # the way from the shell's folder to the site's root
        prefix = assets.group(1) if assets else None
        shell = cls()
        text = shell._take_nav(text, prefix)
        position = 0
        for m in re.finditer(pattern, text):
            shell.parts.append(shell._chrome(text[position:m.start()], prefix))
            shell.names.append(by_token[m.group(0)])
            position = m.end()
        shell.parts.append(shell._chrome(text[position:], prefix))
        return shell

    def fill(self, values: dict[str, str]) -> str:
        out = [self.parts[0]]
        for name, literal in zip(self.names, self.parts[1:]):
            out.append(values[name])
            out.append(literal)
        return "".join(out)


# The state a forked writer needs; set just before forking, so the children inherit it.
_JOB: tuple | None = None


def _write_slice(bounds: tuple[int, int]) -> int:
    site_dir, pages, output_of, shell, linker = _JOB  # type: ignore[misc]
    root = str(site_dir)
    made: set[str] = set()
    for page in pages[bounds[0]:bounds[1]]:
        url = linker.url(page.src)
        target = os.path.join(root, url, "index.html") if linker.use_directory_urls else os.path.join(root, url)
        folder = os.path.dirname(target)
        if folder not in made:  # os calls, not pathlib: this loop runs once per record
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        out = output_of(page)
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(shell.fill({
                "title": html.escape(out.title), "description": html.escape(out.description),
                "head": out.head, "body": out.body, "path": url,
            }))
        for path, text in out.extras.items():  # files rendered from the same view (a paper's compare data)
            extra = os.path.join(root, path)
            folder = os.path.dirname(extra)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(extra, "w", encoding="utf-8") as handle:
                handle.write(text)
    return bounds[1] - bounds[0]


def write_record_pages(site_dir: Path, pages: list[RecordPage], output_of: Callable[[RecordPage], RecordOutput],
                       linker: urls.Linker, site_url: str = "") -> None:
    """Write every record page from the built shell, then remove the shell; add the sitemap entries.

    output_of gives what fills a page's shell and the files rendered from the same view (site path -> text),
    written beside it. Each is computed as its page is written, not held in memory. A large catalogue is
    written by one forked process per core (the process must have no other threads).
    """
    global _JOB
    shell_url = linker.url(SHELL_SRC)
    shell_file = site_dir / shell_url / "index.html" if linker.use_directory_urls else site_dir / shell_url
    shell = Shell.parse(shell_file.read_text(encoding="utf-8"))
    (site_dir / ICONS).write_text(shell.sprite(), encoding="utf-8")
    if shell.nav:
        (site_dir / NAV).write_text(shell.nav_script(), encoding="utf-8")
    workers = cores()
    _JOB = (site_dir, pages, output_of, shell, linker)
    try:
        if can_fork(len(pages)):
            step = -(-len(pages) // (workers * 4))
            pool = fork_pool(workers)
            try:
                written = sum(pool.map(_write_slice, [(i, min(i + step, len(pages))) for i in range(0, len(pages), step)]))
            finally:
                end_pool(pool)
        else:
            written = _write_slice((0, len(pages)))
    finally:
        _JOB = None
    if written != len(pages):  # pragma: no cover - a pool that lost work raises instead
        raise OSError(f"wrote {written} of {len(pages)} record pages")
    shell_file.unlink()
    if linker.use_directory_urls:
        shell_file.parent.rmdir()
    _extend_sitemap(site_dir, pages, linker, site_url)


def _extend_sitemap(site_dir: Path, pages: list[RecordPage], linker: urls.Linker, site_url: str) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists():
        return
    text = sitemap.read_text(encoding="utf-8")
    prefix = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    entries = "".join(f"    <url>\n         <loc>{html.escape(prefix + linker.url(p.src))}</loc>\n"
                      + (f"         <lastmod>{p.lastmod}</lastmod>\n" if p.lastmod else "") + "    </url>\n" for p in pages)
    shell_entry = re.compile(r"\s*<url>\s*<loc>[^<]*" + re.escape(linker.url(SHELL_SRC)) + r"</loc>.*?</url>", re.S)
    text = shell_entry.sub("", text).replace("</urlset>", entries + "</urlset>")
    sitemap.write_text(text, encoding="utf-8")
    with gzip.GzipFile(site_dir / "sitemap.xml.gz", "wb", mtime=0) as handle:
        handle.write(text.encode("utf-8"))
