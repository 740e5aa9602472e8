"""Random expressions: conditions (ConditionExpression, FilterExpression), update expressions
and projection expressions, with #name / :value placeholders collected in `Placeholders`.

Paths are top-level attributes, nested map members (`m.x`) and list elements (`l[1]`).
Comparison operands usually have the type the attribute usually holds, so conditions are
true or false about equally often. `corrupt` turns a valid expression set into an invalid one
(syntax errors, undefined or unused placeholders, reserved words, unknown functions)."""

import decimal

from . import values

RESERVED_NAMES = ["name", "status", "count", "data", "size"]
COMPARATORS = ["=", "<>", "<", "<=", ">", ">="]
TYPE_NAMES = ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"]


class Placeholders:
    """ExpressionAttributeNames / ExpressionAttributeValues being built for one request."""

    def __init__(self, rng):
        self.rng = rng
        self.names = {}    # "#x" -> attribute name
        self.values = {}   # ":v0" -> attribute value

    def name(self, attr, force=False):
        if force or attr.lower() in RESERVED_NAMES or self.rng.random() < 0.25:
            token = "#" + attr.replace("-", "_")
            self.names[token] = attr
            return token
        return attr

    def value(self, v):
        token = ":v%d" % len(self.values)
        self.values[token] = v
        return token

    def apply(self, params):
        if self.names:
            params["ExpressionAttributeNames"] = dict(self.names)
        if self.values:
            params["ExpressionAttributeValues"] = dict(self.values)
        return params


class Path:
    """A document path: its text, its top-level attribute and whether it is nested."""

    def __init__(self, text, top, nested):
        self.text = text
        self.top = top
        self.nested = nested


def random_path(rng, ph, attrs, nest=0.35):
    top = rng.choice(attrs)
    text = ph.name(top)
    nested = False
    preferred = values.PREFERRED_TYPES.get(top, "scalar")
    if preferred in ("M", None) and rng.random() < nest:
        text += "." + ph.name(rng.choice(values.MAP_KEYS))
        nested = True
        if rng.random() < 0.2:
            text += "[%d]" % rng.randint(0, 2)
    elif preferred in ("L", None) and rng.random() < nest:
        text += "[%d]" % rng.randint(0, 3)
        nested = True
        if rng.random() < 0.2:
            text += "." + ph.name(rng.choice(values.MAP_KEYS))
    return Path(text, top, nested)


def operand_value(rng, path, index_types, ordered=False):
    """A value to compare with `path`: usually of the type its attribute holds. `ordered`
    (for <, <=, >, >=, BETWEEN) keeps to S, N and B, bar a rare other type."""
    if path.top in index_types and not path.nested:
        if rng.random() < 0.9:
            return values.key_value(rng, index_types[path.top], values.INDEX_DOMAIN)
    if not path.nested:
        preferred = values.PREFERRED_TYPES.get(path.top)
        if preferred is not None and rng.random() < 0.8 and (
                not ordered or preferred in values.SCALAR_TYPES):
            return values.random_value(rng, preferred, depth=1)
    if ordered and rng.random() < 0.97:
        return values.random_value(rng, rng.choice(values.SCALAR_TYPES), depth=2)
    return values.random_value(rng, rng.choice(values.SCALAR_TYPES + ["BOOL", "NULL", "L"]),
                               depth=2)


def random_condition(rng, ph, attrs, index_types, key_values=None, depth=0):
    """A condition over `attrs`. `key_values` maps key attribute names to a value of their
    type, for `attribute_not_exists(pk)`-style and key comparisons."""
    return _condition(rng, ph, attrs, index_types, key_values, depth)[0]


def _condition(rng, ph, attrs, index_types, key_values, depth):
    """(text, parenthesised): the text and whether it is one parenthesised group."""
    r = rng.random()
    if depth < 2 and r < 0.18:
        left = _condition(rng, ph, attrs, index_types, key_values, depth + 1)[0]
        right = _condition(rng, ph, attrs, index_types, key_values, depth + 1)[0]
        text = "%s %s %s" % (left, rng.choice(["AND", "OR"]), right)
        if rng.random() < 0.6:
            return "(%s)" % text, True
        return text, False
    if depth < 2 and r < 0.24:
        inner, grouped = _condition(rng, ph, attrs, index_types, key_values, depth + 1)
        return "NOT " + (inner if grouped else "(%s)" % inner), False
    return _simple_condition(rng, ph, attrs, index_types, key_values, r), False


