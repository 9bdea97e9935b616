#!/usr/bin/env python3
"""Speed section: at the smallest corpus size of the run (10k documents by default), Accord
against plain Xapian, SQLite FTS5 and PostgreSQL FTS, measured in this run:

- indexing: wall and CPU seconds, MB/s, documents/s, peak RSS, index size (cached builds are
  reused and say so; full runs build three times, interleaved, and take medians);
- query latency for a fixed mix (one-word, two-word, phrase, browse; no filter, a party filter,
  party + date; with and without facets): accord-searchd over HTTP (accord-bench-http: one
  keep-alive connection, sequential; client latency and the server's took_ms), plain Xapian's
  searcher loop, the SQL peers' in-process drivers — in interleaved blocks;
- throughput: wrk against accord-searchd at 2, 8 and 32 connections, rotating through the mix;
- peak memory of the indexer and of the server (VmHWM);
- the targets of the Benchmarks issue, met or missed and by how much.

Writes WORK_DIR/speed.section.json. See docs/benchmarks.md ("Speed").
"""

import os
import time

import benchlib
import speedlib
from benchlib import MODE, WORK_DIR, log

QUICK = MODE == "quick"
SETTINGS = {
    "index_repeats": 1 if QUICK else 3,
    "blocks": 2 if QUICK else 3,
    "rounds_per_block": 5 if QUICK else 10,
    "warmup_rounds": 1,
    "sql_seconds_per_block": 30 if QUICK else 120,
    "wrk_connections": [2, 8, 32],
    "wrk_seconds": 3 if QUICK else 10,
    "wrk_repeats": 1 if QUICK else 3,
    "server_threads": os.cpu_count() or 1,
}

TARGETS = {
    "index_mb_per_s_ratio": 3.0,       # Accord MB/s ≥ 3 × plain Xapian's, tagging on
    "index_peak_rss_mb": 500.0,        # Accord indexer peak memory < 500 MB
    "facets_p50_ms": 1.0,              # all facets, 10k long documents, exact counts
    "facets_p99_ms": 10.0,
    "facet_peer_ratio": 10.0,          # ≥ 10× faster than PostgreSQL and SQLite FTS5
}


def verdict(met, text):
    return {"met": bool(met), "text": text}


def load_note(load):
    cores = os.cpu_count() or 1
    if load and load[0] > cores:
        return (f" Load average {load[0]:.1f} on {cores} cores: other processes took most of the "
                "CPU, so wall times are inflated (CPU-time ratios are steadier).")
    return ""


def index_why(accord, xapian):
    a, x = accord["median"], xapian["median"]
    jobs = next((b.get("jobs") for b in accord.get("builds", []) if b.get("jobs")), None)
    cpu_per_mb = (1 / a["mb_per_cpu_s"], 1 / x["mb_per_cpu_s"])
    parallel = a["cpu_seconds"] / a["wall_seconds"] if a["wall_seconds"] else 0
    return (f"Accord spends {cpu_per_mb[0]:.2f} CPU-s per MB against plain Xapian's "
            f"{cpu_per_mb[1]:.2f} (it also tags entities, writes passage records, title and entity "
            f"terms, stored records and a spelling table), and its {jobs} jobs kept "
            f"{parallel:.2f} cores busy on average; a 3× wall ratio needs about "
            f"{3 * cpu_per_mb[0] / cpu_per_mb[1]:.1f} busy cores at this CPU cost."
            + load_note((accord.get("builds") or [{}])[-1].get("load_average")))


def latency_why(latency, load):
    a = latency.get("accord", {})

    def cpu(variant):
        return a.get(variant, {}).get("server_cpu_ms_per_request")

    full = a.get("full", {})
    took = full.get("server_took_ms", {}).get("p50")
    client = full.get("client_ms", {}).get("p50")
    x = latency.get("xapian", {}).get("xapian", {}).get("wall_ms", {}).get("p50")
    parts = []
    if took is not None and client is not None:
        parts.append(f"of the client's p50 {client:.2f} ms the search itself (took_ms) is {took:.2f} ms; "
                     "the rest is HTTP, JSON serialisation, logging and scheduling")
    if None not in (cpu("full"), cpu("nosnippets"), cpu("nofacets"), cpu("bare")):
        parts.append(f"server CPU per request: {cpu('full'):.2f} ms with facets and snippets, "
                     f"{cpu('nosnippets'):.2f} without snippets, {cpu('nofacets'):.2f} without facets "
                     f"(facets=0 still runs the counting pass), {cpu('bare'):.2f} without both")
    if x is not None:
        parts.append(f"plain Xapian answers the text queries (top 10 + exact count) in {x:.2f} ms p50")
    return ("; ".join(parts) + "." if parts else "") + load_note(load)


