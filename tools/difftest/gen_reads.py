"""Generator mixin: Query (tables and indexes, every sort-key condition, direction, Limit,
filters, projections, Select, start keys) and Scan (Limit, filters, projections, segments)
requests, valid and invalid."""

from . import expressions, values
from .expressions import Placeholders
from .operation import GeneratedOp, order_value, top_level_names


class ReadOperations:
    """Mixed into generator.Generator, whose helpers (key, item, table, _condition,
    _mutate_key, _absent_table, ...) it uses."""

    def _range_condition(self, t, ph, name, type_, domain):
        """`sk < :v` and friends; returns the text."""
        rng = self.rng
        ops = ["=", "<", "<=", ">", ">=", "BETWEEN"] + (["begins_with"] if type_ != "N" else [])
        op = rng.choice(ops)
        token = ph.name(name)
        if op == "BETWEEN":
            a = values.key_value(rng, type_, domain)
            b = values.key_value(rng, type_, domain)
            if order_value(a) > order_value(b):
                a, b = b, a
            return "%s BETWEEN %s AND %s" % (token, ph.value(a), ph.value(b))
        if op == "begins_with":
            v = values.key_value(rng, type_, domain)
            raw = v[type_]
            prefix = raw[:rng.randint(1, max(1, len(raw)))]
            return "begins_with(%s, %s)" % (token, ph.value({type_: prefix}))
        v = ph.value(values.key_value(rng, type_, domain))
        if rng.random() < 0.1:
            flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(op, op)
            return "%s %s %s" % (v, flipped, token)
        return "%s %s %s" % (token, op, v)

    def gen_Query(self, i):
        rng, t = self.rng, self.table()
        index = None
        if t.indexes and rng.random() < 0.5:
            index = rng.choice(t.indexes)
        keys = index.keys if index else t.keys
        ph = Placeholders(rng)
        params = {"TableName": t.name}
        if index:
            params["IndexName"] = index.name
        hname, htype = keys.hash
        hdomain = self._domain(t, hname)
        parts = ["%s = %s" % (ph.name(hname), ph.value(values.key_value(rng, htype, hdomain)))]
        if keys.range and rng.random() < 0.7:
            rname, rtype = keys.range
            parts.append(self._range_condition(t, ph, rname, rtype, self._domain(t, rname)))
            if rng.random() < 0.15:
                parts.reverse()
        params["KeyConditionExpression"] = " AND ".join(parts)
        if rng.random() < 0.6:
            params["ScanIndexForward"] = rng.random() < 0.5
        if rng.random() < 0.5:
            params["Limit"] = rng.randint(1, 4)
        key_attrs = set(t.keys.names()) | set(keys.names())
        filter_attrs = [a for a in self._attrs(t) if a not in key_attrs]
        projected = index.projected(t.keys) if index else None
        if rng.random() < 0.3:
            pool = filter_attrs
            if projected is not None and rng.random() < 0.85:
                pool = [a for a in filter_attrs if a in projected] or filter_attrs
            params["FilterExpression"] = expressions.random_condition(
                rng, ph, pool, self._index_types(t))
        if rng.random() < 0.25:
            pool = self._attrs(t) + t.keys.names()
            if projected is not None and index.kind == "GSI" and rng.random() < 0.8:
                pool = sorted(projected)
            params["ProjectionExpression"] = expressions.random_projection(rng, ph, pool)
        elif rng.random() < 0.15:
            params["Select"] = rng.choice(["COUNT", "ALL_ATTRIBUTES"] +
                                          (["ALL_PROJECTED_ATTRIBUTES"] if index else []))
            if params["Select"] == "ALL_ATTRIBUTES" and index and index.kind == "GSI" and \
                    index.projection != "ALL":
                params["Select"] = "COUNT"
        if rng.random() < 0.15 and not (index and index.kind == "GSI"):
            params["ConsistentRead"] = True
        self._capacity(params, 0.1)
        if not index and t.keys.range and rng.random() < 0.1:
            params["ExclusiveStartKey"] = {
                hname: ph.values[":v0"],
                t.keys.range[0]: values.key_value(rng, t.keys.range[1], values.RANGE_DOMAIN)}
        tag = "valid"
        if self._invalid():
            tag = self._mutate_query(t, index, keys, params, ph, filter_attrs)
        ph.apply(params)
        # A mutated request may still be valid: compare it by what it reads, like any other.
        mode = "query-index" if "IndexName" in params else "query"
        return GeneratedOp(i, "Query", params, mode=mode, tag=tag,
                           order_keys=keys.names() if index else None)

    def _mutate_query(self, t, index, keys, params, ph, filter_attrs):
        rng = self.rng
        hname, htype = keys.hash
        choice = rng.random()
        if choice < 0.22:
            for k in ("FilterExpression", "ProjectionExpression", "ExclusiveStartKey"):
                params.pop(k, None)
            ph.values.clear()
            ph.names.clear()
        if choice < 0.12:
            params["KeyConditionExpression"] = "%s = :h" % hname
            ph.values[":h"] = values.wrong_type_value(rng, htype)
            return "query-hash-wrong-type"
        if choice < 0.22:
            if keys.range:
                rname, rtype = keys.range
                params["KeyConditionExpression"] = "%s = :r" % rname
                ph.values[":r"] = values.key_value(rng, rtype, self._domain(t, rname))
            else:
                params["KeyConditionExpression"] = "a = :r"
                ph.values[":r"] = {"S": "x"}
            return "query-no-hash-condition"
        if choice < 0.30:
            params["KeyConditionExpression"] += " AND a = :a"
            ph.values[":a"] = {"S": "x"}
            return "query-non-key-condition"
        if choice < 0.38 and keys.range:
            rname, rtype = keys.range
            hv = values.key_value(rng, htype, self._domain(t, hname))
            ph.values.clear()
            ph.names.clear()
            params.pop("FilterExpression", None)
            params.pop("ProjectionExpression", None)
            params.pop("ExclusiveStartKey", None)
            ph.values[":h"] = hv
            if rtype == "N" or rng.random() < 0.4:
                params["KeyConditionExpression"] = "%s = :h AND begins_with(%s, :p)" % (
                    hname, rname)
                ph.values[":p"] = {"N": "1"} if rtype != "N" else {"S": "1"}
                return "query-begins-with-type"
            lo = values.key_value(rng, rtype, self._domain(t, rname))
            hi = values.key_value(rng, rtype, self._domain(t, rname))
            if order_value(lo) < order_value(hi):
                lo, hi = hi, lo
            elif order_value(lo) == order_value(hi):
                lo, hi = {rtype: values.RANGE_DOMAIN[rtype][-1] if rtype != "N" else "100"}, \
                    {rtype: values.RANGE_DOMAIN[rtype][0] if rtype != "N" else "-5"}
            params["KeyConditionExpression"] = "%s = :h AND %s BETWEEN :lo AND :hi" % (hname,
                                                                                    rname)
            ph.values[":lo"], ph.values[":hi"] = lo, hi
            return "query-between-inverted"
        if choice < 0.46:
            key_name = rng.choice(keys.names() + t.keys.names())
            params["FilterExpression"] = "attribute_exists(%s)" % key_name
            return "query-filter-on-key"
        if choice < 0.52:
            params["Limit"] = rng.choice([0, -1])
            return "query-limit"
        if choice < 0.58:
            params["IndexName"] = "nope"
            return "query-missing-index"
        if choice < 0.66 and index and index.kind == "GSI":
            params["ConsistentRead"] = True
            return "query-consistent-gsi"
        if choice < 0.72 and index and index.projection != "ALL" and index.kind == "GSI":
            params.pop("Select", None)
            params["ProjectionExpression"] = "a, m, l, bin"
            return "query-gsi-non-projected"
        if choice < 0.77:
            params["Select"] = rng.choice(["SPECIFIC_ATTRIBUTES", "BOGUS",
                                           "ALL_PROJECTED_ATTRIBUTES"])
            if params["Select"] == "SPECIFIC_ATTRIBUTES":
                params.pop("ProjectionExpression", None)
            return "query-select"
        if choice < 0.82:
            params["TableName"], tag = self._absent_table()
            return tag
        target = "FilterExpression" if rng.random() < 0.5 else "KeyConditionExpression"
        if target == "FilterExpression" and "FilterExpression" not in params:
            params["FilterExpression"] = expressions.random_condition(
                rng, ph, filter_attrs, self._index_types(t))
        return "query-" + expressions.corrupt(rng, params, target, ph)

    # ------------------------------------------------------------------ Scan

    def gen_Scan(self, i):
        rng, t = self.rng, self.table()
        index = rng.choice(t.indexes) if t.indexes and rng.random() < 0.4 else None
        params = {"TableName": t.name}
        if index:
            params["IndexName"] = index.name
        ph = Placeholders(rng)
        if rng.random() < 0.5:
            params["Limit"] = rng.randint(1, 6)
        if rng.random() < 0.4:
            params["FilterExpression"] = self._condition(t, ph)
        projected = index.projected(t.keys) if index else None
        if rng.random() < 0.2:
            pool = self._attrs(t) + t.keys.names()
            if projected is not None and index.kind == "GSI" and rng.random() < 0.8:
                pool = sorted(projected)
            params["ProjectionExpression"] = expressions.random_projection(rng, ph, pool)
        elif rng.random() < 0.1:
            params["Select"] = "COUNT"
        if rng.random() < 0.1 and not (index and index.kind == "GSI"):
            params["ConsistentRead"] = True
        self._capacity(params, 0.08)
        total_segments = None
        if rng.random() < 0.2:
            total_segments = rng.randint(1, 4)
            params["TotalSegments"] = total_segments
        tag = "valid"
        if self._invalid():
            choice = rng.random()
            params.pop("TotalSegments", None)
            total_segments = None
            if choice < 0.2:
                params["Segment"] = rng.randint(0, 2)
                tag = "scan-segment-alone"
            elif choice < 0.35:
                params["TotalSegments"] = rng.randint(1, 3)
                tag = "scan-total-segments-alone"
            elif choice < 0.5:
                n = rng.randint(1, 3)
                params["TotalSegments"] = n
                params["Segment"] = rng.choice([n, n + 1, -1])
                tag = "scan-segment-out-of-range"
            elif choice < 0.6:
                params["Limit"] = 0
                tag = "scan-limit"
            elif choice < 0.7 and index and index.kind == "GSI":
                params["ConsistentRead"] = True
                tag = "scan-consistent-gsi"
            elif choice < 0.8:
                params["TableName"], tag = self._absent_table()
            else:
                params.setdefault("FilterExpression", self._condition(t, ph))
                tag = "scan-" + expressions.corrupt(rng, params, "FilterExpression", ph)
        ph.apply(params)
        if "Segment" in params or ("TotalSegments" in params and not total_segments):
            mode = "single"        # the request's own (invalid) segment parameters
        elif total_segments:
            mode = "scan-segments"
        else:
            mode = "scan"
        note = ""
        if projected is not None and "FilterExpression" in params and not (
                top_level_names(params["FilterExpression"], ph.names) <= projected):
            note = " [filter names attributes the index does not project]"
        return GeneratedOp(i, "Scan", params, mode=mode, tag=tag,
                           total_segments=total_segments, note=note)
