#!/usr/bin/env python3
"""PostgreSQL full text search baseline: a private, throw-away cluster per invocation.

initdb on a private directory, server on a unix socket in a fresh temp directory (no TCP),
table docs(id, title, body, tsv) with tsv = to_tsvector('english', title || ' ' || body) and a
GIN index on it; each topic becomes the OR of the lexemes of plainto_tsquery('english', topic)
(plainto_tsquery ANDs every word, which returns almost nothing for long natural-language
topics), ranked by ts_rank_cd(tsv, query) (normalisation 0), ties by id. The cluster is stopped
and removed at the end, also on errors.

  postgres_fts.py --work DIR --topics FILE --run OUT [--limit 1000] [--tag postgres-fts] CORPUS...

Prints {"documents": N, "index_seconds": S, "search_seconds": S, "version": "..."}.
"""

import argparse
import csv
import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import trec_common  # noqa: E402

PG_BIN = os.environ.get("ACCORD_PG_BIN", "/usr/lib/postgresql/15/bin")
PORT = "5432"  # only names the socket file; the socket directory is private


def as_server_user(command):
    """initdb and postgres refuse to run as root: run them as the postgres account then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--"] + command
    return command


def chown_to_server_user(path):
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(path, account.pw_uid, account.pw_gid)


class Cluster:
    def __init__(self, work):
        self.work = work
        self.data = os.path.join(work, "data")
        self.log = os.path.join(work, "server.log")
        self.socket_dir = None
        self.running = False

    def start(self):
        if os.path.exists(self.data):
            shutil.rmtree(self.data)
        os.makedirs(self.work, exist_ok=True)
        os.makedirs(self.data)
        chown_to_server_user(self.work)
        chown_to_server_user(self.data)
        self.socket_dir = tempfile.mkdtemp(prefix="accord-bench-pg-")
        chown_to_server_user(self.socket_dir)
        subprocess.run(as_server_user([f"{PG_BIN}/initdb", "-D", self.data, "-U", "postgres",
                                       "--auth=trust", "-E", "UTF8", "--locale=C"]),
                       check=True, stdout=subprocess.DEVNULL)
        options = (f"-k {self.socket_dir} -p {PORT} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off "
                   "-c maintenance_work_mem=256MB -c shared_buffers=256MB")
        subprocess.run(as_server_user([f"{PG_BIN}/pg_ctl", "-D", self.data, "-l", self.log,
                                       "-o", options, "-w", "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        self.running = True

    def stop(self):
        if self.running:
            subprocess.run(as_server_user([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "fast",
                                           "-w", "stop"]),
                           check=False, stdout=subprocess.DEVNULL)
            self.running = False
        if self.socket_dir:
            shutil.rmtree(self.socket_dir, ignore_errors=True)
        shutil.rmtree(self.data, ignore_errors=True)

    def psql(self, script, extra=()):
        command = [f"{PG_BIN}/psql", "-X", "-q", "-h", self.socket_dir, "-p", PORT,
                   "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1", *extra]
        result = subprocess.run(command, input=script, text=True, capture_output=True)
        if result.returncode != 0:
            raise RuntimeError(f"psql failed: {result.stderr.strip()}")
        return result.stdout


def write_csv(path, rows):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        count = 0
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def sql_string(text):
    return "'" + text.replace("'", "''") + "'"


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--work", required=True, help="private directory for the cluster")
    parser.add_argument("--topics", required=True)
    parser.add_argument("--run", required=True, help="where to write the TREC run")
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--tag", default="postgres-fts")
    parser.add_argument("corpus", nargs="+")
    args = parser.parse_args()

    work = os.path.abspath(args.work)
    os.makedirs(work, exist_ok=True)
    docs_csv = os.path.join(work, "docs.csv")
    topics_csv = os.path.join(work, "topics.csv")
    documents = write_csv(docs_csv, trec_common.read_corpus(args.corpus))
    topics = trec_common.read_topics(args.topics)
    write_csv(topics_csv, ((n, qid, query) for n, (qid, query) in enumerate(topics)))

    cluster = Cluster(work)
    try:
        cluster.start()
        version = cluster.psql("SHOW server_version;", ["-At"]).strip()
        start = time.monotonic()
        cluster.psql(f"""
CREATE TABLE docs (id text PRIMARY KEY, title text, body text);
\\copy docs (id, title, body) FROM {sql_string(docs_csv)} WITH (FORMAT csv)
ALTER TABLE docs ADD COLUMN tsv tsvector
  GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || coalesce(body, ''))) STORED;
CREATE INDEX docs_tsv ON docs USING gin (tsv);
VACUUM ANALYZE docs;
""")
        index_seconds = time.monotonic() - start
        cluster.psql(f"""
CREATE TABLE topics (n integer, qid text, query text);
\\copy topics (n, qid, query) FROM {sql_string(topics_csv)} WITH (FORMAT csv)
""")
        start = time.monotonic()
        # The OR query: plainto_tsquery's lexemes (stemmed, stop words removed) joined by '|'.
        # Its text form is 'a' & 'b' & ... (a hyphenated word adds its parts the same way:
        # 'high-spe' & 'high' & 'speed'), so replacing ' & ' by ' | ' gives the OR of the
        # lexemes, cast back without re-stemming. A topic of stop words only matches nothing.
        output = cluster.psql(f"""
WITH q AS (
  SELECT n, qid, replace(plainto_tsquery('english', query)::text, ' & ', ' | ')::tsquery AS tsq
  FROM topics)
SELECT q.qid, d.id, d.score
FROM q CROSS JOIN LATERAL (
  SELECT id, ts_rank_cd(tsv, q.tsq) AS score FROM docs
  WHERE tsv @@ q.tsq ORDER BY score DESC, id LIMIT {int(args.limit)}) d
ORDER BY q.n, d.score DESC, d.id;
""", ["-At", "-F", "\t"])
        search_seconds = time.monotonic() - start
    finally:
        cluster.stop()

    ranks = {}
    with open(args.run, "w", encoding="utf-8") as out:
        for line in output.splitlines():
            qid, doc_id, score = line.split("\t")
            ranks[qid] = ranks.get(qid, 0) + 1
            out.write(f"{qid} Q0 {doc_id} {ranks[qid]} {score} {args.tag}\n")
    silent = [qid for qid, _ in topics if qid not in ranks]
    if silent:
        print(f"postgres_fts: {len(silent)} topics matched nothing: {' '.join(silent[:20])}",
              file=sys.stderr)
    print(json.dumps({"documents": documents, "index_seconds": index_seconds,
                      "search_seconds": search_seconds, "version": version}))


if __name__ == "__main__":
    main()
