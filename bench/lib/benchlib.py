"""Shared by the bench sections (bench/lib/<section>.py), which bench/run starts with its
environment: ROOT, BENCH, BIN, WORK_DIR, DATA_DIR, MODE."""

import json
import os
import subprocess
import sys
import time

ROOT = os.environ.get("ROOT", os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..")))
BENCH = os.environ.get("BENCH", os.path.join(ROOT, "bench"))
BIN = os.environ.get("BIN", os.path.join(ROOT, "build", "bench", "bin"))
WORK_DIR = os.environ.get("WORK_DIR", os.path.join(BENCH, "results", "work"))
DATA_DIR = os.environ.get("DATA_DIR", "/work/shared/data")
MODE = os.environ.get("MODE", "full")


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


class Step:
    """One timed command: wall-clock seconds, exit status, stdout/stderr kept in files."""

    def __init__(self, command, stdout_path, stderr_path, cwd=None):
        self.command = [str(part) for part in command]
        start = time.monotonic()
        with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
            self.status = subprocess.run(self.command, stdout=out, stderr=err, cwd=cwd or ROOT).returncode
        self.seconds = time.monotonic() - start
        self.stdout_path = stdout_path
        self.stderr_path = stderr_path

    def stdout(self):
        with open(self.stdout_path, encoding="utf-8", errors="replace") as handle:
            return handle.read()

    def stderr_tail(self, lines=8):
        with open(self.stderr_path, encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in handle.readlines()[-lines:]]

    def json(self):
        """The last line of stdout that parses as a JSON object, or None."""
        return last_json_line(self.stdout())


def last_json_line(text):
    """The last line of @p text that parses as a JSON object, or None."""
    for line in reversed(text.splitlines()):
        line = line.strip()
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                continue
    return None


def write_section(name, payload):
    path = os.path.join(WORK_DIR, f"{name}.section.json")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=1)
    return path
