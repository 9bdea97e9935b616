#!/usr/bin/env python3
"""Collects the sections' results (WORK/*.section.json) into results.json and REPORT.md."""

import argparse
import datetime
import json
import math
import os
import platform
import re
import sqlite3
import subprocess

SYSTEM_LABELS = {
    "accord": "Accord",
    "xapian": "plain Xapian (BM25)",
    "sqlite-fts5": "SQLite FTS5 (bm25)",
    "postgres-fts": "PostgreSQL FTS (ts_rank_cd)",
    "lucene": "Lucene 8 (BM25)",
}


def command_output(command, cwd=None):
    try:
        return subprocess.run(command, capture_output=True, text=True, cwd=cwd,
                              check=False).stdout.strip()
    except OSError:
        return ""


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    memory = None
    try:
        with open("/proc/meminfo") as handle:
            for line in handle:
                if line.startswith("MemTotal:"):
                    memory = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    system = ""
    try:
        with open("/etc/os-release") as handle:
            for line in handle:
                if line.startswith("PRETTY_NAME="):
                    system = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": memory,
            "kernel": platform.release(), "os": system}


def lucene_version(relevance, speed):
    """The Lucene and Java versions the peer ran with (speed section, else relevance)."""
    speed = speed or {}
    for mix in (speed, speed.get("long") or {}):
        entry = (mix.get("latency") or {}).get("lucene") or {}
        if entry.get("version"):
            return entry["version"], entry.get("java")
        build = (mix.get("index") or {}).get("lucene") or {}
        if build.get("version"):
            return build["version"], None
    for entry in (relevance or {}).get("collections", {}).values():
        info = entry["systems"].get("lucene", {})
        if info.get("version"):
            return info["version"], info.get("java")
    return None, None


def versions(build_dir, relevance, speed=None):
    xapian = command_output(["xapian-config", "--version"])
    match = re.search(r"(\d+\.\d+\.\d+)", xapian)
    postgres = None
    for entry in (relevance or {}).get("collections", {}).values():
        postgres = postgres or entry["systems"].get("postgres-fts", {}).get("version")
    if not postgres:
        postgres = command_output(["/usr/lib/postgresql/15/bin/postgres", "--version"]) or None
    if postgres:
        found = re.search(r"\d+\.\d+", postgres)
        postgres = found.group(0) if found else postgres
    compiler = ""
    cache = os.path.join(build_dir, "CMakeCache.txt")
    if os.path.exists(cache):
        with open(cache) as handle:
            for line in handle:
                if line.startswith("CMAKE_CXX_COMPILER:"):
                    compiler = command_output([line.split("=", 1)[1].strip(), "--version"]).splitlines()[0]
    lucene, java = lucene_version(relevance, speed)
    return {"xapian": match.group(1) if match else None, "sqlite": sqlite3.sqlite_version,
            "postgresql": postgres, "lucene": lucene, "java": java,
            "python": platform.python_version(), "compiler": compiler}


def git_info(root):
    commit = command_output(["git", "rev-parse", "HEAD"], cwd=root)
    dirty = bool(command_output(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root))
    return {"commit": commit or None, "dirty": dirty}


def busy(load, cores):
    try:
        return float(load.split()[0]) > 0.5 * (cores or 1)
    except (ValueError, IndexError):
        return False


def fmt(value, digits=4):
    return "—" if value is None else f"{value:.{digits}f}"


def seconds(value):
    return "—" if value is None else f"{value:.2f}"


