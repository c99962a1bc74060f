"""Command line: a thin layer over storyline.Engine.

Exit codes: 0 ok, 1 some inputs failed (each listed with its reason), 2 usage error.
"""

from __future__ import annotations

import atexit
import json
import tempfile
from collections import Counter
from contextlib import nullcontext
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from storyline.brief import PER_DATE, SUMMARY_WORDS
from storyline.engine import Engine, IngestReport
from storyline.errors import ERROR_NAMES, E_USAGE, StorylineError
from storyline.ingest import MB, IngestOptions, unread_types_message
from storyline.ingest.jsondump import parse_mapping
from storyline.ingest.kinds import by_suffix
from storyline.render import FORMATS, render_json

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Turn news articles from many outlets into events, storylines and cited briefs.")
err = Console(stderr=True)


@app.callback()
def _where_work_runs(
    dask: Annotated[str | None, typer.Option(
        "--dask", envvar="STORYLINE_DASK", metavar="ADDRESS",
        help="Run the per-article work on the Dask scheduler at ADDRESS (tcp://host:8786).")] = None,
    workers: Annotated[int | None, typer.Option(
        "--workers", min=1, help="Run the per-article work on a local Dask cluster of N worker processes.")] = None,
) -> None:
    """Turn news articles from many outlets into events, storylines and cited briefs."""
    if dask or workers:
        from storyline.workers import stop_dask, use_dask

        try:
            use_dask(dask, workers or 2)
        except ImportError:
            typer.echo(f"error: [{E_USAGE}] --dask and --workers need Dask: pip install 'storyline[dask]'", err=True)
            raise typer.Exit(2)
        except OSError as exc:
            typer.echo(f"error: [{E_USAGE}] --dask {dask}: no scheduler answers ({exc})", err=True)
            raise typer.Exit(2)
        atexit.register(stop_dask)


class Format(str, Enum):
    md = "md"
    json = "json"


class BriefFormat(str, Enum):
    md = "md"
    json = "json"
    html = "html"  # one standalone page: inline CSS, no script, citations link to the cited sentences


DbOption = Annotated[str, typer.Option("--db", help="SQLite file or SQLAlchemy URL.", envvar="STORYLINE_DB")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
ArticleArg = Annotated[str, typer.Argument(help="Article id or unique prefix (see `storyline events -f json`).")]
EventArg = Annotated[str, typer.Argument(help="Event id or unique prefix.")]
MaxMbOption = Annotated[float, typer.Option("--max-mb", help="Refuse input files larger than this (MB).", min=0.001)]
MapOption = Annotated[str | None, typer.Option(
    "--map", help="JSON field mapping, ours=theirs: title=headline,body=text,published=date,url=link,outlet=source.")]
FetchOption = Annotated[bool, typer.Option("--fetch", help="Fetch the pages that feed entries link to.")]


def _engine(db: str, max_mb: float = 20.0, fields: str | None = None, fetch: bool = False) -> Engine:
    try:
        mapping = parse_mapping(fields) if fields else {}
    except ValueError as exc:
        typer.echo(f"error: [{E_USAGE}] --map: {exc}", err=True)
        raise typer.Exit(2)
    return Engine(db=db, ingest_options=IngestOptions(max_bytes=int(max_mb * MB), fields=mapping, fetch=fetch))


def _ingest(engine: Engine, paths: list[str]) -> IngestReport:
    quiet = not err.is_terminal
    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
                  console=err, disable=quiet, transient=True) as bar:
        task = bar.add_task("", total=None)
        report = engine.ingest(paths, progress=lambda done, total, what: bar.update(
            task, completed=done, total=total, description=what[-60:]))
    for warning in report.warnings:
        typer.echo(f"warning {warning}", err=True)
    for e in report.errors:
        typer.echo(f"error {e}", err=True)
    if report.nothing_read:
        typer.echo(f"error: {unread_types_message()}", err=True)
    # The closing table, in plain lines that never wrap: scripts match reasons and file names in them.
    rows = [("read", len(report.added), "new articles"),
            ("duplicate", len(report.updated), "already stored (metadata refreshed)")]
    rows += [("skipped", n, why) for why, n in report.skipped.most_common()]
    rows += [("failed", n, f"{code} {ERROR_NAMES.get(code, '')}")
             for code, n in Counter(e.code for e in report.errors).most_common()]
    for what, n, why in rows:
        typer.echo(f"{what:<9} {n:>7}  {why}", err=True)
    typer.echo(f"{len(report.added)} new, {len(report.updated)} already stored, "
               f"{sum(report.skipped.values())} skipped, {len(report.errors)} failed", err=True)
    return report


