#!/usr/bin/env python3
"""Tuning section: which ranking defaults generalise. Every setting of a small grid (weighting
scheme and its parameter, pseudo-relevance feedback, proximity, relaxation) ranks every topic
of every relevance collection with Accord's own index of it (built by the relevance section);
then, leaving one collection out at a time, the setting best on the others is scored on the
one left out. Those left-out scores are the honest estimate for a collection nobody tuned on;
the setting best on all collections is the one the code should carry as its default.

Objective on a set of collections: the geometric mean of Accord's MAP over the best peer's
MAP of this run (so collections with low MAPs count as much as easy ones), ties broken by
the worst collection's ratio. Reads WORK_DIR/relevance.section.json; writes
WORK_DIR/tuning.section.json. See docs/benchmarks.md ("Tuning").
"""

import hashlib
import itertools
import json
import math
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor

import benchlib
from benchlib import BIN, DATA_DIR, MODE, WORK_DIR, log

LIMIT = 1000

# (name, accord-search flags). The product of the axes is the grid.
WEIGHTING = [
    ("bm25 k1=1.2 b=0.5", ["--weighting", "bm25", "--k1", "1.2", "--b", "0.5"]),
    ("bm25 k1=1.2 b=0.75", ["--weighting", "bm25", "--k1", "1.2", "--b", "0.75"]),
    ("bm25 k1=2 b=0.5", ["--weighting", "bm25", "--k1", "2.0", "--b", "0.5"]),
    ("bm25 k1=2 b=0.75", ["--weighting", "bm25", "--k1", "2.0", "--b", "0.75"]),
    ("ineb2 c=0.5", ["--weighting", "ineb2", "--c", "0.5"]),
    ("ineb2 c=1", ["--weighting", "ineb2", "--c", "1"]),
    ("ineb2 c=2", ["--weighting", "ineb2", "--c", "2"]),
]
FEEDBACK = [
    ("no feedback", ["--feedback-docs", "0"]),
    ("feedback 5 docs w=0.25", ["--feedback-docs", "5", "--feedback-weight", "0.25"]),
    ("feedback 5 docs w=0.5", ["--feedback-docs", "5", "--feedback-weight", "0.5"]),
    ("feedback 10 docs w=0.5", ["--feedback-docs", "10", "--feedback-weight", "0.5"]),
]
# Proximity of neighbouring query words is not a candidate: it breaks the latency target on
# long texts (its phrase and near checks read whole position lists: two-word queries 0.8 ->
# 3.1 ms, seven-word questions 3.4 -> 19.5 ms over 3,000 24 KB speeches) for 0.4 % of the
# geometric mean ratio in a grid that had it (docs/ranking.md). Off in every setting.
PROXIMITY = [
    ("no proximity", ["--ordered-pair-weight", "0", "--unordered-pair-weight", "0"]),
]
RELAX = [
    ("relax below 3", ["--relax-below", "3"]),
    ("relax below 20", ["--relax-below", "20"]),
]
if MODE == "quick":
    WEIGHTING = [WEIGHTING[3], WEIGHTING[5]]
    FEEDBACK = [FEEDBACK[0], FEEDBACK[2]]


def grid():
    out = []
    for parts in itertools.product(WEIGHTING, FEEDBACK, PROXIMITY, RELAX):
        out.append({"name": "; ".join(p[0] for p in parts),
                    "flags": [flag for p in parts for flag in p[1]]})
    return out


def geometric_mean(values):
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def score(ratios, names):
    """Objective over the collections @p names: (geometric mean, worst) of the ratios."""
    values = [ratios[n] for n in names]
    return (geometric_mean(values), min(values))


