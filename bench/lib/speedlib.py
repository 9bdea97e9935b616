"""Shared by the speed and scale sections (bench/lib/speed.py, scale.py): the scale corpora and
the cache of corpora and indexes, timed index builds, the latency drivers of every system
(interleaved), wrk, and the comparison of Accord with its peers. The query mix is in querymix.py,
the Lucene peer in lucene_peer.py, the SQL peers in sql_peers.py, small helpers and statistics in
speedutil.py; their names are re-exported here. See docs/benchmarks.md.

Environment (set by bench/run): BIN, WORK_DIR, MODE, plus
  SCALES         comma-separated corpus sizes (default: quick 10000; full 10000,100000,1000000)
  BENCH_SEED     generator seed (default 1)
  BENCH_REBUILD  1: build every index again even when the cache has it
"""

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from benchlib import BIN, MODE, ROOT, WORK_DIR, log
from lucene_peer import (LUCENE_INDEX_JVM, LUCENE_WARMUP_SECONDS, lucene_block,  # noqa: F401
                         lucene_command, lucene_crosscheck, lucene_server, lucene_setup)
from querymix import (FILTER_SETS, PEER_VARIANTS, TEXT_QUERIES, VARIANTS, query_mix,  # noqa: F401
                      request_label, write_request_files)
from speedutil import (Searchd, disk_bytes, geometric_mean, last_json_line, load_average,  # noqa: F401
                       median, percentile, read_json, read_tsv, run_measured, sha_file, sha_tree,
                       short_key, summary, tail, write_json)
from sql_peers import (SQL_SCRIPT, facet_crosscheck, postgres_python, postgres_version,  # noqa: F401
                       sql_block)

SEED = int(os.environ.get("BENCH_SEED", "1"))

REBUILD = os.environ.get("BENCH_REBUILD", "0") == "1"

CACHE = os.path.join(WORK_DIR, "cache")

GAZETTEER = os.path.join(ROOT, "data", "gazetteer")

RUN_ID = os.environ.get("BENCH_RUN_ID") or time.strftime("%Y-%m-%dT%H:%M:%S")

EXACT_LIMIT = 100000  # accord-searchd's default --exact-limit; the plain Xapian searcher's too


def scales():
    default = "10000" if MODE == "quick" else "10000,100000,1000000"
    text = os.environ.get("SCALES") or default
    return sorted({int(float(part)) for part in text.split(",") if part.strip()})


# --- the corpus -------------------------------------------------------------------------------

def _prune(directory, prefix, keep):
    """Removes the cache entries of directory named prefix + a key (12 hex digits, perhaps an
    extension), except keep. Entries whose prefix merely starts with this one (another corpus
    mix: gen-s1-n10000-long-KEY against gen-s1-n10000-KEY) are left alone."""
    if not os.path.isdir(directory):
        return
    for name in os.listdir(directory):
        if not re.fullmatch(r"[0-9a-f]{12}(\..*)?", name[len(prefix):]):
            continue
        if name.startswith(prefix) and name != keep and not name.startswith(keep + "."):
            path = os.path.join(directory, name)
            log(f"cache: removing stale {os.path.relpath(path, WORK_DIR)}")
            shutil.rmtree(path, ignore_errors=True) if os.path.isdir(path) else os.remove(path)

MIXES = ("news", "long")

MIX_LABELS = {"news": "news (1–8 KB articles)",
              "long": "long (news with 10–60 KB speeches and statements, 50–500 KB treaties and reports)"}


def generator_mixes():
    """The document mixes accord-gen-corpus offers (`--mix`); ["news"] when it has no such flag."""
    try:
        text = subprocess.run([os.path.join(BIN, "accord-gen-corpus"), "--help"],
                              capture_output=True, text=True).stdout
    except OSError:
        return ["news"]
    if "--mix" not in text:
        return ["news"]
    return [m for m in MIXES if m in text.split("--mix", 1)[1][:400]] or ["news"]


def mix_tag(mix):
    """The part of cache names that tells mixes apart: none for the default mix (its names are
    those of the runs before there were mixes), "-long" for the long one."""
    return "" if mix in (None, "news") else f"-{mix}"


