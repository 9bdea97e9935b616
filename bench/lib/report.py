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

from report_common import SPEED_LABELS, mib, num, targets_table, todo_markdown
from report_speed import snippets_markdown, speed_markdown

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
    for name in ("relevance", "tuning", "speed", "snippets", "scale", "shards"):
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
        tuning_markdown(sections.get("tuning")) + speed_markdown(sections.get("speed")) + \
        snippets_markdown(sections.get("snippets")) + scale_markdown(sections.get("scale")) + \
        shards_markdown(sections.get("shards"))
    with open(os.path.join(args.results, "REPORT.md"), "w") as handle:
        handle.write("\n".join(text).rstrip() + "\n")


if __name__ == "__main__":
    main()
