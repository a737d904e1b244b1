"""The commands behind `hfm-atlas`: each takes the parsed arguments and returns an exit status.

cli.py parses the arguments and turns a user's mistake into one line; these functions do the work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from .problems import UserError, printable, summary
from .validate import check_records, load_catalogue


def valid_catalogue(data: Path, what: str):
    """The catalogue, or a UserError listing its errors: commands that publish refuse an invalid one."""
    catalogue, problems = load_catalogue(data)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        for p in errors:
            print(p.format(), file=sys.stderr)
        raise UserError(f"{len(errors)} invalid record(s); fix them before {what} (hfm-atlas validate)")
    return catalogue


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    # Errors reach the user once, in the UserError that build_site raises with them.
    handler.addFilter(lambda record: record.levelno < logging.ERROR)
    logger = logging.getLogger("mkdocs")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    logger.propagate = False


def cmd_validate(args: argparse.Namespace) -> int:
    records, problems = check_records(args.data)
    shown = [p for p in problems if p.severity == "error" or not args.quiet]
    for p in shown:
        print(p.format_github() if args.format == "github" else p.format())
    errors = [p for p in problems if p.severity == "error" or args.strict]
    print(summary(problems, records), file=sys.stderr)
    return 1 if errors else 0


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build_site

    _setup_logging(args.verbose)
    target = build_site(args.config, data_dir=args.data, site_dir=args.site_dir, strict=args.strict, force=args.force)
    print(f"Site built in {target}", file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve_site

    _setup_logging(True)
    serve_site(args.config, data_dir=args.data, dev_addr=args.dev_addr, open_in_browser=args.open)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    import json

    from .files import write_new_files
    from .importing import IMPORTERS

    if args.report is not None and (args.report.exists() or args.report.is_symlink()):
        raise UserError(f"{args.report}: exists; give --report a new file (the importer never overwrites one)", exit_code=2)
    run = IMPORTERS[args.format]
    extra = {"mapping": args.map} if hasattr(args, "map") else {}
    report, problems = run(args.file, args.data, args.out or args.data, args.subfield, args.dry_run, args.added,
                           args.all_or_nothing, args.include_out_of_scope, **extra)
    withheld = bool(args.all_or_nothing and problems)
    for line in report.lines(args.dry_run or withheld):
        print(printable(line))
    if args.report is not None:
        write_new_files({args.report: json.dumps(report.as_json(args.dry_run or withheld), ensure_ascii=False, indent=2) + "\n"})
    if problems:
        print(f"{len(problems)} entr{'y' if len(problems) == 1 else 'ies'} refused"
              + ("; nothing was written (--all-or-nothing)." if withheld else "; the others were written."), file=sys.stderr)
    return 1 if problems else 0


def cmd_stats(args: argparse.Namespace) -> int:
    import json

    from .fillrates import fill_rates, format_rates
    from .stats import compute, format_results, format_text, result_counts

    catalogue, problems = load_catalogue(args.data)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        print(f"note: {len(errors)} invalid record(s) left out; run hfm-atlas validate", file=sys.stderr)
    scopes = ["all", "survey", "since-survey"] if args.scope == "both" else [args.scope]
    results = [compute(catalogue, scope) for scope in scopes]
    in_scope = {"all": None, "survey": [p for p in catalogue.papers if p.in_survey],
                "since-survey": [p for p in catalogue.papers if not p.in_survey]}
    rates = {scope: fill_rates(catalogue, in_scope[scope]) for scope in scopes}
    reported = result_counts(catalogue)
    if args.json:
        facts = rates[scopes[0]].as_dict() if len(scopes) == 1 else {s: r.as_dict() for s, r in rates.items()}
        print(json.dumps({**{r.scope: r.as_dict() for r in results}, "facts": facts, "results": reported.as_dict()},
                         indent=2, sort_keys=True))
    else:
        blocks = [format_rates(r) if len(scopes) == 1 else f"[{scope}]\n" + format_rates(r) for scope, r in rates.items()]
        print("\n\n".join([*(format_text(r) for r in results), *blocks, format_results(reported)]))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .files import check_folder
    from .schema import schema_files

    out: Path = args.out
    stale = []
    for name, text in schema_files().items():
        path = out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path)
            if not args.check:
                check_folder(path)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    if args.check:
        for path in stale:
            print(f"{path}: stale; run hfm-atlas schema --out {out}", file=sys.stderr)
        return 1 if stale else 0
    print(f"{len(stale)} schema file(s) written to {out}" if stale else f"schema files in {out} are up to date", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .files import write_new_files
    from .exports import Filters, export, select

    catalogue = valid_catalogue(args.data, "exporting")
    filters = Filters(args.subfield, args.pretraining, args.adaptation, args.year_from, args.year_to, args.kind)
    papers = select(catalogue, filters)
    if args.format == "sqlite":
        from .catalogue import Catalogue
        from .sqlite_export import sqlite_bytes

        if args.output is None or str(args.output) == "-":
            raise UserError("export sqlite writes a database file: give it with -o FILE.sqlite", exit_code=2)
        # A filtered export holds the datasets its papers use; an unfiltered one holds them all.
        used = {u.id for p in papers for u in p.datasets if u.id}
        datasets = catalogue.datasets if len(papers) == len(catalogue.papers) else [d for d in catalogue.datasets if d.id in used]
        kept = {d.id for d in datasets}
        text = sqlite_bytes(Catalogue(papers, datasets, catalogue.applications,
                                      benchmarks=[b for b in catalogue.benchmarks if b.dataset in kept], result_sets=catalogue.result_sets))
    else:
        text = export(args.format, papers)
    if args.output is None or str(args.output) == "-":
        sys.stdout.write(text)
    else:
        data = args.data.resolve()
        if args.output.resolve().is_relative_to(data):
            raise UserError(f"refusing to write {args.output}: it lies inside the data folder {args.data}, which holds only records", exit_code=2)
        if args.force and args.output.is_dir():
            raise UserError(f"refusing to replace {args.output}: it is a folder; --force replaces a file only", exit_code=2)
        if args.force:
            args.output.unlink(missing_ok=True)
        write_new_files({args.output: text})  # whole or not at all; refuses to replace FILE without --force
    print(f"{len(papers)} of {len(catalogue.papers)} papers exported as {args.format}", file=sys.stderr)
    return 0


def _print_problems(problems, fmt: str, quiet: bool = False) -> None:
    for p in problems:
        if p.severity == "error" or not quiet:
            print(p.format_github() if fmt == "github" else p.format())


def cmd_lint(args: argparse.Namespace) -> int:
    from .lint import lint
    from .validate import load_entries

    entries, problems = load_entries(args.data)
    invalid = [p for p in problems if p.severity == "error"]
    found = lint(entries)
    _print_problems(invalid + found, args.format, args.quiet)
    errors = sum(p.severity == "error" for p in found) + len(invalid)
    warnings = sum(p.severity == "warning" for p in found)
    print(f"lint: {errors} error(s), {warnings} warning(s) in {len(entries)} valid records"
          + (f" ({len(invalid)} schema error(s): run hfm-atlas validate)" if invalid else "") + ".", file=sys.stderr)
    return 1 if errors or (args.strict and warnings) else 0


def cmd_new(args: argparse.Namespace) -> int:
    from .identifiers import arxiv_from_url
    from .paperfacts import arxiv_url, arxiv_year
    from .new import new_id, write_new

    catalogue, problems = load_catalogue(args.data)
    kind = "papers" if args.kind == "paper" else "datasets"
    today = dt.date.today()
    if kind == "papers":
        if not args.title:
            raise UserError("hfm-atlas new paper needs --title", exit_code=2)
        arxiv = args.arxiv or arxiv_from_url(args.paper)
        year = args.year or arxiv_year(arxiv)
        taken = {p.id for p in catalogue.papers}
        values = {
            "id": args.id or new_id(args.title, year, taken), "title": args.title, "year": year, "venue": args.venue,
            "subfield": args.subfield, "kind": "method",
            "links": {"paper": args.paper or (arxiv_url(arxiv) if arxiv else None), "code": args.code,
                      "arxiv": arxiv, "doi": args.doi},
            "label_source": "curated", "added": today,
        }
        if values["year"] is None:
            values["year"] = "TODO"
    else:
        if not args.title:
            raise UserError("hfm-atlas new dataset needs --title (the dataset's name)", exit_code=2)
        taken = {d.id for d in catalogue.datasets}
        values = {"id": args.id or new_id(args.title, None, taken), "name": args.title, "subfield": args.subfield,
                  "links": {"paper": args.paper, "download": args.code}, "added": today}
    if values["id"] in taken:
        raise UserError(f"a {args.kind} with id {values['id']!r} exists already (data/{kind}/{values['id']}.yaml)")
    path, similar = write_new(kind, args.data, values, catalogue)
    print(f"wrote {path}")
    for s in similar:
        print(f"warning: this may already be in the atlas: data/{kind}/{s}", file=sys.stderr)
    print("Next: fill in the TODO fields, then run hfm-atlas validate and hfm-atlas lint.", file=sys.stderr)
    return 0


def cmd_readme(args: argparse.Namespace) -> int:
    from .readme import update_readme

    catalogue = valid_catalogue(args.data, "writing the README list")
    changed = update_readme(args.readme, catalogue, check=args.check)
    if args.check:
        if changed:
            print(f"{args.readme}: the paper list is stale; run hfm-atlas readme", file=sys.stderr)
            return 1
        print(f"{args.readme}: the paper list is up to date", file=sys.stderr)
        return 0
    print(f"{args.readme}: paper list {'updated' if changed else 'already up to date'}", file=sys.stderr)
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    import os

    from .links import check, record_links
    from .validate import load_entries

    entries, _ = load_entries(args.data)
    broken = check(entries, workers=args.workers)
    problems = [link.entry.problem(link.path, f"{link.url}: {why}", "warning") for link, why in broken]
    _print_problems(sorted(problems), args.format)
    total = len(record_links(entries))
    print(f"links: {len(broken)} of {total} URLs did not answer.", file=sys.stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as handle:
            handle.write(f"## Link check\n\n{len(broken)} of {total} URLs did not answer.\n\n")
            handle.writelines(f"- `{p.file}` line {p.line}: {p.message}\n" for p in sorted(problems))
    return 1 if broken else 0