def index_targets(builds):
    out = {}
    accord, xapian = builds.get("accord", {}), builds.get("xapian", {})
    if accord.get("median") and xapian.get("median"):
        a, x = accord["median"], xapian["median"]
        ratio = a["mb_per_s"] / x["mb_per_s"]
        cpu_ratio = a["mb_per_cpu_s"] / x["mb_per_cpu_s"]
        same_run = accord.get("run_id") == xapian.get("run_id")
        needed = TARGETS["index_mb_per_s_ratio"]
        out["index_throughput"] = {
            "target": f"Accord indexing MB/s ≥ {needed:g}× plain Xapian's (tagging on)",
            "accord_mb_per_s": round(a["mb_per_s"], 3), "xapian_mb_per_s": round(x["mb_per_s"], 3),
            "ratio": round(ratio, 3), "cpu_ratio": round(cpu_ratio, 3), "same_run": same_run,
            **verdict(ratio >= needed,
                      f"{ratio:.2f}× (wall; {cpu_ratio:.2f}× per CPU-second)"
                      + ("" if ratio >= needed else f": missed by {needed / ratio:.1f}×")
                      + ("" if same_run else " — the two builds come from different runs")),
            "why": index_why(accord, xapian),
        }
    if accord.get("median"):
        peak = accord["median"]["peak_rss_kb"] / 1024
        limit = TARGETS["index_peak_rss_mb"]
        out["index_memory"] = {
            "target": f"Accord indexer peak RSS < {limit:g} MB", "peak_rss_mb": round(peak, 1),
            **verdict(peak < limit, f"{peak:.0f} MiB" + ("" if peak < limit else
                                                          f": over by {peak - limit:.0f} MiB"))}
    return out


def latency_targets(latency, comparison, load):
    out = {}
    full = latency.get("accord", {}).get("full", {}).get("client_ms", {})
    if full.get("n"):
        p50, p99 = full["p50"], full["p99"]
        out["facets_latency"] = {
            "target": f"search with all facets p50 ≤ {TARGETS['facets_p50_ms']:g} ms and "
                      f"p99 ≤ {TARGETS['facets_p99_ms']:g} ms (HTTP, client side)",
            "p50_ms": p50, "p99_ms": p99,
            **verdict(p50 <= TARGETS["facets_p50_ms"] and p99 <= TARGETS["facets_p99_ms"],
                      f"p50 {p50:.2f} ms ({p50 / TARGETS['facets_p50_ms']:.1f}× the target), "
                      f"p99 {p99:.2f} ms ({p99 / TARGETS['facets_p99_ms']:.1f}× the target)"),
            "why": latency_why(latency, load)}
    for peer in ("sqlite", "postgres"):
        c = comparison.get(f"{peer}:full")
        if not c:
            continue
        needed = TARGETS["facet_peer_ratio"]
        cpu_ratio = c.get("cpu_ratio")
        # Met only when both the wall-clock p50 ratio and the CPU-time ratio reach it: on a
        # busy machine, long requests lose more wall time to other processes than short ones.
        met = c["p50_ratio"] >= needed and (cpu_ratio is None or cpu_ratio >= needed)
        out[f"facets_vs_{peer}"] = {
            "target": f"faceted queries ≥ {needed:g}× faster than {speedlib.LABELS[peer]}",
            **{k: c[k] for k in ("p50_ratio", "p99_ratio", "cpu_ratio", "geomean_ratio", "min_ratio",
                                 "min_ratio_request")},
            **verdict(met,
                      f"{c['p50_ratio']:.1f}× at p50, {c['p99_ratio']:.1f}× at p99, "
                      + (f"{cpu_ratio:.1f}× in CPU per request, " if cpu_ratio else "")
                      + f"per-request geometric mean {c['geomean_ratio']:.1f}×, slowest request "
                      f"{c['min_ratio']:.1f}× ({c['min_ratio_request']})"),
            "why": peer_why(latency, peer)}
    return out


