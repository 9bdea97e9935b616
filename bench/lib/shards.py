"""Shards section: latency and requests/s of one Accord index split into 1, 2 and 4 shards,
searched locally (one accord-searchd over the shards' stub) and over loopback through Xapian's
remote backend (one xapian-tcpsrv per shard, accord-searchd --db remote:HOST:PORT ...).

The corpus is the largest of --scales (1,000,000 documents in a full run; SHARD_DOCS overrides).
Every configuration answers the speed section's query mix (full and nofacets answers) with
accord-bench-http, interleaved in blocks, and wrk at 8 connections; every answer's total and
first hits are checked against the one-shard layout's, so a faster wrong answer cannot pass.
The corpus is indexed once into 4 shards; the 2- and 1-shard layouts are merged from those
with xapian-compact (derive_layout), exactly the split accord-index --shards would make.
See docs/benchmarks.md ("Shards") and docs/scaling.md.
"""

import json
import os
import shutil
import socket
import subprocess
import time
import traceback

import benchlib
import speedlib
from benchlib import BIN, MODE, WORK_DIR, log

SHARD_COUNTS = (1, 2, 4)
QUICK = MODE == "quick"
ROUNDS, BLOCKS = (2, 2) if QUICK else (3, 3)
WRK_SECONDS, WRK_REPEATS, WRK_CONNECTIONS = (3, 1, 8) if QUICK else (10, 3, 8)
VARIANTS = ("full", "nofacets")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def shard_paths(db):
    """The shard databases of an Accord index, in order, from its stub."""
    stub = os.path.join(db, "XAPIANDB")
    if not os.path.exists(stub):
        return [db]
    paths = []
    with open(stub) as handle:
        for line in handle:
            kind, _, rest = line.strip().partition(" ")
            if kind in ("auto", "glass") and rest:
                paths.append(rest if os.path.isabs(rest) else os.path.join(db, rest))
    return paths


def ensure_sharded(corpus, shards):
    """The corpus indexed into `shards` shards by accord-index (cached like the speed section's
    indexes)."""
    key = speedlib.short_key(corpus["key"], speedlib.sha_file(os.path.join(BIN, "accord-index")),
                             speedlib.sha_tree(speedlib.GAZETTEER), os.cpu_count(), shards)
    directory = os.path.join(speedlib.CACHE, "indexes")
    prefix = f"accord-shards{shards}-n{corpus['documents']}-"
    target = os.path.join(directory, prefix + key)
    meta_path = target + ".json"
    meta = speedlib.read_json(meta_path)
    if meta and os.path.isdir(target) and not speedlib.REBUILD:
        return {"db": target, "cached": True, "build": meta}
    speedlib._prune(directory, prefix, prefix + key)
    shutil.rmtree(target, ignore_errors=True)
    logs = os.path.join(WORK_DIR, "shards", "logs")
    os.makedirs(logs, exist_ok=True)
    log(f"shards: indexing {corpus['documents']:,} documents into {shards} shards")
    m = speedlib.run_measured(
        [os.path.join(BIN, "accord-index"), "--db", target, "--json", "--shards", shards,
         "--jobs", os.cpu_count() or 1, corpus["path"]],
        os.path.join(logs, f"index-{shards}.out"), os.path.join(logs, f"index-{shards}.err"))
    if m["exit_status"] != 0:
        raise RuntimeError(f"accord-index --shards {shards} failed: "
                           + " ".join(speedlib.tail(os.path.join(logs, f"index-{shards}.err"))))
    record = {**m, "bytes": speedlib.disk_bytes(target), "run_id": speedlib.RUN_ID,
              "mb_per_s": corpus["bytes"] / 1e6 / m["wall_seconds"] if m["wall_seconds"] else None}
    speedlib.write_json(meta_path, record)
    return {"db": target, "cached": False, "build": record}


def derive_layout(largest, shards, count):
    """`count` shards made from the `shards` shards of `largest` with xapian-compact.

    accord-index routes a document to shard XXH3(id) % n; when n divides `shards`, that is
    (XXH3(id) % shards) % n, so shard k of n holds exactly the documents of shards k, k + n, …
    of the larger layout. Merging those is what `accord-index --shards n` would have written
    (up to docids, which no answer depends on: ties go by document id), at a fraction of an
    hour-long build at 1M documents. The answers are still compared with the other layouts'.
    """
    if shards % count != 0:
        raise ValueError(f"{count} shards cannot be derived from {shards}")
    source = shard_paths(largest["db"])
    target = f"{largest['db']}-as{count}"
    meta_path = target + ".json"
    meta = speedlib.read_json(meta_path)
    if meta and os.path.isdir(target) and not speedlib.REBUILD and largest["cached"]:
        return {"db": target, "cached": True, "build": meta}
    shutil.rmtree(target, ignore_errors=True)
    os.makedirs(target)
    log(f"shards: compacting {shards} shards into {count}")
    started = time.monotonic()
    stub = []
    for k in range(count):
        name = f"shard-{k}"
        parts = source[k::count]
        subprocess.run(["xapian-compact", "--no-full", *parts, os.path.join(target, name)],
                       check=True, stdout=subprocess.DEVNULL)
        stub.append(f"auto {name}\n")
    with open(os.path.join(target, "XAPIANDB"), "w") as handle:
        handle.writelines(stub)
    record = {"derived_from": shards, "compact_seconds": round(time.monotonic() - started, 2),
              "bytes": speedlib.disk_bytes(target), "run_id": speedlib.RUN_ID}
    speedlib.write_json(meta_path, record)
    return {"db": target, "cached": False, "build": record}