def _simple_condition(rng, ph, attrs, index_types, key_values, r):
    if key_values and r < 0.32:
        key = rng.choice(sorted(key_values))
        form = rng.random()
        if form < 0.5:
            return "attribute_not_exists(%s)" % ph.name(key)
        if form < 0.7:
            return "attribute_exists(%s)" % ph.name(key)
        return "%s %s %s" % (ph.name(key), rng.choice(COMPARATORS), ph.value(key_values[key]))
    path = random_path(rng, ph, attrs)
    form = rng.random()
    if form < 0.34:
        op = rng.choice(COMPARATORS)
        return "%s %s %s" % (path.text, op, ph.value(operand_value(
            rng, path, index_types, ordered=op not in ("=", "<>"))))
    if form < 0.40:
        other = random_path(rng, ph, attrs)
        return "%s %s %s" % (path.text, rng.choice(COMPARATORS), other.text)
    if form < 0.47:
        lo = operand_value(rng, path, index_types, ordered=True)
        hi = operand_value(rng, path, index_types, ordered=True)
        if rng.random() < 0.8:  # mostly a valid range: same type, lower bound first
            if list(lo) != list(hi):
                lo = hi
            elif _order_key(lo) is not None and _order_key(lo) > _order_key(hi):
                lo, hi = hi, lo
        return "%s BETWEEN %s AND %s" % (path.text, ph.value(lo), ph.value(hi))
    if form < 0.53:
        items = [ph.value(operand_value(rng, path, index_types))
                 for _ in range(rng.randint(1, 3))]
        return "%s IN (%s)" % (path.text, ", ".join(items))
    if form < 0.65:
        return "attribute_exists(%s)" % path.text
    if form < 0.75:
        return "attribute_not_exists(%s)" % path.text
    if form < 0.80:
        type_name = rng.choice(TYPE_NAMES) if rng.random() < 0.95 else "X"
        return "attribute_type(%s, %s)" % (path.text, ph.value({"S": type_name}))
    if form < 0.86:
        operand = ({"S": values.random_string(rng, 0, 2)} if rng.random() < 0.8
                   else {"B": values.random_bytes(rng, 0, 2)})
        return "begins_with(%s, %s)" % (path.text, ph.value(operand))
    if form < 0.93:
        operand = values.random_value(rng, rng.choice(["S", "N", "B"]), depth=2)
        if rng.random() < 0.5:
            operand = {"S": values.random_string(rng, 1, 1)}
        return "contains(%s, %s)" % (path.text, ph.value(operand))
    return "size(%s) %s %s" % (path.text, rng.choice(COMPARATORS),
                               ph.value({"N": str(rng.randint(0, 4))}))


def _update_value_expr(rng, ph, path, index_types, attrs):
    """Right-hand side of `SET path = ...`."""
    top = path.top
    preferred = values.PREFERRED_TYPES.get(top)
    r = rng.random()
    if top in index_types and not path.nested:
        if r < 0.9:
            return ph.value(values.key_value(rng, index_types[top], values.INDEX_DOMAIN))
        return ph.value(values.random_value(rng, None, depth=1))
    if r < 0.40:
        return ph.value(values.value_for_attribute(rng, top) if not path.nested
                        else values.random_value(rng, None, depth=1))
    if r < 0.55:
        n = ph.value({"N": values.random_number(rng)})
        operand = path.text
        if rng.random() < 0.6:
            operand = "if_not_exists(%s, %s)" % (path.text, ph.value({"N": "0"}))
        form = rng.random()
        if form < 0.4:
            return "%s + %s" % (operand, n)
        if form < 0.7:
            return "%s - %s" % (operand, n)
        return "%s + %s" % (n, operand)
    if r < 0.68:
        default = ph.value(values.value_for_attribute(rng, top))
        if rng.random() < 0.3:
            inner = "if_not_exists(%s, %s)" % (path.text, default)
            return "%s + %s" % (inner, ph.value({"N": str(rng.randint(1, 5))})) \
                if preferred == "N" else inner
        return "if_not_exists(%s, %s)" % (path.text, default)
    if r < 0.82:
        lst = ph.value(values.random_value(rng, "L", depth=1))
        form = rng.random()
        if form < 0.25:
            return "list_append(%s, %s)" % (path.text, lst)
        if form < 0.45:
            return "list_append(%s, %s)" % (lst, path.text)
        empty = ph.value({"L": []})
        return "list_append(if_not_exists(%s, %s), %s)" % (path.text, empty, lst)
    if r < 0.9:
        return ph.value(values.random_value(rng, None, depth=1))
    other = random_path(rng, ph, attrs)
    if other.top == path.top:
        return ph.value(values.random_value(rng, None, depth=1))
    return other.text