def ensure_corpus(docs, mix="news"):
    """The generated corpus of `docs` documents of a mix (`accord-gen-corpus --mix`; cached by
    seed, size, mix, generator binary and gazetteer). Returns {"path", "documents", "bytes",
    "key", "mix", "cached", "seconds"}."""
    generator = os.path.join(BIN, "accord-gen-corpus")
    parts = [sha_file(generator), sha_tree(GAZETTEER)] + ([mix] if mix_tag(mix) else [])
    prefix = f"gen-s{SEED}-n{docs}{mix_tag(mix)}-"
    key = prefix + short_key(*parts)
    directory = os.path.join(CACHE, "corpora")
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, key + ".jsonl")
    meta_path = path + ".json"
    meta = read_json(meta_path)
    if meta and os.path.exists(path) and os.path.getsize(path) == meta["bytes"]:
        return {"mix": "news", **meta, "path": path, "cached": True}
    _prune(directory, prefix, key)
    log(f"corpus: generating {docs:,} documents (seed {SEED}, mix {mix})")
    start = time.monotonic()
    tmp = path + ".part"
    command = [generator, "--docs", str(docs), "--seed", str(SEED)]
    if mix_tag(mix):
        command += ["--mix", mix]
    with open(tmp, "w") as out:
        subprocess.run(command, stdout=out, check=True)
    os.replace(tmp, path)
    meta = {"key": key, "documents": docs, "bytes": os.path.getsize(path), "seed": SEED,
            "mix": mix or "news", "seconds": round(time.monotonic() - start, 2)}
    write_json(meta_path, meta)
    return {**meta, "path": path, "cached": False}


# --- index builds (cached) --------------------------------------------------------------------

SYSTEMS = ["accord", "xapian", "sqlite", "postgres"]  # the scale section's

# The speed section adds Lucene (in-process, and over HTTP as "lucene-http").
SPEED_SYSTEMS = SYSTEMS + ["lucene"]

# Peers that facet over the entity lists Accord tagged (accord-bench-entities).
ENTITY_PEERS = ("sqlite", "postgres", "lucene")

LABELS = {"accord": "Accord", "xapian": "plain Xapian", "sqlite": "SQLite FTS5",
          "postgres": "PostgreSQL FTS", "lucene": "Lucene", "lucene-http": "Lucene over HTTP",
          "lucene-inprocess": "Lucene in-process"}


def _entry(system, docs, key, mix=None):
    directory = os.path.join(CACHE, "indexes")
    prefix = f"{system}-n{docs}{mix_tag(mix)}-"
    return os.path.join(directory, prefix + key), directory, prefix


def _build_once(system, corpus, target, entities, logs):
    """One timed build of system's index of corpus into target (replaced). Returns a record."""
    shutil.rmtree(target, ignore_errors=True)
    if os.path.exists(target):
        os.remove(target)
    os.makedirs(logs, exist_ok=True)
    out, err = os.path.join(logs, f"{system}-index.out"), os.path.join(logs, f"{system}-index.err")
    load = load_average()
    if system == "accord":
        jobs = os.cpu_count() or 1
        m = run_measured([os.path.join(BIN, "accord-index"), "--db", target, "--json",
                          "--jobs", jobs, corpus["path"]], out, err)
        m["jobs"] = jobs
        db = target
    elif system == "xapian":
        m = run_measured([os.path.join(BIN, "accord-baseline-xapian-index"), "--db", target,
                          "--json", corpus["path"]], out, err)
        db = target
    elif system == "sqlite":
        os.makedirs(target)
        db = os.path.join(target, "fts.sqlite")
        m = run_measured([sys.executable, SQL_SCRIPT, "sqlite", "index", "--db", db,
                          "--entities", entities, corpus["path"]], out, err)
    elif system == "postgres":
        python = postgres_python()
        if python is None:
            return {"status": "skipped", "error": "psycopg2 not importable (apt python3-psycopg2)"}
        os.makedirs(target)
        db = os.path.join(target, "data")
        m = run_measured([python, SQL_SCRIPT, "postgres", "index", "--data", db,
                          "--entities", entities, corpus["path"]], out, err)
    elif system == "lucene":
        if lucene_setup().get("status") != "ok":
            return {"status": "skipped", "error": lucene_setup().get("error")}
        # As many indexing threads as Accord's --jobs; the JVM's start-up is included (as
        # accord-index's is), and so are its JIT and GC threads in the CPU time.
        jobs = os.cpu_count() or 1
        m = run_measured(lucene_command("index", "--index", target, "--entities", entities,
                                        "--threads", jobs, corpus["path"], jvm=LUCENE_INDEX_JVM),
                         out, err)
        m["jobs"] = jobs
        db = target
    else:
        raise ValueError(system)
    with open(out, encoding="utf-8", errors="replace") as handle:
        reported = last_json_line(handle.read()) or {}
    record = {**m, "status": "ok" if m["exit_status"] == 0 else "failed", "load_average": load,
              "reported": reported}
    if m["exit_status"] != 0:
        record["error"] = f"exit {m['exit_status']}"
        record["stderr"] = tail(err)
        return record
    if system == "sqlite":
        # In-process: the script's own rusage is the same process; keep wall from outside.
        record["peak_rss_kb"] = reported.get("peak_rss_kb", m["peak_rss_kb"])
    if system == "postgres":
        # Loading and indexing happen in the server: its backend's CPU and peak memory count;
        # initdb and server start-up are left out (as in the relevance baseline).
        record["wall_seconds"] = reported["seconds"]
        record["setup_seconds"] = reported.get("setup_seconds")
        record["cpu_seconds"] = reported["cpu_seconds"]
        record["peak_rss_kb"] = reported.get("peak_rss_kb")
        record["bytes"] = reported.get("bytes")
    else:
        record["bytes"] = disk_bytes(target)
    if system == "lucene":
        record["version"] = reported.get("version")
    record["documents"] = reported.get("documents")
    record["db"] = db
    w, c = record["wall_seconds"], record["cpu_seconds"]
    record["mb_per_s"] = corpus["bytes"] / 1e6 / w if w else None
    record["docs_per_s"] = corpus["documents"] / w if w else None
    record["mb_per_cpu_s"] = corpus["bytes"] / 1e6 / c if c else None
    return record


