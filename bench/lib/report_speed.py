"""The Speed and Snippets parts of REPORT.md (bench/lib/report.py calls them): per document mix,
targets, indexing, latency over the mix and per query kind, Accord against each peer, the
cross-checks, wrk and memory; the snippet cost per hit by document length."""

from report_common import (SPEED_LABELS, VARIANT_LABELS, index_rows, load_text, mib, num,
                           targets_table, todo_markdown)


MIX_TITLES = {"news": "news mix (1–8 KB articles)",
              "long": "long mix (news with 10–60 KB speeches and statements, 50–500 KB treaties and reports)"}


PEER_LABELS = {"sqlite": "SQLite FTS5", "postgres": "PostgreSQL FTS",
               "lucene": "Lucene in-process vs Accord over HTTP",
               "lucene-http": "Lucene over HTTP", "lucene-inprocess": "Lucene in-process vs Accord took_ms"}


KIND_ORDER = ["one-word", "two-word", "phrase", "question", "headline", "hyphenated", "near",
              "filter", "browse"]


def kinds_of(lat):
    """The query kinds of Accord's full answers, in KIND_ORDER (others after, sorted)."""
    found = set(lat.get("accord", {}).get("full", {}).get("by_kind", {}))
    return [k for k in KIND_ORDER if k in found] + sorted(found - set(KIND_ORDER))


