#!/usr/bin/env python3
"""kill -9 at random moments of accord-index, many times over: after every kill the database must
open, pass xapian-check and hold only whole committed batches; at the end one ordinary run must
bring it to exactly the state of the input files.

Each trial changes the feed first (edits records, adds a file, deletes a file) and then runs one
of: an incremental update, --prune, --rebuild, or --rebuild --shards 3, killed after a random
delay (or left to finish now and then). See docs/security.md ("Faults").

    tests/reliability/kill9.py                       50 trials, build/release (else build/dev)
    tests/reliability/kill9.py --trials 200 --bin build/asan/bin
"""

import argparse
import json
import zlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def default_bin():
    for preset in ("release", "dev"):
        path = os.path.join(ROOT, "build", preset, "bin")
        if os.path.exists(os.path.join(path, "accord-index")):
            return path
    return os.path.join(ROOT, "build", "dev", "bin")


class Feed:
    """Files of JSON Lines records whose expected content the script always knows."""

    def __init__(self, directory, rng):
        self.directory = directory
        self.rng = rng
        self.files = {}  # name -> {id: version}
        self.next_file = 0
        os.makedirs(directory, exist_ok=True)
        for _ in range(8):
            self.add_file()

    def write(self, name):
        with open(os.path.join(self.directory, name), "w") as out:
            for record_id, version in sorted(self.files[name].items()):
                body = " ".join(f"clause{(zlib.crc32(record_id.encode()) + i) % 500} of the framework draft"
                                for i in range(40))
                out.write(json.dumps({"id": record_id, "title": f"{record_id} v{version}",
                                      "date": "2025-06-01",
                                      "body": f"version{version} marker{record_id.replace('-', '')} {body}"}) + "\n")

    def add_file(self):
        name = f"feed-{self.next_file:03d}.jsonl"
        self.next_file += 1
        self.files[name] = {f"r{self.next_file}-{i}": 1 for i in range(300)}
        self.write(name)

    def change(self):
        action = self.rng.choice(["edit", "edit", "add", "delete"])
        if action == "add" or len(self.files) < 3:
            self.add_file()
            return "added a file"
        name = self.rng.choice(sorted(self.files))
        if action == "delete":
            del self.files[name]
            os.remove(os.path.join(self.directory, name))
            return f"deleted {name}"
        names = self.rng.sample(sorted(self.files), min(3, len(self.files)))
        for name in names:
            for record_id in self.rng.sample(sorted(self.files[name]), 60):
                self.files[name][record_id] += 1
            self.write(name)
        return f"edited 60 records in each of {', '.join(names)}"

    def expected(self):
        return {rid: v for records in self.files.values() for rid, v in records.items()}


def live_shards(db):
    paths = []
    with open(os.path.join(db, "XAPIANDB")) as stub:
        for line in stub:
            kind, _, rest = line.strip().partition(" ")
            if kind == "auto":
                paths.append(os.path.join(db, rest))
    return paths


def check_database(db, binaries):
    """Opens (accord-search), passes xapian-check; returns the number of documents."""
    for shard in live_shards(db):
        check = subprocess.run(["xapian-check", shard], capture_output=True, text=True)
        if check.returncode != 0:
            raise AssertionError(f"xapian-check {shard} failed:\n{check.stdout[-2000:]}{check.stderr}")
    search = subprocess.run([os.path.join(binaries, "accord-search"), "--db", db, "--json",
                             "--limit", "0", ""], capture_output=True, text=True)
    if search.returncode != 0:
        raise AssertionError(f"accord-search failed after a kill: {search.stderr}")
    return json.loads(search.stdout)["total"]


