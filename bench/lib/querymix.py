"""The query mix of the speed and scale sections: a fixed set of text queries × filter sets ×
answer variants, and (speed section) the bench's own policy queries (bench/queries_policy.txt)
by kind; the request files each driver reads. See docs/benchmarks.md ("The query mix")."""

import calendar
import os
import re
import urllib.parse

from benchlib import BENCH
from speedutil import write_json

POLICY_QUERIES = os.path.join(BENCH, "queries_policy.txt")
# Kinds of the policy list that plain Xapian (its QueryParser, words ANDed) is given: not the
# questions and headlines (Accord ORs their words), nor queries with filters (its index has none).
XAPIAN_POLICY_KINDS = ("one-word", "two-word", "phrase", "hyphenated", "near")

# Words and phrases chosen on the seed-1 corpus for a spread of match counts (share of
# documents at any size, since the generator's distributions do not depend on it):
TEXT_QUERIES = [
    ("one-word", "security"),          # ~55 % (of the news mix)
    ("one-word", "sanctions"),         # ~28 %
    ("one-word", "referendum"),        # ~8 %
    ("one-word", "tousheagu"),         # ~0.4 % (a made-up tail word)
    ("two-word", "peace talks"),       # ~10 % (both words; Accord ANDs up to four words)
    ("two-word", "security guarantees"),  # ~11 %
    ("two-word", "energy sanctions"),  # ~8 %
    ("phrase", '"peace plan"'),        # ~1.4 %
    ("phrase", '"foreign minister"'),  # ~1.1 %
    ("phrase", '"equally authentic"'),  # ~1.9 % (treaty boilerplate)
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


def read_policy_queries(path=POLICY_QUERIES):
    """[(kind, query)] of a kind<TAB>query file; lines starting with # and blank lines skipped."""
    out = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            kind, tab, query = line.partition("\t")
            if not tab or not kind.strip():
                raise ValueError(f"{path}:{number}: want kind<TAB>query")
            out.append((kind.strip(), query.strip()))
    return out


_FILTER = re.compile(r"^(party|region|agreement|type|lang|language|date):(\S+)$", re.IGNORECASE)


def _date_bound(text, upper):
    """A date: bound (YYYY, YYYY-MM or YYYY-MM-DD) as a day; None for an open end."""
    if not text:
        return None
    parts = text.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if upper else f"{parts[0]}-01-01"
    if len(parts) == 2:
        last = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{parts[0]}-{parts[1]}-{last:02d}" if upper else f"{parts[0]}-{parts[1]}-01"
    return text


def split_filters(query):
    """A query's own filters (party:, region:, agreement:, type:, lang:, date:) taken out, for
    the peers, which get them as filter arguments: (the rest of the text, filters in the shape
    of FILTER_SETS'). Quoted text is left alone."""
    filters, rest = {}, []
    for token in re.findall(r'"[^"]*"?|\S+', query):
        found = None if token.startswith('"') else _FILTER.match(token)
        if not found:
            rest.append(token)
            continue
        field, value = found.group(1).lower(), found.group(2)
        if field == "date":
            low, _, high = value.partition("..") if ".." in value else (value, None, value)
            filters["from"] = _date_bound(low, False)
            filters["to"] = _date_bound(high, True)
            continue
        family = "language" if field in ("lang", "language") else field
        filters.setdefault(family, []).extend(v for v in value.split(",") if v)
    return " ".join(rest), {k: v for k, v in filters.items() if v is not None}


def _request(kind, text, filter_name, filters, variant, extra, query=None):
    """One request. `query` is the query as typed (the label shows it); every system, Accord
    included, is sent its text and its filters apart (`path`, and `peer_path` for the peers'
    HTTP server, the same): typed in the query, Accord's party:ua restricts every facet's
    counts, while a filter parameter is a facet selection whose own family's counts ignore it
    (as the peers count), so only the latter compares facet counts like for like."""

    def path(q, with_filters):
        params = [("q", q)]
        for family in ("party", "region", "agreement", "type", "language"):
            for value in (with_filters.get(family, []) if with_filters else []):
                params.append(("lang" if family == "language" else family, value))
        for bound in ("from", "to"):
            if with_filters and with_filters.get(bound):
                params.append((bound, with_filters[bound]))
        params += list(extra.items())
        return "/api/search?" + urllib.parse.urlencode(params)

    typed = text if query is None else query
    return {"label": request_label(kind, typed, filter_name, variant), "kind": kind, "text": text,
            "query": typed, "filter": filter_name, "filters": filters, "variant": variant,
            "path": path(text, filters), "peer_path": path(text, filters)}


def query_mix(policy=False, per_kind=None):
    """Every request of the mix: dicts with label, kind, text (what is searched), query (as
    typed), filter, filters, variant, path (Accord's) and peer_path. With policy, the queries of
    bench/queries_policy.txt follow the fixed ones (filter "policy"); per_kind: only the first
    so many of each kind (smoke runs)."""
    out = []
    policy_queries = read_policy_queries() if policy else []
    if per_kind:
        kept, counts = [], {}
        for kind, query in policy_queries:
            counts[kind] = counts.get(kind, 0) + 1
            if counts[kind] <= per_kind:
                kept.append((kind, query))
        policy_queries = kept
    for variant, extra in VARIANTS.items():
        for filter_name, filters in FILTER_SETS:
            for kind, text in TEXT_QUERIES:
                out.append(_request(kind, text, filter_name, filters, variant, extra))
        for kind, query in policy_queries:
            text, filters = split_filters(query)
            out.append(_request(kind, text, "policy", filters, variant, extra, query=query))
    return out


def write_request_files(directory, policy=False, per_kind=None):
    """The mix as the drivers read it: per Accord variant a label<TAB>path file (and one with
    the peers' paths, for the Lucene server), the SQL JSON (full and nofacets), and the plain
    Xapian topics (text queries without filters)."""
    os.makedirs(directory, exist_ok=True)
    mix = query_mix(policy, per_kind)
    files = {"accord": {}, "peer_http": {}, "sql": os.path.join(directory, "sql-requests.json"),
             "xapian": os.path.join(directory, "xapian-topics.tsv"), "mix": mix,
             "policy": policy}
    for variant in VARIANTS:
        for key, field, name in (("accord", "path", "accord"), ("peer_http", "peer_path", "peer")):
            path = os.path.join(directory, f"{name}-{variant}.tsv")
            with open(path, "w", encoding="utf-8") as handle:
                for r in mix:
                    if r["variant"] == variant:
                        handle.write(f"{r['label']}\t{r[field]}\n")
            files[key][variant] = path
    write_json(files["sql"], [{k: r[k] for k in ("label", "kind", "text", "filters", "variant")}
                              for r in mix if r["variant"] in PEER_VARIANTS])
    with open(files["xapian"], "w", encoding="utf-8") as handle:
        for r in mix:
            if r["variant"] != "bare" or r["kind"] == "browse":
                continue
            if r["filter"] == "none" or (r["filter"] == "policy" and not r["filters"]
                                         and r["kind"] in XAPIAN_POLICY_KINDS):
                label = request_label(r["kind"], r["query"], r["filter"], "xapian")
                handle.write(f"{label}\t{r['text']}\n")
    return files