def export_entities(accord_db, target_dir):
    """accord-bench-entities → TSV (see sql_speed.py); returns (path, sha, seconds)."""
    path = os.path.join(target_dir, "entities.tsv")
    start = time.monotonic()
    with open(path + ".part", "w") as out:
        subprocess.run([os.path.join(BIN, "accord-bench-entities"), "--db", accord_db],
                       stdout=out, check=True)
    os.replace(path + ".part", path)
    return path, sha_file(path), time.monotonic() - start


def ensure_indexes(corpus, systems, repeats=1):
    """Each system's index of the corpus, from the cache when its key matches (corpus, the
    indexer binary or script, the gazetteer, the entity list), else built `repeats` times,
    interleaved across systems (A X S P L A X S P L …), the last build kept. Returns
    {system: {"db", "cached", "run_id", "builds": [records], "median": {...}}}."""
    docs = corpus["documents"]
    mix = corpus.get("mix", "news")
    keys = {
        "accord": short_key(corpus["key"], sha_file(os.path.join(BIN, "accord-index")),
                            sha_tree(GAZETTEER), os.cpu_count()),
        "xapian": short_key(corpus["key"], sha_file(os.path.join(BIN, "accord-baseline-xapian-index"))),
    }
    results = {}
    pending = []
    for system in ("accord", "xapian"):
        if system not in systems and not (system == "accord" and set(ENTITY_PEERS) & set(systems)):
            continue
        path, _, _ = _entry(system, docs, keys[system], mix)
        meta = read_json(os.path.join(path, "build.json"))
        if meta and not REBUILD and meta.get("status") == "ok":
            results[system] = {**meta, "cached": True}
        else:
            pending.append(system)

    def peer_key(system, entities_sha):
        if system == "lucene":
            # The sources, Debian's jars, the JVM; the thread count (as for Accord).
            return short_key(corpus["key"], entities_sha, lucene_setup()["key"], os.cpu_count())
        version = postgres_version() if system == "postgres" else __import__("sqlite3").sqlite_version
        return short_key(corpus["key"], entities_sha, sha_file(SQL_SCRIPT), version)

    def finish(system, key, builds):
        path, directory, prefix = _entry(system, docs, key, mix)
        ok = [b for b in builds if b.get("status") == "ok"]
        meta = {"system": system, "key": key, "documents": docs, "corpus": corpus["key"],
                "mix": mix, "run_id": RUN_ID, "built_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "status": "ok" if ok and len(ok) == len(builds) else "failed", "builds": builds,
                "db": builds[-1].get("db") if builds else None}
        if ok:
            meta["median"] = {k: median([b[k] for b in ok if b.get(k) is not None])
                              for k in ("wall_seconds", "cpu_seconds", "peak_rss_kb", "bytes",
                                        "mb_per_s", "docs_per_s", "mb_per_cpu_s")}
            if ok[-1].get("version"):
                meta["version"] = ok[-1]["version"]
        os.makedirs(path, exist_ok=True)
        write_json(os.path.join(path, "build.json"), meta)
        _prune(directory, prefix, os.path.basename(path))
        return {**meta, "cached": False}

    # Accord and plain Xapian, interleaved repeats; the entity list after Accord's first build.
    builds = {s: [] for s in pending}
    staging = {s: _entry(s, docs, keys[s], mix)[0] for s in pending}
    for s in pending:
        shutil.rmtree(staging[s], ignore_errors=True)
    for repeat in range(repeats):
        for system in pending:
            log(f"index: {LABELS[system]}, {docs:,} documents, mix {mix} (build {repeat + 1}/{repeats})")
            target = os.path.join(staging[system], "db")
            record = _build_once(system, corpus, target, None, os.path.join(staging[system], "logs"))
            builds[system].append(record)
            log(f"index: {LABELS[system]}: {record.get('status')} in {record.get('wall_seconds', 0):.1f} s "
                f"(CPU {record.get('cpu_seconds', 0):.1f} s, peak {record.get('peak_rss_kb', 0) / 1024:.0f} MiB)")
            if record.get("status") != "ok":
                break
    for system in pending:
        results[system] = finish(system, keys[system], builds[system])

    # The entity list Accord tagged, exported from its index (kept with it).
    accord = results.get("accord")
    entities = None
    if accord and accord.get("status") == "ok":
        accord_dir = _entry("accord", docs, accord["key"], mix)[0]
        entities = os.path.join(accord_dir, "entities.tsv")
        info = read_json(entities + ".json")
        if not (info and os.path.exists(entities) and info.get("sha") == sha_file(entities)
                and info.get("tool") == sha_file(os.path.join(BIN, "accord-bench-entities"))):
            _, sha, seconds = export_entities(accord["db"], accord_dir)
            write_json(entities + ".json", {"sha": sha, "seconds": seconds,
                                            "tool": sha_file(os.path.join(BIN, "accord-bench-entities"))})
        accord["entities"] = entities
        accord["entities_sha"] = sha_file(entities)

    peers = [s for s in ENTITY_PEERS if s in systems]
    if peers and entities is None:
        for system in peers:
            results[system] = {"status": "skipped", "error": "no Accord index to take the entity lists from"}
        return results
    if "lucene" in peers and lucene_setup().get("status") != "ok":
        results["lucene"] = {"status": "skipped", "error": lucene_setup().get("error")}
        peers.remove("lucene")
    peer_pending = []
    for system in peers:
        keys[system] = peer_key(system, accord["entities_sha"])
        path, _, _ = _entry(system, docs, keys[system], mix)
        meta = read_json(os.path.join(path, "build.json"))
        if meta and not REBUILD and meta.get("status") == "ok":
            results[system] = {**meta, "cached": True}
        else:
            peer_pending.append(system)
    builds = {s: [] for s in peer_pending}
    for s in peer_pending:
        shutil.rmtree(_entry(s, docs, keys[s], mix)[0], ignore_errors=True)
    for repeat in range(repeats):
        for system in peer_pending:
            if builds[system] and builds[system][-1].get("status") != "ok":
                continue
            log(f"index: {LABELS[system]}, {docs:,} documents, mix {mix} (build {repeat + 1}/{repeats})")
            staging_dir = _entry(system, docs, keys[system], mix)[0]
            record = _build_once(system, corpus, os.path.join(staging_dir, "db"), entities,
                                 os.path.join(staging_dir, "logs"))
            builds[system].append(record)
            log(f"index: {LABELS[system]}: {record.get('status')} in {record.get('wall_seconds') or 0:.1f} s")
    for system in peer_pending:
        if builds[system] and builds[system][-1].get("status") == "skipped":
            results[system] = builds[system][-1]
        else:
            results[system] = finish(system, keys[system], builds[system])
    return results