def relevance_markdown(section):
    lines = ["## Relevance", ""]
    if section is None:
        return lines + ["Not run (see `--sections`).", ""]
    if not section.get("collections"):
        return lines + [f"**No collection** with corpus.jsonl, queries.tsv and qrels.txt in "
                        f"`{section.get('data_dir', '?')}` (see `--data-dir`).", ""]
    lines += [
        "Each system indexes the collection's `corpus.jsonl` (title and body) and answers every "
        f"topic of `queries.tsv` with up to {section['limit']} documents; `accord-trec-eval` scores "
        "the TREC runs with trec_eval's definitions. Queries: those with at least one relevant "
        "document. Index and search times are wall-clock seconds of one run, for orientation only "
        "(the speed section is where speed is measured). Method: [docs/benchmarks.md]"
        "(../../docs/benchmarks.md).", ""]
    summary = ["| collection | Accord MAP | best baseline | its MAP | ratio | target ≥ 1.05 |",
               "|---|---:|---|---:|---:|---|"]
    body = []
    for name, entry in section["collections"].items():
        body += [f"### {name}", "",
                 f"{entry['documents']:,} documents, {entry['topics']} topics, "
                 f"{entry['evaluated_topics']} evaluated (relevant = grade ≥ {entry['relevance_level']}).", "",
                 "| system | MAP | nDCG@10 | P@10 | R@100 | index s | search s |",
                 "|---|---:|---:|---:|---:|---:|---:|"]
        notes = []
        for system, info in entry["systems"].items():
            label = SYSTEM_LABELS.get(system, system)
            if system == "accord":
                label = f"**{label}**"
            if "measures" not in info:
                state = "skipped" if info.get("status") == "skipped" else "failed"
                body.append(f"| {label} | {state} | | | | | |")
                notes.append(f"- {SYSTEM_LABELS.get(system, system)} {state}: {info.get('error')} "
                             + " ".join(f"`{l}`" for l in info.get("stderr", [])[-3:]))
                continue
            m = info["measures"]
            body.append(f"| {label} | {fmt(m['map'])} | {fmt(m['ndcg_cut_10'])} | {fmt(m['P_10'])} | "
                        f"{fmt(m['recall_100'])} | {seconds(info.get('index_seconds'))} | "
                        f"{seconds(info.get('search_seconds'))} |")
            d = info.get("diagnostics", {})
            if info.get("index_failed_records"):
                notes.append(f"- {SYSTEM_LABELS.get(system, system)}: {info['index_failed_records']} "
                             "record(s) not indexed: " + "; ".join(f"`{l}`" for l in info["notes"][:3]))
            if d.get("topics_without_results"):
                notes.append(f"- {SYSTEM_LABELS.get(system, system)}: no result for topic(s) "
                             + ", ".join(d["topics_without_results"][:15]))
            if d.get("evaluated_topics_under_100_results"):
                short = d["evaluated_topics_under_100_results"]
                notes.append(f"- {SYSTEM_LABELS.get(system, system)}: {len(short)} evaluated topic(s) "
                             f"returned fewer than 100 documents ({', '.join(short[:12])}"
                             f"{' …' if len(short) > 12 else ''})")
            if abs(info.get("map_in_rank_order", m["map"]) - m["map"]) >= 0.00005:
                notes.append(f"- {SYSTEM_LABELS.get(system, system)}: MAP {fmt(info['map_in_rank_order'])} "
                             f"in the run's own rank order vs {fmt(m['map'])} in trec_eval's score order: "
                             f"{d.get('rows_in_score_ties', 0):,} of {d.get('rows', 0):,} run lines share "
                             "their printed score with another line of the topic, and trec_eval breaks "
                             "such ties by document id")
        body.append("")
        cmp = entry.get("accord_vs_best_baseline")
        if cmp:
            verdict = "met" if cmp["meets_target"] else "**not met**"
            best = SYSTEM_LABELS.get(cmp["best_baseline"], cmp["best_baseline"])
            best_map = entry["systems"][cmp["best_baseline"]]["measures"]["map"]
            accord_map = entry["systems"]["accord"]["measures"]["map"]
            body += [f"Accord / best baseline ({best}) MAP = {fmt(cmp['map_ratio'], 3)}; target ≥ 1.05 "
                     f"{verdict}. Per topic (AP): Accord better on {cmp['queries_better']}, worse on "
                     f"{cmp['queries_worse']}, equal on {cmp['queries_equal']}; paired randomization "
                     f"test p = {fmt(cmp['randomization_p'], 3)}.", ""]
            summary.append(f"| {name} | {fmt(accord_map)} | {best} | {fmt(best_map)} | "
                           f"{fmt(cmp['map_ratio'], 3)} | {'met' if cmp['meets_target'] else 'not met'} |")
        if notes:
            body += ["Notes:", ""] + notes + [""]
        for level in entry.get("extra_levels", []):
            body += [f"At relevance level {level} (grade ≥ {level}; for comparison with measurements "
                     "made at that level):", "",
                     "| system | MAP | nDCG@10 | P@10 | R@100 | topics |", "|---|---:|---:|---:|---:|---:|"]
            for system, info in entry["systems"].items():
                e = info.get("extra_levels", {}).get(str(level))
                if e:
                    body.append(f"| {SYSTEM_LABELS.get(system, system)} | {fmt(e['map'])} | "
                                f"{fmt(e['ndcg_cut_10'])} | {fmt(e['P_10'])} | {fmt(e['recall_100'])} | "
                                f"{e['num_q']} |")
            body.append("")
    ratios = [e["accord_vs_best_baseline"]["map_ratio"] for e in section["collections"].values()
              if e.get("accord_vs_best_baseline", {}).get("map_ratio")]
    if ratios:
        mean = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        summary.append(f"| **geometric mean of the ratios** ({len(ratios)} collections) | | | | "
                       f"**{fmt(mean, 3)}** | {'met' if mean >= 1.05 else 'not met'} |")
    return lines + ["Summary (MAP, Accord against the best baseline of this run):", ""] + summary + [""] + body


