#!/usr/bin/env python3
"""Relevance section: every collection of DATA_DIR that has corpus.jsonl, queries.tsv and
qrels.txt is indexed and searched by Accord and by each baseline, and every run is scored by
accord-trec-eval (MAP, nDCG@10, P@10, Recall@100). Writes WORK_DIR/relevance.section.json.
"""

import json
import os
import random
import shutil
import sys
from collections import Counter

import benchlib
from benchlib import BIN, BENCH, DATA_DIR, WORK_DIR, MODE, Step, log

LIMIT = 1000

# Minimum grade of a relevant document per collection (trec_eval -l), and further levels
# reported for reference. Cranfield's grades are 0-4 (4 = complete answer ... 1 = minimum
# interest, 0 = no interest; see its README): level 2 keeps the original grades 1-3 and drops
# "minimum interest". Level 1 is reported too because older measurements used it.
LEVELS = {"cranfield": (2, [1])}
DEFAULT_LEVEL = (1, [])

BASELINES = ["xapian", "sqlite-fts5", "postgres-fts", "lucene"]
SYSTEMS = ["accord"] + BASELINES
if MODE == "quick":
    SYSTEMS.remove("postgres-fts")  # by far the slowest and the weakest; full runs include it


def collections():
    if not os.path.isdir(DATA_DIR):
        return []
    found = []
    for name in sorted(os.listdir(DATA_DIR)):
        path = os.path.join(DATA_DIR, name)
        if all(os.path.isfile(os.path.join(path, f)) for f in ("corpus.jsonl", "queries.tsv", "qrels.txt")):
            found.append((name, path))
    return found


def read_qrels(path):
    qrels = {}
    with open(path) as handle:
        for line in handle:
            fields = line.split()
            if len(fields) == 4:
                qrels.setdefault(fields[0], {})[fields[2]] = int(fields[3])
    return qrels


def read_run(path):
    run = {}
    with open(path) as handle:
        for line in handle:
            fields = line.split()
            if len(fields) == 6:
                run.setdefault(fields[0], []).append((fields[2], float(fields[4])))
    return run


def count_lines(path):
    with open(path, encoding="utf-8") as handle:
        return sum(1 for line in handle if line.strip())


def topic_ids(path):
    with open(path, encoding="utf-8") as handle:
        return [line.split("\t", 1)[0] for line in handle if line.strip()]


