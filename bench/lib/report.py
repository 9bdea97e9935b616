#!/usr/bin/env python3
"""Collects the sections' results (WORK/*.section.json) into results.json and REPORT.md."""

import argparse
import datetime
import json
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


def versions(build_dir, relevance):
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
    return {"xapian": match.group(1) if match else None, "sqlite": sqlite3.sqlite_version,
            "postgresql": postgres, "python": platform.python_version(), "compiler": compiler}


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
                body.append(f"| {label} | failed | | | | | |")
                notes.append(f"- {SYSTEM_LABELS.get(system, system)} failed: {info.get('error')} "
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
    return lines + ["Summary (MAP, Accord against the best baseline of this run):", ""] + summary + [""] + body


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
    for name in ("relevance", "speed", "scale"):
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
        "versions": versions(args.build_dir, sections.get("relevance")),
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
        f"- Peers: Xapian {v['xapian']}, SQLite {v['sqlite']}, PostgreSQL {v['postgresql'] or 'not run'}",
        f"- Mode: {args.mode}; total time {args.run_seconds:.0f} s; load average at start {args.load or '?'}"
        + (" — **the machine was busy: timings are unreliable**" if busy(args.load, m["cores"]) else ""),
        ""]
    text = header + relevance_markdown(sections.get("relevance")) + \
        todo_markdown("Speed", sections.get("speed")) + todo_markdown("Scale", sections.get("scale"))
    with open(os.path.join(args.results, "REPORT.md"), "w") as handle:
        handle.write("\n".join(text).rstrip() + "\n")


if __name__ == "__main__":
    main()