def committed_counts(log, before, full, sharded):
    """What the database may hold after a run whose debug log is `log`: the documents of the
    last commit it reported ("committed: A added, D deleted so far" -> before + A - D; a
    bulk build's "committed: generation ... is live" -> the whole feed), or, when it was killed
    between "committing" and "committed", that commit's count too (for several shards, which
    commit one after another, anything between the two). Returns a predicate."""
    done, pending = before, None
    for line in log.splitlines():
        if "committing: generation" in line:
            pending = full
        elif "committed: generation" in line:
            done, pending = full, None
        elif "committing:" in line or "committed:" in line:
            words = line.split(":")[-1].split()
            count = before + int(words[0]) - int(words[2])
            if "committing:" in line:
                pending = count
            else:
                done, pending = count, None
    if pending is None:
        accept = lambda n: n == done
        accept.__doc__ = f"{done}"
    elif sharded:
        low, high = min(done, pending), max(done, pending)
        accept = lambda n: low <= n <= high
        accept.__doc__ = f"{low}..{high} (killed between shard commits)"
    else:
        accept = lambda n: n in (done, pending)
        accept.__doc__ = f"{done} or {pending} (killed during a commit)"
    return accept


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--bin", default=default_bin())
    parser.add_argument("--seed", type=int, default=20251126)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    args = parser.parse_args()
    if shutil.which("xapian-check") is None:
        sys.exit("kill9: xapian-check not found (apt-get install xapian-tools)")
    rng = random.Random(args.seed)
    work = tempfile.mkdtemp(prefix="accord-kill9-")
    feed = Feed(os.path.join(work, "feed"), rng)
    db = os.path.join(work, "db")
    index = os.path.join(args.bin, "accord-index")
    # Calibrate: kills land anywhere from the start to past the end of a typical run.
    calibration = time.monotonic()
    subprocess.run([index, "--db", os.path.join(work, "calibration"), "--quiet", feed.directory],
                   check=True)
    typical = time.monotonic() - calibration
    shutil.rmtree(os.path.join(work, "calibration"))
    print(f"kill9: a full run of the feed takes {typical:.2f} s")
    killed = finished = 0
    started = time.monotonic()
    try:
        for trial in range(1, args.trials + 1):
            change = feed.change()
            mode = rng.choice(["update", "update", "prune", "rebuild", "rebuild-shards"])
            command = [index, "--db", db, "--log-level", "debug", "--commit-every",
                       str(rng.choice([50, 200, 1000])), "--jobs", "2"]
            command += {"update": [], "prune": ["--prune"], "rebuild": ["--rebuild", "--shards", "1"],
                        "rebuild-shards": ["--rebuild", "--shards", "3"]}[mode]
            command.append(feed.directory)
            # Updates rewrite only what changed: a shorter window to land in.
            span = 1.3 * typical if mode.startswith("rebuild") else 0.4 * typical
            delay = rng.uniform(0.005, span)
            before = check_database(db, args.bin) if os.path.exists(os.path.join(db, "XAPIANDB")) else 0
            sharded = os.path.exists(os.path.join(db, "XAPIANDB")) and len(live_shards(db)) > 1
            log_path = os.path.join(work, "indexer.log")
            with open(log_path, "w") as log:
                process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log)
                try:
                    process.wait(timeout=delay)
                    finished += 1
                    outcome = f"finished (exit {process.returncode})"
                    if process.returncode != 0:
                        raise AssertionError(f"trial {trial}: exit {process.returncode}: "
                                             f"{open(log_path).read()[-1000:]}")
                except subprocess.TimeoutExpired:
                    process.send_signal(signal.SIGKILL)
                    process.wait()
                    killed += 1
                    outcome = f"killed after {delay * 1000:.0f} ms"
            if not os.path.exists(os.path.join(db, "XAPIANDB")):
                print(f"trial {trial:3d}: {change}; {mode} {outcome}; no database yet")
                continue
            documents = check_database(db, args.bin)
            allowed = committed_counts(open(log_path).read(), before, len(feed.expected()), sharded)
            if not allowed(documents):
                raise AssertionError(f"trial {trial}: {documents} documents after {mode} {outcome}, "
                                     f"but the committed state has {allowed.__doc__}")
            print(f"trial {trial:3d}: {change}; {mode} {outcome}; opens, checks, {documents} "
                  f"documents = committed ({allowed.__doc__})")

        final = subprocess.run([index, "--db", db, "--json", "--quiet", "--prune", feed.directory],
                               capture_output=True, text=True)
        if final.returncode != 0:
            raise AssertionError(f"final run failed: {final.stderr}")
        expected = feed.expected()
        summary = json.loads(final.stdout.strip().splitlines()[-1])
        if summary["documents"] != len(expected):
            raise AssertionError(f"final run: {summary['documents']} documents, expected {len(expected)}")
        if check_database(db, args.bin) != len(expected):
            raise AssertionError("the database does not hold the expected number of documents")
        # Every record at its latest version: its title carries the version.
        sample = rng.sample(sorted(expected), min(40, len(expected)))
        for record_id in sample:
            marker = "marker" + record_id.replace("-", "")
            found = subprocess.run([os.path.join(args.bin, "accord-search"), "--db", db, "--json",
                                    marker], capture_output=True, text=True)
            hits = json.loads(found.stdout)["hits"]
            titles = [hit["title"] for hit in hits]
            if titles != [f"{record_id} v{expected[record_id]}"]:
                raise AssertionError(f"{record_id}: expected version {expected[record_id]}, found {titles}")
        again = json.loads(subprocess.run([index, "--db", db, "--json", "--quiet", feed.directory],
                                          capture_output=True, text=True).stdout.strip().splitlines()[-1])
        if again["unchanged"] != len(expected) or again["added"] or again["updated"]:
            raise AssertionError(f"a second run changed something: {again}")
        print(f"kill9: {args.trials} trials ({killed} killed, {finished} finished) in "
              f"{time.monotonic() - started:.0f} s; final run exact: {len(expected)} documents, "
              f"{len(sample)} records checked at their latest version")
    finally:
        if args.keep:
            print(f"kill9: work directory kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
