#!/usr/bin/env python3
"""Scale section — TODO (comes after relevance; see docs/benchmarks.md "Roadmap").

Planned: generate 10k / 100k / 1M documents with bench/gen-corpus (--quick: 10k only), index
each with accord-index and the plain Xapian baseline, and record indexing time, peak RSS,
index size and query latency as the corpus grows. For now this records that the section is
not implemented, so REPORT.md says so.
"""

import benchlib

benchlib.write_section("scale", {
    "status": "todo",
    "planned": ["bench/gen-corpus at 10k, 100k, 1M documents (quick: 10k)",
                "indexing time, peak RSS and index size per size (accord vs plain Xapian)",
                "query latency per size"],
    "sizes": [10000] if benchlib.MODE == "quick" else [10000, 100000, 1000000],
})
benchlib.log("scale: TODO (not implemented yet)")