def tuning_markdown(section):
    """The leave-one-collection-out table of the tuning section (bench/lib/tuning.py)."""
    lines = ["## Tuning: leave one collection out", ""]
    if section is None:
        return lines + ["Not run (see `--sections`; it needs the relevance section).", ""]
    if section.get("status") != "ok":
        return lines + [f"Not run: {section.get('status')}.", ""]
    lines += [
        f"A grid of {len(section['settings'])} ranking settings (weighting scheme and parameter, "
        "pseudo-relevance feedback, proximity of neighbouring query words, when short queries "
        "relax) ranks every topic of every collection with Accord's index of it. Leaving one "
        "collection out at a time, the setting best on the others (geometric mean of MAP over "
        "the best peer's, ties by the worst collection) is scored on the one left out: the honest "
        "estimate for a collection nobody tuned on. Method: [docs/benchmarks.md]"
        "(../../docs/benchmarks.md#tuning).", "",
        "| left out | setting chosen on the others | its MAP there | best peer there | ratio |",
        "|---|---|---:|---|---:|"]
    for row in section["leave_one_out"]:
        peer = SYSTEM_LABELS.get(row["best_peer"], row["best_peer"])
        lines.append(f"| {row['held_out']} | {row['chosen']} | {fmt(row['held_out_map'])} | "
                     f"{peer} {fmt(row['best_peer_map'])} | {fmt(row['held_out_ratio'], 3)} |")
    lines += ["", f"Geometric mean of the left-out ratios: "
              f"**{fmt(section['leave_one_out_geometric_mean_ratio'], 3)}**; worst "
              f"{fmt(min(r['held_out_ratio'] for r in section['leave_one_out']), 3)}.", "",
              f"Best on all collections (the default Accord should carry): **{section['chosen_on_all']}** "
              f"(`{' '.join(section['chosen_flags'])}`).", "",
              "The five best settings on all collections (ratio to the best peer):", "",
              "| setting | " + " | ".join(sorted(section["collections"])) + " | geometric mean |",
              "|---|" + "---:|" * (len(section["collections"]) + 1)]
    for setting in section["settings"][:5]:
        lines.append(f"| {setting['name']} | "
                     + " | ".join(fmt(setting["ratio"][n], 3) for n in sorted(section["collections"]))
                     + f" | {fmt(setting['geometric_mean_ratio'], 3)} |")
    return lines + [""]


