"""The MkDocs plugin: an adapter from site.make_site to MkDocs' events, and nothing more.

Generated pages exist only in the build (File.generated with their content), never on
disk, so nothing generated is committed and nothing stale survives a rename.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import record_pages, search, urls
from .exports import build_time
from .problems import UserError
from .render import GeneratedPage
from .parallel import background
from .site import Site, make_site, published_files, write_files, written_under
from .validate import load_catalogue
from .explorer import compact_json
from .views.common import term_definitions

# Files the plugin writes among the theme's assets: a hand-written docs/ file there would be overwritten.
GENERATED_ASSETS = (record_pages.ICONS, record_pages.SHARED, urls.TERMS)

log = logging.getLogger("mkdocs.plugins.hfm_atlas")
BODY_PLACEHOLDER = "HFMATLASBODY\n"
# Where a generated page's body goes (on_post_page). It holds "<h1" because the theme adds a heading of its
# own to a page whose content has none, and every generated body has its heading (checked as it goes in).
_BODY_MARK = "<h1>HFMATLASBODYMARK</h1>"
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off"')


def _template_problem(exc: jinja2.TemplateError) -> str:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}"
    return f"template error while rendering the atlas pages: {exc}"


class AtlasConfig(Config):
    data_dir = c.Type(str, default="data")  # the CLI's --data replaces it (build.load_project_config)
    templates_dir = c.Type(str, default="templates")


class AtlasPlugin(BasePlugin[AtlasConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.search_written: Callable[[], tuple[str, ...]] | None = None  # waits for the search index's files
        self.linker = urls.Linker()  # the build's links (set from the configuration in on_files)

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path).parent / value).resolve()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        for folder in (self._path(config, self.config.data_dir), self._path(config, self.config.templates_dir)):
            if str(folder) not in config.watch:  # `serve` rebuilds when a record or a template changes
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            catalogue, problems = load_catalogue(self._path(config, self.config.data_dir))
        except UserError as exc:
            raise PluginError(str(exc)) from None
        for p in problems:
            if p.severity == "warning":
                log.warning(p.format(tag_warnings=False))
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise PluginError(f"the catalogue has {len(errors)} error(s):\n" + "\n".join(p.format() for p in errors))
        try:
            # MkDocs has cleaned the site folder before this event: the files go straight into it.
            self.linker = urls.Linker(config.use_directory_urls)
            self.site = make_site(catalogue, self._path(config, self.config.templates_dir), self.linker,
                                  config.site_url or "", build_time(), write_to=Path(config.site_dir))
        except jinja2.TemplateError as exc:
            raise PluginError(_template_problem(exc)) from None
        self.generated = {}
        for page in self.site.pages:
            if files.get_file_from_path(page.src) is not None:
                raise PluginError(f"docs/{page.src} exists but the atlas generates that page; remove or rename the hand-written file")
            # The body is HTML already: Markdown gets a placeholder, the body replaces its output (on_page_content),
            # and the metadata is set on the page object (on_page_markdown), never parsed from YAML.
            self.generated[page.src] = page
            files.append(File.generated(config, page.src, content=BODY_PLACEHOLDER))
        for f in files:  # checked before MkDocs copies anything: the served files are still being written
            if written_under(f.src_uri) or f.src_uri in GENERATED_ASSETS:
                self._finish(check=False)
                raise PluginError(f"docs/{f.src_uri} is where the atlas writes its own files; remove or rename the hand-written one")
        self._start_search_index(catalogue, files, config)
        return files

    def _start_search_index(self, catalogue, files: Files, config: MkDocsConfig) -> None:
        """Write the search index (search.search_files) while MkDocs renders: in a forked process for a
        large catalogue, else when on_post_build asks for it."""
        assert self.site is not None
        linker = self.linker
        pages = [(p.src, p.meta.get("title", ""), p.meta.get("description", "")) for p in self.site.pages if p.src != record_pages.SHELL_SRC]
        handwritten = [(f.src_uri, Path(f.abs_src_path).read_text(encoding="utf-8")) for f in files.documentation_pages()
                       if f.src_uri not in self.generated and f.abs_src_path]
        site_dir = Path(config.site_dir)
        self._wait_for_search_index(check=False)
        self.search_written = background(
            lambda: write_files(published_files(search.search_file_items(search.documents(catalogue, linker, pages, handwritten)),
                                                len(catalogue.papers), streamed=True), site_dir), len(catalogue))

    def _wait_for_search_index(self, check: bool = True) -> None:
        written, self.search_written = self.search_written, None
        if written is None:
            return
        try:
            written()
        except (OSError, ValueError) as exc:
            if check:
                raise PluginError(f"could not write the search index: {exc}") from None

    def _finish(self, check: bool = True) -> None:
        """Wait for the processes writing the served files and the search index into the site folder."""
        site = self.site
        try:
            if site is not None:
                try:
                    site.finish()
                except (OSError, ValueError) as exc:
                    if check:
                        raise PluginError(f"could not write the site's files: {exc}") from None
        finally:
            self._wait_for_search_index(check=check)

    def on_build_error(self, error: Exception) -> None:
        self._finish(check=False)  # nothing keeps writing into the site folder after the build ends

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        # MkDocs turns every page into HTML before it writes the first, and holds each page's HTML until
        # the end: a generated page's content is a mark, and its body goes in as the page is written
        # (on_post_page), so no body is held for the whole build (at 100,000 papers, 28 MB of lists).
        return html if page.file.src_uri not in self.generated else _BODY_MARK

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        generated = self.generated.pop(page.file.src_uri, None)
        if generated is not None:
            before, mark, after = output.partition(_BODY_MARK)
            if not mark or _BODY_MARK in after:
                raise PluginError(f"{page.file.src_uri}: the theme did not print the page's content once (an override of its content block?)")
            try:
                body = generated.body
            except jinja2.TemplateError as exc:
                raise PluginError(_template_problem(exc)) from None
            if "<h1" not in body:
                raise PluginError(f"{page.file.src_uri}: a generated page's body needs its <h1> (the theme adds none to it)")
            output = before + body + after
        # The theme gives its two hidden checkbox toggles autocomplete="off", which HTML allows only on
        # text-like inputs; they are in base.html outside any block, so this is the narrowest fix.
        return _TOGGLE_AUTOCOMPLETE.sub(r"\1", output, count=2)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return _TOGGLE_AUTOCOMPLETE.sub(r"\1", output_content, count=2) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.site is not None
        try:
            write_files({urls.TERMS: compact_json(term_definitions(self.linker)) + "\n"}, Path(config.site_dir))
            record_pages.write_record_pages(Path(config.site_dir), self.site.records, self.site.record_output,
                                            self.linker, config.site_url or "")
        except (OSError, ValueError) as exc:
            raise PluginError(f"could not write the record pages: {exc}") from None
        except jinja2.TemplateError as exc:
            raise PluginError(f"template error while rendering the record pages: {exc}") from None
        self._finish()
