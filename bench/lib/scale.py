#!/usr/bin/env python3
"""Scale section: the generated corpus at every size of SCALES (quick: 10k; full: 10k, 100k,
1M — `bench/run --scales 10000,100000`), each indexed by Accord and the three peers (cached
by corpus and binary), then searched with the speed section's mix (fewer rounds) and loaded
with wrk at 8 connections. Records how indexing time, throughput, peak memory, index size,
query latency, throughput and server memory grow with the corpus, and the 1M targets:
p99 ≤ 20 ms for queries matching under 100k documents, ≤ 50 ms for the rest (all facets).
A size the speed section measured in this run is taken from it, not measured twice.

Writes WORK_DIR/scale.section.json. See docs/benchmarks.md ("Scale").
"""

import json
import math
import os
import time

import benchlib
import speedlib
from benchlib import MODE, WORK_DIR, log

QUICK = MODE == "quick"
SETTINGS = {
    "blocks": 2,
    "rounds_per_block": 2 if QUICK else 3,
    "warmup_rounds": 1,
    "sql_seconds_per_block": 30 if QUICK else 90,
    "wrk_connections": [8],
    "wrk_seconds": 3 if QUICK else 5,
    "wrk_repeats": 1,
    "server_threads": os.cpu_count() or 1,
}
BUCKET = 100000          # matches: "under 100k" and "the rest"
TARGET_UNDER_MS = 20.0   # p99 at 1M, queries matching under 100k documents
TARGET_REST_MS = 50.0    # p99 at 1M, the rest


def buckets(latency, mix):
    """Accord's full-answer client latency split by the request's match count."""
    variant = latency.get("accord", {}).get("full", {})
    per = variant.get("requests", {})
    raw = variant.get("_samples", {})
    out = {}
    for name, test in (("under_100k", lambda t: 0 <= t < BUCKET), ("rest", lambda t: t >= BUCKET)):
        labels = [label for label, item in per.items() if test(item["total"])]
        samples = [x for label in labels for x in raw.get(label, [])]
        out[name] = {"requests": len(labels), **speedlib.summary(samples),
                     "approximate_totals": sum(1 for label in labels if not per[label].get("exact", True))}
    return out


def full_rows(latency_dir):
    """Accord's full-answer samples (rows of accord-bench-http) from a run's raw TSV files."""
    return [row for name in sorted(os.listdir(latency_dir)) if name.startswith("accord-full-b")
            for row in speedlib.read_tsv(os.path.join(latency_dir, name))]


def slowest(samples, count=3):
    """Accord's slowest full-answer requests (by their slowest sample) among @samples (rows of
    accord-bench-http), each with its match count and that of the same words without filters,
    to explain a miss."""
    rows = {}
    for row in samples:
        if row["status"] == "200":
            rows.setdefault(row["label"], []).append(row)
    by_label = {}
    for label, label_rows in rows.items():
        worst = max(label_rows, key=lambda r: float(r["client_us"]))
        by_label[label] = {"label": label, "client_ms": round(float(worst["client_us"]) / 1000, 1),
                           "took_ms": round(float(worst["took_ms"]), 1), "total": int(worst["total"]),
                           "exact": worst["exact"] == "1"}
    out = []
    for item in sorted(by_label.values(), key=lambda i: -i["client_ms"])[:count]:
        kind, text, _, variant = item["label"].split(":", 3)
        plain = by_label.get(f"{kind}:{text}:none:{variant}")
        if plain:
            item["unfiltered_total"], item["unfiltered_exact"] = plain["total"], plain["exact"]
        out.append(item)
    return out


def scale_entry(docs, corpus, builds, latency, comparison, server, wrk, origin):
    entry = {"documents": docs, "origin": origin,
             "corpus": {k: corpus.get(k) for k in ("key", "bytes", "cached")}, "index": {},
             "server": server, "latency": {}, "comparison": {}, "wrk": wrk}
    for system, build in builds.items():
        m = build.get("median") or {}
        entry["index"][system] = {
            "status": build.get("status"), "cached": build.get("cached"),
            "run_id": build.get("run_id"), "built_at": build.get("built_at"),
            "load_average": (build.get("builds") or [{}])[-1].get("load_average"),
            **{k: (round(v, 3) if isinstance(v, float) else v) for k, v in m.items()}}
    for system, data in latency.items():
        if not isinstance(data, dict) or "status" in data and data["status"] == "failed":
            entry["latency"][system] = data
            continue
        entry["latency"][system] = {}
        for variant, v in data.items():
            if not isinstance(v, dict):
                continue
            stats = v.get("client_ms") or v.get("wall_ms")
            if stats:
                entry["latency"][system][variant] = {
                    "p50_ms": stats.get("p50"), "p95_ms": stats.get("p95"), "p99_ms": stats.get("p99"),
                    "n": stats.get("n"),
                    "by_kind_p50_ms": {k: s.get("p50") for k, s in v.get("by_kind", {}).items()}}
                if system == "accord":
                    entry["latency"][system][variant]["server_took_p50_ms"] = \
                        v.get("server_took_ms", {}).get("p50")
                    entry["latency"][system][variant]["server_cpu_ms_per_request"] = \
                        v.get("server_cpu_ms_per_request")
    entry["buckets"] = latency.get("_buckets")
    entry["comparison"] = {k: {x: c[x] for x in c if x not in ("per_request",)}
                           for k, c in comparison.items()}
    entry["matches"] = {label: item["total"] for label, item in
                        latency.get("accord", {}).get("full", {}).get("requests", {}).items()}
    return entry


