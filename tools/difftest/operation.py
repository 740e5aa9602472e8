"""One generated operation (`GeneratedOp`) and the small helpers the generator files share:
canonical key values, the sort order of key values, the names an expression starts paths with,
and the table names used for missing or malformed tables."""

import decimal
import re

from .tables import TABLE_PREFIX

MISSING_TABLE = TABLE_PREFIX + "missing"
MALFORMED_TABLE_NAMES = ["ab", "bad name!", "x" * 256]


class GeneratedOp:
    """mode: "single" (one request), "query" (paginated until exhausted, order defined by the
    key), "query-index" (paginated, items with equal index keys may come in any order),
    "scan" (paginated, order undefined) or "scan-segments" (every segment, paginated).
    order_keys: for query-index, the index key attribute names items are grouped by."""

    def __init__(self, index, operation, params, mode="single", touched=(), tag="valid",
                 order_keys=None, total_segments=None, note=""):
        self.index = index
        self.operation = operation
        self.params = params
        self.mode = mode
        self.touched = list(touched)       # [(table name, key)]
        self.tag = tag
        self.order_keys = order_keys
        self.total_segments = total_segments
        self.note = note                   # appended to the op's non-error bucket details

    @property
    def invalid(self):
        return self.tag != "valid"


def canonical_key(key):
    """A hashable form of a key value: numbers normalised, so 1 and 1.0 are the same key."""
    parts = []
    for name in sorted(key):
        (type_, v), = key[name].items()
        if type_ == "N":
            try:
                v = str(decimal.Decimal(v).normalize())
            except decimal.InvalidOperation:
                pass
        elif type_ == "B":
            v = bytes(v)
        parts.append((name, type_, v if not isinstance(v, (list, dict)) else repr(v)))
    return tuple(parts)


_PATH_START = re.compile(r"(?<![\w.:\]#])(#?[A-Za-z_]\w*)(?!\w)(?!\s*\()")
_KEYWORDS = {"AND", "OR", "NOT", "BETWEEN", "IN"}


def top_level_names(expression, names):
    """The top-level attribute names an expression's paths start with."""
    out = set()
    for m in _PATH_START.finditer(expression):
        token = m.group(1)
        if token.upper() in _KEYWORDS:
            continue
        out.add(names.get(token, token) if token.startswith("#") else token)
    return out


def order_value(v):
    """Sort position of a key value: numbers numerically, strings by UTF-8 bytes."""
    (type_, raw), = v.items()
    if type_ == "N":
        return decimal.Decimal(raw)
    if type_ == "S":
        return raw.encode("utf-8")
    return bytes(raw)