SPEED_LABELS = {"accord": "Accord", "xapian": "plain Xapian", "sqlite": "SQLite FTS5",
                "postgres": "PostgreSQL FTS", "lucene": "Lucene in-process",
                "lucene-http": "Lucene over HTTP"}
VARIANT_LABELS = {"full": "facets + snippets (default)", "nofacets": "facets=0",
                  "nosnippets": "snippets=0", "bare": "facets=0&snippets=0",
                  "xapian": "top 10 + exact count"}


def num(value, digits=2):
    if value is None:
        return "—"
    if isinstance(value, (int, float)) and abs(value) >= 1000 and digits <= 2:
        return f"{value:,.0f}"
    return f"{value:.{digits}f}"


def mib(kb):
    return "—" if kb is None else f"{kb / 1024:,.0f}"


def load_text(load):
    return "?" if not load else " / ".join(f"{x:.2f}" for x in load)


def targets_table(targets):
    lines = ["| target | result | |", "|---|---|---|"]
    for t in targets.values():
        lines.append(f"| {t['target']} | {t['text']} | {'met' if t['met'] else '**not met**'} |")
    lines.append("")
    for t in targets.values():
        if not t["met"] and t.get("why"):
            lines.append(f"- *{t['target']}* — why: {t['why']}")
    return lines + [""]