def _ingest_code(report: IngestReport) -> int:
    """1 when an input failed, or when nothing at all could be read (a folder of PDFs)."""
    return 1 if report.errors or report.nothing_read else 0


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        help="Files, folders (read recursively), archives, WARCs, feeds, JSON dumps or http(s) URLs.")],
    db: DbOption = "storyline.db",
    max_mb: MaxMbOption = 20.0,
    fields: MapOption = None,
    fetch: FetchOption = False,
) -> None:
    """Read articles into the store and update events and storylines."""
    engine = _engine(db, max_mb, fields, fetch)
    report = _ingest(engine, paths)
    raise typer.Exit(_ingest_code(report))


@app.command()
def watch(
    feeds: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs to poll.")],
    db: DbOption = "storyline.db",
    every: Annotated[str, typer.Option("--every", help="Time between polls: 90s, 15m, 2h.")] = "15m",
    polls: Annotated[int | None, typer.Option("--polls", min=1, help="Stop after this many polls (default: never).")] = None,
    fetch: FetchOption = False,
    format: FormatOption = Format.md,
    max_mb: MaxMbOption = 20.0,
) -> None:
    """Poll feeds, ingest new entries, update events, and print what changed (Ctrl-C stops)."""
    from storyline.watch import parse_every, watch as watch_feeds

    try:
        seconds = parse_every(every)
    except ValueError as exc:
        typer.echo(f"error: [{E_USAGE}] --every: {exc}", err=True)
        raise typer.Exit(2)
    engine = _engine(db, max_mb, fetch=fetch)

    def emit(change) -> None:
        typer.echo(json.dumps(change.as_dict(), ensure_ascii=False) if format is Format.json else change.line())

    try:
        watch_feeds(engine, feeds, seconds, polls, emit)
    except KeyboardInterrupt:  # everything stored so far is committed; a restart resumes from the store
        typer.echo("stopped", err=True)
    finally:
        engine.close()


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words every article found must hold.")],
    db: DbOption = "storyline.db",
    limit: Annotated[int, typer.Option("--limit", min=1, help="Articles shown at most.")] = 20,
    format: FormatOption = Format.md,
) -> None:
    """Search every stored article's title and text, best match first, matched words in [brackets]."""
    from storyline.serial import iso_day
    from storyline.store.sql import HIT

    engine = _engine(db)
    hits = [{**h, "snippet": h["snippet"].replace(HIT[0], "[").replace(HIT[1], "]")}
            for h in engine.store.search(query, limit)]
    articles = {a.id: a for a in engine.store.articles([h["article_id"] for h in hits], light=True)}
    if format is Format.json:
        typer.echo(json.dumps([{**h, "outlet": articles[h["article_id"]].outlet_name} for h in hits], ensure_ascii=False))
    for h in hits if format is Format.md else []:
        a = articles[h["article_id"]]
        typer.echo(f"{h['article_id']}  {iso_day(a.published) or 'undated'}  {a.outlet_name}  {h['title'] or ''}")
        typer.echo("    " + h["snippet"].replace("\n", " "))
    engine.close()


