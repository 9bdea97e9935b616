#!/usr/bin/env python3
"""SQL baselines of the speed and scale sections: SQLite FTS5 and PostgreSQL full text search
answering the same requests as accord-searchd — total, top 10 with snippets, and (variant
"full") facet counts by GROUP BY over a document-entity table.

  sql_speed.py sqlite index   --db FILE --entities TSV CORPUS.jsonl
  sql_speed.py sqlite latency --db FILE --requests JSON [--rounds N] [--warmup N] [--max-seconds S]
  sql_speed.py postgres index   --data DIR --entities TSV CORPUS.jsonl
  sql_speed.py postgres latency --data DIR --requests JSON [--rounds N] [--warmup N] [--max-seconds S]

`index` prints one JSON object (documents, seconds, cpu_seconds, peak_rss_kb, bytes …);
`latency` writes TSV lines `round index label wall_us cpu_us total` to stdout and a JSON summary
line to stderr. cpu_us: SQLite runs in this process (thread CPU time, Python included);
PostgreSQL's is the server backend's (/proc/PID/schedstat; parallel workers not included).

Schema (both): docs(rowid, id, date, month, type, language) + the full text (SQLite: an FTS5
table `fts(title, body)` with the same rowid, tokenize 'porter unicode61'; PostgreSQL: title,
body and tsv = to_tsvector('english', title || ' ' || body) in docs, GIN index) and
doc_entity(doc, kind, entity) with kind party/region/agreement, keyed by (doc, kind, entity)
and indexed by (kind, entity, doc). The entity lists, dates, types and languages come from
the TSV that accord-bench-entities exports from Accord's index, so both systems facet over
the same values (docs/benchmarks.md).

A request (JSON, written by bench/lib/querymix.py) is {"label", "kind": one-word|two-word|
phrase|question|headline|hyphenated|near|filter|browse, "text", "filters": {"party": [...],
"region": [...], "agreement": [...], "type": [...], "from": "YYYY-MM-DD", "to": "YYYY-MM-DD"},
"variant": full|nofacets}. The text is read with Accord's rules (parse_text): up to four content
pieces are ANDed, more are ORed; quoted text and hyphenated words are phrases; a NEAR/n b is a
proximity match; wholly upper-case text has no operators. An empty text (browse) matches every
document, newest first. A facet's counts ignore that facet's own filter; month counts ignore
the date filter (Accord's rules).
"""

import argparse
import csv
import json
import os
import pwd
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

FAMILIES = ("party", "region", "agreement")
PG_BIN = os.environ.get("ACCORD_PG_BIN", "/usr/lib/postgresql/15/bin")
PG_PORT = "5432"  # names the socket file only; the socket directory is private
PG_OPTIONS = ("-c listen_addresses='' -c fsync=off -c synchronous_commit=off "
              "-c full_page_writes=off -c maintenance_work_mem=512MB -c shared_buffers=256MB "
              "-c jit=off")
PAGE = 10


# --- input ----------------------------------------------------------------------------------

def read_corpus(path):
    """(n, id, title, body) per JSON Lines record."""
    n = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            n += 1
            yield n, str(record["id"]), record.get("title") or "", record.get("body") or ""


