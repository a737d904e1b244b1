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

import html
import itertools
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import urls
from .files import compressed
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


@dataclass(frozen=True, slots=True)
class RecordPage:
    """A page of one record: where it goes and when its record last changed. What fills the shell is
    computed as the page is written (RecordOutput), not held for every record until then. (Slotted: one
    per record, held for the whole build.)"""

    src: str
    lastmod: str = ""
    record: Any = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class RecordOutput:
    """What fills a record page's shell: title and description (plain text), extra <head> HTML (structured
    data) and the body (trusted HTML from the templates)."""

    title: str
    description: str
    head: str
    body: str


def shell_meta() -> dict:
    """The shell page's metadata: placeholders where each record's values go."""
    return {"title": _TOKENS["title"], "description": _TOKENS["description"], "hide": ["toc"], "atlas_shell": True}


def shell_body() -> str:
    return _TOKENS["body"]


_INDENT = re.compile(r"[ \t\r\n]*\n[ \t\r\n]*")
# The theme's inline icons (logo, menu, search, close, back to top): about 1.6 KB of every record page.
_SVG = re.compile(r'<svg xmlns="http://www.w3.org/2000/svg" viewBox="([^"]+)">(.*?)</svg>', re.S)
ICONS = "assets/atlas-icons.svg"  # the shell's icons, once, as symbols its pages point to (cached by the browser)
# The chrome that is the same on every record page (about 4.5 KB of each: the header, the sidebar with the site
# navigation, the footer and the theme's configuration), once: where each stood, a script tag of SHARED writes it in
# as the page is parsed, before the theme's own script looks for it. The header's page title is taken from <title>.
SHARED = "assets/atlas-shell.js"
# Each shared part: its name (the script tag's data-part), how its first element starts and how its last
# one does, in page order (a part runs from the start of the first to the end of the last; what stands
# between them belongs to it). The header's part opens with the theme's drawer and search toggles.
_SHARED_PARTS = (
    ("header", '<input class="md-toggle" data-md-toggle="drawer"', '<header class="md-header'),
    ("sidebar", '<div class="md-sidebar md-sidebar--primary"', None),
    ("top", '<button type="button" class="md-top', None),
    ("footer", '<footer class="md-footer', None),
    ("end", '<div class="md-dialog"', '<script id="__config"'),
)
# The theme's inline script in <head> (its storage helpers, which its bundle uses): run by SHARED before the first part.
_SCOPE_SCRIPT = re.compile(r"<script>(__md_scope=.*?)</script>\n?", re.S)
_TAG_NAME = re.compile(r"<([a-z]+)")
_TITLE_HOLDER = re.compile(r"(<[a-z]+\b[^<>]*)>\s*ATLASSHELLTITLE\s*<")
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
    shared: dict[str, str] = field(default_factory=dict)  # part name -> its HTML, taken out of the chrome (SHARED writes it in)
    head_code: str = ""  # the theme's inline <head> script, run by SHARED instead
    title_suffix: str = ""  # what <title> adds to a page's own title (the header shows the title without it)

    def _chrome(self, text: str, prefix: str | None) -> str:
        """A literal part of the shell: indentation collapsed, icons pointing into ICONS, no content-tab script."""
        def icon(m: re.Match) -> str:
            if prefix is None:
                raise ValueError("the shell page has icons but links no theme stylesheet, so the way to ICONS is unknown")
            key = (m.group(1), m.group(2))
            symbol = self.icons.setdefault(key, f"i{len(self.icons)}")
            return f'<svg viewBox="{key[0]}"><use href="{prefix}{ICONS}#{symbol}"/></svg>'
        return _SVG.sub(icon, _TABS_SCRIPT.sub("", _collapse(text)))

    def shared_script(self) -> str:
        """SHARED: writes the part its script tag names where the tag stands (the parts' links are relative to the
        shell's folder, which is every record page's: the script serves record pages only), then gives the header
        the page's title."""
        parts = json.dumps(self.shared, ensure_ascii=False, sort_keys=False).replace("<", "\\u003c")
        suffix = json.dumps(self.title_suffix, ensure_ascii=False).replace("<", "\\u003c")
        code = self.head_code + ";\n" if self.head_code else ""
        return (code + "(function(s){s.insertAdjacentHTML(\"beforebegin\"," + parts + "[s.getAttribute(\"data-part\")]);"
                "var t=document.title,x=" + suffix + ";if(x&&t.slice(-x.length)===x)t=t.slice(0,-x.length);"
                "document.querySelectorAll(\"[data-atlas-title]\").forEach(function(e){e.textContent=t;"
                "e.removeAttribute(\"data-atlas-title\")})})(document.currentScript);\n")

    def _element_end(self, text: str, start: int, name: str) -> int:
        """Where the element starting at `start` ends (its closing tag matched, nested ones of its kind counted; a void
        element such as <input> ends with its tag)."""
        tag = _TAG_NAME.match(text, start).group(1)
        if tag in ("input", "br", "hr", "img", "meta", "link"):
            return text.index(">", start) + 1
        depth = 0
        for m in re.compile(f"<{tag}\\b|</{tag}>").finditer(text, start):
            depth += -1 if m.group(0).startswith("</") else 1
            if depth == 0:
                return m.end()
        raise ValueError(f"the shell page's {name} is not closed")

    def _take_shared(self, text: str, prefix: str | None) -> str:
        """The shell with each shared part of its chrome replaced by a SHARED script tag (and, without scripts,
        a link home in the header's place and the copyright line in the footer's)."""
        for name, first, last in _SHARED_PARTS:
            start = text.find(first)
            if start < 0:
                continue
            if prefix is None:
                raise ValueError(f"the shell page has a {name} but links no theme stylesheet, so the way to SHARED is unknown")
            last_start = text.find(last, start) if last else start
            if last_start < 0:
                raise ValueError(f"the shell page's {name} has no {last!r} after its start")
            end = self._element_end(text, last_start, name)
            if text.count("<div", start, end) != text.count("</div>", start, end):
                raise ValueError(f"the shell page's {name} is not a run of whole elements")
            part = _TITLE_HOLDER.sub(r"\1 data-atlas-title><", text[start:end], count=1)
            if any(token in part for token in _TOKENS.values()):
                raise ValueError(f"the shell page's {name} holds a placeholder other than the header's title")
            self.shared[name] = self._chrome(part, prefix)
            text = text[:start] + f'<script src="{prefix}{SHARED}" data-part="{name}"></script>' + self._fallback(name, part, prefix) + text[end:]
        scope = _SCOPE_SCRIPT.search(text)
        if scope and self.shared:
            self.head_code = scope.group(1)
            text = text[:scope.start()] + text[scope.end():]
        title = re.search("<title>" + re.escape(_TOKENS["title"]) + "(.*?)</title>", text, re.S)
        self.title_suffix = html.unescape(title.group(1)) if title else ""
        return text

    @staticmethod
    def _fallback(name: str, part: str, prefix: str) -> str:
        if name == "header":
            site = re.search(r'title="([^"]*)" class="md-header__button md-logo"', part)
            return f'<noscript><p class="atlas-noscript"><a href="{prefix.rstrip("/") or "."}">{site.group(1) if site else "Home"}</a></p></noscript>'
        if name == "footer":
            line = re.search(r'<div class="md-copyright__highlight">.*?</div>', part, re.S)
            return f"<noscript>{_collapse(line.group(0))}</noscript>" if line else ""
        return ""

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
        text = shell._take_shared(text, prefix)
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


