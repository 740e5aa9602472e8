"""Generator mixin: BatchGetItem, BatchWriteItem, TransactWriteItems and TransactGetItems
requests over several tables, valid and invalid (duplicate keys, bad keys and items, missing
tables, broken expressions)."""

from . import expressions
from .expressions import Placeholders
from .operation import GeneratedOp, canonical_key


class MultiItemOperations:
    """Mixed into generator.Generator, whose helpers (key, item, table, _condition,
    _mutate_key, _absent_table, ...) it uses."""

    def gen_BatchGetItem(self, i):
        rng = self.rng
        tables = rng.sample(self.specs, rng.randint(1, 2))
        request = {}
        for t in tables:
            entry = {"Keys": self.distinct_keys(t, rng.randint(1, 5))}
            if rng.random() < 0.3:
                ph = Placeholders(rng)
                entry["ProjectionExpression"] = expressions.random_projection(
                    rng, ph, self._attrs(t) + t.keys.names())
                if ph.names:
                    entry["ExpressionAttributeNames"] = dict(ph.names)
            if rng.random() < 0.3:
                entry["ConsistentRead"] = rng.random() < 0.5
            request[t.name] = entry
        params = {"RequestItems": request}
        self._capacity(params)
        tag = "valid"
        if self._invalid():
            t = tables[0]
            entry = request[t.name]
            choice = rng.random()
            if choice < 0.35:
                entry["Keys"].append(dict(entry["Keys"][0]))
                tag = "batch-duplicate-key"
            elif choice < 0.7:
                tag = "batch-" + self._mutate_key(t, entry["Keys"][-1])
            elif choice < 0.85:
                name, tag = self._absent_table()
                request[name] = {"Keys": [{"pk": {"S": "a"}}]}
            else:
                entry["ProjectionExpression"] = entry.get("ProjectionExpression", "a") + ", #zz"
                tag = "batch-undefined-name"
        return GeneratedOp(i, "BatchGetItem", params, tag=tag)

    def gen_BatchWriteItem(self, i):
        rng = self.rng
        tables = rng.sample(self.specs, rng.randint(1, 2))
        request, touched = {}, []
        for t in tables:
            entries = []
            for key in self.distinct_keys(t, rng.randint(1, 5)):
                touched.append((t.name, key))
                if rng.random() < 0.7:
                    entries.append({"PutRequest": {"Item": self.item(t, key)}})
                else:
                    entries.append({"DeleteRequest": {"Key": dict(key)}})
            request[t.name] = entries
        params = {"RequestItems": request}
        self._capacity(params)
        if rng.random() < 0.03:
            params["ReturnItemCollectionMetrics"] = "SIZE"
        tag = "valid"
        if self._invalid():
            t = tables[0]
            entries = request[t.name]
            choice = rng.random()
            first = entries[0]
            if choice < 0.3:
                key = (first.get("PutRequest", {}).get("Item") or
                       first["DeleteRequest"]["Key"])
                dup_key = {n: key[n] for n in t.keys.names()}
                entries.append({"DeleteRequest": {"Key": dup_key}})
                tag = "batch-duplicate-key"
            elif choice < 0.7:
                if "PutRequest" in first:
                    tag = "batch-" + self._mutate_item(t, first["PutRequest"]["Item"])
                else:
                    tag = "batch-" + self._mutate_key(t, first["DeleteRequest"]["Key"])
            elif choice < 0.85:
                name, tag = self._absent_table()
                request[name] = [{"DeleteRequest": {"Key": {"pk": {"S": "a"}}}}]
            else:
                entries.append({"PutRequest": {}})
                tag = "batch-empty-put"
        return GeneratedOp(i, "BatchWriteItem", params, touched=touched, tag=tag)

    # ------------------------------------------------------------------ transactions

    def _transact_targets(self, count):
        """`count` distinct (table, key) pairs."""
        out, seen = [], set()
        for _ in range(count * 4):
            t = self.table()
            k = self.key(t)
            c = (t.name, canonical_key(k))
            if c not in seen:
                seen.add(c)
                out.append((t, k))
            if len(out) == count:
                break
        return out

    def gen_TransactWriteItems(self, i):
        rng = self.rng
        actions, touched = [], []
        for t, key in self._transact_targets(rng.choice([1, 1, 2, 2, 3, 4])):
            touched.append((t.name, key))
            ph = Placeholders(rng)
            kind = rng.choices(["Put", "Update", "Delete", "ConditionCheck"], [5, 4, 2, 1])[0]
            if kind == "Put":
                body = {"TableName": t.name, "Item": self.item(t, key)}
            else:
                body = {"TableName": t.name, "Key": dict(key)}
            if kind == "Update":
                body["UpdateExpression"] = expressions.random_update(
                    rng, ph, self._attrs(t), self._index_types(t), t.keys.names())
            if kind == "ConditionCheck" or rng.random() < 0.2:
                body["ConditionExpression"] = self._condition(t, ph)
                if rng.random() < 0.3:
                    body["ReturnValuesOnConditionCheckFailure"] = "ALL_OLD"
            ph.apply(body)
            actions.append({kind: body})
        params = {"TransactItems": actions}
        self._capacity(params)
        tag = "valid"
        if self._invalid():
            choice = rng.random()
            (kind, body), = actions[0].items()
            if choice < 0.25:
                key = {n: (body.get("Key") or body["Item"])[n]
                       for n in self._spec(body["TableName"]).keys.names()}
                actions.append({"ConditionCheck": {
                    "TableName": body["TableName"], "Key": key,
                    "ConditionExpression": "attribute_exists(a)"}})
                tag = "transact-duplicate-item"
            elif choice < 0.5:
                t = self._spec(body["TableName"])
                if kind == "Put":
                    tag = "transact-" + self._mutate_item(t, body["Item"])
                else:
                    tag = "transact-" + self._mutate_key(t, body["Key"])
            elif choice < 0.7:
                ph = Placeholders(rng)
                ph.names.update(body.get("ExpressionAttributeNames", {}))
                ph.values.update(body.get("ExpressionAttributeValues", {}))
                target = "UpdateExpression" if kind == "Update" else "ConditionExpression"
                body.setdefault(target, "attribute_exists(a)")
                tag = "transact-" + expressions.corrupt(rng, body, target, ph)
                body.pop("ExpressionAttributeNames", None)
                body.pop("ExpressionAttributeValues", None)
                ph.apply(body)
            elif choice < 0.8:
                body["TableName"], tag = self._absent_table()
            elif choice < 0.9 and kind == "Update":
                body["UpdateExpression"] = "SET n = n + :s"
                body["ExpressionAttributeValues"] = {":s": {"S": "1"}}
                body.pop("ExpressionAttributeNames", None)
                body.pop("ConditionExpression", None)
                tag = "transact-update-arith-literal-type"
            else:
                params["TransactItems"] = []
                tag = "transact-empty"
        return GeneratedOp(i, "TransactWriteItems", params, touched=touched, tag=tag)

    def gen_TransactGetItems(self, i):
        rng = self.rng
        gets = []
        for t, key in self._transact_targets(rng.randint(1, 5)):
            body = {"TableName": t.name, "Key": key}
            if rng.random() < 0.3:
                ph = Placeholders(rng)
                body["ProjectionExpression"] = expressions.random_projection(
                    rng, ph, self._attrs(t) + t.keys.names())
                if ph.names:
                    body["ExpressionAttributeNames"] = dict(ph.names)
            gets.append({"Get": body})
        params = {"TransactItems": gets}
        self._capacity(params)
        tag = "valid"
        if self._invalid():
            choice = rng.random()
            body = gets[0]["Get"]
            if choice < 0.4:
                tag = "transact-" + self._mutate_key(self._spec(body["TableName"]), body["Key"])
            elif choice < 0.6:
                gets.append({"Get": dict(body)})
                tag = "transact-duplicate-item"
            elif choice < 0.8:
                body["TableName"], tag = self._absent_table()
            else:
                body["ProjectionExpression"] = body.get("ProjectionExpression", "a") + ", #zz"
                tag = "transact-undefined-name"
        return GeneratedOp(i, "TransactGetItems", params, tag=tag)
