"""Shared by the speed and scale sections (bench/lib/speed.py, scale.py): the scale corpora and
the cache of corpora and indexes, timed index builds, accord-searchd, the query mix, the latency
drivers of every system (interleaved), the Lucene peer (bench/baselines/lucene/), wrk, and
statistics. See docs/benchmarks.md.

Environment (set by bench/run): BIN, WORK_DIR, MODE, plus
  SCALES         comma-separated corpus sizes (default: quick 10000; full 10000,100000,1000000)
  BENCH_SEED     generator seed (default 1)
  BENCH_REBUILD  1: build every index again even when the cache has it
"""

import hashlib
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse

from benchlib import BENCH, BIN, MODE, ROOT, WORK_DIR, log

SEED = int(os.environ.get("BENCH_SEED", "1"))
REBUILD = os.environ.get("BENCH_REBUILD", "0") == "1"
CACHE = os.path.join(WORK_DIR, "cache")
GAZETTEER = os.path.join(ROOT, "data", "gazetteer")
SQL_SCRIPT = os.path.join(BENCH, "baselines", "sql_speed.py")
LUCENE_SOURCES = os.path.join(BENCH, "baselines", "lucene")
LUCENE_CLASSES = os.path.join(WORK_DIR, "lucene", "classes")
# The JVM's heap: the indexer's 256 MB RAM buffer plus merging; the searchers' readers are
# memory-mapped (outside the heap), so a small heap leaves the page cache to the index.
LUCENE_INDEX_JVM = ["-Xms1g", "-Xmx1g"]
LUCENE_SEARCH_JVM = ["-Xms512m", "-Xmx512m", "-Dsun.net.httpserver.nodelay=true"]
# JIT warm-up of a Lucene latency run, on top of the section's warm-up rounds.
LUCENE_WARMUP_SECONDS = 3 if MODE == "quick" else 10
RUN_ID = os.environ.get("BENCH_RUN_ID") or time.strftime("%Y-%m-%dT%H:%M:%S")
EXACT_LIMIT = 100000  # accord-searchd's default --exact-limit; the plain Xapian searcher's too


def scales():
    default = "10000" if MODE == "quick" else "10000,100000,1000000"
    text = os.environ.get("SCALES") or default
    return sorted({int(float(part)) for part in text.split(",") if part.strip()})


# --- small helpers ----------------------------------------------------------------------------

_hashes = {}


def sha_file(path):
    """sha256 of a file (memoised by path, size and mtime)."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _hashes[key] = digest.hexdigest()
    return _hashes[key]


def sha_tree(path):
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            digest.update(os.path.relpath(full, path).encode())
            digest.update(sha_file(full).encode())
    return digest.hexdigest()


def short_key(*parts):
    return hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()[:12]


def load_average():
    try:
        with open("/proc/loadavg") as handle:
            return [float(x) for x in handle.read().split()[:3]]
    except OSError:
        return None


def disk_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def read_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError):
        return default


def write_json(path, payload):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=1)
    os.replace(tmp, path)


def last_json_line(text):
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None


def run_measured(command, stdout_path, stderr_path, cwd=None):
    """Runs a command; returns wall seconds, CPU seconds (user + system of the process and its
    waited-for children, from wait4) and its peak resident set (ru_maxrss, KiB)."""
    command = [str(c) for c in command]
    start = time.monotonic()
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd or ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return {"exit_status": process.returncode, "wall_seconds": time.monotonic() - start,
            "cpu_seconds": usage.ru_utime + usage.ru_stime, "user_seconds": usage.ru_utime,
            "system_seconds": usage.ru_stime, "peak_rss_kb": usage.ru_maxrss}


def tail(path, lines=5):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in handle.readlines()[-lines:]]
    except OSError:
        return []


def postgres_python():
    """An interpreter that can import psycopg2 (Debian's python3-psycopg2 lives in
    /usr/bin/python3's path, which a pyenv python3 does not see), or None."""
    for candidate in (sys.executable, "/usr/bin/python3"):
        if candidate and os.path.exists(candidate) and subprocess.run(
                [candidate, "-c", "import psycopg2"], stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL).returncode == 0:
            return candidate
    return None


def postgres_version():
    try:
        out = subprocess.run(["/usr/lib/postgresql/15/bin/postgres", "--version"],
                             capture_output=True, text=True).stdout
        return out.strip().split()[-1] if out else None
    except OSError:
        return None


# --- statistics -------------------------------------------------------------------------------

def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values, scale=1.0, digits=3):
    """n, p50, p95, p99, mean, max of a list (each multiplied by scale)."""
    if not values:
        return {"n": 0}
    out = {"n": len(values)}
    for name, p in (("p50", 50), ("p95", 95), ("p99", 99)):
        out[name] = round(percentile(values, p) * scale, digits)
    out["mean"] = round(statistics.fmean(values) * scale, digits)
    out["max"] = round(max(values) * scale, digits)
    return out


