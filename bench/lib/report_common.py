"""Pieces every part of the report uses (bench/lib/report.py and report_speed.py): labels,
number formatting, the targets table, the indexing table, a section that is not implemented."""

import json


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


def todo_markdown(title, section):
    lines = [f"## {title}", ""]
    if section is None:
        return lines + ["Not run (see `--sections`).", ""]
    if section.get("status") == "todo":
        lines += ["**TODO** — not implemented yet. Planned:", ""]
        lines += [f"- {item}" for item in section.get("planned", [])]
        return lines + [""]
    return lines + ["```json", json.dumps(section, indent=1), "```", ""]
