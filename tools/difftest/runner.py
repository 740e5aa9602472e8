"""The run loop for one seed: create the tables on both servers, send every generated operation
to both, compare, re-read the items a write touched and bring the two servers back in line when
they differ, and at the end compare every table and index in full.

Resynchronisation: after a write, the touched items are read back (consistent reads) from both
servers. If they differ, DynamoDB Local's item is written to ddbemu (ddbemu's deleted when Local
has none); if the two still differ (ddbemu refuses the item, or normalises it), ddbemu's item is
written to Local; failing that, the item is deleted on both. A difference in the stored item is
reported (kind `state`) only when the write's answers were the same, since otherwise the answer
difference already explains it."""

import sys
import time

from . import compare, executor, normalize, tables
from .buckets import Buckets, template
from .clients import TransportError
from .generator import Generator
from .operation import GeneratedOp, canonical_key

WRITE_OPERATIONS = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                    "TransactWriteItems"}


def _delete_only_update(expression):
    words = set(expression.upper().replace(",", " ").split())
    return "SET" not in words and "ADD" not in words


def _update_context(body):
    """A note on an update whose kind explains known behaviour, or ""."""
    expr = body.get("UpdateExpression")
    if expr is None:
        return " [update without UpdateExpression]"
    if _delete_only_update(expr):
        return " [update of REMOVE/DELETE only]"
    return ""


def op_context(op, key=None):
    """Context appended to non-error bucket details, so differences that only some kinds of
    update show fall into their own bucket."""
    if op.operation == "UpdateItem":
        return _update_context(op.params)
    if op.operation == "TransactWriteItems":
        notes = set()
        for action in op.params.get("TransactItems", []):
            (kind, body), = action.items()
            if kind != "Update":
                continue
            if key is not None and canonical_key(body.get("Key", {})) != canonical_key(key):
                continue
            note = _update_context(body)
            if note:
                notes.add(note)
        return "".join(sorted(notes))
    return ""


def _state_detail(op, key, e, l):
    if e is None:
        detail = "item after the write: only on local"
    elif l is None:
        detail = "item after the write: only on ddbemu"
    else:
        return ["item after the write: " + d + op_context(op, key) for d in
                compare.diff_categories(compare.json_diff({"Item": e}, {"Item": l}))]
    return detail + op_context(op, key)


class OperationStats:
    def __init__(self):
        self.by_op = {}
        self.errors = {}   # operation -> {error template: count}, errors both servers gave

    def add(self, operation, runs_e, runs_l, differs, invalid):
        s = self.by_op.setdefault(operation, {"ops": 0, "invalid_generated": 0, "both_ok": 0,
                                              "both_error": 0, "mixed": 0, "differing": 0,
                                              "requests": 0})
        s["ops"] += 1
        s["invalid_generated"] += int(invalid)
        oe = all(a.ok for run in runs_e for a in run)
        ol = all(a.ok for run in runs_l for a in run)
        if oe and ol:
            s["both_ok"] += 1
        elif not oe and not ol:
            s["both_error"] += 1
        else:
            s["mixed"] += 1
        s["differing"] += int(differs)
        s["requests"] += sum(len(run) for run in runs_e)
        if not oe and not ol and not differs:
            body = next(a.body for run in runs_e for a in run if not a.ok)
            text = "%s: %s" % (body.get("code"), template(body.get("message")))
            errors = self.errors.setdefault(operation, {})
            errors[text] = errors.get(text, 0) + 1

    def merge(self, other):
        for op, s in other.by_op.items():
            mine = self.by_op.setdefault(op, dict.fromkeys(s, 0))
            for k, v in s.items():
                mine[k] += v
        for op, errors in other.errors.items():
            mine = self.errors.setdefault(op, {})
            for k, v in errors.items():
                mine[k] = mine.get(k, 0) + v