class TcpServers:
    """One xapian-tcpsrv per shard on free loopback ports."""

    def __init__(self, paths, log_dir):
        self.processes, self.addresses = [], []
        for index, path in enumerate(paths):
            port = free_port()
            log_file = open(os.path.join(log_dir, f"tcpsrv-{index}.log"), "w")
            process = subprocess.Popen(["xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
                                        str(port), path], stdout=log_file, stderr=subprocess.STDOUT)
            self.processes.append((process, log_file))
            self.addresses.append(f"remote:127.0.0.1:{port}")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if process.poll() is not None:
                        raise RuntimeError(f"xapian-tcpsrv exited for {path}")
                    time.sleep(0.05)

    def cpu_seconds(self):
        """CPU of the tcpsrv processes and their forked children (one per connection)."""
        total = 0.0
        for process, _ in self.processes:
            for pid in [process.pid] + children(process.pid):
                try:
                    with open(f"/proc/{pid}/stat") as handle:
                        fields = handle.read().rsplit(")", 1)[1].split()
                    total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
                except OSError:
                    pass
        return total

    def stop(self):
        for process, log_file in self.processes:
            for pid in children(process.pid):
                try:
                    os.kill(pid, 9)
                except OSError:
                    pass
            process.kill()
            process.wait()
            log_file.close()


def children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as handle:
            return [int(p) for p in handle.read().split()]
    except OSError:
        return []


class Configuration:
    """accord-searchd over one layout: local shards, or remote shards behind xapian-tcpsrv."""

    def __init__(self, shards, mode, db, out_dir):
        self.name = f"{shards}-{mode}"
        self.shards, self.mode = shards, mode
        self.tcp = None
        os.makedirs(out_dir, exist_ok=True)
        if mode == "remote":
            self.tcp = TcpServers(shard_paths(db), out_dir)
            dbs = self.tcp.addresses
        else:
            dbs = [db]
        self.server = speedlib.Searchd(dbs[0], os.path.join(out_dir, f"searchd-{self.name}.log"),
                                       extra_dbs=dbs[1:])

    def cpu_seconds(self):
        return self.server.cpu_seconds() + (self.tcp.cpu_seconds() if self.tcp else 0.0)

    def stop(self):
        self.server.stop()
        if self.tcp:
            self.tcp.stop()


def fingerprint(answer):
    """What an answer must agree on with the other layouts' (see same_answer)."""
    facets = answer.get("facets") or {}
    return {"ids": [h["id"] for h in answer.get("hits", [])],
            "exact": answer.get("total_exact", True) and not facets.get("approximate", False),
            "total": answer.get("total"),
            "facets": {k: [(v["id"], v["count"]) for v in values]
                       for k, values in facets.items() if isinstance(values, list)}}


def same_answer(a, b):
    """The hits always; the total and the facet counts when both are exact. Past the exact
    limit (100,000 matching documents) they may be Xapian's estimates, which depend on how the
    documents are spread (a shard under the limit counts exactly where one database
    estimates), so two layouts may rightly differ there."""
    if a is None or b is None or a["ids"] != b["ids"]:
        return False
    return not (a["exact"] and b["exact"]) or (a["total"], a["facets"]) == (b["total"], b["facets"])