def median(values):
    return statistics.median(values) if values else None


def geometric_mean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(statistics.fmean(math.log(v) for v in values)) if values else None


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


# --- the Lucene peer (bench/baselines/lucene/) ------------------------------------------------

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


# --- the query mix ----------------------------------------------------------------------------

# Words and phrases chosen on the seed-1 corpus for a spread of match counts (share of
# documents at any size, since the generator's distributions do not depend on it):
TEXT_QUERIES = [
    ("one-word", "security"),          # ~41 %
    ("one-word", "sanctions"),         # ~18 %
    ("one-word", "referendum"),        # ~5 %
    ("one-word", "tousheagu"),         # ~0.3 % (a made-up tail word)
    ("two-word", "peace talks"),       # ~4 % (both words; Accord ANDs up to four words)
    ("two-word", "security guarantees"),  # ~5 %
    ("two-word", "energy sanctions"),  # ~3 %
    ("phrase", '"peace plan"'),        # ~0.8 %
    ("phrase", '"foreign minister"'),  # ~0.6 %
    ("phrase", '"equally authentic"'),  # ~2 % (treaty boilerplate)
    ("browse", ""),                    # every document, newest first (facet browsing)
]
FILTER_SETS = [
    ("none", {}),
    ("party", {"party": ["ua"]}),
    ("party+date", {"party": ["ru", "ua"], "from": "2022-01-01", "to": "2025-12-31"}),
]
# full: the default answer (facets and snippets); nofacets: facets=0. The other two only
# split Accord's time (facet counting, snippets) and are not sent to wrk or the peers.
VARIANTS = {"full": {}, "nofacets": {"facets": "0"}, "nosnippets": {"snippets": "0"},
            "bare": {"facets": "0", "snippets": "0"}}
PEER_VARIANTS = ("full", "nofacets")


def request_label(kind, text, filter_name, variant):
    return f"{kind}:{text.strip(chr(34)) or '*'}:{filter_name}:{variant}"


def query_mix():
    """Every request of the mix: dicts with label, kind, text, filter, filters, variant, path."""
    out = []
    for variant, extra in VARIANTS.items():
        for filter_name, filters in FILTER_SETS:
            for kind, text in TEXT_QUERIES:
                params = [("q", text)]
                for family in ("party", "region", "agreement", "type"):
                    for value in filters.get(family, []):
                        params.append((family, value))
                for bound in ("from", "to"):
                    if filters.get(bound):
                        params.append((bound, filters[bound]))
                params += list(extra.items())
                out.append({"label": request_label(kind, text, filter_name, variant), "kind": kind,
                            "text": text, "filter": filter_name, "filters": filters,
                            "variant": variant,
                            "path": "/api/search?" + urllib.parse.urlencode(params)})
    return out