# --- latency drivers --------------------------------------------------------------------------

def accord_block(server, files, rounds, warmup, out_dir, block, name="accord", variants=None,
                 requests="accord", max_seconds=None):
    """One block of HTTP requests to a server (accord-searchd, or the Lucene peer's with
    name="lucene-http" and requests="peer_http": the peers' paths, filters apart from the
    text), each variant in its own driver run (so the server's CPU time per request can be
    split by variant); with max_seconds, no new round of a variant starts once its measured
    rounds took that long. Returns {variant: {"samples", "cpu_seconds", "requests"}}."""
    result = {}
    for variant, path in files[requests].items():
        if variants is not None and variant not in variants:
            continue
        out = os.path.join(out_dir, f"{name}-{variant}-b{block}.tsv")
        cpu = server.cpu_seconds()
        run = subprocess.run([os.path.join(BIN, "accord-bench-http"), "--port", str(server.port),
                              "--requests", path, "--rounds", str(rounds), "--warmup", str(warmup),
                              "--out", out]
                             + (["--max-seconds", str(max_seconds)] if max_seconds else []),
                             capture_output=True, text=True)
        cpu = server.cpu_seconds() - cpu
        if run.returncode != 0:
            raise RuntimeError(f"accord-bench-http ({name}, {variant}): {run.stderr.strip()[:500]}")
        rows = read_tsv(out)
        with open(path, encoding="utf-8") as handle:
            per_round = sum(1 for line in handle if line.strip())
        result[variant] = {"samples": rows, "cpu_seconds": cpu,
                           "requests": len(rows) + warmup * per_round}
    return result


