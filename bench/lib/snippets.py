#!/usr/bin/env python3
"""Snippets section: what a hit's snippets cost by the length of its document, measured by
accord-bench-snippets (bench/speed/snippet_cost.cpp, in-process): for each length (2 KB …
500 KB) it indexes documents of about that length and answers a fixed set of queries, top 10,
with and without snippets; the cost per hit is the difference divided by the hits. For
comparison, in the same run, the whole-text highlighter (every hit's text read and analysed,
as before texts were stored in chunks).

Target (issue 16): snippet time per hit flat from 2 KB to 500 KB — the largest chunked cost
per hit over the lengths at most FLAT_RATIO times the smallest.

Writes WORK_DIR/snippets.section.json. See docs/benchmarks.md ("Snippets").
Environment: BIN, WORK_DIR, MODE (full, quick or smoke), and to override the settings
SNIPPET_LENGTHS (comma-separated bytes), SNIPPET_DOCS, SNIPPET_ROUNDS.
"""

import os
import shutil
import subprocess
import time

import benchlib
from benchlib import BIN, MODE, WORK_DIR, log
from speedutil import last_json_line, load_average

FLAT_RATIO = 2.0
DEFAULTS = {"full": {"docs": 60, "rounds": 7}, "quick": {"docs": 30, "rounds": 5},
            "smoke": {"docs": 3, "rounds": 1, "lengths": "2000,20000"}}


def settings():
    base = DEFAULTS.get(MODE, DEFAULTS["full"])
    return {"docs": int(os.environ.get("SNIPPET_DOCS") or base["docs"]),
            "rounds": int(os.environ.get("SNIPPET_ROUNDS") or base["rounds"]),
            "lengths": os.environ.get("SNIPPET_LENGTHS") or base.get("lengths")}


def flat_target(lengths):
    """The flatness target from the run's rows: max / min of the chunked cost per hit."""
    costs = {row["bytes"]: row["chunked_us_per_hit"] for row in lengths}
    whole = {row["bytes"]: row.get("whole_text_us_per_hit") for row in lengths}
    target = f"snippet time per hit flat from {min(costs):,} to {max(costs):,} bytes " \
             f"(largest / smallest cost per hit ≤ {FLAT_RATIO:g})"
    if any(v is None or v <= 0 for v in costs.values()):
        return {"target": target, "met": False, "ratio": None,
                "text": "a length had no measurable cost (no hits, or noise above the cost)"}
    low, high = min(costs, key=costs.get), max(costs, key=costs.get)
    ratio = costs[high] / costs[low]
    whole_ratio = None
    if all(whole.values()) and whole[min(whole)] > 0:
        whole_ratio = whole[max(whole)] / whole[min(whole)]
    text = (f"{costs[low]:.1f}–{costs[high]:.1f} µs per hit ({ratio:.2f}× from the cheapest "
            f"length, {low:,} B, to the dearest, {high:,} B)")
    if whole_ratio:
        text += f"; analysing the whole text: {whole_ratio:.0f}× from the shortest to the longest"
    out = {"target": target, "ratio": round(ratio, 3), "met": ratio <= FLAT_RATIO, "text": text}
    if not out["met"]:
        # From which length on the cost is flat (max / min within the ratio), if at all.
        flat_from = next((b for b in sorted(costs)
                          if max(v for k, v in costs.items() if k >= b)
                          <= FLAT_RATIO * min(v for k, v in costs.items() if k >= b)), None)
        why = (f"missed by {ratio / FLAT_RATIO:.2f}×: the dearest length costs {ratio:.2f}× the "
               f"cheapest, against at most {FLAT_RATIO:g}×")
        if flat_from and flat_from != min(costs):
            rest = [v for k, v in costs.items() if k >= flat_from]
            why += (f". From {flat_from:,} B to {max(costs):,} B the cost is flat "
                    f"({min(rest):.1f}–{max(rest):.1f} µs, {max(rest) / min(rest):.2f}×): it "
                    "rises below that, where a text has room for fewer of the up to three "
                    "non-overlapping windows a hit is given (SearchOptions::snippets_per_hit), so "
                    "fewer passages are analysed per hit — the work grows with the passages "
                    "shown, not with the length of the text")
        out["why"] = why + "."
    return out


def main():
    result = {"status": "ok", "mode": MODE, "settings": settings(), "load_average_start": load_average()}
    started = time.monotonic()
    binary = os.path.join(BIN, "accord-bench-snippets")
    work = os.path.join(WORK_DIR, "snippets")
    try:
        if not os.path.exists(binary):
            raise RuntimeError(f"{binary} missing (build the accord-bench-snippets target)")
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        s = result["settings"]
        command = [binary, "--work", os.path.join(work, "indexes"), "--docs", str(s["docs"]),
                   "--rounds", str(s["rounds"])]
        if s["lengths"]:
            command += ["--lengths", s["lengths"]]
        log(f"snippets: {' '.join(command[1:])}")
        with open(os.path.join(work, "snippets.log"), "w") as err:
            run = subprocess.run(command, stdout=subprocess.PIPE, stderr=err, text=True)
        with open(os.path.join(work, "snippets.json"), "w") as out:
            out.write(run.stdout)
        data = last_json_line(run.stdout)
        if run.returncode != 0 or not data:
            raise RuntimeError(f"accord-bench-snippets exited {run.returncode} "
                               f"(see {os.path.join(work, 'snippets.log')})")
        result["queries"] = data.get("queries")
        result["lengths"] = data["lengths"]
        result["targets"] = {"snippets_flat": flat_target(data["lengths"])}
        for name, t in result["targets"].items():
            log(f"snippets: target {name}: {'met' if t['met'] else 'NOT met'} — {t['text']}")
        # The indexes (up to 60 documents of 500 KB per length) are not kept.
        shutil.rmtree(os.path.join(work, "indexes"), ignore_errors=True)
    except Exception as error:  # report what we have; bench/run goes on with the next section
        log(f"snippets: failed: {error}")
        result["status"] = "failed"
        result["error"] = str(error)
    result["load_average_end"] = load_average()
    result["seconds"] = round(time.monotonic() - started, 1)
    benchlib.write_section("snippets", result)


if __name__ == "__main__":
    main()