def main():
    docs = int(os.environ.get("SHARD_DOCS") or max(speedlib.scales()))
    result = {"status": "ok", "documents": docs, "shard_counts": list(SHARD_COUNTS),
              "settings": {"rounds": ROUNDS, "blocks": BLOCKS, "wrk_seconds": WRK_SECONDS,
                           "wrk_repeats": WRK_REPEATS, "wrk_connections": WRK_CONNECTIONS,
                           "threads": os.cpu_count()},
              "configurations": {}, "mismatches": [], "load_average_start": speedlib.load_average()}
    out_dir = os.path.join(WORK_DIR, "shards")
    os.makedirs(out_dir, exist_ok=True)
    started = time.monotonic()
    try:
        corpus = speedlib.ensure_corpus(docs)
        result["corpus_bytes"] = corpus["bytes"]
        files = speedlib.write_request_files(os.path.join(out_dir, "requests"))
        largest = max(SHARD_COUNTS)
        layouts = {largest: ensure_sharded(corpus, largest)}
        for n in SHARD_COUNTS:
            if n != largest:
                layouts[n] = derive_layout(layouts[largest], largest, n)
        for n, layout in layouts.items():
            result.setdefault("indexes", {})[str(n)] = {
                "cached": layout["cached"], "bytes": speedlib.disk_bytes(layout["db"]),
                "wall_seconds": (layout["build"] or {}).get("wall_seconds"),
                "mb_per_s": (layout["build"] or {}).get("mb_per_s"),
                "peak_rss_kb": (layout["build"] or {}).get("peak_rss_kb"),
                "derived_from": (layout["build"] or {}).get("derived_from"),
                "compact_seconds": (layout["build"] or {}).get("compact_seconds")}
        names = [(n, mode) for n in SHARD_COUNTS for mode in ("local", "remote")]
        samples = {f"{n}-{m}": {v: [] for v in VARIANTS} for n, m in names}
        cpu = {f"{n}-{m}": {"seconds": 0.0, "requests": 0} for n, m in names}
        reference = None
        hits_only = set()  # requests some layout answered with estimates: compared by hits
        for block in range(BLOCKS):
            log(f"shards: block {block + 1}/{BLOCKS}")
            for n, mode in names:
                config = Configuration(n, mode, layouts[n]["db"], out_dir)
                try:
                    if block == 0:  # the same answers as the unsharded index, or no timing
                        answers = {r["label"]: fingerprint(config.server.get(r["path"]))
                                   for r in files["mix"] if r["variant"] == "full"}
                        if reference is None:
                            reference = answers
                        for label, answer in answers.items():
                            if not (answer["exact"] and reference[label]["exact"]):
                                hits_only.add(label)
                        result["approximate_requests"] = len(hits_only)
                        for label, expected in reference.items():
                            if not same_answer(answers.get(label), expected):
                                result["mismatches"].append({"config": config.name, "request": label})
                    for variant in VARIANTS:
                        before = config.cpu_seconds()
                        run = speedlib.accord_block(
                            config.server, {"accord": {variant: files["accord"][variant]}},
                            ROUNDS, 1, out_dir, f"{config.name}-{block}")[variant]
                        cpu[config.name]["seconds"] += config.cpu_seconds() - before
                        cpu[config.name]["requests"] += run["requests"]
                        samples[config.name][variant] += [float(s["client_us"]) / 1000
                                                          for s in run["samples"]]
                    if block == BLOCKS - 1 and shutil.which("wrk"):
                        script = speedlib.wrk_script(
                            [r["path"] for r in files["mix"] if r["variant"] in VARIANTS],
                            os.path.join(out_dir, "wrk.lua"))
                        wrk_dir = os.path.join(out_dir, f"wrk-{config.name}")
                        os.makedirs(wrk_dir, exist_ok=True)
                        result["configurations"].setdefault(config.name, {})["wrk"] = speedlib.run_wrk(
                            config.server, script, WRK_CONNECTIONS, WRK_SECONDS, WRK_REPEATS, wrk_dir)
                finally:
                    config.stop()
        for name, by_variant in samples.items():
            entry = result["configurations"].setdefault(name, {})
            entry["shards"], entry["mode"] = int(name.split("-")[0]), name.split("-")[1]
            for variant, values in by_variant.items():
                entry[variant] = {"p50_ms": speedlib.percentile(values, 50),
                                  "p99_ms": speedlib.percentile(values, 99),
                                  "mean_ms": sum(values) / len(values) if values else None,
                                  "samples": len(values)}
            if cpu[name]["requests"]:
                entry["cpu_ms_per_request"] = 1000 * cpu[name]["seconds"] / cpu[name]["requests"]
        base = result["configurations"].get("1-local", {})
        for name, entry in result["configurations"].items():
            for variant in VARIANTS:
                if base.get(variant, {}).get("p50_ms") and entry.get(variant, {}).get("p50_ms"):
                    entry[variant]["p50_vs_1_local"] = entry[variant]["p50_ms"] / base[variant]["p50_ms"]
    except Exception as error:  # the report says what failed; other sections go on
        log(f"shards: failed: {error}\n{traceback.format_exc()}")
        result["status"] = "failed"
        result["error"] = str(error)
    result["load_average_end"] = speedlib.load_average()
    result["seconds"] = round(time.monotonic() - started, 1)
    benchlib.write_section("shards", result)
    log("shards: " + json.dumps({k: {v: round(c.get(v, {}).get("p50_ms") or 0, 2) for v in VARIANTS}
                                 for k, c in result["configurations"].items()}))


if __name__ == "__main__":
    main()