def warm_http(server, files, seconds, variants=PEER_VARIANTS, requests="peer_http"):
    """Sends the mix to a server, unmeasured, until `seconds` have passed (at least once): the
    JVM's JIT compiles the hot paths before the Lucene server is timed."""
    start = time.monotonic()
    while True:
        for variant in variants:
            subprocess.run([os.path.join(BIN, "accord-bench-http"), "--port", str(server.port),
                            "--requests", files.get(requests, files["accord"])[variant],
                            "--rounds", "0", "--warmup", "1",
                            "--out", os.devnull], capture_output=True, text=True)
        if time.monotonic() - start >= seconds:
            return round(time.monotonic() - start, 1)


def xapian_block(db, topics, rounds, warmup, out_dir, block):
    out = os.path.join(out_dir, f"xapian-b{block}.tsv")
    with open(out, "w") as handle:
        run = subprocess.run([os.path.join(BIN, "accord-baseline-xapian-search"), "--db", db,
                              "--topics", topics, "--latency", "--rounds", str(rounds),
                              "--warmup", str(warmup), "--limit", "10", "--check-at-least",
                              str(EXACT_LIMIT), "--default-op", "and"],
                             stdout=handle, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"accord-baseline-xapian-search --latency: {run.stderr.strip()[:500]}")
    return {"samples": read_tsv(out)}


def measure_latency(server, builds, files, systems, blocks, rounds, warmup, sql_seconds, out_dir,
                    lucene=None):
    """Interleaved blocks: in each, Accord (every variant), plain Xapian, SQLite, PostgreSQL,
    then (when "lucene" is among the systems) Lucene in-process and, given its running server
    `lucene`, Lucene over HTTP (full and nofacets). Returns raw samples per system."""
    os.makedirs(out_dir, exist_ok=True)
    raw = {"accord": {v: {"samples": [], "cpu_seconds": 0.0, "requests": 0} for v in VARIANTS},
           "xapian": {"samples": []}, "sqlite": {"samples": [], "info": []},
           "postgres": {"samples": [], "info": []}, "lucene": {"samples": [], "info": []},
           "lucene-http": {v: {"samples": [], "cpu_seconds": 0.0, "requests": 0}
                           for v in PEER_VARIANTS},
           "errors": {}}
    for block in range(blocks):
        log(f"latency: block {block + 1}/{blocks}")
        for variant, got in accord_block(server, files, rounds, warmup, out_dir, block).items():
            for row in got["samples"]:
                row["block"] = block
            raw["accord"][variant]["samples"] += got["samples"]
            raw["accord"][variant]["cpu_seconds"] += got["cpu_seconds"]
            raw["accord"][variant]["requests"] += got["requests"]
        for system in ("xapian", "sqlite", "postgres", "lucene"):
            build = builds.get(system, {})
            if system not in systems or build.get("status") != "ok" or system in raw["errors"]:
                continue
            try:
                if system == "xapian":
                    got = xapian_block(build["db"], files["xapian"], rounds, warmup, out_dir, block)
                elif system == "lucene":
                    got = lucene_block(build["db"], files["sql"], rounds, warmup, sql_seconds,
                                       out_dir, block)
                    raw[system]["info"].append(got["info"])
                else:
                    got = sql_block(system, build["db"], files["sql"], rounds, warmup, sql_seconds,
                                    out_dir, block)
                    raw[system]["info"].append(got["info"])
                for row in got["samples"]:
                    row["block"] = block
                raw[system]["samples"] += got["samples"]
            except RuntimeError as error:
                log(f"latency: {LABELS[system]} failed: {error}")
                raw["errors"][system] = str(error)
        if lucene is not None and "lucene-http" not in raw["errors"]:
            try:
                for variant, got in accord_block(lucene, files, rounds, warmup, out_dir, block,
                                                 name="lucene-http", variants=PEER_VARIANTS,
                                                 requests="peer_http",
                                                 max_seconds=sql_seconds / len(PEER_VARIANTS)
                                                 ).items():
                    for row in got["samples"]:
                        row["block"] = block
                    entry = raw["lucene-http"][variant]
                    entry["samples"] += got["samples"]
                    entry["cpu_seconds"] += got["cpu_seconds"]
                    entry["requests"] += got["requests"]
            except RuntimeError as error:
                log(f"latency: Lucene over HTTP failed: {error}")
                raw["errors"]["lucene-http"] = str(error)
    return raw


