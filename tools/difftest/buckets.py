"""Grouping differences into buckets.

A bucket key is (operation, kind, detail). For error differences the detail is both sides'
`Code: message` with the values stripped (quoted text, numbers, placeholders, bracketed
lists, table/index/attribute names), so one cause lands in one bucket however often the
generator hits it. Each bucket counts its differences and keeps the smallest example request
(by its JSON size; the first among equals) with both answers."""

import base64
import decimal
import json
import re

_STRIP_RULES = [
    # quoted text first (Coral member paths kept), then bracketed lists (innermost first,
    # repeated), then the rest
    (re.compile(r'"[^"]*"'), '"<s>"'),
    (re.compile(r"(?<!at )'[^']*'"), "'<s>'"),
    (re.compile(r"\{[^{}]*\}"), "\u27ea\u2026\u27eb"),
    (re.compile(r"\[[^\[\]]*\]"), "\u27e6\u2026\u27e7"),
    (re.compile(r"(numeric value|converted into a number): .*$"), r"\1: <x>"),
    (re.compile(r"(?<![A-Za-z0-9_]):[A-Za-z0-9_]+"), ":<v>"),
    (re.compile(r"#[A-Za-z0-9_]+"), "#<n>"),
    (re.compile(r"difftest_[A-Za-z0-9_]+"), "<table>"),
    (re.compile(r"\b(IndexName|IndexKey|Key|Primary key attribute|attribute name|"
                r"reserved keyword|function|operator or function|operator|operand type|"
                r"Table|keys|first operand|path one|path two|Actual|Expected|expected|actual|"
                r"typeSet)( ?[:=] ?)[^\s,;.)]+"), r"\1\2<x>"),
    (re.compile(r"\b(Index Key|for key|Missing the key|Secondary index|"
                r"Global secondary index|Cannot update attribute) [A-Za-z0-9_]+"), r"\1 <x>"),
    (re.compile(r"(?<![A-Za-z_<])-?\d+(\.\d+)?([eE][-+]?\d+)?"), "<n>"),
]


_REASONS = re.compile(r"(specific reasons )\[([^\]]*)\]")


def template(message):
    if message is None:
        return "<none>"
    # TransactionCanceledException: keep which reason codes occur (sorted, once each), in
    # braces the list rule below does not touch (\x00 ... \x01 until the end)
    text = _REASONS.sub(lambda m: m.group(1) + "\x00" + ", ".join(sorted(set(
        x.strip() for x in m.group(2).split(",")))) + "\x01", message)
    for rx, repl in _STRIP_RULES[:2]:
        text = rx.sub(repl, text)
    for _ in range(3):  # nested brackets, innermost first
        for rx, repl in _STRIP_RULES[2:4]:
            text = rx.sub(repl, text)
    for rx, repl in _STRIP_RULES[4:]:
        text = rx.sub(repl, text)
    return text.replace("\x00", "{").replace("\x01", "}")


def _side(body):
    if isinstance(body, dict) and "code" in body and "message" in body:
        return "%s: %s" % (body.get("code"), template(body.get("message")))
    return "ok"


_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _value_note(m_e, m_l):
    """For two messages with the same template: what kind of values differ."""
    if "HeapByteBuffer" in m_l and "HeapByteBuffer" not in m_e:
        return " [values differ: binary rendered as java.nio.HeapByteBuffer on local]"
    nums_e = [m.group(0) for m in _NUMBER.finditer(m_e)]
    nums_l = [m.group(0) for m in _NUMBER.finditer(m_l)]
    if _NUMBER.sub("#", m_e) == _NUMBER.sub("#", m_l) and len(nums_e) == len(nums_l) and all(
            decimal.Decimal(a) == decimal.Decimal(b) for a, b in zip(nums_e, nums_l)):
        return " [values differ: a number spelled differently]"
    return " [values differ]"


def bucket_key(operation, diff):
    if diff.kind in ("outcome", "error-code", "error-message", "error-message-order",
                     "error-status"):
        detail = "ddbemu %s | local %s" % (_side(diff.ddbemu), _side(diff.local))
        if diff.kind == "error-message" and \
                template(diff.ddbemu.get("message")) == template(diff.local.get("message")):
            detail += _value_note(diff.ddbemu.get("message") or "",
                                  diff.local.get("message") or "")
        if diff.kind == "outcome" and diff.detail:
            detail += diff.detail
        if diff.kind == "error-status":
            detail += " | status %s vs %s" % (diff.ddbemu.get("status"), diff.local.get("status"))
    elif diff.kind == "error-detail":
        detail = "%s | %s" % (_side(diff.ddbemu), diff.detail)
    else:
        detail = diff.detail or ""
    return (operation, diff.kind, detail)


def _jsonable(x):
    if isinstance(x, (bytes, bytearray)):
        return {"<bytes-b64>": base64.b64encode(bytes(x)).decode("ascii")}
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_jsonable(v) for v in x]
    return x


def request_json(request):
    """The request in JSON form (binary values as {"<bytes-b64>": ...})."""
    return _jsonable(request)


class Bucket:
    def __init__(self, key):
        self.key = key
        self.count = 0
        self.tags = {}
        self.example = None
        self.example_size = None
        self.allowed_by = None

    def add(self, op, diff, seed):
        self.count += 1
        self.tags[op.tag] = self.tags.get(op.tag, 0) + 1
        req = request_json(diff.request)
        size = len(json.dumps(req, sort_keys=True))
        if self.example is None or size < self.example_size:
            self.example_size = size
            self.example = {
                "seed": seed, "op_index": op.index, "tag": op.tag, "mode": op.mode,
                "page": diff.page, "request": req, "ddbemu": _jsonable(diff.ddbemu),
                "local": _jsonable(diff.local),
            }
            if diff.note:
                self.example["note"] = diff.note

    def to_json(self):
        op, kind, detail = self.key
        return {"operation": op, "kind": kind, "detail": detail, "count": self.count,
                "generator_tags": dict(sorted(self.tags.items())),
                "known": self.allowed_by, "example": self.example}


class Buckets:
    def __init__(self):
        self.by_key = {}

    def add(self, operation, op, diff, seed):
        key = bucket_key(operation, diff)
        bucket = self.by_key.get(key)
        if bucket is None:
            bucket = self.by_key[key] = Bucket(key)
        bucket.add(op, diff, seed)

    def merge(self, other):
        for key, b in other.by_key.items():
            mine = self.by_key.get(key)
            if mine is None:
                self.by_key[key] = b
                continue
            mine.count += b.count
            for t, n in b.tags.items():
                mine.tags[t] = mine.tags.get(t, 0) + n
            if b.example_size < mine.example_size:
                mine.example, mine.example_size = b.example, b.example_size

    def sorted(self):
        return sorted(self.by_key.values(), key=lambda b: (-b.count, b.key))