def write_request_files(directory):
    """The mix as the drivers read it: per Accord variant a label<TAB>path file, the SQL JSON
    (full and nofacets), and the plain Xapian topics (text queries, no filter)."""
    os.makedirs(directory, exist_ok=True)
    mix = query_mix()
    files = {"accord": {}, "sql": os.path.join(directory, "sql-requests.json"),
             "xapian": os.path.join(directory, "xapian-topics.tsv"), "mix": mix}
    for variant in VARIANTS:
        path = os.path.join(directory, f"accord-{variant}.tsv")
        with open(path, "w", encoding="utf-8") as handle:
            for r in mix:
                if r["variant"] == variant:
                    handle.write(f"{r['label']}\t{r['path']}\n")
        files["accord"][variant] = path
    write_json(files["sql"], [{k: r[k] for k in ("label", "kind", "text", "filters", "variant")}
                              for r in mix if r["variant"] in PEER_VARIANTS])
    with open(files["xapian"], "w", encoding="utf-8") as handle:
        for r in mix:
            if r["variant"] == "bare" and r["filter"] == "none" and r["kind"] != "browse":
                handle.write(f"{request_label(r['kind'], r['text'], 'none', 'xapian')}\t{r['text']}\n")
    return files


# --- accord-searchd ---------------------------------------------------------------------------

class Searchd:
    """accord-searchd on an ephemeral port of 127.0.0.1, logging to a file. `command` starts
    another server that prints "serving … on http://127.0.0.1:PORT" instead (the Lucene
    peer's: lucene_server)."""

    def __init__(self, db, log_path, threads=None, extra_dbs=(), command=None):
        self.threads = threads or os.cpu_count() or 1
        self.log_path = log_path
        self.log = open(log_path, "w")
        start = time.monotonic()
        self.process = subprocess.Popen(
            command or [os.path.join(BIN, "accord-searchd"), "--db", db]
            + [arg for extra in extra_dbs for arg in ("--db", extra)]
            + ["--listen", "127.0.0.1:0", "--threads", str(self.threads)],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.port = None
        deadline = time.monotonic() + 600
        pattern = re.compile(r"serving .* on http://127\.0\.0\.1:(\d+)")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{os.path.basename(self.process.args[0])} exited: "
                                   + " ".join(tail(log_path)))
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                found = pattern.search(handle.read())
            if found:
                self.port = int(found.group(1))
                break
            time.sleep(0.02)
        if self.port is None:
            self.stop()
            raise RuntimeError(f"{os.path.basename(self.process.args[0])} did not start")
        self.startup_seconds = time.monotonic() - start

    def status_kb(self, key):
        with open(f"/proc/{self.process.pid}/status") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return None

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def get(self, path):
        import urllib.request
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=120) as answer:
            return json.loads(answer.read())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


# --- latency drivers --------------------------------------------------------------------------

def read_tsv(path):
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


def lucene_server(db, log_path, threads=None):
    """The Lucene peer's HTTP server (LuceneBaseline serve: /api/search with accord-searchd's
    parameters and answer shape), on an ephemeral port, `threads` request threads."""
    threads = threads or os.cpu_count() or 1
    return Searchd(db, log_path, threads, command=lucene_command(
        "serve", "--index", db, "--listen", "127.0.0.1:0", "--threads", threads))


