"""The Lucene 8 peer (bench/baselines/lucene/) as the speed section drives it: compiled with javac
once per process, the in-process latency driver (LuceneBaseline search), the HTTP server
(LuceneBaseline serve), and the cross-check of its facet counts against Accord's. Index builds
are in speedlib (with every other system's). See docs/benchmarks.md ("The Lucene peer")."""

import os
import statistics
import subprocess

from benchlib import BENCH, MODE, WORK_DIR, log
from speedutil import Searchd, last_json_line, read_tsv, sha_file, short_key

LUCENE_SOURCES = os.path.join(BENCH, "baselines", "lucene")

LUCENE_CLASSES = os.path.join(WORK_DIR, "lucene", "classes")

# The JVM's heap: the indexer's 256 MB RAM buffer plus merging; the searchers' readers are
# memory-mapped (outside the heap), so a small heap leaves the page cache to the index.
LUCENE_INDEX_JVM = ["-Xms1g", "-Xmx1g"]

LUCENE_SEARCH_JVM = ["-Xms512m", "-Xmx512m", "-Dsun.net.httpserver.nodelay=true"]

# JIT warm-up of a Lucene latency run, on top of the section's warm-up rounds.
LUCENE_WARMUP_SECONDS = {"smoke": 0, "quick": 3}.get(MODE, 10)


_lucene = {}


def lucene_setup():
    """Compiles the Lucene baseline with javac (bench/baselines/lucene/build, into the work
    directory) once per process. Returns {"status": "ok", "classpath", "version", "java",
    "key"} or {"status": "skipped", "error"} when java, javac or Debian's jars are missing."""
    if _lucene:
        return _lucene
    build = os.path.join(LUCENE_SOURCES, "build")
    try:
        run = subprocess.run([build, LUCENE_CLASSES], capture_output=True, text=True)
    except OSError as error:
        _lucene.update(status="skipped", error=f"{build}: {error}")
        return _lucene
    if run.returncode != 0:
        reason = run.stderr.strip().splitlines()[-1] if run.stderr.strip() else f"exit {run.returncode}"
        _lucene.update(status="skipped" if run.returncode == 3 else "failed", error=reason)
        log(f"lucene: {_lucene['status']}: {reason}")
        return _lucene
    classpath = run.stdout.strip().splitlines()[-1]
    version = subprocess.run(["java", "-cp", classpath, "LuceneBaseline", "version"],
                             capture_output=True, text=True)
    info = last_json_line(version.stdout) or {}
    if version.returncode != 0 or not info.get("lucene"):
        _lucene.update(status="failed", error=f"LuceneBaseline version: {version.stderr.strip()[-300:]}")
        return _lucene
    jars = classpath.split(":")[1:]
    sources = sorted(os.path.join(LUCENE_SOURCES, n) for n in os.listdir(LUCENE_SOURCES)
                     if n.endswith(".java"))
    _lucene.update(status="ok", classpath=classpath, version=info["lucene"], java=info.get("java"),
                   key=short_key(*(sha_file(f) for f in sources + jars), info.get("java")))
    return _lucene


def lucene_command(mode, *args, jvm=None):
    setup = lucene_setup()
    return ["java", *(jvm or LUCENE_SEARCH_JVM), "-cp", setup["classpath"], "LuceneBaseline", mode,
            *[str(a) for a in args]]


def lucene_server(db, log_path, threads=None):
    """The Lucene peer's HTTP server (LuceneBaseline serve: /api/search with accord-searchd's
    parameters and answer shape), on an ephemeral port, `threads` request threads."""
    threads = threads or os.cpu_count() or 1
    return Searchd(db, log_path, threads, command=lucene_command(
        "serve", "--index", db, "--listen", "127.0.0.1:0", "--threads", threads))


def lucene_block(db, requests, rounds, warmup, max_seconds, out_dir, block):
    """LuceneBaseline search: the SQL peers' requests in-process, in a fresh JVM warmed up for
    at least LUCENE_WARMUP_SECONDS; same TSV as sql_block's."""
    out = os.path.join(out_dir, f"lucene-b{block}.tsv")
    with open(out, "w") as handle:
        run = subprocess.run(lucene_command("search", "--index", db, "--requests", requests,
                                            "--rounds", rounds, "--warmup", max(warmup, 1),
                                            "--warmup-seconds", LUCENE_WARMUP_SECONDS,
                                            "--max-seconds", max_seconds),
                             stdout=handle, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"LuceneBaseline search: {run.stderr.strip()[-800:]}")
    return {"samples": read_tsv(out), "info": last_json_line(run.stderr) or {}}


def lucene_crosscheck(server, lucene, mix):
    """Accord and the Lucene peer facet over the same entity lists: wherever a `full` request
    matches the same number of documents in both, every count Accord lists must equal Lucene's
    (asked for every value of every family, not its top 200). Also the overlap of their top ten."""
    checked, skipped, differences, overlap = 0, [], [], []
    for r in mix:
        if r["variant"] != "full":
            continue
        mine = server.get(r["path"] + "&snippets=0")
        theirs = lucene.get(r.get("peer_path", r["path"]) + "&snippets=0&facet_values=1000000")
        overlap.append(len({h["id"] for h in mine["hits"]} & {h["id"] for h in theirs["hits"]}))
        if mine["total"] != theirs["total"]:
            skipped.append({"request": r["label"], "accord": mine["total"], "lucene": theirs["total"]})
            continue
        checked += 1
        for facet in ("party", "region", "agreement", "type", "language", "year", "month"):
            counts = {v["id"]: v["count"] for v in theirs.get("facets", {}).get(facet, [])}
            for value in mine["facets"].get(facet, []):
                if value["count"] == 0 and counts.get(value["id"], 0) == 0:
                    continue  # a selected value without documents
                if counts.get(value["id"], 0) != value["count"]:
                    differences.append({"request": r["label"], "facet": facet, "value": value["id"],
                                        "accord": value["count"], "lucene": counts.get(value["id"], 0)})
    return {"requests": checked, "not_compared": skipped, "differences": differences[:20],
            "difference_count": len(differences),
            "top10_overlap_mean": round(statistics.fmean(overlap), 2) if overlap else None}
