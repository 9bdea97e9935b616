"""Small helpers of the speed, scale and shards sections (bench/lib/speedlib.py and the peers'
modules): hashes for cache keys, JSON files, timed subprocesses, TSV samples, statistics, and
Searchd, a search server on an ephemeral port of 127.0.0.1 (accord-searchd, or a peer's)."""

import hashlib
import json
import math
import os
import re
import signal
import statistics
import subprocess
import time

from benchlib import BIN, ROOT, last_json_line  # noqa: F401 (re-exported)


# --- small helpers ----------------------------------------------------------------------------

_hashes = {}


def sha_file(path):
    """sha256 of a file (memoised by path, size and mtime)."""
    stat = os.stat(path)
    key = (path, stat.st_size, stat.st_mtime_ns)
    if key not in _hashes:
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        _hashes[key] = digest.hexdigest()
    return _hashes[key]


def sha_tree(path):
    digest = hashlib.sha256()
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            full = os.path.join(root, name)
            digest.update(os.path.relpath(full, path).encode())
            digest.update(sha_file(full).encode())
    return digest.hexdigest()


def short_key(*parts):
    return hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()[:12]


def load_average():
    try:
        with open("/proc/loadavg") as handle:
            return [float(x) for x in handle.read().split()[:3]]
    except OSError:
        return None


def disk_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def read_json(path, default=None):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, json.JSONDecodeError):
        return default


def write_json(path, payload):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=1)
    os.replace(tmp, path)


def run_measured(command, stdout_path, stderr_path, cwd=None):
    """Runs a command; returns wall seconds, CPU seconds (user + system of the process and its
    waited-for children, from wait4) and its peak resident set (ru_maxrss, KiB)."""
    command = [str(c) for c in command]
    start = time.monotonic()
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, cwd=cwd or ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    return {"exit_status": process.returncode, "wall_seconds": time.monotonic() - start,
            "cpu_seconds": usage.ru_utime + usage.ru_stime, "user_seconds": usage.ru_utime,
            "system_seconds": usage.ru_stime, "peak_rss_kb": usage.ru_maxrss}


def tail(path, lines=5):
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in handle.readlines()[-lines:]]
    except OSError:
        return []


def read_tsv(path):
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if not lines:
        return []
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"))) for line in lines[1:] if line]


# --- statistics -------------------------------------------------------------------------------

def percentile(values, p):
    """Nearest-rank percentile (p in 0..100) of a list; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values, scale=1.0, digits=3):
    """n, p50, p95, p99, mean, max of a list (each multiplied by scale)."""
    if not values:
        return {"n": 0}
    out = {"n": len(values)}
    for name, p in (("p50", 50), ("p95", 95), ("p99", 99)):
        out[name] = round(percentile(values, p) * scale, digits)
    out["mean"] = round(statistics.fmean(values) * scale, digits)
    out["max"] = round(max(values) * scale, digits)
    return out


def median(values):
    return statistics.median(values) if values else None


def geometric_mean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(statistics.fmean(math.log(v) for v in values)) if values else None


# --- search servers ---------------------------------------------------------------------------

class Searchd:
    """accord-searchd on an ephemeral port of 127.0.0.1, logging to a file. `command` starts
    another server that prints "serving … on http://127.0.0.1:PORT" instead (the Lucene
    peer's: lucene_server)."""

    def __init__(self, db, log_path, threads=None, extra_dbs=(), command=None):
        self.threads = threads or os.cpu_count() or 1
        self.log_path = log_path
        self.log = open(log_path, "w")
        start = time.monotonic()
        self.process = subprocess.Popen(
            command or [os.path.join(BIN, "accord-searchd"), "--db", db]
            + [arg for extra in extra_dbs for arg in ("--db", extra)]
            + ["--listen", "127.0.0.1:0", "--threads", str(self.threads)],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.port = None
        deadline = time.monotonic() + 600
        pattern = re.compile(r"serving .* on http://127\.0\.0\.1:(\d+)")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{os.path.basename(self.process.args[0])} exited: "
                                   + " ".join(tail(log_path)))
            with open(log_path, encoding="utf-8", errors="replace") as handle:
                found = pattern.search(handle.read())
            if found:
                self.port = int(found.group(1))
                break
            time.sleep(0.02)
        if self.port is None:
            self.stop()
            raise RuntimeError(f"{os.path.basename(self.process.args[0])} did not start")
        self.startup_seconds = time.monotonic() - start

    def status_kb(self, key):
        with open(f"/proc/{self.process.pid}/status") as handle:
            for line in handle:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return None

    def cpu_seconds(self):
        with open(f"/proc/{self.process.pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def get(self, path):
        import urllib.request
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=120) as answer:
            return json.loads(answer.read())

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