def measure(docs):
    corpus = speedlib.ensure_corpus(docs)
    builds = speedlib.ensure_indexes(corpus, speedlib.SYSTEMS, 1)
    if builds.get("accord", {}).get("status") != "ok":
        raise RuntimeError(f"Accord's index of {docs:,} documents could not be built")
    out_dir = os.path.join(WORK_DIR, "scale", f"n{docs}")
    files = speedlib.write_request_files(os.path.join(out_dir, "requests"))
    server = speedlib.Searchd(builds["accord"]["db"], os.path.join(out_dir, "searchd.log"),
                              SETTINGS["server_threads"])
    try:
        memory = {"startup_seconds": round(server.startup_seconds, 3),
                  "rss_after_start_kb": server.status_kb("VmRSS")}
        raw = speedlib.measure_latency(server, builds, files, speedlib.SYSTEMS, SETTINGS["blocks"],
                                       SETTINGS["rounds_per_block"], SETTINGS["warmup_rounds"],
                                       SETTINGS["sql_seconds_per_block"],
                                       os.path.join(out_dir, "latency"))
        latency = speedlib.summarize_latency(raw, files["mix"])
        samples = {}
        for row in raw["accord"]["full"]["samples"]:
            if row["status"] == "200":
                samples.setdefault(row["label"], []).append(float(row["client_us"]) / 1000)
        latency["accord"]["full"]["_samples"] = samples
        latency["_buckets"] = buckets(latency, files["mix"])
        del latency["accord"]["full"]["_samples"]
        comparison = speedlib.compare(latency)
        paths = [r["path"] for r in files["mix"] if r["variant"] in speedlib.PEER_VARIANTS]
        script = speedlib.wrk_script(paths, os.path.join(out_dir, "requests", "mix.lua"))
        wrk = []
        for connections in SETTINGS["wrk_connections"]:
            log(f"scale {docs:,}: wrk {connections} connections")
            wrk.append(speedlib.run_wrk(server, script, connections, SETTINGS["wrk_seconds"],
                                        SETTINGS["wrk_repeats"], out_dir))
        memory["peak_rss_kb"] = server.status_kb("VmHWM")
        memory["rss_end_kb"] = server.status_kb("VmRSS")
    finally:
        server.stop()
    entry = scale_entry(docs, corpus, builds, latency, comparison, memory, wrk, "scale section")
    entry["slowest"] = slowest(raw["accord"]["full"]["samples"])
    return entry


def from_speed(docs):
    """The speed section's measurements of this run at this size, if it made them."""
    speed = speedlib.read_json(os.path.join(WORK_DIR, "speed.section.json"))
    if not speed or speed.get("status") != "ok" or speed.get("documents") != docs:
        return None
    if speed.get("policy_queries"):
        # The speed section's mix has the policy queries, the scale section's only the fixed
        # mix: growth across sizes must compare the same requests, so this size is measured.
        return None
    latency = speed["latency"]
    per = latency["accord"]["full"]["requests"]
    # The speed section keeps per-request medians, not samples: bucket from its raw TSV files.
    samples = {}
    rows = full_rows(os.path.join(WORK_DIR, "speed", "latency"))
    for row in rows:
        if row["status"] == "200":
            samples.setdefault(row["label"], []).append(float(row["client_us"]) / 1000)
    latency["accord"]["full"]["_samples"] = samples
    latency["_buckets"] = buckets(latency, None)
    del latency["accord"]["full"]["_samples"]
    builds = {s: {**b, "median": b.get("median")} for s, b in speed["index"].items()}
    wrk = [r for r in speed.get("wrk", {}).get("runs", []) if r.get("connections") in
           SETTINGS["wrk_connections"]]
    assert per is not None
    entry = scale_entry(docs, speed["corpus"], builds, latency, speed.get("comparison", {}),
                        speed.get("server", {}), wrk, "speed section")
    entry["slowest"] = slowest(rows)
    return entry