def read_entities(path):
    """(id, date, type, language, [(kind, entity)]) per line of accord-bench-entities."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) != 7:
                continue
            doc_id, date, doc_type, language = fields[:4]
            pairs = [(kind, value) for kind, values in zip(FAMILIES, fields[4:])
                     for value in values.split(",") if value]
            yield doc_id, date or None, doc_type or None, language or None, pairs


def usage_of_self():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def directory_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.path.getsize(os.path.join(root, name))
            except OSError:
                pass
    return total


# --- the text of one request ----------------------------------------------------------------

# Accord's query-side stopwords (searchd/src/query_parser.cpp): dropped outside phrases, and not
# counted for the four-word rule.
QUERY_STOPWORDS = frozenset("""a an and are as at be been but by can could did do does for from
had has have how i if in into is it its may more most no not of on or other some such than that
the their them then there these they this those to was we were what when where which who why
will with would about""".split())
AND_PIECES = 4
_OPERATOR = re.compile(r"^(AND|OR|NOT|NEAR(/\d+)?|&&|\|\|)$")
_NEAR = re.compile(r"^NEAR(?:/(\d+))?$")
_WORD = re.compile(r"[^\W_]+")


def upper_case_text(text):
    """Accord's rule: a query whose letters are all upper case (at least two cased letters, the
    operator words not counted) is text: its AND/OR/NOT/NEAR are words."""
    letters = "".join(t for t in text.split() if not _OPERATOR.match(t))
    cased = [c for c in letters if c.isupper() or c.islower()]
    return len(cased) >= 2 and not any(c.islower() for c in cased)


def parse_text(text):
    """The pieces of a request's text as Accord reads them: ("word", [w]), ("phrase", [w, …])
    for quoted text and for a hyphenated or dotted token (cease-fire, U.S.), ("near", [a, b],
    n) for a NEAR/n b (n = 10 without /n; not in upper-case text), words lower-cased,
    punctuation dropped. Returns (mode, pieces): "all" when there are at most four content
    pieces (stopwords, dropped outside phrases, do not count), else "any"."""
    upper = upper_case_text(text)
    tokens = re.findall(r'"[^"]*"?|\S+', text)
    pieces, near = [], None
    for token in tokens:
        if not upper and _NEAR.match(token) and pieces and pieces[-1][0] == "word":
            found = _NEAR.match(token)
            near = (pieces.pop()[1][0], int(found.group(1) or 10))
            continue
        words = [w.lower() for w in _WORD.findall(token)]
        if not words:
            continue
        if not token.startswith('"') and len(words) == 1 and words[0] in QUERY_STOPWORDS:
            near = None
            continue
        if near and not token.startswith('"') and len(words) == 1:
            pieces.append(("near", [near[0], words[0]], near[1]))
        else:
            pieces.append(("word" if len(words) == 1 else "phrase", words))
        near = None
    return ("all" if len(pieces) <= AND_PIECES else "any"), pieces


# --- the SQL of one request -----------------------------------------------------------------

class Sql:
    """Builds the statements of a request for one dialect ('sqlite' or 'postgres')."""

    def __init__(self, dialect):
        self.dialect = dialect
        self.mark = "?" if dialect == "sqlite" else "%s"

    def text_match(self, request, params):
        """FROM/WHERE pieces for the full-text match (None for browse)."""
        expression = self.match_expression(request)
        if expression is None:
            return None
        params.append(expression)
        if self.dialect == "sqlite":
            return "fts MATCH ?"
        return "d.tsv @@ to_tsquery('english', %s)"

    def match_expression(self, request):
        """The request's text as an FTS5 MATCH expression or a to_tsquery text (None: browse,
        or nothing searchable). Pieces as Accord reads them (parse_text): every piece required
        up to four content pieces, any piece beyond; a phrase is a phrase; a NEAR b is SQLite's
        NEAR("a" "b", n), and in PostgreSQL the OR of a <k> b and b <k> a for k = 1 … n."""
        if request["kind"] == "browse" or not request["text"].strip():
            return None
        mode, pieces = parse_text(request["text"])
        if not pieces:
            return None
        parts = []
        for piece in pieces:
            if self.dialect == "sqlite":
                if piece[0] == "near":
                    parts.append(f'NEAR("{piece[1][0]}" "{piece[1][1]}", {piece[2]})')
                else:
                    parts.append('"' + " ".join(piece[1]) + '"')
            elif piece[0] == "near":
                a, b = piece[1]
                parts.append("(" + " | ".join(f"'{x}' <{k}> '{y}'" for k in range(1, piece[2] + 1)
                                              for x, y in ((a, b), (b, a))) + ")")
            else:
                parts.append("(" + " <-> ".join(f"'{w}'" for w in piece[1]) + ")")
        joiner = {("sqlite", "all"): " AND ", ("sqlite", "any"): " OR ",
                  ("postgres", "all"): " & ", ("postgres", "any"): " | "}[(self.dialect, mode)]
        return joiner.join(parts)

    def filter_flags(self, filters, params):
        """{family: SQL boolean expression over d (docs) and d.rowid} for each active filter."""
        flags = {}
        for family in FAMILIES:
            values = filters.get(family) or []
            if values:
                marks = ", ".join(self.mark for _ in values)
                flags[family] = (f"EXISTS (SELECT 1 FROM doc_entity x WHERE x.doc = d.rowid AND "
                                 f"x.kind = '{family}' AND x.entity IN ({marks}))")
                params.extend(values)
        for family, column in (("type", "type"), ("language", "language")):
            values = filters.get(family) or []
            if values:
                flags[family] = f"d.{column} IN ({', '.join(self.mark for _ in values)})"
                params.extend(values)
        if filters.get("from") or filters.get("to"):
            flags["date"] = f"d.date BETWEEN {self.mark} AND {self.mark}"
            params.extend([filters.get("from") or "0000-01-01", filters.get("to") or "9999-12-31"])
        return flags

    def source(self, match):
        if match is None:
            return "docs d"
        if self.dialect == "sqlite":
            return "fts JOIN docs d ON d.rowid = fts.rowid"
        return "docs d"

    def facets(self, request):
        """One statement: the total and every facet's counts (rows: facet, value, count)."""
        # Placeholders in text order: the filter flags (select list) before the match (WHERE).
        params, match_params = [], []
        match = self.text_match(request, match_params)
        flags = self.filter_flags(request.get("filters", {}), params)
        params += match_params
        names = list(flags)
        columns = "".join(f", ({flags[n]}) AS f_{n}" for n in names)
        where = f" WHERE {match}" if match else ""
        cte = (f"WITH m AS MATERIALIZED (SELECT d.rowid AS doc, d.type, d.language, d.month"
               f"{columns} FROM {self.source(match)}{where})")

        def condition(leave_out=None):
            kept = [f"m.f_{n}" for n in names if n != leave_out]
            return " AND ".join(kept) if kept else "TRUE"

        parts = [f"SELECT 'total', '', count(*) FROM m WHERE {condition()}"]
        plain = [f for f in FAMILIES if f not in flags]
        if plain:
            kinds = ", ".join(f"'{f}'" for f in plain)
            parts.append(f"SELECT e.kind, e.entity, count(*) FROM m JOIN doc_entity e ON e.doc = m.doc "
                         f"WHERE e.kind IN ({kinds}) AND {condition()} GROUP BY e.kind, e.entity")
        for family in FAMILIES:
            if family in flags:
                parts.append(f"SELECT e.kind, e.entity, count(*) FROM m JOIN doc_entity e "
                             f"ON e.doc = m.doc WHERE e.kind = '{family}' AND {condition(family)} "
                             "GROUP BY e.kind, e.entity")
        parts.append(f"SELECT 'type', m.type, count(*) FROM m WHERE {condition('type')} GROUP BY m.type")
        parts.append(f"SELECT 'language', m.language, count(*) FROM m WHERE {condition('language')} "
                     "GROUP BY m.language")
        parts.append(f"SELECT 'month', m.month, count(*) FROM m WHERE {condition('date')} "
                     "GROUP BY m.month")
        return cte + "\n" + "\nUNION ALL ".join(parts), params

    def count(self, request):
        params = []
        match = self.text_match(request, params)
        flags = self.filter_flags(request.get("filters", {}), params)
        conditions = ([match] if match else []) + list(flags.values())
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        return f"SELECT count(*) FROM {self.source(match)}{where}", params

    def page(self, request):
        """The top 10: ranked (bm25 / ts_rank_cd) with a snippet, or newest first for browse."""
        params = []
        if self.dialect == "sqlite":
            match = self.text_match(request, params)
            flags = self.filter_flags(request.get("filters", {}), params)
            conditions = ([match] if match else []) + list(flags.values())
            where = " WHERE " + " AND ".join(conditions) if conditions else ""
            if match:
                return (f"SELECT d.id, fts.title, snippet(fts, 1, '<mark>', '</mark>', '…', 24) "
                        f"FROM fts JOIN docs d ON d.rowid = fts.rowid{where} "
                        f"ORDER BY fts.rank LIMIT {PAGE}"), params
            return (f"SELECT d.id, fts.title, substr(fts.body, 1, 200) FROM docs d "
                    f"JOIN fts ON fts.rowid = d.rowid{where} ORDER BY d.date DESC, d.rowid "
                    f"LIMIT {PAGE}"), params
        # PostgreSQL: rank every match, headline only the page.
        match = self.text_match(request, params)
        query_params = list(params)
        flags = self.filter_flags(request.get("filters", {}), params)
        conditions = ([match] if match else []) + list(flags.values())
        where = " WHERE " + " AND ".join(conditions) if conditions else ""
        if match:
            function = "to_tsquery"
            inner = (f"SELECT d.id, d.title, d.body, ts_rank_cd(d.tsv, {function}('english', %s)) AS r "
                     f"FROM docs d{where} ORDER BY r DESC, d.id LIMIT {PAGE}")
            sql = (f"SELECT p.id, p.title, ts_headline('english', p.body, {function}('english', %s), "
                   "'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=15') "
                   f"FROM ({inner}) p ORDER BY p.r DESC, p.id")
            # Placeholders in text order: the headline's query, the rank's, then the WHERE's.
            return sql, query_params + query_params + params
        return (f"SELECT d.id, d.title, substr(d.body, 1, 200) FROM docs d{where} "
                f"ORDER BY d.date DESC, d.rowid LIMIT {PAGE}"), params

    def statements(self, request):
        if request.get("variant", "full") == "full":
            return [("facets", *self.facets(request)), ("page", *self.page(request))]
        return [("count", *self.count(request)), ("page", *self.page(request))]


