#!/usr/bin/env python3
"""Cross-script recall bench: Latin-script queries over Ukrainian and Russian news.

    run.py --bin DIR [--work DIR] [--brown-uk DIR] [--factrueval DIR] [--report FILE] [--misses]

Converts the fetched texts (convert.py; sources in README.md), indexes them with accord-index,
runs topics.tsv with accord-search in TREC mode (100 per topic) and scores the run against
qrels.txt with accord-trec-eval: Recall@100 and MAP over all topics and over each half (A: odd
topic numbers, on which rules were chosen; B: even ones, held out). Without a copy of the sources
it says so and exits 0 (CI machines have no fetched copies); ACCORD_XSCRIPT_REQUIRED=1 turns that
into a failure.
"""

import argparse
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def trec_eval(binary, qrels, run):
    out = subprocess.run([binary, "--json", "--per-query", qrels, run], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def mean(values):
    return sum(values) / len(values) if values else 0.0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bin", required=True, help="directory of accord-index, accord-search, accord-trec-eval")
    parser.add_argument("--work", default=os.path.join(HERE, "..", "results", "work", "crossscript"))
    parser.add_argument("--brown-uk", default=os.environ.get("ACCORD_XSCRIPT_BROWN_UK"))
    parser.add_argument("--factrueval", default=os.environ.get("ACCORD_XSCRIPT_FACTRUEVAL"))
    parser.add_argument("--report", help="write the scores as JSON here")
    parser.add_argument("--misses", action="store_true", help="list relevant documents not in the top 100")
    args = parser.parse_args()

    if not (args.brown_uk and os.path.isdir(args.brown_uk) and args.factrueval
            and os.path.isdir(args.factrueval)):
        print("crossscript: SKIPPED: no fetched copy of brown-uk/corpus and "
              "dialogue-evaluation/factRuEval-2016 (set ACCORD_XSCRIPT_BROWN_UK and "
              "ACCORD_XSCRIPT_FACTRUEVAL, see bench/crossscript/README.md)")
        return 1 if os.environ.get("ACCORD_XSCRIPT_REQUIRED") == "1" else 0

    os.makedirs(args.work, exist_ok=True)
    corpus = os.path.join(args.work, "corpus.jsonl")
    db = os.path.join(args.work, "index")
    run = os.path.join(args.work, "run.trec")
    topics = os.path.join(HERE, "topics.tsv")
    qrels = os.path.join(HERE, "qrels.txt")
    subprocess.run([sys.executable, os.path.join(HERE, "convert.py"), "--brown-uk", args.brown_uk,
                    "--factrueval", args.factrueval, "--out", corpus], check=True)
    subprocess.run([os.path.join(args.bin, "accord-index"), "--db", db, "--rebuild", "--quiet",
                    "--json", corpus], check=True, stdout=subprocess.DEVNULL)
    with open(run, "w", encoding="utf-8") as out:
        subprocess.run([os.path.join(args.bin, "accord-search"), "--db", db, "--topics", topics,
                        "--run-format", "trec", "--limit", "100"], check=True, stdout=out)
    scores = trec_eval(os.path.join(args.bin, "accord-trec-eval"), qrels, run)
    per_query = scores.get("per_query") or scores.get("queries") or {}
    if isinstance(per_query, list):
        per_query = {str(q.get("qid")): q for q in per_query}

    queries = {}
    with open(topics, encoding="utf-8") as f:
        for line in f:
            qid, _, text = line.rstrip("\n").partition("\t")
            queries[qid] = text
    result = {"topics": len(queries), "halves": {}}
    for name, pick in (("all", lambda q: True), ("A", lambda q: int(q) % 2 == 1),
                       ("B", lambda q: int(q) % 2 == 0)):
        chosen = [q for q in queries if pick(q)]
        result["halves"][name] = {
            "topics": len(chosen),
            "recall_100": round(mean([per_query.get(q, {}).get("recall_100", 0.0) for q in chosen]), 4),
            "map": round(mean([per_query.get(q, {}).get("map", 0.0) for q in chosen]), 4),
        }
    result["per_topic"] = {q: {"query": queries[q],
                               "recall_100": per_query.get(q, {}).get("recall_100", 0.0),
                               "ap": per_query.get(q, {}).get("map", 0.0)} for q in queries}

    print("crossscript: %d topics, %s" % (len(queries), os.path.basename(corpus)))
    print("| half | topics | R@100 | MAP |")
    print("|---|---:|---:|---:|")
    for name, h in result["halves"].items():
        print(f"| {name} | {h['topics']} | {h['recall_100']:.3f} | {h['map']:.3f} |")
    if args.misses:
        ranked = {}
        with open(run, encoding="utf-8") as f:
            for line in f:
                qid, _, doc, rank, _, _ = line.split()
                ranked.setdefault(qid, {})[doc] = int(rank)
        titles = {}
        with open(corpus, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                titles[record["id"]] = record["title"][:70]
        with open(qrels, encoding="utf-8") as f:
            for line in f:
                qid, _, doc, grade = line.split()
                if int(grade) > 0 and doc not in ranked.get(qid, {}):
                    print(f"miss {qid} [{queries[qid]}] {doc} {titles.get(doc, '?')}")
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(result, f, ensure_ascii=False, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