class SeedRun:
    def __init__(self, seed, ops, ddbemu, local, invalid_rate, buckets=None, progress=True,
                 servers=()):
        self.seed = seed
        self.ops = ops
        self.clients = {"ddbemu": ddbemu, "local": local}
        self.specs = tables.table_specs()
        self.generator = Generator(seed, self.specs, invalid_rate)
        self.buckets = buckets if buckets is not None else Buckets()
        self.stats = OperationStats()
        self.progress = progress
        self.servers = servers
        self.resyncs = 0
        self.aborted = None
        self.elapsed = 0.0

    # ------------------------------------------------------------------ state checks

    def _read_items(self, client, table, keys):
        """{canonical key: normalised item or None}; None for the whole map on failure."""
        out = {}
        for key in keys:
            try:
                ok, body, _ = client.call("GetItem", {"TableName": table, "Key": key,
                                                      "ConsistentRead": True})
            except TransportError:
                return None
            if not ok:
                return None
            out[canonical_key(key)] = normalize.item(body.get("Item"))
        return out

    def _check_state(self, op, answers_differed):
        by_table = {}
        for table, key in op.touched:
            keys = by_table.setdefault(table, {})
            keys.setdefault(canonical_key(key), key)
        for table, keys in by_table.items():
            key_list = list(keys.values())
            items_e = self._read_items(self.clients["ddbemu"], table, key_list)
            items_l = self._read_items(self.clients["local"], table, key_list)
            if items_e is None or items_l is None:
                continue
            for ck, key in keys.items():
                e, l = items_e.get(ck), items_l.get(ck)
                if e == l:
                    continue
                if not answers_differed:
                    diff = compare.Difference(
                        "state", _state_detail(op, key, e, l), {"table": table, "Item": e},
                        {"table": table, "Item": l}, op.params)
                    for part in diff.parts():
                        self.buckets.add(op.operation, op, part, self.seed)
                self._resync(table, key, l)

    def _write_item(self, client, table, key, item):
        if item is None:
            ok, _, _ = client.call("DeleteItem", {"TableName": table, "Key": key})
        else:
            ok, _, _ = client.call("PutItem", {"TableName": table,
                                               "Item": normalize.raw_key(item)})
        return ok

    def _both_now(self, table, key):
        """(ddbemu's item, Local's item, equal?) as stored now."""
        e = self._read_items(self.clients["ddbemu"], table, [key])
        l = self._read_items(self.clients["local"], table, [key])
        if e is None or l is None:
            return None, None, False
        ck = canonical_key(key)
        return e.get(ck), l.get(ck), e == l

    def _resync(self, table, key, l_item):
        """Makes the item equal on both servers: Local's item onto ddbemu, else ddbemu's (as it
        stores it then) onto Local (e.g. when Local keeps a number spelling ddbemu normalises),
        else delete it on both."""
        self.resyncs += 1
        emu, loc = self.clients["ddbemu"], self.clients["local"]
        try:
            self._write_item(emu, table, key, l_item)
            e_now, _, same = self._both_now(table, key)
            if same:
                return
            if self._write_item(loc, table, key, e_now) and self._both_now(table, key)[2]:
                return
            for client in (emu, loc):
                client.call("DeleteItem", {"TableName": table, "Key": key})
        except TransportError:
            pass

    # ------------------------------------------------------------------ final contents

    def _scan_all(self, client, params):
        items, pages = [], executor.paginate(client, "Scan", params)
        for a in pages:
            if not a.ok:
                return None, a.body
            items.extend(a.body.get("Items", []))
        return items, None

    def compare_final_contents(self):
        for spec in self.specs:
            targets = [(spec.name, None)] + [(spec.name, ix.name) for ix in spec.indexes]
            for table, index in targets:
                params = {"TableName": table}
                if index:
                    params["IndexName"] = index
                else:
                    params["ConsistentRead"] = True
                items_e, err_e = self._scan_all(self.clients["ddbemu"], params)
                items_l, err_l = self._scan_all(self.clients["local"], params)
                what = spec.name[len(tables.TABLE_PREFIX):] + (
                    "/" + index + " (%s %s)" % (spec.index(index).kind,
                                                spec.index(index).projection) if index else "")
                op = GeneratedOp(-1, "FinalScan", params, mode="scan", tag="final")
                if err_e or err_l:
                    if err_e != err_l:
                        self.buckets.add("FinalScan", op, compare.Difference(
                            "final-contents", "scan failed: " + what, err_e, err_l, params),
                            self.seed)
                    continue
                d = compare._multiset_difference(items_e, items_l, params,
                                                 "final contents of " + what)
                if d is not None:
                    d.kind = "final-contents"
                    self.buckets.add("FinalScan", op, d, self.seed)

    # ------------------------------------------------------------------ main loop

    def _servers_alive(self):
        return all(s.alive() for s in self.servers)

    def run(self):
        start = time.monotonic()
        for client in self.clients.values():
            tables.create_tables(client, self.specs)
        for n in range(self.ops):
            op = self.generator.next_op()
            runs_e = executor.execute(self.clients["ddbemu"], op)
            runs_l = executor.execute(self.clients["local"], op)
            diff = compare.compare_op(op, runs_e, runs_l)
            for part in diff.parts() if diff is not None else []:
                if not part.kind.startswith("error"):
                    part.detail = (part.detail or "") + op_context(op) + op.note
                self.buckets.add(op.operation, op, part, self.seed)
            self.stats.add(op.operation, runs_e, runs_l, diff is not None, op.invalid)
            transport = any(a.body.get("code") == "<transport>"
                            for runs in (runs_e, runs_l) for run in runs for a in run
                            if not a.ok)
            if transport and not self._servers_alive():
                self.aborted = "a server exited during operation %d (seed %d)" % (n, self.seed)
                break
            if op.operation in WRITE_OPERATIONS and op.touched:
                self._check_state(op, diff is not None)
            if self.progress and (n + 1) % 500 == 0:
                print("  seed %d: %d/%d operations, %d buckets, %.0f s" % (
                    self.seed, n + 1, self.ops, len(self.buckets.by_key),
                    time.monotonic() - start), file=sys.stderr, flush=True)
        if self.aborted is None:
            self.compare_final_contents()
            for client in self.clients.values():
                tables.delete_tables(client, self.specs)
        self.elapsed = time.monotonic() - start
        return self