def peer_why(latency, peer):
    """Where the ratio is lowest and highest, by query kind (p50 of the full answers)."""
    mine = latency.get("accord", {}).get("full", {}).get("by_kind", {})
    theirs = latency.get(peer, {}).get("full", {}).get("by_kind", {})
    ratios = {k: theirs[k]["p50"] / mine[k]["p50"] for k in mine if k in theirs and mine[k].get("p50")}
    if not ratios:
        return ""
    text = ", ".join(f"{k} {v:.1f}×" for k, v in sorted(ratios.items(), key=lambda kv: kv[1]))
    return (f"p50 ratio by kind: {text}. The peers' cost grows with the number of matches (every "
            "match is joined to doc_entity and grouped); Accord's fixed per-request cost (HTTP, "
            "query analysis, two Xapian passes, snippets, JSON) dominates on small match sets, so "
            "the ratio is lowest for rare words and phrases.")


def main():
    result = {"status": "ok", "settings": SETTINGS, "targets": {}, "notes": []}
    started = time.monotonic()
    try:
        docs = int(os.environ.get("SPEED_DOCS") or speedlib.scales()[0])
        result["documents"] = docs
        result["load_average_start"] = speedlib.load_average()
        corpus = speedlib.ensure_corpus(docs)
        result["corpus"] = {k: corpus[k] for k in ("key", "documents", "bytes", "seed", "cached")}
        builds = speedlib.ensure_indexes(corpus, speedlib.SYSTEMS, SETTINGS["index_repeats"])
        result["index"] = {s: {k: v for k, v in b.items() if k not in ("db",)} for s, b in builds.items()}
        if builds.get("accord", {}).get("status") != "ok":
            raise RuntimeError("Accord's index could not be built: "
                               f"{builds.get('accord', {}).get('builds', [{}])[-1].get('stderr')}")
        out_dir = os.path.join(WORK_DIR, "speed")
        files = speedlib.write_request_files(os.path.join(out_dir, "requests"))
        server = speedlib.Searchd(builds["accord"]["db"], os.path.join(out_dir, "searchd.log"),
                                  SETTINGS["server_threads"])
        try:
            memory = {"startup_seconds": round(server.startup_seconds, 3),
                      "rss_after_start_kb": server.status_kb("VmRSS")}
            if builds.get("sqlite", {}).get("status") == "ok":
                result["facet_crosscheck"] = speedlib.facet_crosscheck(server, builds["sqlite"]["db"],
                                                                       files["mix"])
            raw = speedlib.measure_latency(
                server, builds, files, speedlib.SYSTEMS, SETTINGS["blocks"],
                SETTINGS["rounds_per_block"], SETTINGS["warmup_rounds"],
                SETTINGS["sql_seconds_per_block"], os.path.join(out_dir, "latency"))
            latency = speedlib.summarize_latency(raw, files["mix"])
            result["latency"] = latency
            result["comparison"] = speedlib.compare(latency)
            memory["rss_after_latency_kb"] = server.status_kb("VmRSS")
            paths = [r["path"] for r in files["mix"] if r["variant"] in speedlib.PEER_VARIANTS]
            script = speedlib.wrk_script(paths, os.path.join(out_dir, "requests", "mix.lua"))
            result["wrk"] = {"paths": len(paths), "runs": []}
            for connections in SETTINGS["wrk_connections"]:
                log(f"wrk: {connections} connections, {SETTINGS['wrk_seconds']} s")
                run = speedlib.run_wrk(server, script, connections, SETTINGS["wrk_seconds"],
                                       SETTINGS["wrk_repeats"], out_dir)
                result["wrk"]["runs"].append(run)
                if run.get("status") == "ok":
                    log(f"wrk: {connections} connections: {run['qps']:.0f} requests/s, "
                        f"p99 {run['latency_ms']['p99']:.1f} ms, {run['errors']} errors")
            memory["peak_rss_kb"] = server.status_kb("VmHWM")
            memory["rss_end_kb"] = server.status_kb("VmRSS")
            result["server"] = memory
        finally:
            server.stop()
        result["targets"] = {**index_targets(builds),
                             **latency_targets(result["latency"], result["comparison"],
                                               result["load_average_start"])}
        for name, t in result["targets"].items():
            log(f"speed: target {name}: {'met' if t['met'] else 'NOT met'} — {t['text']}")
    except Exception as error:  # report what we have; bench/run goes on with the next section
        log(f"speed: failed: {error}")
        result["status"] = "failed"
        result["error"] = str(error)
    result["load_average_end"] = speedlib.load_average()
    result["seconds"] = round(time.monotonic() - started, 1)
    benchlib.write_section("speed", result)


if __name__ == "__main__":
    main()