def answer(cursor, sql, request):
    """Runs a request's statements; returns its total."""
    total = -1
    for name, statement, params in sql.statements(request):
        cursor.execute(statement, params)
        rows = cursor.fetchall()
        if name == "facets":
            total = next((row[2] for row in rows if row[0] == "total"), 0)
        elif name == "count":
            total = rows[0][0]
    return total


def run_rounds(cursor, sql, requests, rounds, warmup, out, max_seconds=None, cpu_ns=None):
    """Warm-up rounds, then measured rounds; with max_seconds, no new measured round starts
    once that much time has gone into measured rounds (at least one is always done).
    cpu_ns: where the work's CPU time is read (default: this thread's)."""
    cpu_ns = cpu_ns or time.thread_time_ns
    out.write("round\tindex\tlabel\twall_us\tcpu_us\ttotal\n")
    started = None
    done = 0
    for round_number in range(warmup + rounds):
        if round_number == warmup:
            started = time.monotonic()
        elif started is not None and max_seconds and time.monotonic() - started > max_seconds:
            break
        done += round_number >= warmup
        for index, request in enumerate(requests):
            cpu = cpu_ns()
            start = time.perf_counter_ns()
            total = answer(cursor, sql, request)
            wall_us = (time.perf_counter_ns() - start) / 1000
            cpu_us = (cpu_ns() - cpu) / 1000
            if round_number >= warmup:
                out.write(f"{round_number - warmup}\t{index}\t{request['label']}\t{wall_us:.1f}\t"
                          f"{cpu_us:.1f}\t{total}\n")
    out.flush()
    return done