def _http_summary(data, by_label):
    """Percentiles of one variant's accord-bench-http samples (Accord's, or the Lucene server's)."""
    rows = [r for r in data["samples"] if r["status"] == "200"]
    client = [float(r["client_us"]) / 1000 for r in rows]
    took = [float(r["took_ms"]) for r in rows if float(r["took_ms"]) >= 0]
    entry = {"client_ms": summary(client), "server_took_ms": summary(took),
             "errors": len(data["samples"]) - len(rows),
             "approximate_totals": sum(1 for r in rows if r.get("exact") == "0"),
             "server_cpu_ms_per_request": round(1000 * data["cpu_seconds"] / data["requests"], 3)
             if data["requests"] else None,
             "by_kind": {}, "by_filter": {}, "took_by_kind": {}, "requests": {}}
    for field, key in (("kind", "by_kind"), ("filter", "by_filter")):
        groups = {}
        for r in rows:
            groups.setdefault(by_label[r["label"]][field], []).append(float(r["client_us"]) / 1000)
        entry[key] = {k: summary(v) for k, v in groups.items()}
    groups = {}
    for r in rows:
        if float(r["took_ms"]) >= 0:
            groups.setdefault(by_label[r["label"]]["kind"], []).append(float(r["took_ms"]))
    entry["took_by_kind"] = {k: summary(v) for k, v in groups.items()}
    per = {}
    for r in rows:
        item = per.setdefault(r["label"], {"client": [], "took": [], "total": int(r["total"]),
                                           "exact": r.get("exact") != "0"})
        item["client"].append(float(r["client_us"]) / 1000)
        item["took"].append(float(r["took_ms"]))
    entry["requests"] = {label: {"p50_ms": round(median(v["client"]), 3),
                                 "max_ms": round(max(v["client"]), 3),
                                 "took_p50_ms": round(median(v["took"]), 3),
                                 "total": v["total"], "exact": v["exact"], "n": len(v["client"])}
                         for label, v in per.items()}
    return entry