def index_rows(index, corpus_bytes=None):
    lines = ["| system | wall s | CPU s | MB/s | docs/s | MB per CPU-s | peak RSS MiB | index MiB | built |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for system in ("accord", "xapian", "sqlite", "postgres", "lucene"):
        b = index.get(system)
        if not b:
            continue
        label = "Lucene" if system == "lucene" else SPEED_LABELS[system]
        if b.get("status") != "ok":
            lines.append(f"| {label} | {b.get('status')}: {b.get('error', '')} | | | | | | | |")
            continue
        m = b.get("median") or b
        builds = len(b.get("builds", [])) or 1
        built = (f"cached (run {b.get('run_id')})" if b.get("cached") else "this run") + \
            (f", median of {builds}" if builds > 1 else "")
        lines.append(f"| {label} | {num(m.get('wall_seconds'))} | {num(m.get('cpu_seconds'))} | "
                     f"{num(m.get('mb_per_s'), 3)} | {num(m.get('docs_per_s'), 1)} | "
                     f"{num(m.get('mb_per_cpu_s'), 3)} | {mib(m.get('peak_rss_kb'))} | "
                     f"{mib((m.get('bytes') or 0) / 1024)} | {built} |")
    return lines + [""]


MIX_TITLES = {"news": "news mix (1–8 KB articles)",
              "long": "long mix (news with 10–60 KB speeches and statements, 50–500 KB treaties and reports)"}
PEER_LABELS = {"sqlite": "SQLite FTS5", "postgres": "PostgreSQL FTS",
               "lucene": "Lucene in-process vs Accord over HTTP",
               "lucene-http": "Lucene over HTTP", "lucene-inprocess": "Lucene in-process vs Accord took_ms"}


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
    kinds = ["one-word", "two-word", "phrase", "browse"]
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


def scale_markdown(section):
    lines = ["## Scale", ""]
    if section is None:
        return lines + ["Not run (see `--sections`).", ""]
    if section.get("status") == "todo":
        return todo_markdown("Scale", section)
    entries = section.get("entries", [])
    if not entries:
        return lines + [f"**Failed**: {section.get('errors')}", ""]
    sizes = ", ".join(f"{e['documents']:,}" for e in entries)
    lines += [f"The generated corpus at {sizes} documents (`--scales`); every system indexes each "
              "size (cached builds say so), then the speed section's mix is searched "
              f"({section['settings']['blocks']} blocks × {section['settings']['rounds_per_block']} rounds) "
              "and wrk loads accord-searchd. A size the speed section measured is taken from it.", ""]
    for docs, error in section.get("errors", {}).items():
        lines.append(f"- **{int(docs):,} documents failed**: {error}")
    if section.get("targets"):
        lines += ["### Targets", ""] + targets_table(section["targets"])
    lines += ["### Indexing by size", "",
              "| documents | system | wall s | CPU s | MB/s | docs/s | peak RSS MiB | index MiB | load avg | built |",
              "|---:|---|---:|---:|---:|---:|---:|---:|---|---|"]
    for e in entries:
        for system in ("accord", "xapian", "sqlite", "postgres"):
            b = e["index"].get(system)
            if not b:
                continue
            if b.get("status") != "ok":
                lines.append(f"| {e['documents']:,} | {SPEED_LABELS[system]} | {b.get('status')} | | | | | | | |")
                continue
            load = b.get("load_average")
            lines.append(f"| {e['documents']:,} | {SPEED_LABELS[system]} | {num(b.get('wall_seconds'))} | "
                         f"{num(b.get('cpu_seconds'))} | {num(b.get('mb_per_s'), 3)} | {num(b.get('docs_per_s'), 1)} | "
                         f"{mib(b.get('peak_rss_kb'))} | {mib((b.get('bytes') or 0) / 1024)} | "
                         f"{load[0] if load else '?'} | {'cached ' + str(b.get('run_id')) if b.get('cached') else 'this run'} |")
    lines += ["", "### Query latency by size (ms, p50 / p99)", "",
              "| documents | Accord full | Accord facets=0 | Accord bare | plain Xapian | SQLite full | PostgreSQL full | Accord full, < 100k matches | Accord full, ≥ 100k |",
              "|---:|---|---|---|---|---|---|---|---|"]

    def pair(e, system, variant):
        v = e["latency"].get(system, {})
        v = v.get(variant) if isinstance(v, dict) else None
        return f"{num(v.get('p50_ms'), 2)} / {num(v.get('p99_ms'), 2)}" if v else "—"

    for e in entries:
        b = e.get("buckets") or {}
        bucket = [f"{num(b.get(k, {}).get('p50'), 2)} / {num(b.get(k, {}).get('p99'), 2)} "
                  f"({b.get(k, {}).get('requests', 0)} req.)" if b.get(k, {}).get("n") else "—"
                  for k in ("under_100k", "rest")]
        lines.append(f"| {e['documents']:,} | {pair(e, 'accord', 'full')} | {pair(e, 'accord', 'nofacets')} | "
                     f"{pair(e, 'accord', 'bare')} | {pair(e, 'xapian', 'xapian')} | {pair(e, 'sqlite', 'full')} | "
                     f"{pair(e, 'postgres', 'full')} | {bucket[0]} | {bucket[1]} |")
    lines += ["", "### Server and throughput by size", "",
              "| documents | start-up s | RSS after start MiB | peak RSS MiB | wrk 8 connections req/s | p99 ms | faceted: SQLite / Accord p50 | PostgreSQL / Accord p50 |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for e in entries:
        s = e.get("server", {})
        w = next((r for r in e.get("wrk", []) if r.get("status") == "ok"), {})
        c = e.get("comparison", {})
        lines.append(f"| {e['documents']:,} | {num(s.get('startup_seconds'), 2)} | {mib(s.get('rss_after_start_kb'))} | "
                     f"{mib(s.get('peak_rss_kb'))} | {num(w.get('qps'), 1)} | "
                     f"{num(w.get('latency_ms', {}).get('p99'), 2)} | "
                     f"{num(c.get('sqlite:full', {}).get('p50_ratio'), 1)} | "
                     f"{num(c.get('postgres:full', {}).get('p50_ratio'), 1)} |")
    curves = section.get("curves", {})
    growth = [(k, v["exponent"]) for k, v in curves.items() if "exponent" in v]
    if growth:
        lines += ["", "Growth: each measure fitted as ∝ documents^k between the smallest and the "
                  "largest size (k = 1: linear; k = 0: flat).", "",
                  "| measure | k |", "|---|---:|"]
        lines += [f"| `{k}` | {v:.2f} |" for k, v in growth]
    return lines + [""]


def shards_markdown(section):
    """The shards section: 1, 2, 4 shards, local and over loopback xapian-tcpsrv."""
    if not section:
        return []
    lines = ["## Shards", ""]
    if section.get("status") != "ok":
        return lines + [f"The shards section failed: {section.get('error', 'unknown error')}", ""]
    s = section["settings"]
    indexes = section.get("indexes", {})
    built = [n for n, i in indexes.items() if not i.get("derived_from")]
    derived = sorted((n for n, i in indexes.items() if i.get("derived_from")), key=int)
    if derived:
        largest = indexes.get(built[0], {}) if built else {}
        how = (f"indexed into {built[0] if built else '?'} shards by `accord-index --shards` "
               f"({num(largest.get('wall_seconds'), 0)} s, {num(largest.get('mb_per_s'))} MB/s, "
               f"peak RSS {mib(largest.get('peak_rss_kb') or 0)} MiB; reused from the cache: "
               f"{'yes' if largest.get('cached') else 'no'}); the "
               + " and ".join(f"{n}-shard" for n in derived)
               + " layouts merged from those shards with `xapian-compact --no-full` ("
               + ", ".join(f"{n}: {num(indexes[n].get('compact_seconds'), 0)} s" for n in derived)
               + "): shard k of n holds shards k, k + n, … of the larger layout, exactly where "
               "`accord-index --shards n` puts each document (XXH3 of the id modulo n)")
    else:
        how = "indexed unsharded and into 2 and 4 shards (`accord-index --shards N`)"
    lines += [
        f"One generated corpus of {section['documents']:,} documents {how}, searched by one `accord-searchd` "
        f"({s['threads']} threads) over the local shards, or over one `xapian-tcpsrv` per shard "
        "on loopback (`--db remote:127.0.0.1:PORT` per shard). Client latency of the speed "
        f"section's mix ({s['blocks']} blocks × {s['rounds']} rounds, interleaved), wrk at "
        f"{s['wrk_connections']} connections for {s['wrk_seconds']} s. CPU per request counts "
        "accord-searchd and the xapian-tcpsrv processes. Every configuration's totals, first "
        "hits and facet counts were compared with the one-shard layout's"
        + (f" (for the {section['approximate_requests']} requests that some layout answered "
           "with Xapian's estimates — more than the exact limit of 100,000 matching documents in "
           "one database, while a shard under the limit counts exactly — the hits only)"
           if section.get("approximate_requests") else "")
        + ": " + ("**all equal**." if not section["mismatches"] else
                  f"**{len(section['mismatches'])} differences** (see results.json)."), "",
        "| shards | where | full p50 / p99 ms | × 1 local | no facets p50 / p99 ms | requests/s (wrk) | CPU ms / request | index MiB |",
        "|---|---|---|---|---|---|---|---|"]
    for name, c in sorted(section["configurations"].items(),
                          key=lambda item: (item[1].get("shards", 0), item[1].get("mode", ""))):
        full, bare = c.get("full", {}), c.get("nofacets", {})
        wrk = c.get("wrk", {})
        index = section.get("indexes", {}).get(str(c.get("shards")), {})
        lines.append(
            f"| {c.get('shards')} | {c.get('mode')} | {num(full.get('p50_ms'))} / {num(full.get('p99_ms'))} "
            f"| {num(full.get('p50_vs_1_local'))}× | {num(bare.get('p50_ms'))} / {num(bare.get('p99_ms'))} "
            f"| {num(wrk.get('qps'), 0) if wrk.get('status') == 'ok' else wrk.get('status', '—')} "
            f"| {num(c.get('cpu_ms_per_request'))} | {mib((index.get('bytes') or 0) / 1024)} |")
    lines += ["", "On one two-core machine shards only add work (each shard runs its own match and "
              "facet count; remote shards add a loopback round trip and serialisation per shard "
              "and request); they pay off when each shard has a machine of its own. See "
              "[docs/scaling.md](../../docs/scaling.md).", ""]
    return lines


def todo_markdown(title, section):
    lines = [f"## {title}", ""]
    if section is None:
        return lines + ["Not run (see `--sections`).", ""]
    if section.get("status") == "todo":
        lines += ["**TODO** — not implemented yet. Planned:", ""]
        lines += [f"- {item}" for item in section.get("planned", [])]
        return lines + [""]
    return lines + ["```json", json.dumps(section, indent=1), "```", ""]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", required=True)
    parser.add_argument("--results", required=True)
    parser.add_argument("--mode", default="full")
    parser.add_argument("--root", required=True)
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--build-seconds", type=float, default=0.0)
    parser.add_argument("--build-type", default="")
    parser.add_argument("--run-seconds", type=float, default=0.0)
    parser.add_argument("--sections", default="")
    parser.add_argument("--load", default="", help="load averages (1, 5, 15 min) at the start")
    args = parser.parse_args()

    sections = {}
    for name in ("relevance", "tuning", "speed", "scale", "shards"):
        path = os.path.join(args.work, f"{name}.section.json")
        if os.path.exists(path):
            with open(path) as handle:
                sections[name] = json.load(handle)

    results = {
        "schema_version": 1,
        "generated_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "mode": args.mode,
        "sections_requested": args.sections.split(","),
        "run_seconds": round(args.run_seconds, 1),
        "git": git_info(args.root),
        "machine": {**machine(), "load_average_at_start": args.load},
        "build": {"type": args.build_type, "seconds": round(args.build_seconds, 1),
                  "dir": os.path.relpath(args.build_dir, args.root)},
        "versions": versions(args.build_dir, sections.get("relevance"), sections.get("speed")),
        "sections": sections,
    }
    os.makedirs(args.results, exist_ok=True)
    with open(os.path.join(args.results, "results.json"), "w") as handle:
        json.dump(results, handle, indent=1, sort_keys=False)
        handle.write("\n")

    g = results["git"]
    m = results["machine"]
    v = results["versions"]
    header = [
        "# Accord benchmark report", "",
        f"Written by `bench/run{' --quick' if args.mode == 'quick' else ''}` on {results['generated_at']}; "
        f"every number below comes from this one run. Machine-readable: [results.json](results.json).", "",
        f"- Commit: `{(g['commit'] or 'unknown')[:12]}`{' (with uncommitted changes)' if g['dirty'] else ''}",
        f"- Build: {args.build_type or 'unknown'} ({v['compiler']}), build step {args.build_seconds:.0f} s",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB, {m['os']}, Linux {m['kernel']}",
        f"- Peers: Xapian {v['xapian']}, SQLite {v['sqlite']}, PostgreSQL {v['postgresql'] or 'not run'}, "
        f"Lucene {(v['lucene'] + ' (Java ' + v['java'] + ')' if v.get('java') else v['lucene']) if v.get('lucene') else 'not run'}",
        f"- Mode: {args.mode}; total time {args.run_seconds:.0f} s; load average at start {args.load or '?'}"
        + (" — **the machine was busy: timings are unreliable**" if busy(args.load, m["cores"]) else ""),
        ""]
    text = header + relevance_markdown(sections.get("relevance")) + \
        tuning_markdown(sections.get("tuning")) + speed_markdown(sections.get("speed")) + scale_markdown(sections.get("scale")) + \
        shards_markdown(sections.get("shards"))
    with open(os.path.join(args.results, "REPORT.md"), "w") as handle:
        handle.write("\n".join(text).rstrip() + "\n")


if __name__ == "__main__":
    main()