# --- SQLite ---------------------------------------------------------------------------------

def sqlite_index(args):
    import sqlite3
    start = time.monotonic()
    if os.path.exists(args.db):
        os.remove(args.db)
    db = sqlite3.connect(args.db)
    db.executescript("""
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
CREATE TABLE docs (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, date TEXT, month TEXT,
                   type TEXT, language TEXT);
CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize = 'porter unicode61');
CREATE TABLE doc_entity (doc INTEGER NOT NULL, kind TEXT NOT NULL, entity TEXT NOT NULL,
                         PRIMARY KEY (doc, kind, entity)) WITHOUT ROWID;
CREATE TEMP TABLE meta (id TEXT PRIMARY KEY, date TEXT, type TEXT, language TEXT);
CREATE TEMP TABLE pairs (id TEXT, kind TEXT, entity TEXT);
""")
    documents = 0
    with db:
        for n, doc_id, title, body in read_corpus(args.corpus):
            db.execute("INSERT INTO docs (rowid, id) VALUES (?, ?)", (n, doc_id))
            db.execute("INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)", (n, title, body))
            documents += 1
        for doc_id, date, doc_type, language, pairs in read_entities(args.entities):
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?, ?, ?)", (doc_id, date, doc_type, language))
            db.executemany("INSERT INTO pairs VALUES (?, ?, ?)", ((doc_id, k, v) for k, v in pairs))
        db.executescript("""
UPDATE docs SET date = meta.date, month = substr(meta.date, 1, 7), type = meta.type,
                language = meta.language FROM meta WHERE meta.id = docs.id;
INSERT OR IGNORE INTO doc_entity SELECT d.rowid, p.kind, p.entity FROM pairs p JOIN docs d ON d.id = p.id;
""")
    db.executescript("""
CREATE INDEX doc_entity_by_entity ON doc_entity (kind, entity, doc);
CREATE INDEX docs_by_date ON docs (date);
INSERT INTO fts (fts) VALUES ('optimize');
DROP TABLE meta;
DROP TABLE pairs;
ANALYZE;
""")
    tagged = db.execute("SELECT count(*) FROM docs WHERE type IS NOT NULL").fetchone()[0]
    pairs = db.execute("SELECT count(*) FROM doc_entity").fetchone()[0]
    db.close()
    cpu, rss = usage_of_self()
    print(json.dumps({"documents": documents, "with_entities": tagged, "entity_rows": pairs,
                      "seconds": time.monotonic() - start, "cpu_seconds": cpu, "peak_rss_kb": rss,
                      "bytes": directory_bytes(args.db), "version": sqlite3.sqlite_version}))