def summarize_latency(raw, mix):
    """Percentiles per system and variant, per kind, per request; matches per request."""
    by_label = {r["label"]: r for r in mix}
    out = {"accord": {variant: _http_summary(data, by_label) for variant, data in raw["accord"].items()}}
    http = {variant: _http_summary(data, by_label)
            for variant, data in raw.get("lucene-http", {}).items() if data["samples"]}
    if http:
        out["lucene-http"] = http
    elif "lucene-http" in raw.get("errors", {}):
        out["lucene-http"] = {"status": "failed", "error": raw["errors"]["lucene-http"]}
    for system in ("xapian", "sqlite", "postgres", "lucene"):
        rows = raw.get(system, {}).get("samples", [])
        if not rows:
            if system in raw["errors"]:
                out[system] = {"status": "failed", "error": raw["errors"][system]}
            continue
        label_key = "qid" if system == "xapian" else "label"
        variants = {}
        for r in rows:
            label = r[label_key]
            variant = "xapian" if system == "xapian" else by_label[label]["variant"]
            v = variants.setdefault(variant, {"wall": [], "cpu": [], "per": {}})
            wall = float(r["wall_us"]) / 1000
            v["wall"].append(wall)
            v["cpu"].append(float(r["cpu_us"]) / 1000)
            total = int(r.get("matches", r.get("total", -1)))
            v["per"].setdefault(label, {"wall": [], "total": total})["wall"].append(wall)
        entry = {}
        for variant, v in variants.items():
            kinds = {}
            for label, item in v["per"].items():
                kind = label.split(":", 1)[0]
                kinds.setdefault(kind, []).extend(item["wall"])
            entry[variant] = {"wall_ms": summary(v["wall"]), "cpu_ms": summary(v["cpu"]),
                              "cpu_ms_per_request": round(statistics.fmean(v["cpu"]), 3),
                              "by_kind": {k: summary(x) for k, x in kinds.items()},
                              "requests": {label: {"p50_ms": round(median(i["wall"]), 3),
                                                   "max_ms": round(max(i["wall"]), 3),
                                                   "total": i["total"], "n": len(i["wall"])}
                                           for label, i in v["per"].items()}}
        if system in ("sqlite", "postgres", "lucene"):
            infos = raw[system]["info"]
            entry["version"] = next((i.get("version") for i in infos if i.get("version")), None)
        if system == "lucene":
            entry["java"] = next((i.get("java") for i in infos if i.get("java")), None)
            entry["warmup_seconds"] = [round(i.get("warmup_seconds", 0), 1) for i in infos]
        out[system] = entry
    return out


def _peer_ratios(peer, variant, mine, theirs, mine_stats, theirs_stats, own_cpu, peer_cpu,
                 mine_key="p50_ms"):
    """The peer's time over Accord's on the same requests: of the p50 and p99 over the mix,
    of the mean CPU per request, of per-request medians (geometric mean and minimum)."""
    ratios = {label: theirs[label]["p50_ms"] / mine[label][mine_key]
              for label in mine if label in theirs and mine[label][mine_key] > 0}
    if not ratios:
        return None
    worst = min(ratios, key=ratios.get)
    return {
        "peer": peer, "variant": variant, "requests": len(ratios),
        "p50_ratio": round(theirs_stats["p50"] / mine_stats["p50"], 2),
        "cpu_ratio": round(peer_cpu / own_cpu, 2) if own_cpu and peer_cpu else None,
        "p99_ratio": round(theirs_stats["p99"] / mine_stats["p99"], 2),
        "geomean_ratio": round(geometric_mean(list(ratios.values())), 2),
        "min_ratio": round(ratios[worst], 2), "min_ratio_request": worst,
        "total_mismatches": sorted(l for l in ratios if theirs[l]["total"] != mine[l]["total"]),
    }