def index_and_search(system, collection, out):
    """Runs one system on one collection; returns (info dict, run file path or None)."""
    corpus = os.path.join(collection, "corpus.jsonl")
    topics = os.path.join(collection, "queries.tsv")
    run_file = os.path.join(out, "run.trec")
    info = {"status": "ok", "notes": []}

    def step(name, command):
        return Step(command, os.path.join(out, f"{name}.out"), os.path.join(out, f"{name}.err"))

    if system == "postgres-fts":
        s = step("run", [sys.executable, os.path.join(BENCH, "baselines", "postgres_fts.py"),
                         "--work", os.path.join(out, "pg"), "--topics", topics, "--run", run_file,
                         "--limit", LIMIT, corpus])
        stats = s.json()
        if s.status != 0 or stats is None:
            return {"status": "failed", "error": "postgres_fts.py exited %d" % s.status,
                    "stderr": s.stderr_tail()}, None
        info.update(documents=stats["documents"], index_seconds=stats["index_seconds"],
                    search_seconds=stats["search_seconds"], version=stats.get("version"),
                    timing="inside the script (server start-up excluded)")
        tail = s.stderr_tail()
        if tail:
            info["notes"] += tail
        return info, run_file

    db = os.path.join(out, "db")
    if system == "accord":
        index_cmd = [os.path.join(BIN, "accord-index"), "--db", db, "--json", corpus]
        search_cmd = [os.path.join(BIN, "accord-search"), "--db", db, "--topics", topics,
                      "--run-format", "trec", "--limit", LIMIT]
    elif system == "xapian":
        index_cmd = [os.path.join(BIN, "accord-baseline-xapian-index"), "--db", db, "--json", corpus]
        search_cmd = [os.path.join(BIN, "accord-baseline-xapian-search"), "--db", db,
                      "--topics", topics, "--limit", LIMIT, "--tag", "xapian"]
    elif system == "sqlite-fts5":
        script = os.path.join(BENCH, "baselines", "sqlite_fts5.py")
        index_cmd = [sys.executable, script, "index", "--db", db + ".sqlite", corpus]
        search_cmd = [sys.executable, script, "search", "--db", db + ".sqlite", "--topics", topics,
                      "--limit", LIMIT]
    elif system == "lucene":
        # bench/baselines/lucene/: compiled with javac into the work directory (once; exit 3 =
        # java, javac or Debian's jars missing: skipped). EnglishAnalyzer, BM25, one thread (so
        # document ids, hence score ties, are the same in every run); topics as the OR of their
        # words over title and body.
        import subprocess
        build = subprocess.run([os.path.join(BENCH, "baselines", "lucene", "build"),
                                os.path.join(WORK_DIR, "lucene", "classes")],
                               capture_output=True, text=True)
        if build.returncode != 0:
            reason = (build.stderr.strip().splitlines() or [f"exit {build.returncode}"])[-1]
            return {"status": "skipped" if build.returncode == 3 else "failed", "error": reason}, None
        java = ["java", "-Xmx1g", "-cp", build.stdout.strip().splitlines()[-1], "LuceneBaseline"]
        index_cmd = java + ["index", "--index", db, "--threads", 1, corpus]
        search_cmd = java + ["trec", "--index", db, "--topics", topics, "--limit", LIMIT,
                             "--tag", "lucene"]
    else:
        raise ValueError(system)

    s = step("index", index_cmd)
    stats = s.json() or {}
    info["index_seconds"] = s.seconds
    info["documents"] = stats.get("documents")
    if system == "lucene":
        info["version"] = stats.get("version")
        info["timing"] = "JVM start-up included"
    if stats.get("failed"):
        info["index_failed_records"] = stats["failed"]
        info["notes"] += s.stderr_tail()
    # accord-index: exit 1 = some inputs failed, the rest indexed (contract); still searchable.
    if s.status not in (0, 1) or (s.status == 1 and not stats):
        return {"status": "failed", "error": f"indexer exited {s.status}",
                "stderr": s.stderr_tail()}, None
    if s.status == 1:
        info["status"] = "partial"
    s = Step(search_cmd, run_file, os.path.join(out, "search.err"))
    info["search_seconds"] = s.seconds
    if s.status != 0:
        return {"status": "failed", "error": f"searcher exited {s.status}",
                "stderr": s.stderr_tail(), **{k: v for k, v in info.items() if k != "status"}}, None
    tail = s.stderr_tail()
    if tail:
        info["notes"] += tail
    return info, run_file


def evaluate(qrels, run_file, level, out_name, per_query=True, order="score"):
    command = [os.path.join(BIN, "accord-trec-eval"), "--json", "-l", str(level), "--order", order,
               qrels, run_file]
    if per_query:
        command.insert(2, "-q")
    s = Step(command, out_name, out_name + ".err")
    if s.status != 0:
        raise RuntimeError("accord-trec-eval: " + " ".join(s.stderr_tail()))
    with open(out_name) as handle:
        return json.load(handle)