def sqlite_latency(args):
    import sqlite3
    with open(args.requests, encoding="utf-8") as handle:
        requests = json.load(handle)
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    cursor = db.cursor()
    start_cpu, _ = usage_of_self()
    rounds = run_rounds(cursor, Sql("sqlite"), requests, args.rounds, args.warmup, sys.stdout,
                        args.max_seconds)
    cpu, rss = usage_of_self()
    db.close()
    print(json.dumps({"rounds": rounds, "cpu_seconds": cpu - start_cpu, "peak_rss_kb": rss,
                      "version": sqlite3.sqlite_version}), file=sys.stderr)


# --- PostgreSQL -----------------------------------------------------------------------------

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
    """A cluster whose data directory persists (the cache); the server runs only while used,
    on a unix socket in a private temporary directory."""

    def __init__(self, data):
        self.data = os.path.abspath(data)
        self.socket_dir = None

    def create(self):
        if os.path.exists(self.data):
            shutil.rmtree(self.data)
        os.makedirs(self.data)
        chown_to_server_user(self.data)
        subprocess.run(as_server_user([f"{PG_BIN}/initdb", "-D", self.data, "-U", "postgres",
                                       "--auth=trust", "-E", "UTF8", "--locale=C"]),
                       check=True, stdout=subprocess.DEVNULL)

    def __enter__(self):
        self.socket_dir = tempfile.mkdtemp(prefix="accord-bench-pg-")
        chown_to_server_user(self.socket_dir)
        subprocess.run(as_server_user([f"{PG_BIN}/pg_ctl", "-D", self.data, "-l",
                                       os.path.join(self.socket_dir, "server.log"), "-o",
                                       f"-k {self.socket_dir} -p {PG_PORT} {PG_OPTIONS}", "-w",
                                       "start"]),
                       check=True, stdout=subprocess.DEVNULL)
        return self

    def __exit__(self, *exc):
        subprocess.run(as_server_user([f"{PG_BIN}/pg_ctl", "-D", self.data, "-m", "fast", "-w",
                                       "stop"]), check=False, stdout=subprocess.DEVNULL)
        shutil.rmtree(self.socket_dir, ignore_errors=True)
        return False

    def connect(self):
        import psycopg2
        connection = psycopg2.connect(host=self.socket_dir, port=PG_PORT, user="postgres",
                                      dbname="postgres")
        connection.autocommit = True
        return connection