def run_setting(setting, collection, db, level, out_dir):
    tag = hashlib.sha1(setting["name"].encode()).hexdigest()[:12]
    run_file = os.path.join(out_dir, f"{collection}.{tag}.trec")
    eval_file = run_file + ".json"
    if not os.path.exists(eval_file):
        topics = os.path.join(DATA_DIR, collection, "queries.tsv")
        with open(run_file, "w") as out:
            subprocess.run([os.path.join(BIN, "accord-search"), "--db", db, "--topics", topics,
                            "--run-format", "trec", "--limit", str(LIMIT)] + setting["flags"],
                           stdout=out, stderr=subprocess.DEVNULL, check=True)
        with open(eval_file, "w") as out:
            subprocess.run([os.path.join(BIN, "accord-trec-eval"), "--json", "-l", str(level),
                            os.path.join(DATA_DIR, collection, "qrels.txt"), run_file],
                           stdout=out, check=True)
        os.remove(run_file)
    with open(eval_file) as handle:
        return json.load(handle)["map"]


def main():
    relevance = benchlib_read(os.path.join(WORK_DIR, "relevance.section.json"))
    result = {"status": "ok", "settings": [], "collections": {}, "leave_one_out": []}
    peers = {}
    for name, entry in (relevance or {}).get("collections", {}).items():
        scored = {s: i["measures"]["map"] for s, i in entry["systems"].items()
                  if "measures" in i and s != "accord"}
        db = os.path.join(WORK_DIR, "relevance", name, "accord", "db")
        if scored and os.path.isdir(db):
            best = max(scored, key=scored.get)
            peers[name] = {"best_peer": best, "best_peer_map": scored[best], "db": db,
                           "level": entry["relevance_level"],
                           "accord_default_map": entry["systems"]["accord"]["measures"]["map"]}
    if len(peers) < 2:
        result["status"] = "needs the relevance section (two collections or more)"
        benchlib.write_section("tuning", result)
        return
    out_dir = os.path.join(WORK_DIR, "tuning")
    os.makedirs(out_dir, exist_ok=True)
    for stale in os.listdir(out_dir):  # results of another build are not this build's
        os.remove(os.path.join(out_dir, stale))
    settings = grid()
    names = sorted(peers)
    log(f"tuning: {len(settings)} settings × {len(names)} collections")
    jobs = [(s, n) for s in settings for n in names]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        maps = list(pool.map(lambda job: run_setting(job[0], job[1], peers[job[1]]["db"],
                                                     peers[job[1]]["level"], out_dir), jobs))
    table = {}
    for (setting, name), value in zip(jobs, maps):
        table.setdefault(setting["name"], {})[name] = value
    for setting in settings:
        row = table[setting["name"]]
        ratios = {n: row[n] / peers[n]["best_peer_map"] for n in names}
        mean, worst = score(ratios, names)
        result["settings"].append({"name": setting["name"], "flags": setting["flags"], "map": row,
                                   "ratio": ratios, "geometric_mean_ratio": mean,
                                   "worst_ratio": worst})

    def best_on(subset):
        return max(result["settings"], key=lambda s: score(s["ratio"], subset))

    for held_out in names:
        others = [n for n in names if n != held_out]
        chosen = best_on(others)
        result["leave_one_out"].append({
            "held_out": held_out, "chosen": chosen["name"],
            "train_geometric_mean_ratio": score(chosen["ratio"], others)[0],
            "held_out_map": chosen["map"][held_out], "held_out_ratio": chosen["ratio"][held_out],
            "best_peer": peers[held_out]["best_peer"],
            "best_peer_map": peers[held_out]["best_peer_map"]})
    overall = best_on(names)
    result["chosen_on_all"] = overall["name"]
    result["chosen_flags"] = overall["flags"]
    result["leave_one_out_geometric_mean_ratio"] = geometric_mean(
        [r["held_out_ratio"] for r in result["leave_one_out"]])
    result["collections"] = {n: {k: v for k, v in p.items() if k != "db"} for n, p in peers.items()}
    result["settings"].sort(key=lambda s: score(s["ratio"], names), reverse=True)
    log(f"tuning: best on all collections: {overall['name']} "
        f"(geometric mean ratio {overall['geometric_mean_ratio']:.3f}); left-out geometric mean "
        f"{result['leave_one_out_geometric_mean_ratio']:.3f}")
    benchlib.write_section("tuning", result)


def benchlib_read(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError):
        return None


if __name__ == "__main__":
    main()