@app.command()
def serve(
    db: DbOption = "storyline.db",
    host: Annotated[str, typer.Option("--host", help="Address to listen on; only this machine by default.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8765,
    token: Annotated[str | None, typer.Option("--token", envvar="STORYLINE_TOKEN",
                                              help="Require this token (?token=… or a Bearer header).")] = None,
) -> None:
    """Serve the store as a local web app: events, briefs, articles, and a JSON API under /api."""
    import uvicorn

    from storyline.store import open_store
    from storyline.web import create_app
    from storyline.web.app import LOCAL

    if host not in LOCAL and not token:
        typer.echo(f"error: [{E_USAGE}] --host {host} lets other machines in: give --token (or STORYLINE_TOKEN)", err=True)
        raise typer.Exit(2)
    typer.echo(f"serving {db} on http://{host}:{port}/", err=True)
    uvicorn.run(create_app(open_store(db), token=token), host=host, port=port, log_level="warning")


@app.command()
def export(
    db: DbOption = "storyline.db",
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write here instead of standard output.")] = None,
) -> None:
    """Write the store as JSON lines: articles with their metadata, events, storylines
    (`storyline ingest` reads the file back)."""
    from storyline.export import export_lines

    engine = _engine(db)
    with (out.open("w", encoding="utf-8") if out else nullcontext(None)) as handle:
        for line in export_lines(engine):
            if handle is None:
                typer.echo(line)
            else:
                handle.write(line + "\n")
    engine.close()


@app.command()
def events(db: DbOption = "storyline.db", format: FormatOption = Format.md) -> None:
    """List events with their storyline and articles."""
    engine = _engine(db)
    evs = engine.events()
    articles = {a.id: a for a in engine.articles()}
    estimates = engine.date_estimates()
    if format is Format.json:
        rows = [{
            "id": e.id, "label": e.label, "storyline_id": e.storyline_id,
            "first_seen": e.first_seen.date().isoformat() if e.first_seen else None,
            "last_seen": e.last_seen.date().isoformat() if e.last_seen else None,
            "articles": [_article_row(articles[a], estimates.get(a)) for a in e.article_ids],
        } for e in evs]
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table("event", "date", "storyline", "articles", "label", show_lines=False)
    for e in evs:
        table.add_row(e.id, e.first_seen.date().isoformat() if e.first_seen else "—", e.storyline_id or "—",
                      str(len(e.article_ids)), e.label)
    Console().print(table)


@app.command()
def storylines(db: DbOption = "storyline.db", format: FormatOption = Format.md) -> None:
    """List storylines with their events in time order."""
    engine = _engine(db)
    if format is Format.json:
        typer.echo(json.dumps(engine.storyline_rows(), ensure_ascii=False, indent=2))
        return
    evs = {e.id: e for e in engine.events()}
    for s in engine.storylines():
        typer.echo(f"{s.id}  {s.label}")
        for e in s.event_ids:
            day = evs[e].first_seen.date().isoformat() if evs[e].first_seen else "undated"
            typer.echo(f"    {day}  {e}  {evs[e].label}  ({len(evs[e].article_ids)} articles)")


@app.command()
def brief(
    targets: Annotated[list[str], typer.Argument(help="Event or storyline ids, or files/folders to brief in one go.")],
    db: Annotated[str | None, typer.Option("--db", help="Store to use; with paths, a temporary one by default.")] = None,
    format: Annotated[BriefFormat, typer.Option("--format", "-f", help="Output format.")] = BriefFormat.md,
    max_mb: MaxMbOption = 20.0,
    words: Annotated[int, typer.Option("--words", min=20, help="Length of each summary, in words.")] = SUMMARY_WORDS,
    dates: Annotated[int | None, typer.Option("--dates", min=1, help="Timeline: the N dates most articles name (default: all).")] = None,
    per_date: Annotated[int, typer.Option("--sentences-per-date", min=1, help="Timeline: statements under each date.")] = PER_DATE,
) -> None:
    """Brief events or storylines; given paths, ingest, cluster and brief them in one go."""
    paths = [t for t in targets if _is_path(t)]
    code = 0
    with tempfile.TemporaryDirectory(prefix="storyline-") as tmp:
        engine = _engine(db or (str(Path(tmp) / "brief.db") if paths else "storyline.db"), max_mb)
        try:
            if paths:
                report = _ingest(engine, paths)
                code = _ingest_code(report)
                with err.status("analysing and briefing…", spinner="dots") if err.is_terminal else nullcontext():
                    briefs = engine.briefs(words, dates, per_date)
            else:
                briefs = [engine.brief(t, words, dates, per_date) for t in targets]
        except StorylineError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)
        if format is BriefFormat.json:  # one id gives one object; paths or several ids give a list
            typer.echo(render_json(briefs[0] if len(briefs) == 1 and not paths else briefs))
        elif briefs:
            typer.echo(FORMATS[format.value](briefs))
        engine.close()
    raise typer.Exit(code)


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Brief JSON files (from `storyline brief -f json`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every check as JSON lines.")] = False,
) -> None:
    """Hold every citation of saved briefs against the citation contract: the cited sentence
    must state what its claim says (same figures and actors, no flipped negation). Exits 1
    when a citation fails, 2 when a file cannot be read."""
    from storyline.align.support import check_brief
    from storyline.serial import to_jsonable

    code = 0
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            typer.echo(f"error: {path}: cannot read a brief: {exc}", err=True)
            code = 2
            continue
        briefs = data if isinstance(data, list) else [data]
        if not briefs or not all(isinstance(b, dict) and "kind" in b for b in briefs):
            typer.echo(f"error: {path}: not a storyline brief (no 'kind' field)", err=True)
            code = 2
            continue
        try:
            checks = [c for b in briefs for c in check_brief(b)]
        except (TypeError, AttributeError, ValueError) as exc:
            typer.echo(f"error: {path}: a brief whose claims or citations are not shaped as the schema says ({exc})",
                       err=True)
            code = 2
            continue
        failed = [c for c in checks if c.reason]
        for c in checks if as_json else failed:
            if as_json:
                typer.echo(json.dumps({"file": str(path), **to_jsonable(c)}, ensure_ascii=False))
            else:
                typer.echo(f"{path}: {c.brief} {c.part}[{c.index}] [{c.n}] {c.outlet}: {c.reason}\n"
                           f"    claim: {c.claim[:200]}\n    cited: {c.cited[:200]}")
        if not as_json:
            typer.echo(f"{path}: {len(checks) - len(failed)} of {len(checks)} citations support their claim")
        code = max(code, 1 if failed else 0)
    raise typer.Exit(code)


def _is_path(target: str) -> bool:
    """Existing paths, and anything shaped like one (so a typo is reported as a missing file)."""
    return Path(target).exists() or "/" in target or by_suffix(target) is not None


eval_app = typer.Typer(invoke_without_command=True, no_args_is_help=False,
                       help="Measure quality on the public dev sets and the gold-annotated corpora.")
app.add_typer(eval_app, name="eval")
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the scores as one JSON object.")]
GoldFile = Annotated[Path, typer.Argument(help="Gold JSONL: one article a line (with 'cluster') or one cluster a line "
                                               "(with 'articles').", exists=True, dir_okay=False)]


@eval_app.callback()
def eval_(
    ctx: typer.Context,
    eval_dir: Annotated[Path | None, typer.Option("--eval-dir", help="Benchmark data (default ../shared/eval).")] = None,
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", help="A folder with gold.json (repeatable).")] = None,
    format: FormatOption = Format.md,
) -> None:
    """Measure quality on the public dev sets and the gold-annotated corpora, and print it.

    With no subcommand, every benchmark at once; `eval cluster FILE` and
    `eval storylines FILE` score one file."""
    if ctx.invoked_subcommand is not None:
        return
    from storyline.eval.run import format_report, run_eval

    results = run_eval(eval_dir, corpus or None)
    typer.echo(json.dumps(results, indent=2) if format is Format.json else format_report(results))


@eval_app.command("cluster")
def eval_cluster(
    file: GoldFile,
    json_: JsonFlag = False,
    no_dates: Annotated[bool, typer.Option("--no-dates", help="Blank every date before clustering.")] = False,
    online: Annotated[int, typer.Option("--online", metavar="N", help=(
        "Feed the articles through a real store N at a time, in date order, as daily ingests do "
        "(0: all at once, without a store)."))] = 0,
) -> None:
    """Cluster a gold file's articles into events and score them (B-cubed, pairwise F1)."""
    from storyline.eval.cluster import evaluate_clustering, evaluate_online
    from storyline.eval.run import format_cluster

    gold = _gold(file, dates=not no_dates)
    score = evaluate_online(gold, online) if online > 0 else evaluate_clustering(gold)
    typer.echo(json.dumps(score.as_dict()) if json_ else format_cluster(score))


@eval_app.command("align")
def eval_align(
    folders: Annotated[list[Path], typer.Argument(help="Corpus folders laid out like ../shared/corpus/mali-2022: "
                                                       "articles, meta.jsonl, gold.json.")],
    json_: JsonFlag = False,
) -> None:
    """Score briefs against a corpus's gold.json: discrepancies, quotes (speaker right) and
    consensus (precision and recall), events B-cubed, citations held to the contract."""
    from storyline.eval.corpus import evaluate_corpus
    from storyline.eval.run import format_align

    results = []
    for folder in folders:
        if not (folder / "gold.json").is_file():
            typer.echo(f"error: {folder}: no gold.json (a corpus folder holds articles, meta.jsonl and gold.json)", err=True)
            raise typer.Exit(2)
        results.append((folder, evaluate_corpus(folder)))
    if json_:
        scores = [{"corpus": str(folder), **report.align_dict()} for folder, report in results]
        typer.echo(json.dumps(scores[0] if len(scores) == 1 else scores))
    else:
        typer.echo("\n".join(format_align(report) for _, report in results))


@eval_app.command("stance")
def eval_stance(
    pairs: Annotated[Path, typer.Argument(help="Headline-body pairs with a gold stance "
                                               "(../shared/eval/stance/fnc1_dev.jsonl).", exists=True, dir_okay=False)],
    bodies: Annotated[Path, typer.Option("--bodies", help="The bodies, one article a line "
                                                           "(../shared/eval/cluster/fnc1_dev.jsonl).",
                                         exists=True, dir_okay=False)],
    json_: JsonFlag = False,
) -> None:
    """Score whether each body agrees with, refutes, only reports or is unrelated to its headline."""
    from storyline.eval.stance import evaluate_stance

    _print_scores(lambda: evaluate_stance(pairs, bodies), (ValueError, KeyError), json_,
                  lambda r: f"{r['pairs']} pairs: FNC-1 score {r['fnc_score']:.1%} of the best possible, "
                            f"macro-F1 {r['macro_f1']:.3f}, {r['seconds']:.1f} s")


def _print_scores(run, errors: tuple[type[Exception], ...], as_json: bool, as_text) -> None:
    """Run one evaluation and print its scores; input it cannot read is an error line and exit 2."""
    try:
        result = run()
    except errors as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(json.dumps(result) if as_json else as_text(result))


@eval_app.command("summarize")
def eval_summarize(
    file: Annotated[Path, typer.Argument(help="Clusters with a human 'reference' summary, one a line "
                                               "(../shared/eval/mds/multinews_dev.jsonl).", exists=True, dir_okay=False)],
    json_: JsonFlag = False,
    limit: Annotated[int, typer.Option("--limit", metavar="N", help="Only the first N clusters (0: all).")] = 0,
) -> None:
    """Score event summaries against human ones: ROUGE-1/2/L F1 (rouge-score, stemming),
    summaries cut to 300 words as in the Multi-News paper."""
    from storyline.eval.summarize import evaluate_summaries

    _print_scores(lambda: evaluate_summaries(file, limit or None), (ValueError,), json_,
                  lambda r: f"{r['clusters']} clusters: ROUGE-1 {r['rouge1']:.2%}, ROUGE-2 {r['rouge2']:.2%}, "
                            f"ROUGE-L {r['rougeL']:.2%} (F1, 300 words), {r['seconds']:.1f} s")


@eval_app.command("timeline")
def eval_timeline(
    file: Annotated[Path, typer.Argument(help="Topics with dated articles and human timelines, one a line "
                                               "(../shared/eval/mds/t17_dev.jsonl).", exists=True, dir_okay=False)],
    json_: JsonFlag = False,
) -> None:
    """Score dated timelines against human ones (Timeline17 protocol): alignment-based
    ROUGE-1/2 F1 and date F1 from the tilse package."""
    from storyline.eval.timeline import evaluate_timelines

    _print_scores(lambda: evaluate_timelines(file), (ValueError,), json_,
                  lambda r: f"{r['timelines']} timelines: alignment ROUGE-1 F1 {r['ar1_f']:.3f}, ROUGE-2 F1 "
                            f"{r['ar2_f']:.3f}, date F1 {r['date_f1']:.3f}, {r['seconds']:.1f} s")


@eval_app.command("extract")
def eval_extract(
    folder: Annotated[Path, typer.Argument(help="NNN.html[.gz] pages beside NNN.json with their articleBody.")],
    json_: JsonFlag = False,
) -> None:
    """Score article extraction from HTML: storyline against plain trafilatura, same pages, same run."""
    from storyline.eval.extract import evaluate, format_extract

    _print_scores(lambda: evaluate(folder), (OSError, ValueError), json_, lambda r: format_extract(r, folder))


@eval_app.command("storylines")
def eval_storylines(file: GoldFile, json_: JsonFlag = False) -> None:
    """Cluster and link a gold file's articles and score each article's storyline."""
    from storyline.eval.run import format_storylines
    from storyline.eval.storylines import evaluate_storylines

    gold = _gold(file)
    try:
        score = evaluate_storylines(gold)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(json.dumps(score.as_dict()) if json_ else format_storylines(score))


def _gold(file: Path, dates: bool = True):
    from storyline.eval.data import load

    try:
        return load(file, dates=dates)
    except (ValueError, KeyError) as exc:  # malformed JSON is a ValueError too
        typer.echo(f"error: {file}: not a gold file: {exc}", err=True)
        raise typer.Exit(2)


@app.command()
def errors(db: DbOption = "storyline.db") -> None:
    """List the inputs that could not be read, with the reason."""
    for e in _engine(db).errors():
        typer.echo(str(e))


@app.command()
def explain(
    article: ArticleArg,
    db: DbOption = "storyline.db",
    format: FormatOption = Format.md,
) -> None:
    """Why an article is in its event: the date used, the nearest events, what they share."""
    result = _run(lambda engine: engine.explain(article), db)
    if format is Format.json:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    date = result["date"]
    typer.echo(f"article {result['article']}  {result['outlet']}  {result['title'] or '(no title)'}")
    stamp = f", published {date['stamp']}" if date["stamp"] and "T" in date["stamp"] else ""
    typer.echo(f"date    {date['day'] or 'unknown'}  ({date['how']}, confidence {date['confidence']:.2f}{stamp})")
    typer.echo(f"event   {result['event'] or '(none)'}   threshold {result['threshold']}")
    for c in result["corrections"]:
        typer.echo(f"placed by hand: {c['kind']}")
    for n in result["nearest"]:
        mark = "*" if n["event"] == result["event"] else " "
        gap = "undated" if n["gap_days"] is None else f"{n['gap_days']:g} days"
        typer.echo(f"{mark} {n['event']}  score {n['score']:.3f} = similarity {n['similarity']:.3f} x time "
                   f"{n['time_factor']:.3f} ({gap}), {n['articles']} articles"
                   f"{', other language: matched on meaning' if n['other_language'] else ''}")
        typer.echo(f"    {n['label']}")
        typer.echo(f"    shared: {', '.join(t.replace('n:', 'name ') for t in n['shared']) or '—'}")


@app.command()
def merge(event: EventArg, into: EventArg, db: DbOption = "storyline.db") -> None:
    """Merge one event into another; recorded, so it survives re-clustering and later ingests."""
    _report(_run(lambda engine: engine.merge(event, into), db))


@app.command()
def move(article: ArticleArg, event: EventArg, db: DbOption = "storyline.db") -> None:
    """Move one article into another event (recorded)."""
    _report(_run(lambda engine: engine.move(article, event), db))


@app.command()
def split(article: ArticleArg, db: DbOption = "storyline.db") -> None:
    """Take one article out of its event into an event of its own (recorded)."""
    _report(_run(lambda engine: engine.split(article), db))


@app.command()
def recluster(db: DbOption = "storyline.db") -> None:
    """Place every article again with the current options, then replay the recorded corrections."""
    _run(lambda engine: engine.recluster(), db)
    typer.echo("events rebuilt; corrections replayed", err=True)


def _run(call, db: str):
    """Call the engine; a usage error (unknown id, a correction that changes nothing) exits 2."""
    engine = _engine(db)
    try:
        return call(engine)
    except StorylineError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    finally:
        engine.close()


def _report(event) -> None:
    typer.echo(f"{event.id}  {len(event.article_ids)} articles  {event.label}")


def _article_row(a, estimate: dict | None = None) -> dict:
    return {"id": a.id, "outlet": a.outlet, "title": a.title,
            "published": a.published.date().isoformat() if a.published else None,
            "estimated_date": estimate, "source": a.url or a.source, "path": a.source}


def main() -> None:
    """Entry point: typer's standalone mode gives usage errors exit code 2."""
    app()


if __name__ == "__main__":
    main()
