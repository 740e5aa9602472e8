"""Where the two servers' answers to one generated operation differ.

`compare_op` returns the first Difference or None; a Difference may name several independent
details (e.g. a number spelled differently and a missing ItemCollectionMetrics), each of which
goes to its own bucket (`Difference.parts`). Kinds:
  outcome        one server succeeded, the other failed
  error-code     both failed with different error codes
  error-message  same code, different message (exact comparison)
  error-message-order  same code, messages equal but for the order of the members of a
                 bracketed list ({#a, #b} / [a, b])
  error-status   same code and message, different HTTP status
  error-detail   same error, different CancellationReasons / Item
  response       both succeeded, a member differs (paths generalised in the detail)
  pages          a paginated read took a different number of pages
  page-shape     a page of an index query or a scan differs where its order does not matter
                 (ScannedCount, LastEvaluatedKey presence or its index-key part)
  items          the items of a paginated read differ (as a sequence for table queries,
                 as ordered groups of equal index keys for index queries, as a multiset
                 for scans)
Query on a table is compared page by page exactly; Query on an index allows any order among
items with equal index keys; Scan allows any order (the hash order is implementation-defined)."""

import decimal
import json
import re

from .buckets import template
from .normalize import item_sort_key


class Difference:
    def __init__(self, kind, detail, ddbemu, local, request, page=None, note=None):
        self.kind = kind
        self.detail = detail      # a string, or a list of independent details
        self.ddbemu = ddbemu      # JSON answer (or summary) from ddbemu
        self.local = local        # JSON answer (or summary) from DynamoDB Local
        self.request = request
        self.page = page
        self.note = note

    def parts(self):
        """One Difference per independent detail."""
        if not isinstance(self.detail, list):
            return [self]
        return [Difference(self.kind, d, self.ddbemu, self.local, self.request, self.page,
                           self.note) for d in self.detail]


def generalise_path(path):
    """Items[3].m.M.x.S -> Items[].*.M.*.S: AWS member names and type tags stay."""
    out = []
    for part in path:
        if isinstance(part, int):
            out.append("[]")
        elif part[:1].isupper():
            out.append(part)
        else:
            out.append("*")
    text = ""
    for p in out:
        text += p if p == "[]" else ("." + p if text else p)
    return text


