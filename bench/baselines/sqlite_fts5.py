#!/usr/bin/env python3
"""SQLite FTS5 baseline: index JSON Lines records and write a TREC run for a topics file.

Table fts5(id UNINDEXED, title, body, tokenize='porter unicode61'); a topic becomes the OR of
its words, each quoted ("word"), punctuation stripped, so no FTS5 syntax error can happen;
ranked by bm25() (column weights 1, FTS5's k1=1.2, b=0.75).

  sqlite_fts5.py index --db FILE CORPUS.jsonl...   (prints {"documents": N, "seconds": S})
  sqlite_fts5.py search --db FILE --topics FILE [--limit 1000] [--tag sqlite-fts5] > run
"""

import argparse
import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trec_common  # noqa: E402


def index(args):
    start = time.monotonic()
    if os.path.exists(args.db):
        os.remove(args.db)
    connection = sqlite3.connect(args.db)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
        "tokenize='porter unicode61')")
    with connection:
        connection.executemany("INSERT INTO docs(id, title, body) VALUES (?, ?, ?)",
                               trec_common.read_corpus(args.corpus))
    documents = connection.execute("SELECT count(*) FROM docs").fetchone()[0]
    connection.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    connection.commit()
    connection.close()
    print(json.dumps({"documents": documents, "seconds": time.monotonic() - start}))


def match_expression(query):
    words = trec_common.WORD.findall(query)
    return " OR ".join(f'"{word}"' for word in words)


def search(args):
    connection = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    out = sys.stdout
    for qid, query in trec_common.read_topics(args.topics):
        expression = match_expression(query)
        if not expression:
            print(f"sqlite_fts5: topic {qid}: no words", file=sys.stderr)
            continue
        rows = connection.execute(
            "SELECT id, bm25(docs) AS score FROM docs WHERE docs MATCH ? "
            "ORDER BY score LIMIT ?", (expression, args.limit))
        for rank, (doc_id, score) in enumerate(rows, 1):
            # bm25() is negative, smaller is better; the run wants larger = better.
            trec_common.write_run_line(out, qid, doc_id, rank, -score, args.tag)
    connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    p_index = commands.add_parser("index")
    p_index.add_argument("--db", required=True)
    p_index.add_argument("corpus", nargs="+")
    p_search = commands.add_parser("search")
    p_search.add_argument("--db", required=True)
    p_search.add_argument("--topics", required=True)
    p_search.add_argument("--limit", type=int, default=1000)
    p_search.add_argument("--tag", default="sqlite-fts5")
    args = parser.parse_args()
    index(args) if args.command == "index" else search(args)


if __name__ == "__main__":
    main()