def kind_table(lat, policy_queries):
    """The full answer by query kind, p50 and p99: Accord over HTTP (and its took_ms) against
    Lucene in-process and over HTTP."""
    def stats(system, kind, key="by_kind"):
        data = lat.get(system)
        if not isinstance(data, dict) or "status" in data:
            return {}
        return data.get("full", {}).get(key, {}).get(kind, {})

    lines = ["Full answer (facets + snippets) by query kind, p50 / p99 ms"
             + (f" (the fixed mix and the {policy_queries} queries of `bench/queries_policy.txt`)"
                if policy_queries else "") + ":", "",
             "| kind | requests | Accord HTTP p50 | Accord HTTP p99 | Accord took p50 | "
             "Lucene in-process p50 | Lucene in-process p99 | Lucene HTTP p50 | Lucene HTTP p99 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for kind in kinds_of(lat):
        a, t = stats("accord", kind), stats("accord", kind, "took_by_kind")
        li, lh = stats("lucene", kind), stats("lucene-http", kind)
        lines.append(f"| {kind} | {a.get('n', 0):,} | {num(a.get('p50'), 3)} | {num(a.get('p99'), 3)} | "
                     f"{num(t.get('p50'), 3)} | {num(li.get('p50'), 3)} | {num(li.get('p99'), 3)} | "
                     f"{num(lh.get('p50'), 3)} | {num(lh.get('p99'), 3)} |")
    return lines + [""]


def snippets_markdown(section):
    lines = ["## Snippets", ""]
    if section is None:
        return lines + ["Not run (see `--sections`).", ""]
    if section.get("status") != "ok":
        return lines + [f"**Failed**: {section.get('error')}", ""]
    st = section["settings"]
    lines += ["What a hit's snippets cost by the length of its document (`accord-bench-snippets`, "
              f"in-process, Release): per length {st['docs']} documents of about that length "
              "(bodies of the generator strung together), the queries "
              + ", ".join(f"`{q}`" for q in section.get("queries") or [])
              + f", top 10 with and without snippets in {st['rounds']} interleaved rounds after a "
              "warm-up; the cost per hit is the difference of the two sums divided by the hits. "
              "Whole text: the same hits highlighted by analysing each hit's whole stored text, as "
              "every snippet was made before texts were stored in 4 KB chunks. Load average "
              f"{load_text(section.get('load_average_start'))} at the start, "
              f"{load_text(section.get('load_average_end'))} at the end. Method: "
              "[docs/benchmarks.md](../../docs/benchmarks.md#snippets).", ""]
    lines += targets_table(section.get("targets", {}))
    lines += ["| document length | documents | hits per query | snippets µs per hit (chunked) | "
              "whole-text analysis µs per hit | search µs, no snippets (median) | with snippets |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for row in section.get("lengths", []):
        lines.append(f"| {row['bytes'] / 1000:,.0f} KB | {row['docs']} | {num(row.get('hits_per_query'), 1)} | "
                     f"{num(row.get('chunked_us_per_hit'), 1)} | {num(row.get('whole_text_us_per_hit'), 1)} | "
                     f"{num(row.get('search_us_no_snippets'), 0)} | {num(row.get('search_us_with_snippets'), 0)} |")
    return lines + [""]


def speed_markdown(section):
    lines = ["## Speed", ""]
    if section is None:
        return lines + ["Not run (see `--sections`).", ""]
    if section.get("status") == "todo":
        return todo_markdown("Speed", section)
    if section.get("status") != "ok":
        return lines + [f"**Failed**: {section.get('error')}", ""]
    st = section["settings"]
    mixes = section.get("mixes") or ["news"]
    lines += [f"Measured on {len(mixes)} document mix{'es' if len(mixes) > 1 else ''} of the generator: "
              + "; ".join(MIX_TITLES.get(m, m) for m in mixes) + "."
              + "".join(f" {n}" for n in section.get("notes", [])), ""]
    long = section.get("long")
    if long:
        lines += ["### News mix", ""] + speed_mix_markdown(section, st, "####")
        lines += ["### Long mix", ""]
        if long.get("status") != "ok":
            lines += [f"**Failed**: {long.get('error')}", ""]
        else:
            lines += speed_mix_markdown(long, st, "####")
    else:
        lines += speed_mix_markdown(section, st, "###")
    return lines


def speed_mix_markdown(section, st, h):
    """One mix's speed results (h: the heading level of its subsections)."""
    corpus = section["corpus"]
    lines = [
        f"Generated corpus ({corpus.get('mix') or 'news'} mix): {corpus['documents']:,} documents, "
        f"{corpus['bytes'] / 1e6:.1f} MB "
        f"(seed {corpus['seed']}). Load average {load_text(section.get('load_average_start'))} at the "
        f"start, {load_text(section.get('load_average_end'))} at the end (2 cores: above 1 the "
        "machine was shared and timings are inflated; compare ratios, not absolute numbers). "
        f"Latency: {st['blocks']} interleaved blocks × {st['rounds_per_block']} rounds of the mix per "
        f"system after {st['warmup_rounds']} warm-up round. Method: "
        "[docs/benchmarks.md](../../docs/benchmarks.md#speed).", ""]
    lines += [f"{h} Targets", ""] + targets_table(section.get("targets", {}))
    lines += [f"{h} Indexing", "",
              f"Accord with tagging (`accord-index --jobs {next((b.get('jobs') for b in section['index'].get('accord', {}).get('builds', []) if b.get('jobs')), '?')}`); "
              "the SQL peers and Lucene load the entity lists Accord tagged (not their own tagging); "
              "PostgreSQL's time leaves out initdb and server start-up and its CPU and memory are "
              "the server backend's; Lucene's includes the JVM's start-up, JIT and GC threads and "
              "the final forceMerge(1). MB = 10^6 bytes of JSON Lines input.", ""]
    lines += index_rows(section["index"])
    lat = section.get("latency", {})
    lines += [f"{h} Query latency", "",
              "Milliseconds per request over the whole mix. Accord and Lucene over HTTP: round trip "
              "measured by `accord-bench-http` (one keep-alive connection, sequential) and the "
              "server's own `took_ms`; plain Xapian: its searcher loop in-process (text queries "
              "without filters only: its index has no facets); SQLite and PostgreSQL: the Python "
              "driver's wall-clock time per request, client overhead included; Lucene in-process: "
              "`System.nanoTime` around each request in a warmed-up JVM.", "",
              "| system | answer | requests | p50 | p95 | p99 | server took p50 | CPU ms/request |",
              "|---|---|---:|---:|---:|---:|---:|---:|"]
    for system in ("accord", "xapian", "sqlite", "postgres", "lucene", "lucene-http"):
        data = lat.get(system)
        if not data:
            continue
        if data.get("status") == "failed":
            lines.append(f"| {SPEED_LABELS[system]} | failed: {data.get('error', '')[:80]} | | | | | | |")
            continue
        for variant, v in data.items():
            if not isinstance(v, dict):
                continue
            stats = v.get("client_ms") or v.get("wall_ms")
            if not stats or not stats.get("n"):
                continue
            http = system in ("accord", "lucene-http")
            cpu = v.get("server_cpu_ms_per_request") if http else v.get("cpu_ms_per_request")
            took = v.get("server_took_ms", {}).get("p50") if http else None
            lines.append(f"| {SPEED_LABELS[system]} | {VARIANT_LABELS.get(variant, variant)} | "
                         f"{stats['n']:,} | {num(stats['p50'], 3)} | {num(stats['p95'], 3)} | "
                         f"{num(stats['p99'], 3)} | {num(took, 3)} | {num(cpu, 3)} |")
    lines += ["", "CPU ms/request, means: Accord's and the Lucene server's process (all threads, HTTP "
              "and JSON included, the JVM's JIT and GC too, from /proc); plain Xapian, SQLite and "
              "Lucene in-process: the searching thread (SQLite runs in the Python driver: Python "
              "included); PostgreSQL: the server backend (`/proc/PID/schedstat`; parallel workers "
              "not included).", ""]
    kinds = kinds_of(lat)
    lines += ["p50 by query kind (ms):", "",
              "| answer | kind | Accord | Accord took | SQLite FTS5 | PostgreSQL FTS | Lucene in-process | Lucene over HTTP | plain Xapian |",
              "|---|---|---:|---:|---:|---:|---:|---:|---:|"]

    def kind_p50(system, variant, kind, key="by_kind"):
        data = lat.get(system)
        if not isinstance(data, dict):
            return None
        return data.get(variant, {}).get(key, {}).get(kind, {}).get("p50")

    for variant in ("full", "nofacets"):
        for kind in kinds:
            row = [kind_p50("accord", variant, kind), kind_p50("accord", variant, kind, "took_by_kind"),
                   kind_p50("sqlite", variant, kind), kind_p50("postgres", variant, kind),
                   kind_p50("lucene", variant, kind), kind_p50("lucene-http", variant, kind)]
            x = kind_p50("xapian", "xapian", kind) if variant == "nofacets" else None
            lines.append(f"| {VARIANT_LABELS[variant]} | {kind} | " + " | ".join(num(v, 3) for v in row)
                         + f" | {num(x, 3)} |")
    lines.append("")
    lines += kind_table(lat, section.get("policy_queries"))
    comp = section.get("comparison", {})
    if comp:
        lines += [f"{h} Accord against the peers, same requests", "",
                  "Ratios of the peer's time to Accord's (above 1: Accord is faster): of the p50 and "
                  "p99 over the mix; of the mean CPU time per request (Accord's server process "
                  "against SQLite's thread, PostgreSQL's backend or the Lucene server process — "
                  "steadier than wall time on a shared machine, where long requests lose more to "
                  "other processes than short ones); and the geometric mean and minimum over "
                  "requests of the ratio of per-request medians. Lucene three ways: in-process "
                  "against Accord over HTTP (as the SQL peers), over HTTP against Accord over HTTP "
                  "(same client, same answer shape), and in-process against Accord's `took_ms` "
                  "(the engines alone). `total` differs where the peer's tokenizer or stemmer "
                  "matches a different set, or where Accord relaxed a query to any word.", "",
                  "| peer | answer | p50 ratio | p99 ratio | CPU ratio | geometric mean | slowest | requests with another total |",
                  "|---|---|---:|---:|---:|---:|---|---:|"]
        for key, c in comp.items():
            if c["peer"] == "xapian":
                continue
            lines.append(f"| {PEER_LABELS.get(c['peer'], c['peer'])} | {VARIANT_LABELS[c['variant']]} | "
                         f"{num(c['p50_ratio'], 1)} | {num(c['p99_ratio'], 1)} | {num(c.get('cpu_ratio'), 1)} | "
                         f"{num(c['geomean_ratio'], 1)} | "
                         f"{num(c['min_ratio'], 1)} (`{c['min_ratio_request']}`) | "
                         f"{len(c['total_mismatches'])} of {c['requests']} |")
        for key, c in comp.items():
            if c["peer"] == "xapian":
                lines += ["", f"Accord ({VARIANT_LABELS[c['variant']]}, HTTP) / plain Xapian (in-process) "
                          f"per request, geometric mean: {num(c['accord_over_xapian_geomean'], 2)} "
                          f"(below 1: Accord faster); totals differ on {len(c['total_mismatches'])} "
                          f"of {c['requests']} requests."]
        lines.append("")
        lucene_rows = []
        for variant in ("full", "nofacets"):
            inproc = comp.get(f"lucene-inprocess:{variant}", {}).get("by_kind", {})
            http = comp.get(f"lucene-http:{variant}", {}).get("by_kind", {})
            for kind in kinds:
                a, b = inproc.get(kind), http.get(kind)
                if not (a or b):
                    continue
                a, b = a or {}, b or {}
                lucene_rows.append(
                    f"| {VARIANT_LABELS[variant]} | {kind} | {num(a.get('accord_p50_ms'), 3)} | "
                    f"{num(a.get('lucene_p50_ms'), 3)} | {num(a.get('ratio'), 2)} | "
                    f"{num(b.get('accord_p50_ms'), 3)} | {num(b.get('lucene_p50_ms'), 3)} | "
                    f"{num(b.get('ratio'), 2)} |")
        if lucene_rows:
            lines += ["Accord against Lucene by query kind (p50 ms; ratio = Lucene / Accord, above 1: "
                      "Accord faster):", "",
                      "| answer | kind | Accord took_ms | Lucene in-process | ratio | Accord HTTP | Lucene HTTP | ratio |",
                      "|---|---|---:|---:|---:|---:|---:|---:|"] + lucene_rows + [""]
    check = section.get("facet_crosscheck")
    if check:
        lines += [f"Facet cross-check: on the {check['requests']} faceted requests where Accord and SQLite "
                  "match the same number of documents"
                  + (f" ({len(check['not_compared'])} others differ in matches and are not compared)"
                     if check.get("not_compared") else "")
                  + ", every facet count Accord lists "
                  + ("equals SQLite's." if not check["difference_count"] else
                     f"differ in {check['difference_count']} values, e.g. "
                     + "; ".join(f"{d['facet']} {d['value']}: {d['accord']} vs {d['sqlite']}"
                                 for d in check["differences"][:3]) + "."), ""]
    check = section.get("lucene_crosscheck")
    if check:
        lines += [f"Lucene cross-check: on the {check['requests']} faceted requests where Accord and Lucene "
                  "match the same number of documents"
                  + (f" ({len(check['not_compared'])} others differ in matches and are not compared: "
                     + ", ".join(f"`{d['request']}` {d['accord']:,} vs {d['lucene']:,}"
                                 for d in check["not_compared"][:4])
                     + (" …" if len(check["not_compared"]) > 4 else "") + ")"
                     if check.get("not_compared") else "")
                  + ", every facet count Accord lists (all seven families, year and month included) "
                  + ("equals Lucene's." if not check["difference_count"] else
                     f"differ in {check['difference_count']} values, e.g. "
                     + "; ".join(f"{d['facet']} {d['value']}: {d['accord']} vs {d['lucene']}"
                                 for d in check["differences"][:3]) + ".")
                  + (f" The two top tens share {check['top10_overlap_mean']:.1f} documents on average "
                     "(different ranking functions: Accord IneB2 with feedback, Lucene BM25)."
                     if check.get("top10_overlap_mean") is not None else ""), ""]
    wrk = section.get("wrk", {}).get("runs", [])
    if wrk:
        lines += [f"{h} Throughput (wrk)", "",
                  f"`wrk -t1 -cN` rotating through the {section['wrk']['paths']} requests of the mix "
                  f"(full and facets=0), {st['wrk_seconds']} s, median of {st['wrk_repeats']}; client "
                  f"and server share the machine. Server: `--threads {st['server_threads']}`.", "",
                  "| connections | requests/s | p50 ms | p90 ms | p99 ms | errors | server CPU ms/request |",
                  "|---:|---:|---:|---:|---:|---:|---:|"]
        for r in wrk:
            if r.get("status") != "ok":
                lines.append(f"| {r.get('connections', '?')} | {r.get('status')}: {r.get('error', '')} | | | | | |")
                continue
            L = r["latency_ms"]
            lines.append(f"| {r['connections']} | {num(r['qps'], 1)} | {num(L['p50'], 2)} | "
                         f"{num(L['p90'], 2)} | {num(L['p99'], 2)} | {r['errors']} | "
                         f"{num(r['server_cpu_ms_per_request'], 3)} |")
        lines.append("")
    srv = section.get("server")
    if srv:
        lines += [f"accord-searchd: start-up {srv['startup_seconds']:.2f} s, RSS {mib(srv.get('rss_after_start_kb'))} "
                  f"MiB after start, peak (VmHWM) {mib(srv.get('peak_rss_kb'))} MiB."]
        ls = section.get("lucene_server")
        if ls:
            lines[-1] += (f" Lucene server (JVM, `-Xmx512m`, index memory-mapped): start-up "
                          f"{ls['startup_seconds']:.2f} s, RSS {mib(ls.get('rss_after_start_kb'))} MiB after "
                          f"start, peak {mib(ls.get('peak_rss_kb'))} MiB, JIT warm-up "
                          f"{num(ls.get('warmup_seconds'), 1)} s before timing.")
        lines.append("")
    requests = lat.get("accord", {}).get("full", {}).get("requests", {})
    if requests:
        lines += ["<details><summary>Per request: matches and p50 ms</summary>", "",
                  "| request | matches | Accord full | facets=0 | snippets=0 | bare | plain Xapian | SQLite full | PostgreSQL full | Lucene full (in-process) | Lucene matches |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for label, item in requests.items():
            base = label.rsplit(":", 1)[0]

            def request_entry(system, variant):
                data = lat.get(system)
                if not isinstance(data, dict):
                    return {}
                return data.get(variant, {}).get("requests", {}).get(base + ":" + variant, {})

            def p50(system, variant):
                return request_entry(system, variant).get("p50_ms")

            lucene_total = request_entry("lucene", "full").get("total")
            lines.append(f"| `{base}` | {item['total']:,} | {num(item['p50_ms'], 3)} | "
                         f"{num(p50('accord', 'nofacets'), 3)} | {num(p50('accord', 'nosnippets'), 3)} | "
                         f"{num(p50('accord', 'bare'), 3)} | {num(p50('xapian', 'xapian'), 3)} | "
                         f"{num(p50('sqlite', 'full'), 3)} | {num(p50('postgres', 'full'), 3)} | "
                         f"{num(p50('lucene', 'full'), 3)} | "
                         f"{'—' if lucene_total is None else f'{lucene_total:,}'} |")
        lines += ["", "</details>", ""]
    return lines
