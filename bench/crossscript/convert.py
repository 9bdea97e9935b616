#!/usr/bin/env python3
"""Converts the fetched Ukrainian and Russian texts of the cross-script bench to JSON Lines.

    convert.py --brown-uk DIR --factrueval DIR --out FILE

Each DIR is a copy of the source repository named in README.md: a checkout, or a bare git
directory as a snapshot comes (then the files are read from its HEAD with `git`). Defaults come
from $ACCORD_XSCRIPT_BROWN_UK and $ACCORD_XSCRIPT_FACTRUEVAL. The records have the format of the
collections of ../shared/data (`id`, `title`, `body`, plus `language`, `source`, `url`, `date`).
Nothing of the texts is kept in this repository: only our topics and judgments are.

Exit status: 0 written; 3 a source is missing (the runner then skips); 2 usage or bad source.
"""

import argparse
import csv
import hashlib
import io
import json
import os
import subprocess
import sys

# The commits our judgments were made on (README.md). Another commit still converts, with a
# warning: documents may have changed under the judgments.
BROWN_UK_COMMIT = "0665e895834c6a20acb1b48e58ba07e149c31f32"
FACTRUEVAL_COMMIT = "dfe96237fce79fde13b2021d1938587e4ea3042e"

# Brown-UK press texts (category A) of these quality groups; "bad" ones have typing errors.
BROWN_UK_GROUPS = ("good", "so-so")


class Source:
    """Reads files from a checkout or from the HEAD of a (bare) git directory."""

    def __init__(self, path):
        self.path = path
        self.git = None
        if os.path.isdir(os.path.join(path, "objects")) and os.path.isfile(os.path.join(path, "HEAD")):
            self.git = path  # a bare repository / .git directory
        elif not os.path.isdir(os.path.join(path, ".git")) and not os.listdir(path):
            raise ValueError(f"{path}: empty")

    def _git(self, *args, binary=False):
        out = subprocess.run(["git", "--git-dir", self.git, *args], check=True,
                             capture_output=True)
        return out.stdout if binary else out.stdout.decode("utf-8")

    def commit(self):
        if self.git is not None:
            return self._git("rev-parse", "HEAD").strip()
        try:
            return subprocess.run(["git", "-C", self.path, "rev-parse", "HEAD"], check=True,
                                  capture_output=True, text=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "unknown"

    def list(self, folder):
        if self.git is not None:
            names = self._git("ls-tree", "-r", "--name-only", "-z", "HEAD", "--", folder)
            return sorted(n for n in names.split("\0") if n)
        found = []
        for root, _, files in os.walk(os.path.join(self.path, folder)):
            for name in files:
                found.append(os.path.relpath(os.path.join(root, name), self.path))
        return sorted(found)

    def read(self, name):
        if self.git is not None:
            data = self._git("show", "HEAD:" + name, binary=True)
        else:
            with open(os.path.join(self.path, name), "rb") as f:
                data = f.read()
        return data.decode("utf-8-sig").replace("\r\n", "\n")


def doc_id(prefix, name):
    # Brown-UK file names carry spaces, commas and apostrophes: a short hash is a safer id.
    return prefix + hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]


def brown_uk(source):
    meta = {}
    for row in csv.DictReader(io.StringIO(source.read("meta/meta.csv"))):
        meta[row["file"]] = row
    for group in BROWN_UK_GROUPS:
        for name in source.list(f"data/{group}"):
            base = name.rsplit("/", 1)[-1]
            if not base.startswith("A_") or not base.endswith(".txt"):
                continue
            body = source.read(name).strip()
            row = meta.get(base, {})
            title = (row.get("title") or "").strip() or body.split("\n", 1)[0][:200]
            record = {"id": doc_id("bruk-", name), "title": title, "body": body,
                      "language": "uk", "type": "article",
                      "source": "Brown-UK: " + (row.get("publ_in") or "").strip() + " (" + base + ")"}
            if (row.get("url") or "").startswith("http"):
                record["url"] = row["url"].strip()
            year = (row.get("year") or "").strip()
            if len(year) == 4 and year.isdigit():
                record["date"] = year + "-01-01"
            yield record


def factrueval(source):
    for folder in ("devset", "testset"):
        for name in source.list(folder):
            if not name.endswith(".txt"):
                continue
            text = source.read(name).strip()
            title, _, body = text.partition("\n")
            book = name.rsplit("/", 1)[-1][:-4]
            yield {"id": "fre-" + book, "title": title.strip(), "body": body.strip(),
                   "language": "ru", "type": "article",
                   "source": "factRuEval-2016: " + folder + "/" + book}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brown-uk", default=os.environ.get("ACCORD_XSCRIPT_BROWN_UK"))
    parser.add_argument("--factrueval", default=os.environ.get("ACCORD_XSCRIPT_FACTRUEVAL"))
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    sources = []
    for label, path, expected, reader in (("brown-uk/corpus", args.brown_uk, BROWN_UK_COMMIT, brown_uk),
                                          ("dialogue-evaluation/factRuEval-2016", args.factrueval,
                                           FACTRUEVAL_COMMIT, factrueval)):
        if not path or not os.path.isdir(path):
            print(f"convert.py: no copy of {label} (give its directory; see README.md)",
                  file=sys.stderr)
            return 3
        source = Source(path)
        commit = source.commit()
        if commit != expected:
            print(f"convert.py: warning: {label} is at {commit}, judged at {expected}",
                  file=sys.stderr)
        sources.append((source, reader))
    count = {"uk": 0, "ru": 0}
    with open(args.out, "w", encoding="utf-8") as out:
        for source, reader in sources:
            for record in reader(source):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count[record["language"]] += 1
    print(f"convert.py: {count['uk']} Ukrainian + {count['ru']} Russian documents -> {args.out}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
