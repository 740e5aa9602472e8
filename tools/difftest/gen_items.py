"""Generator mixin: PutItem, UpdateItem, DeleteItem and GetItem requests, valid and invalid
(mutations of keys, items, expressions, ReturnValues, table names)."""

from . import expressions, values
from .expressions import Placeholders
from .operation import GeneratedOp


class ItemOperations:
    """Mixed into generator.Generator, whose helpers (key, item, table, _condition,
    _mutate_key, _absent_table, ...) it uses."""

    def gen_PutItem(self, i):
        rng, t = self.rng, self.table()
        key = self.key(t)
        item = self.item(t, key)
        params = {"TableName": t.name, "Item": item}
        ph = Placeholders(rng)
        if rng.random() < 0.35:
            params["ConditionExpression"] = self._condition(t, ph)
            if rng.random() < 0.25:
                params["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        r = rng.random()
        if r < 0.4:
            params["ReturnValues"] = "ALL_OLD"
        elif r < 0.5:
            params["ReturnValues"] = "NONE"
        self._capacity(params)
        if t.lsis and rng.random() < 0.03:
            params["ReturnItemCollectionMetrics"] = "SIZE"
        tag = "valid"
        if self._invalid():
            choice = rng.random()
            if choice < 0.45:
                tag = self._mutate_item(t, item)
            elif choice < 0.7 and "ConditionExpression" in params:
                tag = expressions.corrupt(rng, params, "ConditionExpression", ph)
            elif choice < 0.8:
                params["ReturnValues"] = rng.choice(["ALL_NEW", "UPDATED_OLD", "BOGUS"])
                tag = "return-values"
            elif choice < 0.9:
                params["TableName"], tag = self._absent_table()
            else:
                ph.values[":x"] = {"S": "x"}
                params.pop("ConditionExpression", None)
                tag = "values-without-expression"
        ph.apply(params)
        return GeneratedOp(i, "PutItem", params, touched=[(t.name, key)], tag=tag)

    def gen_UpdateItem(self, i):
        rng, t = self.rng, self.table()
        key = self.key(t)
        params = {"TableName": t.name, "Key": dict(key)}
        ph = Placeholders(rng)
        attrs = self._attrs(t)
        if rng.random() < 0.95:
            params["UpdateExpression"] = expressions.random_update(
                rng, ph, attrs, self._index_types(t), t.keys.names())
        if rng.random() < 0.3:
            params["ConditionExpression"] = self._condition(t, ph)
            if rng.random() < 0.25:
                params["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        if rng.random() < 0.6:
            params["ReturnValues"] = rng.choice(["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW",
                                                 "UPDATED_NEW"])
        self._capacity(params)
        if t.lsis and rng.random() < 0.03:
            params["ReturnItemCollectionMetrics"] = "SIZE"
        tag = "valid"
        if self._invalid():
            tag = self._mutate_update(t, params, ph)
        ph.apply(params)
        return GeneratedOp(i, "UpdateItem", params, touched=[(t.name, key)], tag=tag)

    def _mutate_update(self, t, params, ph):
        rng = self.rng
        expr = params.get("UpdateExpression", "SET a = :k0")
        if "UpdateExpression" not in params:
            ph.values[":k0"] = {"S": "k"}
        choice = rng.random()
        if choice < 0.12:
            return "update-" + self._mutate_key(t, params["Key"])
        if choice < 0.22:
            name = rng.choice(t.keys.names())
            params["UpdateExpression"] = "SET %s = :kk" % name if rng.random() < 0.5 \
                else expr + " REMOVE %s" % name if "REMOVE" not in expr else expr + ", " + name
            ph.values[":kk"] = values.key_value(rng, t.keys.types()[name],
                                                self._domain(t, name))
            return "update-key-attribute"
        if choice < 0.32:
            top = rng.choice(["m", "l", "a"])
            sub = ".x" if top != "l" else "[0]"
            params["UpdateExpression"] = "SET %s = :o1, %s%s = :o2" % (top, top, sub)
            ph.values[":o1"] = values.random_value(rng, "M")
            ph.values[":o2"] = values.random_value(rng, "N")
            for k in list(ph.values):
                if k not in (":o1", ":o2"):
                    del ph.values[k]
            ph.names.clear()
            params.pop("ConditionExpression", None)
            return "update-overlap"
        if choice < 0.42:
            op = rng.choice(["ADD", "DELETE"])
            operand = values.random_value(rng, rng.choice(["S", "L", "M", "BOOL", "B"] +
                                                          (["N"] if op == "DELETE" else [])))
            params["UpdateExpression"] = "%s %s :bad" % (op, rng.choice(["n", "ss", "zz"]))
            ph.values.clear()
            ph.names.clear()
            ph.values[":bad"] = operand
            params.pop("ConditionExpression", None)
            return "update-operand-type"
        if choice < 0.50:
            params["UpdateExpression"] = "SET n = n + :s"
            ph.values.clear()
            ph.names.clear()
            ph.values[":s"] = {"S": "1"}
            params.pop("ConditionExpression", None)
            return "update-arith-literal-type"
        if choice < 0.60:
            params["UpdateExpression"] = "SET a = :bad"
            ph.values.clear()
            ph.names.clear()
            ph.values[":bad"] = values.invalid_value(rng)
            params.pop("ConditionExpression", None)
            return "update-bad-value"
        if choice < 0.68:
            params["ReturnValues"] = rng.choice(["BOGUS", "all_new"])
            return "return-values"
        if choice < 0.74:
            params["TableName"], tag = self._absent_table()
            return tag
        target = "ConditionExpression" if "ConditionExpression" in params and \
            rng.random() < 0.3 else "UpdateExpression"
        params.setdefault("UpdateExpression", expr)
        return "update-" + expressions.corrupt(rng, params, target, ph)

    def gen_DeleteItem(self, i):
        rng, t = self.rng, self.table()
        key = self.key(t)
        params = {"TableName": t.name, "Key": dict(key)}
        ph = Placeholders(rng)
        if rng.random() < 0.35:
            params["ConditionExpression"] = self._condition(t, ph)
            if rng.random() < 0.25:
                params["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
        if rng.random() < 0.5:
            params["ReturnValues"] = rng.choice(["NONE", "ALL_OLD"])
        self._capacity(params)
        tag = "valid"
        if self._invalid():
            choice = rng.random()
            if choice < 0.45:
                tag = self._mutate_key(t, params["Key"])
            elif choice < 0.7 and "ConditionExpression" in params:
                tag = expressions.corrupt(rng, params, "ConditionExpression", ph)
            elif choice < 0.85:
                params["ReturnValues"] = rng.choice(["ALL_NEW", "UPDATED_NEW", "BOGUS"])
                tag = "return-values"
            else:
                params["TableName"], tag = self._absent_table()
        ph.apply(params)
        return GeneratedOp(i, "DeleteItem", params, touched=[(t.name, key)], tag=tag)

    def gen_GetItem(self, i):
        rng, t = self.rng, self.table()
        params = {"TableName": t.name, "Key": self.key(t)}
        ph = Placeholders(rng)
        if rng.random() < 0.35:
            params["ProjectionExpression"] = expressions.random_projection(
                rng, ph, self._attrs(t) + t.keys.names())
        if rng.random() < 0.5:
            params["ConsistentRead"] = rng.random() < 0.5
        self._capacity(params)
        tag = "valid"
        if self._invalid():
            choice = rng.random()
            if choice < 0.55:
                tag = self._mutate_key(t, params["Key"])
            elif choice < 0.85:
                params.setdefault("ProjectionExpression", "a")
                tag = expressions.corrupt(rng, params, "ProjectionExpression", ph)
            else:
                params["TableName"], tag = self._absent_table()
        ph.apply(params)
        return GeneratedOp(i, "GetItem", params, tag=tag)