# Slices of the pages per writer, handed out one at a time as writers become free. With 4, a 100,000-paper build
# had one writer working alone for its last 5 s (a slice is 13,750 pages there, and slices differ in cost:
# the dataset pages come first and cost several times a paper page); with 32 the last slice is about 1,700 pages.
SLICES_PER_WORKER = 32

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
            try:
                os.mkdir(folder)  # one call; makedirs first looks at the parent, every time
            except FileExistsError:
                pass
            except FileNotFoundError:
                os.makedirs(folder, exist_ok=True)
            made.add(folder)
        out = output_of(page)
        _write_new(target, shell.fill({
            "title": html.escape(out.title), "description": html.escape(out.description),
            "head": out.head, "body": out.body, "path": url,
        }).encode("utf-8"))
    return bounds[1] - bounds[0]


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC


def _write_new(target: str, data: bytes) -> None:
    """What open(target, "w").write does for a page, without the text and buffer layers Python's open builds
    for every file (user CPU per page file: 20-28 -> 8-12 us in a micro-benchmark of 5,000 files)."""
    fd = os.open(target, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_record_pages(site_dir: Path, pages: list[RecordPage], output_of: Callable[[RecordPage], RecordOutput],
                       linker: urls.Linker, site_url: str = "") -> None:
    """Write every record page from the built shell, then remove the shell; add the sitemap entries.

    output_of gives what fills a page's shell, computed as the page is written, not held in memory. A large catalogue is
    written by one forked process per core (the process must have no other threads).
    """
    global _JOB
    shell_url = linker.url(SHELL_SRC)
    shell_file = site_dir / shell_url / "index.html" if linker.use_directory_urls else site_dir / shell_url
    shell = Shell.parse(shell_file.read_text(encoding="utf-8"))
    (site_dir / ICONS).write_text(shell.sprite(), encoding="utf-8")
    if shell.shared:
        (site_dir / SHARED).write_text(shell.shared_script(), encoding="utf-8")
    workers = cores()
    _JOB = (site_dir, pages, output_of, shell, linker)
    try:
        if can_fork(len(pages)):
            step = -(-len(pages) // (workers * SLICES_PER_WORKER))
            pool = fork_pool(workers)
            try:
                written = sum(pool.imap_unordered(_write_slice, [(i, min(i + step, len(pages))) for i in range(0, len(pages), step)]))
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


# The sitemap protocol's limit for one file (sitemaps.org): a larger site publishes a sitemap index
# (sitemap.xml) and parts of at most this many pages each, gzipped (sitemap-K.xml.gz).
SITEMAP_MAX_URLS = 50_000
_URL_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)


def _extend_sitemap(site_dir: Path, pages: list[RecordPage], linker: urls.Linker, site_url: str) -> None:
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists():
        return
    text = sitemap.read_text(encoding="utf-8")
    prefix = site_url if site_url.endswith("/") or not site_url else site_url + "/"
    shell_loc = "<loc>" + html.escape(prefix + linker.url(SHELL_SRC)) + "</loc>"
    theirs = [e.strip("\n") for e in _URL_ENTRY.findall(text) if shell_loc not in e]
    total = len(theirs) + len(pages)
    # Each record's entry made as its part is written: at 100,000 records all of them were 30 MB at the end of the build.
    entries = itertools.chain(theirs, (f"    <url>\n         <loc>{html.escape(prefix + linker.url(p.src))}</loc>\n"
                                       + (f"         <lastmod>{p.lastmod}</lastmod>\n" if p.lastmod else "") + "    </url>" for p in pages))
    head, tail = text[:text.index("<urlset")], text[text.rindex("</urlset>"):]
    opening = re.search(r"<urlset[^>]*>", text).group(0)
    if total <= SITEMAP_MAX_URLS:
        text = head + opening + "\n" + "".join(e + "\n" for e in entries) + tail
    else:
        parts = []
        for number in range(1, -(-total // SITEMAP_MAX_URLS) + 1):
            name = f"sitemap-{number}.xml.gz"
            chunk = itertools.islice(entries, SITEMAP_MAX_URLS)
            (site_dir / name).write_bytes(compressed(head + opening + "\n" + "".join(e + "\n" for e in chunk) + tail))
            parts.append(f"    <sitemap>\n         <loc>{html.escape(prefix + name)}</loc>\n    </sitemap>\n")
        text = head + '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "".join(parts) + "</sitemapindex>\n"
    sitemap.write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(compressed(text))