def run_diagnostics(run_file, topics, evaluated):
    run = read_run(run_file)
    counts = {qid: len(run.get(qid, [])) for qid in topics}
    tied = total = 0
    for entries in run.values():
        scores = [score for _, score in entries]
        total += len(scores)
        tied += sum(n for n in Counter(scores).values() if n > 1)
    sizes = sorted(counts.values())
    return {
        "topics_without_results": [q for q in topics if counts[q] == 0],
        "evaluated_topics_under_100_results": sorted(
            (q for q in evaluated if counts.get(q, 0) < 100), key=lambda q: (len(q), q)),
        "results_per_topic": {"min": sizes[0], "median": sizes[len(sizes) // 2],
                              "max": sizes[-1]} if sizes else None,
        "rows_in_score_ties": tied,
        "rows": total,
    }


def randomization_test(a, b, samples=20000, seed=1):
    """Two-sided paired randomization (sign-flip) test of mean(a) - mean(b); returns p."""
    diffs = [x - y for x, y in zip(a, b)]
    if not diffs:
        return None
    observed = abs(sum(diffs))
    rng = random.Random(seed)
    hits = 0
    for _ in range(samples):
        total = sum(d if rng.random() < 0.5 else -d for d in diffs)
        if abs(total) >= observed - 1e-12:
            hits += 1
    return (hits + 1) / (samples + 1)


def main():
    root = os.path.join(WORK_DIR, "relevance")
    os.makedirs(root, exist_ok=True)
    result = {"status": "ok", "data_dir": DATA_DIR, "limit": LIMIT, "systems": SYSTEMS,
              "collections": {}}
    found = collections()
    if not found:
        log(f"relevance: no collection in {DATA_DIR}")
        result["status"] = "no data"
    for name, path in found:
        level, extra_levels = LEVELS.get(name, DEFAULT_LEVEL)
        qrels_path = os.path.join(path, "qrels.txt")
        qrels = read_qrels(qrels_path)
        topics = topic_ids(os.path.join(path, "queries.tsv"))
        evaluated = [q for q, docs in qrels.items() if any(g >= level for g in docs.values())]
        entry = {
            "documents": count_lines(os.path.join(path, "corpus.jsonl")),
            "topics": len(topics),
            "judged_topics": len(qrels),
            "evaluated_topics": len(evaluated),
            "relevance_level": level,
            "extra_levels": extra_levels,
            "systems": {},
        }
        for system in SYSTEMS:
            out = os.path.join(root, name, system)
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            log(f"relevance: {name} / {system}")
            try:
                info, run_file = index_and_search(system, path, out)
                if run_file:
                    ev = evaluate(qrels_path, run_file, level, os.path.join(out, "eval.json"))
                    info["measures"] = {k: ev[k] for k in ("map", "ndcg_cut_10", "P_10", "recall_100",
                                                           "num_q", "num_missing", "num_ret",
                                                           "num_rel", "num_rel_ret")}
                    info["per_query_ap"] = {q["qid"]: q["map"] for q in ev["queries"]}
                    info["extra_levels"] = {}
                    for extra in extra_levels:
                        ev2 = evaluate(qrels_path, run_file, extra,
                                       os.path.join(out, f"eval.l{extra}.json"), per_query=False)
                        info["extra_levels"][str(extra)] = {k: ev2[k] for k in (
                            "map", "ndcg_cut_10", "P_10", "recall_100", "num_q")}
                    # Diagnostic: the run's own rank order instead of trec_eval's score order
                    # (differs only when printed scores tie).
                    ev3 = evaluate(qrels_path, run_file, level, os.path.join(out, "eval.rank.json"),
                                   per_query=False, order="rank")
                    info["map_in_rank_order"] = ev3["map"]
                    info["diagnostics"] = run_diagnostics(run_file, topics, evaluated)
            except Exception as error:  # one broken system must not hide the others
                info = {"status": "failed", "error": str(error)}
            entry["systems"][system] = info
            if "measures" in info:
                m = info["measures"]
                log(f"relevance: {name} / {system}: MAP {m['map']:.4f} nDCG@10 {m['ndcg_cut_10']:.4f} "
                    f"P@10 {m['P_10']:.4f} R@100 {m['recall_100']:.4f}")
            else:
                log(f"relevance: {name} / {system}: FAILED {info.get('error')}")

        # Accord against the best baseline of this run, by MAP.
        scored = {s: i for s, i in entry["systems"].items() if "measures" in i}
        baselines = [s for s in scored if s != "accord"]
        if "accord" in scored and baselines:
            best = max(baselines, key=lambda s: scored[s]["measures"]["map"])
            a = scored["accord"]
            b = scored[best]
            qids = sorted(a["per_query_ap"])
            ap_a = [a["per_query_ap"][q] for q in qids]
            ap_b = [b["per_query_ap"].get(q, 0.0) for q in qids]
            ratio = a["measures"]["map"] / b["measures"]["map"] if b["measures"]["map"] else None
            entry["accord_vs_best_baseline"] = {
                "best_baseline": best,
                "map_ratio": ratio,
                "target_ratio": 1.05,
                "meets_target": ratio is not None and ratio >= 1.05,
                "queries_better": sum(1 for x, y in zip(ap_a, ap_b) if x > y + 1e-9),
                "queries_worse": sum(1 for x, y in zip(ap_a, ap_b) if x < y - 1e-9),
                "queries_equal": sum(1 for x, y in zip(ap_a, ap_b) if abs(x - y) <= 1e-9),
                "randomization_p": randomization_test(ap_a, ap_b),
                "largest_losses": sorted(
                    ({"qid": q, "accord": x, best: y} for q, x, y in zip(qids, ap_a, ap_b) if x < y),
                    key=lambda r: r["accord"] - r[best])[:5],
            }
        result["collections"][name] = entry
    benchlib.write_section("relevance", result)


if __name__ == "__main__":
    main()
