"""The seeded operation generator.

`Generator(seed, specs).next_op()` returns the next `GeneratedOp`: the operation name, its
request parameters, how its answers are compared (`mode`), and the item keys a write may have
touched (`touched`), which the runner re-reads on both servers afterwards. The sequence depends
only on the seed, never on the servers' answers.

Most requests are valid; a share (`invalid_rate`) gets one mutation that makes it invalid
(wrong key types, bad values, broken expressions, bad parameters, missing tables, duplicate
keys). Conditions fail often without any mutation, because they test random state."""

import random

from . import expressions, values
from .gen_items import ItemOperations
from .gen_multi import MultiItemOperations
from .gen_reads import ReadOperations
from .operation import MALFORMED_TABLE_NAMES, MISSING_TABLE, canonical_key
from .tables import INDEX_KEY_TYPES

OPERATION_WEIGHTS = [
    ("PutItem", 15), ("UpdateItem", 18), ("DeleteItem", 6), ("GetItem", 10), ("Query", 16),
    ("Scan", 6), ("BatchGetItem", 5), ("BatchWriteItem", 6), ("TransactWriteItems", 7),
    ("TransactGetItems", 4),
]


class Generator(ItemOperations, ReadOperations, MultiItemOperations):
    def __init__(self, seed, specs, invalid_rate=0.12):
        self.rng = random.Random(seed)
        self.specs = specs
        self.invalid_rate = invalid_rate
        self.count = 0
        ops, weights = zip(*OPERATION_WEIGHTS)
        self._ops = ops
        self._weights = weights

    # ------------------------------------------------------------------ helpers

    def _domain(self, table, attr):
        if attr == table.keys.hash[0]:
            return values.HASH_DOMAIN
        if table.keys.range and attr == table.keys.range[0]:
            return values.RANGE_DOMAIN
        return values.INDEX_DOMAIN

    def _index_types(self, table):
        types = {}
        for ix in table.indexes:
            types.update({n: t for n, t in ix.keys.types().items()
                          if n not in table.keys.names()})
        return types

    def _attrs(self, table):
        return values.PLAIN_ATTRIBUTES + sorted(INDEX_KEY_TYPES)

    def key(self, table):
        rng = self.rng
        k = {table.keys.hash[0]: values.key_value(rng, table.keys.hash[1], values.HASH_DOMAIN)}
        if table.keys.range:
            k[table.keys.range[0]] = values.key_value(rng, table.keys.range[1],
                                                      values.RANGE_DOMAIN)
        return k

    def distinct_keys(self, table, count):
        out, seen = [], set()
        for _ in range(count * 4):
            k = self.key(table)
            c = canonical_key(k)
            if c not in seen:
                seen.add(c)
                out.append(k)
            if len(out) == count:
                break
        return out

    def item(self, table, key):
        rng = self.rng
        item = dict(key)
        for name in values.PLAIN_ATTRIBUTES:
            if rng.random() < 0.3:
                item[name] = values.value_for_attribute(rng, name)
        index_types = self._index_types(table)
        for name, type_ in sorted(INDEX_KEY_TYPES.items()):
            if rng.random() < 0.55:
                if name in index_types:
                    item[name] = values.key_value(rng, type_, values.INDEX_DOMAIN)
                else:
                    item[name] = values.random_value(rng, type_)
        return item

    def table(self):
        return self.rng.choice(self.specs)

    def _capacity(self, params, rate=0.12):
        if self.rng.random() < rate:
            params["ReturnConsumedCapacity"] = self.rng.choice(["TOTAL", "INDEXES", "NONE"])

    def _key_values(self, table):
        """One value per key attribute, for conditions that mention keys."""
        return {n: values.key_value(self.rng, t, self._domain(table, n))
                for n, t in table.keys.types().items()}

    def _condition(self, table, ph, allow_keys=True):
        return expressions.random_condition(
            self.rng, ph, self._attrs(table), self._index_types(table),
            self._key_values(table) if allow_keys else None)

    def _absent_table(self):
        """(table name, tag): a table that does not exist, or now and then a malformed name."""
        if self.rng.random() < 0.75:
            return MISSING_TABLE, "missing-table"
        return self.rng.choice(MALFORMED_TABLE_NAMES), "malformed-table-name"

    def _invalid(self):
        return self.rng.random() < self.invalid_rate

    # ------------------------------------------------------------------ key / item mutations

    def _mutate_key(self, table, key):
        rng = self.rng
        kind = rng.choice(["wrong-type", "missing-attr", "extra-attr", "empty-value"])
        names = table.keys.names()
        if kind == "wrong-type":
            name = rng.choice(names)
            key[name] = values.wrong_type_value(rng, table.keys.types()[name])
        elif kind == "missing-attr":
            del key[rng.choice(names)]
        elif kind == "extra-attr":
            key["a"] = values.random_value(rng, "S")
        else:
            name = rng.choice(names)
            type_ = table.keys.types()[name]
            key[name] = {type_: "" if type_ != "B" else b""} if type_ != "N" else {"N": ""}
        return "key-" + kind

    def _mutate_item(self, table, item):
        rng = self.rng
        index_types = self._index_types(table)
        kinds = ["bad-value", "key"]
        if index_types:
            kinds += ["index-key-wrong-type", "index-key-empty"]
        kind = rng.choice(kinds)
        if kind == "bad-value":
            item[rng.choice(values.PLAIN_ATTRIBUTES)] = values.invalid_value(rng)
            return "item-bad-value"
        if kind == "key":
            key = {n: item[n] for n in table.keys.names()}
            tag = self._mutate_key(table, key)
            for n in table.keys.names():
                item.pop(n, None)
            item.update(key)
            return "item-" + tag
        name = rng.choice(sorted(index_types))
        type_ = index_types[name]
        if kind == "index-key-wrong-type":
            item[name] = values.wrong_type_value(rng, type_)
        else:
            item[name] = {type_: b"" if type_ == "B" else ""} if type_ != "N" else {"N": ""}
        return "item-" + kind

    # ------------------------------------------------------------------ operations

    def next_op(self):
        self.count += 1
        operation = self.rng.choices(self._ops, self._weights)[0]
        return getattr(self, "gen_" + operation)(self.count - 1)

    def _spec(self, name):
        for t in self.specs:
            if t.name == name:
                return t
        return self.specs[0]