def growth(entries):
    """Cost curves: each measure at each size, and its growth per 10× documents."""
    curves = {}

    def add(name, values):
        points = [(e["documents"], v) for e, v in zip(entries, values) if v is not None]
        if len(points) >= 1:
            curves[name] = {"points": points}
            if len(points) >= 2:
                (d0, v0), (d1, v1) = points[0], points[-1]
                if v0 and v1 and v0 > 0 and v1 > 0 and d1 > d0:
                    curves[name]["exponent"] = round(math.log(v1 / v0) / math.log(d1 / d0), 3)

    for system in speedlib.SYSTEMS:
        for measure_name in ("wall_seconds", "cpu_seconds", "mb_per_s", "docs_per_s", "peak_rss_kb",
                             "bytes"):
            add(f"index.{system}.{measure_name}",
                [e["index"].get(system, {}).get(measure_name) for e in entries])
        for variant in ("full", "nofacets", "bare", "xapian"):
            for p in ("p50_ms", "p99_ms"):
                add(f"latency.{system}.{variant}.{p}",
                    [e["latency"].get(system, {}).get(variant, {}).get(p)
                     if isinstance(e["latency"].get(system), dict) else None for e in entries])
    add("server.peak_rss_kb", [e["server"].get("peak_rss_kb") for e in entries])
    add("server.startup_seconds", [e["server"].get("startup_seconds") for e in entries])
    add("wrk.c8.qps", [next((r.get("qps") for r in e["wrk"] if r.get("connections") == 8), None)
                       for e in entries])
    return curves


def targets(entries):
    out = {}
    for entry in entries:
        if entry["documents"] < 1000000:
            continue
        b = entry.get("buckets") or {}
        text = []
        met = True
        for name, label, limit in (("under_100k", "under 100k matches", TARGET_UNDER_MS),
                                   ("rest", "the rest", TARGET_REST_MS)):
            stats = b.get(name, {})
            if not stats.get("n"):
                continue
            ok = stats["p99"] <= limit
            met = met and ok
            text.append(f"{label}: p99 {stats['p99']:.1f} ms ({stats['requests']} requests)"
                        + ("" if ok else f", {stats['p99'] / limit:.1f}× the {limit:g} ms target"))
        out[f"latency_{entry['documents']}"] = {
            "target": f"at {entry['documents']:,} documents, all facets: p99 ≤ {TARGET_UNDER_MS:g} ms "
                      f"for queries matching under 100k documents, ≤ {TARGET_REST_MS:g} ms for the rest",
            "met": bool(met), "text": "; ".join(text)}
        if not met:
            out[f"latency_{entry['documents']}"]["why"] = why_slow(entry)
    return out


def why_slow(entry):
    """What the slowest requests have in common, from the numbers the entry holds."""
    parts = []
    slow = entry.get("slowest") or []
    if slow:
        described = []
        for item in slow:
            text = (f"`{item['label']}` {item['client_ms']:.0f} ms ({item['total']:,} matches"
                    f"{'' if item['exact'] else ', estimated'}")
            if "unfiltered_total" in item and item["unfiltered_total"] != item["total"]:
                text += (f"; the words alone {'≥ ' if not item['unfiltered_exact'] else ''}"
                         f"{item['unfiltered_total']:,}")
            described.append(text + ")")
        parts.append("slowest requests " + ", ".join(described))
        beyond = [i for i in slow if i["exact"] and not i.get("unfiltered_exact", True)]
        if beyond:
            parts.append(f"{len(beyond)} of them match more than the exact limit "
                         f"({speedlib.EXACT_LIMIT:,}) by their words but fewer with the filters, so "
                         "their total and filtered facet counts are counted again with the filters "
                         "in the query, one pass per filtered family (docs/facets.md): the price of "
                         "exact counts under the limit")
    lat = entry.get("latency", {})
    bare = lat.get("accord", {}).get("bare", {})
    full = lat.get("accord", {}).get("full", {})
    if bare.get("p99_ms") and full.get("p99_ms"):
        parts.append(f"without facets and snippets the p99 is {bare['p99_ms']:.0f} ms against "
                     f"{full['p99_ms']:.0f} ms with them, so the time goes to matching and counting")
    plain = lat.get("xapian", {}).get("xapian", {})
    if plain.get("p99_ms"):
        parts.append(f"plain Xapian's top 10 with an exact count (no filters, no facets, no "
                     f"passages) has p99 {plain['p99_ms']:.0f} ms")
    parts.append("each request runs on one core over one database of document and passage records")
    return "; ".join(parts) + "."


def main():
    result = {"status": "ok", "settings": SETTINGS, "sizes": speedlib.scales(), "entries": [],
              "errors": {}}
    started = time.monotonic()
    for docs in result["sizes"]:
        log(f"scale: {docs:,} documents")
        try:
            entry = from_speed(docs)
            if entry is None:
                entry = measure(docs)
            entry["load_average"] = speedlib.load_average()
            result["entries"].append(entry)
            benchlib.write_section("scale", result)  # partial results survive a later failure
        except Exception as error:
            log(f"scale: {docs:,} documents failed: {error}")
            result["errors"][str(docs)] = str(error)
    result["curves"] = growth(result["entries"])
    result["targets"] = targets(result["entries"])
    if not result["entries"]:
        result["status"] = "failed"
    result["seconds"] = round(time.monotonic() - started, 1)
    benchlib.write_section("scale", result)
    log("scale: " + json.dumps({k: v["text"] for k, v in result["targets"].items()}))


if __name__ == "__main__":
    main()