def compare(latency):
    """Accord against the peers on the same requests: per-request ratios of medians.

    Lucene three ways: in-process against Accord over HTTP (as the SQL peers: "lucene"), over
    HTTP against Accord over HTTP ("lucene-http": the same client, both servers' CPU), and
    in-process against Accord's own took_ms ("lucene-inprocess": the engines without HTTP or
    JSON); each with the p50 ratio per query kind."""
    out = {}
    accord = latency.get("accord", {})
    for peer in ("sqlite", "postgres", "lucene"):
        data = latency.get(peer, {})
        for variant in PEER_VARIANTS:
            mine = accord.get(variant, {}).get("requests", {})
            theirs = data.get(variant, {}).get("requests", {}) if isinstance(data, dict) else {}
            c = _peer_ratios(peer, variant, mine, theirs, accord.get(variant, {}).get("client_ms"),
                             data.get(variant, {}).get("wall_ms") if theirs else None,
                             accord.get(variant, {}).get("server_cpu_ms_per_request"),
                             data.get(variant, {}).get("cpu_ms_per_request") if theirs else None)
            if c:
                out[f"{peer}:{variant}"] = c
    http = latency.get("lucene-http", {})
    lucene = latency.get("lucene", {})
    for variant in PEER_VARIANTS:
        mine = accord.get(variant, {})
        if not mine.get("requests"):
            continue
        theirs = http.get(variant, {}) if isinstance(http, dict) else {}
        if theirs.get("requests"):
            c = _peer_ratios("lucene-http", variant, mine["requests"], theirs["requests"],
                             mine["client_ms"], theirs["client_ms"],
                             mine.get("server_cpu_ms_per_request"),
                             theirs.get("server_cpu_ms_per_request"))
            if c:
                c["by_kind"] = {k: {"accord_p50_ms": s["p50"],
                                    "lucene_p50_ms": theirs["by_kind"][k]["p50"],
                                    "ratio": round(theirs["by_kind"][k]["p50"] / s["p50"], 2)}
                                for k, s in mine["by_kind"].items()
                                if k in theirs["by_kind"] and s.get("p50")}
                out[f"lucene-http:{variant}"] = c
        inproc = lucene.get(variant, {}) if isinstance(lucene, dict) and "status" not in lucene else {}
        if inproc.get("requests") and mine.get("server_took_ms", {}).get("n"):
            c = _peer_ratios("lucene-inprocess", variant, mine["requests"], inproc["requests"],
                             mine["server_took_ms"], inproc["wall_ms"], None, None,
                             mine_key="took_p50_ms")
            if c:
                c["by_kind"] = {k: {"accord_p50_ms": s["p50"],
                                    "lucene_p50_ms": inproc["by_kind"][k]["p50"],
                                    "ratio": round(inproc["by_kind"][k]["p50"] / s["p50"], 2)}
                                for k, s in mine.get("took_by_kind", {}).items()
                                if k in inproc["by_kind"] and s.get("p50")}
                out[f"lucene-inprocess:{variant}"] = c
    xapian = latency.get("xapian", {}).get("xapian", {}).get("requests", {})
    for variant in ("nofacets", "bare"):
        mine = accord.get(variant, {}).get("requests", {})
        ratios = {}
        for label, item in xapian.items():
            own = label.rsplit(":", 1)[0] + ":" + variant
            if own in mine and item["p50_ms"] > 0:
                ratios[own] = mine[own]["p50_ms"] / item["p50_ms"]
        if ratios:
            out[f"xapian:{variant}"] = {
                "peer": "xapian", "variant": variant, "requests": len(ratios),
                "accord_over_xapian_geomean": round(geometric_mean(list(ratios.values())), 2),
                "per_request": {k: round(v, 2) for k, v in ratios.items()},
                "total_mismatches": sorted(
                    l for l in ratios
                    if mine[l]["total"] != xapian[l.rsplit(":", 1)[0] + ":xapian"]["total"])}
    return out


# --- wrk --------------------------------------------------------------------------------------

WRK_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean))
end
"""


def wrk_script(paths, path):
    """A wrk Lua script that rotates through the paths (each connection's thread in turn)."""
    quoted = ",\n".join("  " + json.dumps(p) for p in paths)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(f"local paths = {{\n{quoted}\n}}\nlocal i = 0\n"
                     "request = function()\n  i = i % #paths + 1\n"
                     "  return wrk.format(\"GET\", paths[i])\nend\n" + WRK_DONE)
    return path


def run_wrk(server, script, connections, seconds, repeats, out_dir):
    """wrk -t1 -cN -dS with the rotating script; the median of repeats by requests/s."""
    if shutil.which("wrk") is None:
        return {"status": "skipped", "error": "wrk not installed (apt wrk)"}
    runs = []
    for repeat in range(repeats):
        cpu = server.cpu_seconds()
        run = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                              "-s", script, f"http://127.0.0.1:{server.port}"],
                             capture_output=True, text=True)
        cpu = server.cpu_seconds() - cpu
        with open(os.path.join(out_dir, f"wrk-c{connections}-r{repeat}.txt"), "w") as handle:
            handle.write(run.stdout + run.stderr)
        data = last_json_line(run.stdout)
        if run.returncode != 0 or not data:
            return {"status": "failed", "error": (run.stderr or run.stdout).strip()[-300:]}
        seconds_run = data["duration_us"] / 1e6
        errors = sum(data["errors"].values())
        runs.append({"qps": data["requests"] / seconds_run, "requests": data["requests"],
                     "errors": errors, "latency_ms": {k: v / 1000 for k, v in data["latency_us"].items()},
                     "server_cpu_ms_per_request": 1000 * cpu / data["requests"] if data["requests"] else None,
                     "load_average": load_average()})
    runs.sort(key=lambda r: r["qps"])
    middle = runs[len(runs) // 2]
    return {"status": "ok", "connections": connections, "seconds": seconds, "repeats": repeats,
            "qps": round(middle["qps"], 1), "qps_runs": [round(r["qps"], 1) for r in runs],
            "latency_ms": {k: round(v, 3) for k, v in middle["latency_ms"].items()},
            "errors": middle["errors"],
            "server_cpu_ms_per_request": round(middle["server_cpu_ms_per_request"] or 0, 3)}
