"""Helpers shared by the Python baselines: corpus and topic readers, TREC run writer."""

import json
import re
import sys

# Letters and digits, as SQLite's unicode61 tokenizer sees words (underscore is a separator).
WORD = re.compile(r"[^\W_]+")


def read_corpus(paths):
    """Yields (id, title, body) for every JSON Lines record of the given files."""
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    print(f"{path}:{number}: {error}", file=sys.stderr)
                    continue
                doc_id = record.get("id")
                if doc_id is None or doc_id == "":
                    print(f"{path}:{number}: record without id", file=sys.stderr)
                    continue
                yield str(doc_id), record.get("title") or "", record.get("body") or ""


def read_topics(path):
    """Returns [(qid, query)] from a qid<TAB>query file."""
    topics = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\r\n")
            if not line:
                continue
            qid, tab, query = line.partition("\t")
            if not tab:
                raise SystemExit(f"{path}:{number}: expected qid<TAB>query")
            topics.append((qid, query))
    return topics


def write_run_line(out, qid, doc_id, rank, score, tag):
    # repr-precision scores: distinct scores stay distinct, so ties in the run are real ties.
    out.write(f"{qid} Q0 {doc_id} {rank} {score!r} {tag}\n")