def json_diff(a, b, path=()):
    """[(path, a, b)] where two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append((path + (k,), "<absent>", b[k]))
            elif k not in b:
                out.append((path + (k,), a[k], "<absent>"))
            else:
                out.extend(json_diff(a[k], b[k], path + (k,)))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [(path + ("<length>",), len(a), len(b))]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out.extend(json_diff(x, y, path + (i,)))
        return out
    if a != b or type(a) != type(b):
        return [(path, a, b)]
    return []


def _same_number(a, b):
    if not isinstance(a, str) or not isinstance(b, str) or a == b:
        return False
    try:
        return decimal.Decimal(a) == decimal.Decimal(b)
    except decimal.InvalidOperation:
        return False


def _number_spelling(path):
    top = next((p for p in path if isinstance(p, str) and p[:1].isupper()), "?")
    types = [p for p in path if p in ("L", "M", "NS")]
    where = ("nested in L/M" if "L" in types or "M" in types
             else "in NS" if "NS" in types else "top-level N")
    return "%s: number spelled differently (%s)" % (top, where)


def _path_text(path, a, b):
    g = generalise_path(path)
    if a == "<absent>":
        g += " (only local)"
    elif b == "<absent>":
        g += " (only ddbemu)"
    return g


def diff_categories(diffs):
    """Independent details of a list of json_diff entries: one per way a number is spelled
    differently, one for all of ConsumedCapacity, one per other top-level member (its
    generalised paths joined)."""
    categories, by_member = [], {}
    for path, a, b in diffs:
        if _same_number(a, b):
            text = _number_spelling(path)
            if text not in categories:
                categories.append(text)
            continue
        member = path[0] if path else ""
        paths = by_member.setdefault(member, [])
        text = _path_text(path, a, b)
        if text not in paths:
            paths.append(text)
    for member in sorted(by_member):
        categories.append("; ".join(sorted(by_member[member])[:6]))
    return sorted(categories)


def _diff_detail(diffs):
    """All details in one string."""
    return "; ".join(diff_categories(diffs))


def _name_reasons(diffs, body):
    """CancellationReasons[3].Message -> CancellationReasons.<Code>.Message (ddbemu's code)."""
    reasons = body.get("CancellationReasons") or []
    out = []
    for path, a, b in diffs:
        if len(path) > 1 and path[0] == "CancellationReasons" and isinstance(path[1], int) \
                and path[1] < len(reasons):
            path = ("CancellationReasons", str(reasons[path[1]].get("Code"))) + path[2:]
        out.append((path, a, b))
    return out


def _reason_details(diffs):
    """Details of differing error members; a differing reason Message shows both templates."""
    out, rest = [], []
    for path, a, b in diffs:
        if len(path) == 3 and path[0] == "CancellationReasons" and path[2] == "Message":
            text = "CancellationReasons.%s.Message: ddbemu %s | local %s" % (
                path[1], template(a) if isinstance(a, str) else a,
                template(b) if isinstance(b, str) else b)
            if text not in out:
                out.append(text)
        else:
            rest.append((path, a, b))
    return sorted(out) + diff_categories(rest)


def compare_answers(e, l):
    """Difference between two single answers (Answer objects), or None."""
    if e.ok != l.ok:
        return Difference("outcome", None, e.body, l.body, e.request)
    if not e.ok:
        if e.body.get("code") != l.body.get("code"):
            return Difference("error-code", None, e.body, l.body, e.request)
        if e.body.get("message") != l.body.get("message"):
            if _lists_sorted(e.body.get("message")) == _lists_sorted(l.body.get("message")):
                return Difference("error-message-order", None, e.body, l.body, e.request)
            return Difference("error-message", None, e.body, l.body, e.request)
        if e.body.get("status") != l.body.get("status"):
            return Difference("error-status", None, e.body, l.body, e.request)
        diffs = json_diff(e.body, l.body)
        if diffs:
            return Difference("error-detail", _reason_details(_name_reasons(diffs, e.body)),
                              e.body, l.body, e.request)
        return None
    diffs = json_diff(e.body, l.body)
    if diffs:
        details = [d + capacity_context(e.request, e.body) if d.startswith("ConsumedCapacity")
                   else d for d in diff_categories(diffs)]
        return Difference("response", details, e.body, l.body, e.request)
    return None


def capacity_context(request, body):
    """A note on what a request whose ConsumedCapacity differs read or wrote."""
    notes = []
    if body.get("ScannedCount") == 0:
        notes.append("empty page")
    if "RequestItems" in request and "Responses" in body:
        wanted = sum(len(e.get("Keys", [])) for e in request["RequestItems"].values())
        found = sum(len(v) for v in body["Responses"].values())
        if found < wanted:
            notes.append("keys without items")
    if "RequestItems" in request and "UnprocessedItems" in body:
        if any("DeleteRequest" in r for rs in request["RequestItems"].values() for r in rs):
            notes.append("batch with DeleteRequest")
    return " [%s]" % ", ".join(notes) if notes else ""


_LIST = re.compile(r"([\[{])([^\[\]{}]*)([\]}])")


def _lists_sorted(message):
    """The message with the members of every innermost bracketed list sorted."""
    if not isinstance(message, str):
        return message
    return _LIST.sub(lambda m: m.group(1) + ", ".join(sorted(
        x.strip() for x in m.group(2).split(","))) + m.group(3), message)


def _page_summary(pages):
    return [a.body if not a.ok else {k: v for k, v in a.body.items() if k != "Items"}
            for a in pages]


def _first_error_difference(runs_e, runs_l):
    for run_e, run_l in zip(runs_e, runs_l):
        for i, (e, l) in enumerate(zip(run_e, run_l)):
            if e.ok != l.ok or (not e.ok and not l.ok):
                d = compare_answers(e, l)
                if d is not None:
                    d.page = i
                return d
    return None


def _items(run):
    out = []
    for a in run:
        if a.ok:
            out.extend(a.body.get("Items", []))
    return out


def _total(runs, member):
    return sum(a.body.get(member, 0) for run in runs for a in run if a.ok)


def _tie_groups(items, order_keys):
    groups = []
    for it in items:
        k = json.dumps([it.get(n) for n in order_keys], sort_keys=True)
        if groups and groups[-1][0] == k:
            groups[-1][1].append(it)
        else:
            groups.append((k, [it]))
    return [(k, sorted(g, key=item_sort_key)) for k, g in groups]


def _items_difference(kind_detail, items_e, items_l, request):
    return Difference("items", kind_detail, {"Items": items_e}, {"Items": items_l}, request)


def _same_key_pair(only_e, only_l):
    """The first pair of unmatched items with the same pk / sk values, or None."""
    for x in only_e:
        for y in only_l:
            if x.get("pk") == y.get("pk") and x.get("sk") == y.get("sk"):
                return x, y
    return None


def _multiset_difference(items_e, items_l, request, what):
    se = sorted(items_e, key=item_sort_key)
    sl = sorted(items_l, key=item_sort_key)
    if se == sl:
        return None
    ke = [item_sort_key(x) for x in se]
    kl = [item_sort_key(x) for x in sl]
    only_e = [x for x, k in zip(se, ke) if k not in kl]
    only_l = [x for x, k in zip(sl, kl) if k not in ke]
    detail = "%s differ as a multiset" % what
    if not only_e and not only_l:
        detail += " (same items, different multiplicity)"
    elif not only_e:
        detail += " (items only on local)"
    elif not only_l:
        detail += " (items only on ddbemu)"
    else:
        pair = _same_key_pair(only_e, only_l)
        if pair:
            detail += " (same key, %s)" % _diff_detail(json_diff(*pair))
        else:
            detail += " (items on both sides unmatched)"
    return Difference("items", detail, {"only_ddbemu": only_e[:5], "count": len(se)},
                      {"only_local": only_l[:5], "count": len(sl)}, request)


def compare_op(op, runs_e, runs_l):
    if op.mode == "single" or op.mode == "query":
        for i in range(max(len(runs_e[0]), len(runs_l[0]))):
            if i >= len(runs_e[0]) or i >= len(runs_l[0]):
                return Difference("pages", None, _page_summary(runs_e[0]),
                                  _page_summary(runs_l[0]), runs_e[0][0].request)
            d = compare_answers(runs_e[0][i], runs_l[0][i])
            if d is not None:
                d.page = i
                return d
        return None

    d = _first_error_difference(runs_e, runs_l)
    if d is not None:
        return d
    request = runs_e[0][0].request
    if op.mode == "scan-segments":
        for member in ("Count", "ScannedCount"):
            if _total(runs_e, member) != _total(runs_l, member):
                return Difference("page-shape", "total %s over all segments" % member,
                                  _total(runs_e, member), _total(runs_l, member), request)
        items_e = [x for run in runs_e for x in _items(run)]
        items_l = [x for run in runs_l for x in _items(run)]
        return _multiset_difference(items_e, items_l, request, "items of all segments")

    run_e, run_l = runs_e[0], runs_l[0]
    for i, (e, l) in enumerate(zip(run_e, run_l)):
        be, bl = e.body, l.body
        if be.get("ScannedCount") != bl.get("ScannedCount"):
            return Difference("page-shape", "ScannedCount", be.get("ScannedCount"),
                              bl.get("ScannedCount"), e.request, page=i)
        if ("LastEvaluatedKey" in be) != ("LastEvaluatedKey" in bl):
            return Difference("page-shape", "LastEvaluatedKey (only %s)" % (
                "ddbemu" if "LastEvaluatedKey" in be else "local"),
                {k: v for k, v in be.items() if k != "Items"},
                {k: v for k, v in bl.items() if k != "Items"}, e.request, page=i)
        if op.mode == "query-index" and "LastEvaluatedKey" in be:
            ke = {k: be["LastEvaluatedKey"].get(k) for k in op.order_keys}
            kl = {k: bl["LastEvaluatedKey"].get(k) for k in op.order_keys}
            if ke != kl or sorted(be["LastEvaluatedKey"]) != sorted(bl["LastEvaluatedKey"]):
                return Difference("page-shape", "LastEvaluatedKey index-key part or members",
                                  be["LastEvaluatedKey"], bl["LastEvaluatedKey"], e.request,
                                  page=i)
        if be.get("ConsumedCapacity") != bl.get("ConsumedCapacity"):
            return Difference("response", _diff_detail(json_diff(
                {"ConsumedCapacity": be.get("ConsumedCapacity")},
                {"ConsumedCapacity": bl.get("ConsumedCapacity")})) +
                capacity_context(e.request, be), be.get("ConsumedCapacity"),
                bl.get("ConsumedCapacity"), e.request, page=i)
        extra = set(be) ^ set(bl)
        if extra:
            return Difference("response", "members " + ", ".join(sorted(extra)),
                              sorted(be), sorted(bl), e.request, page=i)
    if len(run_e) != len(run_l):
        return Difference("pages", None, _page_summary(run_e), _page_summary(run_l), request)
    if _total(runs_e, "Count") != _total(runs_l, "Count"):
        return Difference("page-shape", "total Count", _total(runs_e, "Count"),
                          _total(runs_l, "Count"), request)
    items_e, items_l = _items(run_e), _items(run_l)
    if op.mode == "query-index":
        ge = _tie_groups(items_e, op.order_keys)
        gl = _tie_groups(items_l, op.order_keys)
        if ge != gl:
            if sorted(items_e, key=item_sort_key) == sorted(items_l, key=item_sort_key):
                return _items_difference("index query order (beyond ties)", items_e, items_l,
                                         request)
            return _multiset_difference(items_e, items_l, request, "index query items")
        return None
    return _multiset_difference(items_e, items_l, request, "scan items")