def random_update(rng, ph, attrs, index_types, key_names):
    """A valid-looking update expression: 1-4 actions on distinct top-level attributes, no key
    attribute. Runtime errors (wrong stored types, missing paths) happen naturally."""
    pool = [a for a in attrs if a not in key_names]
    count = rng.randint(1, min(4, len(pool)))
    tops = rng.sample(pool, count)
    clauses = {"SET": [], "REMOVE": [], "ADD": [], "DELETE": []}
    for top in tops:
        preferred = values.PREFERRED_TYPES.get(top)
        path = random_path(rng, ph, [top], nest=0.15)
        r = rng.random()
        if r < 0.55:
            clauses["SET"].append("%s = %s" % (path.text,
                                               _update_value_expr(rng, ph, path, index_types, pool)))
        elif r < 0.70:
            clauses["REMOVE"].append(path.text)
        elif r < 0.87:
            if preferred in ("SS", "NS", "BS") and rng.random() < 0.8:
                operand = values.random_value(rng, preferred)
            elif rng.random() < 0.85:
                operand = {"N": values.random_number(rng)}
            else:
                operand = values.random_value(rng, rng.choice(["SS", "NS", "BS"]))
            clauses["ADD"].append("%s %s" % (path.text, ph.value(operand)))
        else:
            set_type = preferred if preferred in ("SS", "NS", "BS") else rng.choice(
                ["SS", "NS", "BS"])
            clauses["DELETE"].append("%s %s" % (path.text,
                                                ph.value(values.random_value(rng, set_type))))
    order = ["SET", "REMOVE", "ADD", "DELETE"]
    rng.shuffle(order)
    parts = []
    for clause in order:
        if clauses[clause]:
            keyword = clause if rng.random() < 0.9 else clause.lower()
            parts.append("%s %s" % (keyword, ", ".join(clauses[clause])))
    return " ".join(parts)


def random_projection(rng, ph, attrs, overlap=0.03):
    """1-4 paths on distinct top-level attributes (overlapping paths, an error, rarely)."""
    count = rng.randint(1, min(4, len(attrs)))
    tops = rng.sample(sorted(set(attrs)), count)
    paths = [random_path(rng, ph, [top], nest=0.3).text for top in tops]
    if rng.random() < overlap:
        paths.append(random_path(rng, ph, [tops[0]], nest=0.9).text)
    return ", ".join(paths)


# --------------------------------------------------------------------------
# Invalid variants
# --------------------------------------------------------------------------

SYNTAX_BREAKERS = [
    lambda e: e + " AND",
    lambda e: e + ")",
    lambda e: "(" + e,
    lambda e: e.replace(" ", " = ", 1) if " " in e else e + " =",
    lambda e: e + " ,",
    lambda e: "",
    lambda e: e + " foo",
]


def _order_key(v):
    """Sort position of a scalar value (None for other types)."""
    (type_, raw), = v.items()
    if type_ == "N":
        return (1, decimal.Decimal(raw), b"")
    if type_ == "S":
        return (0, 0, raw.encode("utf-8"))
    if type_ == "B":
        return (2, 0, bytes(raw))
    return None


def corrupt(rng, params, expression_key, ph):
    """Makes one expression of `params` (a request being built) invalid; returns a short tag."""
    kind = rng.choice(["syntax", "undefined-value", "undefined-name", "unused-value",
                       "unused-name", "reserved", "bad-function", "empty-names"])
    expr = params.get(expression_key, "")
    if kind == "syntax":
        params[expression_key] = rng.choice(SYNTAX_BREAKERS)(expr)
    elif kind == "undefined-value":
        if expression_key == "ProjectionExpression":
            params[expression_key] = expr + ", :zz"
        elif expression_key == "UpdateExpression":
            params[expression_key] = (expr.replace("SET ", "SET zz = :zz, ", 1)
                                      if "SET " in expr else expr + " SET zz = :zz")
        else:
            params[expression_key] = "(%s) AND zz = :zz" % expr if expr else "zz = :zz"
    elif kind == "undefined-name":
        if expression_key == "ProjectionExpression":
            params[expression_key] = expr + ", #zz"
        elif expression_key == "UpdateExpression":
            params[expression_key] = expr + " REMOVE #zz" if "REMOVE" not in expr.upper() \
                else expr + ", #zz"
        else:
            params[expression_key] = "(%s) OR attribute_exists(#zz)" % expr if expr \
                else "attribute_exists(#zz)"
    elif kind == "unused-value":
        ph.values[":unused"] = {"S": "u"}
    elif kind == "unused-name":
        ph.names["#unused"] = "u"
    elif kind == "reserved":
        word = rng.choice(RESERVED_NAMES)
        if expression_key == "ProjectionExpression":
            params[expression_key] = expr + ", " + word
        elif expression_key == "UpdateExpression":
            params[expression_key] = (expr.replace("SET ", "SET %s = :rw, " % word, 1)
                                      if "SET " in expr else expr + " SET %s = :rw" % word)
            ph.values[":rw"] = {"S": "r"}
        else:
            params[expression_key] = "(%s) AND attribute_exists(%s)" % (expr, word) if expr \
                else "attribute_exists(%s)" % word
    elif kind == "bad-function":
        if expression_key == "UpdateExpression":
            params[expression_key] = (expr.replace("SET ", "SET zz = foo(a), ", 1)
                                      if "SET " in expr else expr + " SET zz = foo(a)")
        elif expression_key == "ProjectionExpression":
            params[expression_key] = expr + ", size(a)"
        else:
            params[expression_key] = "(%s) AND foo(a)" % expr if expr else "foo(a)"
    else:  # empty-names
        ph.names.clear()
        params["ExpressionAttributeNames"] = {}
    return "expr-" + kind
