"""The MkDocs plugin: a thin adapter that loads the catalogue and adds its pages.

All work is done by validate.load_catalogue and render.Renderer; this module only
wires them to MkDocs events. Generated pages exist only in the build (File.generated),
never on disk, so nothing generated is committed and nothing stale survives a rename.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import jinja2
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import urls
from .bibliography import bibtex_entries
from .catalogue import Catalogue
from .explorer import explorer_json
from .exports import build_time, site_files
from .parallel import background
from .schema import schema_files
from .shell import RecordPage, write_record_pages
from .problems import UserError
from .render import GeneratedPage, Renderer
from .validate import load_catalogue

log = logging.getLogger("mkdocs.plugins.hfm_atlas")
BODY_PLACEHOLDER = "HFMATLASBODY\n"
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off"')


class AtlasConfig(Config):
    data_dir = c.Type(str, default="data")
    templates_dir = c.Type(str, default="templates")


class AtlasPlugin(BasePlugin[AtlasConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.catalogue: Catalogue | None = None
        self.record_pages: list[RecordPage] = []
        self.renderer: Renderer | None = None
        self.generated: dict[str, GeneratedPage] = {}

    def _path(self, config: MkDocsConfig, value: str) -> Path:
        return (Path(config.config_file_path).parent / value).resolve()

    def data_path(self, config: MkDocsConfig) -> Path:
        # The CLI's --data is set on this plugin's config after loading (build.load_project_config).
        return self._path(config, self.config.data_dir)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # `serve` rebuilds when a record or a template changes.
        for folder in (self.data_path(config), self._path(config, self.config.templates_dir)):
            if str(folder) not in config.watch:
                config.watch.append(str(folder))
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        try:
            catalogue, problems = load_catalogue(self.data_path(config))
        except UserError as exc:
            raise PluginError(str(exc)) from None
        errors = [p for p in problems if p.severity == "error"]
        for p in problems:
            if p.severity == "warning":
                log.warning(p.format(tag_warnings=False))
        if errors:
            shown = "\n".join(p.format() for p in errors)
            raise PluginError(f"the catalogue has {len(errors)} error(s):\n{shown}")
        self.catalogue = catalogue
        linker = urls.Linker(config.use_directory_urls)
        generated_at = build_time()

        def exports() -> tuple[dict[str, str], dict[str, str]]:
            """The downloads, the API, the schemas and the explorer's data (site path -> text), and each paper's BibTeX."""
            bibtex = bibtex_entries(catalogue.papers)
            texts = {**site_files(catalogue, generated_at, bibtex, config.site_url or ""), **{f"schema/{n}": t for n, t in schema_files().items()},
                     urls.EXPLORER_DATA: explorer_json(catalogue)}
            return texts, bibtex

        # Computed on another core while this one renders pages; the texts come back through the pipe.
        exported = background(exports, len(catalogue))
        renderer = Renderer(catalogue, self._path(config, self.config.templates_dir), linker, bibtex={}, site_url=config.site_url or "")
        try:
            self.generated = {}
            for page in renderer.pages():
                if files.get_file_from_path(page.src) is not None:
                    raise PluginError(f"docs/{page.src} exists but the atlas generates that page; remove or rename the hand-written file")
                # The body is HTML already: Markdown gets a placeholder, the body replaces its output (on_page_content),
                # and the metadata is set on the page object (on_page_markdown), never parsed from YAML.
                self.generated[page.src] = page
                files.append(File.generated(config, page.src, content=BODY_PLACEHOLDER))
            # Record pages are written after the build, through the shell page (see shell.py).
            self.record_pages = renderer.record_pages()
            self.renderer = renderer
            texts, renderer.bibtex = exported()
            for path, text in texts.items():
                files.append(File.generated(config, path, content=text))
        except jinja2.TemplateSyntaxError as exc:
            raise PluginError(f"{exc.filename or exc.name}:{exc.lineno}: template syntax error: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise PluginError(f"template error while rendering the atlas pages: {exc}") from None
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            page.meta.update(generated.meta)
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        generated = self.generated.pop(page.file.src_uri, None)
        return html if generated is None else generated.body

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        # The theme gives its two hidden checkbox toggles autocomplete="off", which HTML allows only on
        # text-like inputs; they are in base.html outside any block, so this is the narrowest fix.
        return _TOGGLE_AUTOCOMPLETE.sub(r"\1", output, count=2)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return _TOGGLE_AUTOCOMPLETE.sub(r"\1", output_content, count=2) if template_name.endswith(".html") else output_content

    def on_post_build(self, config: MkDocsConfig) -> None:
        try:
            write_record_pages(Path(config.site_dir), self.record_pages, self.renderer.record_body,
                               urls.Linker(config.use_directory_urls), config.site_url or "")
        except (OSError, ValueError) as exc:
            raise PluginError(f"could not write the record pages: {exc}") from None
        except jinja2.TemplateError as exc:
            raise PluginError(f"template error while rendering the record pages: {exc}") from None
