"""The SQL peers (SQLite FTS5 and PostgreSQL FTS, bench/baselines/sql_speed.py) as the speed and
scale sections drive them: the interpreter that can import psycopg2, PostgreSQL's version,
a latency block, and the cross-check of SQLite's facet counts against Accord's. Index builds
are in speedlib (with every other system's). See docs/benchmarks.md ("Speed")."""

import os
import subprocess
import sys

from benchlib import BENCH
from speedutil import last_json_line, read_tsv

SQL_SCRIPT = os.path.join(BENCH, "baselines", "sql_speed.py")


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