def accord_block(server, files, rounds, warmup, out_dir, block, name="accord", variants=None):
    """One block of HTTP requests to a server (accord-searchd, or the Lucene peer's with
    name="lucene-http"), each variant in its own driver run (so the server's CPU time per
    request can be split by variant). Returns {variant: {"samples", "cpu_seconds"}}."""
    result = {}
    for variant, path in files["accord"].items():
        if variants is not None and variant not in variants:
            continue
        out = os.path.join(out_dir, f"{name}-{variant}-b{block}.tsv")
        cpu = server.cpu_seconds()
        run = subprocess.run([os.path.join(BIN, "accord-bench-http"), "--port", str(server.port),
                              "--requests", path, "--rounds", str(rounds), "--warmup", str(warmup),
                              "--out", out], capture_output=True, text=True)
        cpu = server.cpu_seconds() - cpu
        if run.returncode != 0:
            raise RuntimeError(f"accord-bench-http ({name}, {variant}): {run.stderr.strip()[:500]}")
        rows = read_tsv(out)
        result[variant] = {"samples": rows, "cpu_seconds": cpu, "requests": len(rows) + warmup * (
            len(rows) // max(rounds, 1))}
    return result


def warm_http(server, files, seconds, variants=PEER_VARIANTS):
    """Sends the mix to a server, unmeasured, until `seconds` have passed (at least once): the
    JVM's JIT compiles the hot paths before the Lucene server is timed."""
    start = time.monotonic()
    while True:
        for variant in variants:
            subprocess.run([os.path.join(BIN, "accord-bench-http"), "--port", str(server.port),
                            "--requests", files["accord"][variant], "--rounds", "0", "--warmup", "1",
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


def sql_block(engine, db, requests, rounds, warmup, max_seconds, out_dir, block):
    out = os.path.join(out_dir, f"{engine}-b{block}.tsv")
    python = sys.executable if engine == "sqlite" else postgres_python()
    target = ["--db", db] if engine == "sqlite" else ["--data", db]
    with open(out, "w") as handle:
        run = subprocess.run([python, SQL_SCRIPT, engine, "latency", *target, "--requests", requests,
                              "--rounds", str(rounds), "--warmup", str(warmup),
                              "--max-seconds", str(max_seconds)],
                             stdout=handle, stderr=subprocess.PIPE, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"sql_speed.py {engine} latency: {run.stderr.strip()[-800:]}")
    return {"samples": read_tsv(out), "info": last_json_line(run.stderr) or {}}


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
                                                 name="lucene-http", variants=PEER_VARIANTS).items():
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


# --- facet cross-check -----------------------------------------------------------------------

def facet_crosscheck(server, sqlite_db, mix):
    """Accord and the SQLite peer count facets over the same entity lists, so wherever they
    match the same documents (same total) every facet count must agree. Checks every `full`
    request of the mix; returns the number compared and the differences."""
    import sqlite3
    sys.path.insert(0, os.path.join(BENCH, "baselines"))
    import sql_speed  # noqa: E402
    sql = sql_speed.Sql("sqlite")
    db = sqlite3.connect(f"file:{sqlite_db}?mode=ro", uri=True)
    checked, skipped, differences = 0, [], []
    for r in mix:
        if r["variant"] != "full":
            continue
        answer = server.get(r["path"] + "&limit=0")
        statement, params = sql.facets(r)
        theirs = {}
        for facet, value, count in db.execute(statement, params):
            theirs[(facet, value)] = count
        if theirs.get(("total", ""), 0) != answer["total"]:
            skipped.append(r["label"])  # different matches (tokenizer, stemmer): not comparable
            continue
        mine = {}
        for facet in ("party", "region", "agreement", "type", "language", "month"):
            for value in answer["facets"].get(facet, []):
                mine[(facet, value["id"])] = value["count"]
        checked += 1
        for key, count in mine.items():
            if count == 0 and theirs.get(key, 0) == 0:
                continue  # a selected value without documents
            if theirs.get(key, 0) != count:
                differences.append({"request": r["label"], "facet": key[0], "value": key[1],
                                    "accord": count, "sqlite": theirs.get(key, 0)})
    db.close()
    return {"requests": checked, "not_compared": skipped, "differences": differences[:20],
            "difference_count": len(differences)}


def lucene_crosscheck(server, lucene, mix):
    """Accord and the Lucene peer facet over the same entity lists: wherever a `full` request
    matches the same number of documents in both, every count Accord lists must equal Lucene's
    (asked for every value of every family, not its top 200). Also the overlap of their top ten."""
    checked, skipped, differences, overlap = 0, [], [], []
    for r in mix:
        if r["variant"] != "full":
            continue
        mine = server.get(r["path"] + "&snippets=0")
        theirs = lucene.get(r["path"] + "&snippets=0&facet_values=1000000")
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
