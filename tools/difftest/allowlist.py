"""Known differences: the allowlist file (tools/difftest_known.json).

Each entry names a bucket pattern -- `operation`, `kind` (regular expressions matched against
the whole field) and `detail` (a regular expression searched in the bucket's detail) -- and says
why the difference is expected: `reason`, and `docs`, the section of docs/ (or the conformance
test marked local_differs) that records DynamoDB Local differing from AWS there. A bucket matched
by an entry is known; the run passes iff every bucket is known."""

import json
import re


class Entry:
    def __init__(self, raw):
        self.raw = raw
        self.id = raw["id"]
        self.operation = re.compile(raw.get("operation", ".*"))
        self.kind = re.compile(raw.get("kind", ".*"))
        self.detail = re.compile(raw.get("detail", ""))
        self.reason = raw.get("reason", "")
        self.docs = raw.get("docs", "")
        if not self.reason or not self.docs:
            raise ValueError("allowlist entry %s needs a reason and a docs pointer" % self.id)

    def matches(self, key):
        operation, kind, detail = key
        return bool(self.operation.fullmatch(operation) and self.kind.fullmatch(kind)
                    and self.detail.search(detail))


class Allowlist:
    def __init__(self, entries):
        self.entries = entries

    @classmethod
    def load(cls, path):
        if path is None:
            return cls([])
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        return cls([Entry(e) for e in doc.get("entries", [])])

    def match(self, key):
        for e in self.entries:
            if e.matches(key):
                return e
        return None

    def classify(self, buckets):
        """Marks every bucket with the id of the entry that allows it (or None);
        returns the entries that matched nothing."""
        used = set()
        for b in buckets.by_key.values():
            e = self.match(b.key)
            b.allowed_by = e.id if e else None
            if e:
                used.add(e.id)
        return [e for e in self.entries if e.id not in used]