def proc_cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def schedstat_ns(pid):
    """Nanoseconds a process's main thread has run on a CPU (/proc/PID/schedstat)."""
    with open(f"/proc/{pid}/schedstat") as handle:
        return int(handle.read().split()[0])


def proc_status_kb(pid, key):
    with open(f"/proc/{pid}/status") as handle:
        for line in handle:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def postgres_index(args):
    # Timed like the relevance baseline: initdb and server start-up are reported apart.
    setup_start = time.monotonic()
    cluster = Cluster(args.data)
    cluster.create()
    setup_seconds = time.monotonic() - setup_start
    start = time.monotonic()
    staging = tempfile.mkdtemp(prefix="accord-bench-pg-load-")
    os.chmod(staging, 0o755)
    documents = 0
    try:
        docs_csv = os.path.join(staging, "docs.csv")
        meta_csv = os.path.join(staging, "meta.csv")
        pairs_csv = os.path.join(staging, "pairs.csv")
        with open(docs_csv, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in read_corpus(args.corpus):
                writer.writerow(row)
                documents += 1
        with open(meta_csv, "w", encoding="utf-8", newline="") as meta, \
                open(pairs_csv, "w", encoding="utf-8", newline="") as pairs:
            meta_writer, pair_writer = csv.writer(meta), csv.writer(pairs)
            for doc_id, date, doc_type, language, entity_pairs in read_entities(args.entities):
                meta_writer.writerow((doc_id, date, doc_type, language))
                pair_writer.writerows((doc_id, k, v) for k, v in entity_pairs)
        started = time.monotonic()
        with cluster:
            connection = cluster.connect()
            server_start_seconds = time.monotonic() - started
            setup_seconds += server_start_seconds
            cursor = connection.cursor()
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            backend = connection.get_backend_pid()
            cursor.execute("""
CREATE UNLOGGED TABLE raw_docs (rowid integer, id text, title text, body text);
CREATE UNLOGGED TABLE raw_meta (id text PRIMARY KEY, date text, type text, language text);
CREATE UNLOGGED TABLE raw_pairs (id text, kind text, entity text);""")
            for table, path in (("raw_docs", docs_csv), ("raw_meta", meta_csv), ("raw_pairs", pairs_csv)):
                with open(path, encoding="utf-8") as handle:
                    cursor.copy_expert(f"COPY {table} FROM STDIN WITH (FORMAT csv)", handle)
            cursor.execute("""
CREATE TABLE docs AS
  SELECT r.rowid, r.id, r.title, r.body, m.date, substr(m.date, 1, 7) AS month, m.type, m.language,
         to_tsvector('english', coalesce(r.title, '') || ' ' || coalesce(r.body, '')) AS tsv
  FROM raw_docs r LEFT JOIN raw_meta m ON m.id = r.id;
ALTER TABLE docs ADD PRIMARY KEY (rowid);
CREATE UNIQUE INDEX docs_id ON docs (id);
CREATE INDEX docs_tsv ON docs USING gin (tsv);
CREATE INDEX docs_date ON docs (date);
CREATE TABLE doc_entity AS
  SELECT DISTINCT d.rowid AS doc, p.kind, p.entity FROM raw_pairs p JOIN docs d ON d.id = p.id;
ALTER TABLE doc_entity ADD PRIMARY KEY (doc, kind, entity);
CREATE INDEX doc_entity_by_entity ON doc_entity (kind, entity, doc);
DROP TABLE raw_docs, raw_meta, raw_pairs;""")
            cursor.execute("VACUUM ANALYZE")
            cursor.execute("SELECT count(*) FROM docs WHERE type IS NOT NULL")
            tagged = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM doc_entity")
            pairs_count = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
            backend_cpu = proc_cpu_seconds(backend)
            backend_hwm = proc_status_kb(backend, "VmHWM")
            connection.close()
            seconds = time.monotonic() - start - server_start_seconds
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    cpu, rss = usage_of_self()
    print(json.dumps({"documents": documents, "with_entities": tagged, "entity_rows": pairs_count,
                      "seconds": seconds, "setup_seconds": setup_seconds,
                      "cpu_seconds": cpu + backend_cpu, "client_cpu_seconds": cpu,
                      "backend_cpu_seconds": backend_cpu, "peak_rss_kb": backend_hwm,
                      "client_peak_rss_kb": rss, "bytes": size,
                      "data_dir_bytes": directory_bytes(args.data), "version": version}))


def postgres_latency(args):
    with open(args.requests, encoding="utf-8") as handle:
        requests = json.load(handle)
    with Cluster(args.data) as cluster:
        connection = cluster.connect()
        cursor = connection.cursor()
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        backend = connection.get_backend_pid()
        # Warm-up rounds are not measured, and neither is their CPU.
        run_rounds(cursor, Sql("postgres"), requests, 0, args.warmup, open(os.devnull, "w"))
        before = proc_cpu_seconds(backend)
        # Per request: the backend's CPU time (the client's would say nothing).
        rounds = run_rounds(cursor, Sql("postgres"), requests, args.rounds, 0, sys.stdout,
                            args.max_seconds, cpu_ns=lambda: schedstat_ns(backend))
        cpu = proc_cpu_seconds(backend) - before
        hwm = proc_status_kb(backend, "VmHWM")
        connection.close()
    print(json.dumps({"rounds": rounds, "cpu_seconds": cpu, "backend_peak_rss_kb": hwm, "version": version,
                      "cpu_note": "backend process CPU (parallel workers not included)"}),
          file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("engine", choices=["sqlite", "postgres"])
    parser.add_argument("command", choices=["index", "latency"])
    parser.add_argument("--db", help="SQLite database file")
    parser.add_argument("--data", help="PostgreSQL data directory (kept)")
    parser.add_argument("--entities", help="accord-bench-entities TSV")
    parser.add_argument("--requests", help="requests JSON")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--max-seconds", type=float, default=None,
                        help="start no new measured round after this many seconds")
    parser.add_argument("corpus", nargs="?")
    args = parser.parse_intermixed_args()
    if args.engine == "sqlite" and not args.db or args.engine == "postgres" and not args.data:
        parser.error("--db (sqlite) or --data (postgres) is required")
    if args.command == "index" and not (args.entities and args.corpus):
        parser.error("index needs --entities and CORPUS")
    if args.command == "latency" and not args.requests:
        parser.error("latency needs --requests")
    {("sqlite", "index"): sqlite_index, ("sqlite", "latency"): sqlite_latency,
     ("postgres", "index"): postgres_index, ("postgres", "latency"): postgres_latency}[
        (args.engine, args.command)](args)


if __name__ == "__main__":
    main()
