#!/usr/bin/env python3
"""Speed section — TODO (comes after relevance; see docs/benchmarks.md "Roadmap").

Planned, each against the plain Xapian baseline in the same run: indexing throughput
(docs/s, MB/s) of accord-index on the generated corpus (bench/gen-corpus), query latency
percentiles (p50/p95/p99) of accord-search and of accord-searchd under wrk, and index size.
For now this records that the section is not implemented, so REPORT.md says so.
"""

import benchlib

benchlib.write_section("speed", {
    "status": "todo",
    "planned": ["indexing docs/s and MB/s on the 100k generated corpus (accord vs plain Xapian)",
                "query latency p50/p95/p99, single client (accord-search vs plain Xapian)",
                "accord-searchd throughput and latency under wrk",
                "index size on disk"],
})
benchlib.log("speed: TODO (not implemented yet)")
