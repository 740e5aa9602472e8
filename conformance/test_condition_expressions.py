"""ConditionExpression: every comparator and function across types, precedence and parentheses,
limits, and the exact semantic/syntax error texts.

The vehicle is UpdateItem with only a ConditionExpression (no update): it leaves the item as it
is when the condition holds and fails with ConditionalCheckFailedException otherwise, so one item
serves every case. Texts: DynamoDB Local 1.25.1 (AWS's expression code); see
docs/expression-messages.md section 5."""

import re

import pytest

from helpers import expect_error, item_write_text, rand_key

COND_FAILED = "The conditional request failed"
ICE = "Invalid ConditionExpression: "


ITEM = {
    "n": {"N": "5"},
    "n10": {"N": "10"},
    "neg": {"N": "-1.5"},
    "s": {"S": "hello"},
    "cap": {"S": "Hello"},
    "e": {"S": "\u00e9"},
    "emoji": {"S": "\U0001F600"},
    "es": {"S": ""},
    "b": {"B": b"\x01\x02"},
    "bhi": {"B": b"\xff"},
    "ss": {"SS": ["a", "b", "hello"]},
    "ns": {"NS": ["1", "2.5"]},
    "bs": {"BS": [b"\x01", b"\x02"]},
    "l": {"L": [{"N": "1"}, {"S": "a"}, {"L": [{"S": "x"}]}, {"M": {"k": {"S": "v"}}},
                {"SS": ["q"]}]},
    "m": {"M": {"k": {"S": "v"}, "n": {"N": "1"}, "deep": {"M": {"l": {"L": [{"N": "7"}]}}}}},
    "t": {"BOOL": True},
    "f": {"BOOL": False},
    "nul": {"NULL": True},
    "el": {"L": []},
    "em": {"M": {}},
    "a-b": {"S": "dash"},
}


@pytest.fixture(scope="module")
def cond_item(ddb, hash_table):
    key = {"pk": {"S": rand_key("cond")}}
    ddb.put_item(TableName=hash_table, Item=dict(key, **ITEM))
    return key


@pytest.fixture
def ice(validation_layer):
    """ICE as the target's validation layer sends it from PutItem, UpdateItem and DeleteItem."""
    return item_write_text(validation_layer, ICE)


def _call(ddb, table, key, expr, values=None, names=None):
    kw = {"ConditionExpression": expr}
    if values:
        kw["ExpressionAttributeValues"] = values
    if names:
        kw["ExpressionAttributeNames"] = names
    return ddb.update_item(TableName=table, Key=key, **kw)


def _holds(ddb, table, key, expr, values=None, names=None):
    try:
        _call(ddb, table, key, expr, values, names)
        return True
    except ddb.exceptions.ConditionalCheckFailedException as e:
        assert e.response["Error"]["Message"] == COND_FAILED
        return False


def _values_for(expr, table):
    used = set(re.findall(r":[A-Za-z0-9_]+", expr))
    return {k: v for k, v in table.items() if k in used}


VALS = {
    ":n5": {"N": "5"}, ":n5b": {"N": "5.000"}, ":n5e": {"N": "0.5E1"}, ":n6": {"N": "6"},
    ":n4": {"N": "4"}, ":n10": {"N": "10"}, ":n9": {"N": "9"}, ":n0": {"N": "0"},
    ":n1": {"N": "1"}, ":n2": {"N": "2"}, ":n3": {"N": "3"}, ":n7": {"N": "7"},
    ":nneg": {"N": "-2"},
    ":s5": {"S": "5"}, ":hello": {"S": "hello"}, ":he": {"S": "he"}, ":ell": {"S": "ell"},
    ":H": {"S": "H"}, ":a": {"S": "a"}, ":x": {"S": "x"}, ":z": {"S": "z"}, ":q": {"S": "q"},
    ":empty": {"S": ""}, ":hellp": {"S": "hellp"}, ":hellos": {"S": "hellos"},
    ":e": {"S": "\u00e9"}, ":ffff": {"S": "\uffff"}, ":b12": {"B": b"\x01\x02"}, ":b1": {"B": b"\x01"},
    ":b13": {"B": b"\x01\x03"}, ":bff": {"B": b"\xff"}, ":b7f": {"B": b"\x7f"},
    ":ssab": {"SS": ["hello", "b", "a"]}, ":ssa": {"SS": ["a"]}, ":nsv": {"NS": ["2.50", "1"]},
    ":bsv": {"BS": [b"\x02", b"\x01"]},
    ":true": {"BOOL": True}, ":false": {"BOOL": False}, ":null": {"NULL": True},
    ":lx": {"L": [{"S": "x"}]}, ":mkv": {"M": {"k": {"S": "v"}}}, ":el": {"L": []},
    ":em": {"M": {}}, ":lfull": ITEM["l"], ":mfull": ITEM["m"],
    ":S": {"S": "S"}, ":N": {"S": "N"}, ":B": {"S": "B"}, ":BOOL": {"S": "BOOL"},
    ":NULL": {"S": "NULL"}, ":SS": {"S": "SS"}, ":NS": {"S": "NS"}, ":BS": {"S": "BS"},
    ":L": {"S": "L"}, ":M": {"S": "M"},
}

CASES = [
    # --- equality across types
    ("n = :n5", True), ("n = :n5b", True), ("n = :n5e", True), ("n = :n6", False),
    ("n = :s5", False), ("n <> :s5", True), ("s = :hello", True), ("s = :he", False),
    ("b = :b12", True), ("b = :b1", False), ("t = :true", True), ("t = :false", False),
    ("f = :false", True), ("nul = :null", True), ("t = :null", False),
    ("ss = :ssab", True), ("ss = :ssa", False), ("ns = :nsv", True), ("bs = :bsv", True),
    ("ss = :a", False), ("ss <> :a", True), ("l = :lfull", True), ("l = :lx", False),
    ("m = :mfull", True), ("m = :mkv", False), ("el = :el", True), ("em = :em", True),
    ("el = :em", False), ("es = :empty", True), ("m.k = :x", False), ("m.k <> :x", True),
    ("m.deep.l[0] = :n7", True), ("l[2][0] = :x", True), ("l[3].k = :q", False),
    ("#ab = :x", False), ("#ab <> :x", True),
    # --- missing attributes: every comparison false except <>
    ("nope = :n5", False), ("nope <> :n5", True), ("nope < :n5", False), ("nope >= :n5", False),
    ("nope BETWEEN :n1 AND :n9", False), ("nope IN (:n5, :s5)", False),
    ("l[9] = :n1", False), ("l[9] <> :n1", True), ("m.nope.x <> :n1", True),
    ("s.x = :a", False), ("s[0] = :a", False),
    # --- ordering: numbers numerically, strings and binaries bytewise
    ("n < :n10", True), ("n10 > :n9", True), ("n10 > :n5", True), ("neg < :n0", True),
    ("neg > :nneg", True), ("n <= :n5", True), ("n >= :n5b", True), ("n > :n5", False),
    ("s > :he", True), ("s < :hellp", True), ("s < :hellos", True), ("cap < :a", True),
    ("cap < :H", False), ("e > :z", True), ("es < :a", True),
    ("emoji > :ffff", True),                      # UTF-8 byte order, not UTF-16
    ("b < :b13", True), ("b > :b1", True), ("bhi > :b7f", True), ("b >= :b12", True),
    # ordering across types is false both ways
    ("n < :s5", False), ("n > :s5", False), ("s < :n5", False), ("s > :n5", False),
    ("b < :a", False), ("b > :a", False), ("t < :n5", False), ("ss < :n5", False),
    ("l > :n5", False), ("m >= :a", False),
    # --- BETWEEN / IN
    ("n BETWEEN :n1 AND :n9", True), ("n BETWEEN :n5 AND :n5", True),
    ("n BETWEEN :n6 AND :n9", False), ("s BETWEEN :he AND :hellp", True),
    ("s BETWEEN :a AND :he", False), ("b BETWEEN :b1 AND :b13", True),
    ("n BETWEEN :a AND :z", False), ("s BETWEEN :n1 AND :n9", False),
    ("n IN (:n1, :n5)", True), ("n IN (:n1)", False), ("n IN (:s5, :n5b)", True),
    ("s IN (:a, :hello)", True), ("ss IN (:ssab)", True), ("ss IN (:ssa, :a)", False),
    ("m IN (:mfull)", True), ("t IN (:true, :false)", True), ("nul IN (:null)", True),
    # --- functions
    ("attribute_exists(n)", True), ("attribute_exists(nope)", False),
    ("attribute_not_exists(nope)", True), ("attribute_not_exists(n)", False),
    ("attribute_exists(nul)", True), ("attribute_exists(m.deep.l[0])", True),
    ("attribute_exists(m.deep.l[1])", False), ("attribute_exists(l[4])", True),
    ("attribute_exists(s.x)", False), ("attribute_exists(es)", True),
    ("attribute_exists(el)", True),
    ("begins_with(s, :he)", True), ("begins_with(s, :hello)", True),
    ("begins_with(s, :hellos)", False), ("begins_with(s, :H)", False),
    ("begins_with(s, :empty)", True), ("begins_with(b, :b1)", True),
    ("begins_with(b, :b13)", False), ("begins_with(n, :s5)", False),
    ("begins_with(ss, :a)", False), ("begins_with(nope, :a)", False),
    ("begins_with(s, :b1)", False), ("begins_with(b, :a)", False),
    ("contains(s, :ell)", True), ("contains(s, :hello)", True), ("contains(s, :x)", False),
    ("contains(s, :empty)", True), ("contains(b, :b12)", True), ("contains(b, :b13)", False),
    ("contains(ss, :a)", True), ("contains(ss, :x)", False), ("contains(ss, :ell)", False),
    ("contains(ns, :n1)", True), ("contains(ns, :s5)", False), ("contains(bs, :b1)", True),
    ("contains(l, :n1)", True), ("contains(l, :a)", True), ("contains(l, :lx)", True),
    ("contains(l, :mkv)", True), ("contains(l, :x)", False), ("contains(l, :ssa)", False),
    ("contains(m, :x)", False), ("contains(m, :mkv)", False), ("contains(n, :n5)", False),
    ("contains(nope, :a)", False), ("contains(ss, :ssa)", False), ("contains(ns, :ssa)", False),
    ("contains(cap, :H)", True),
    ("size(s) = :n5", True), ("size(e) = :n1", True), ("size(e) = :n2", False),
    ("size(es) = :n0", True), ("size(b) = :n2", True), ("size(ss) = :n3", True),
    ("size(ns) = :n2", True), ("size(bs) = :n2", True), ("size(l) = :n5", True),
    ("size(m) = :n3", True), ("size(el) = :n0", True), ("size(em) = :n0", True),
    ("size(m.deep.l) = :n1", True), ("size(l[2]) = :n1", True),
    # size() of N/BOOL/NULL or of a missing path is "no value": only <> holds
    ("size(n) = :n1", False), ("size(n) <> :n1", True), ("size(t) = :n1", False),
    ("size(nul) >= :n0", False), ("size(nope) = :n0", False), ("size(nope) <> :n0", True),
    ("size(s) > :n4", True), ("size(s) BETWEEN :n1 AND :n9", True), ("size(s) IN (:n5)", True),
    ("size(s) = size(cap)", True),
    ("size(s) = :s5", False), ("n = size(s)", True), ("size(s) < size(l)", False),
    ("attribute_type(n, :N)", True), ("attribute_type(s, :S)", True),
    ("attribute_type(b, :B)", True), ("attribute_type(t, :BOOL)", True),
    ("attribute_type(nul, :NULL)", True), ("attribute_type(ss, :SS)", True),
    ("attribute_type(ns, :NS)", True), ("attribute_type(bs, :BS)", True),
    ("attribute_type(l, :L)", True), ("attribute_type(m, :M)", True),
    ("attribute_type(n, :S)", False), ("attribute_type(ss, :L)", False),
    ("attribute_type(nope, :S)", False), ("attribute_type(m.k, :S)", True),
    ("attribute_type(l[2], :L)", True),
    # --- literal-only operands evaluate normally
    (":n5 = :n5b", True), (":n1 < :n2", True), (":n2 < :n1", False),
    ("begins_with(:hello, :he)", True), ("contains(:hello, :ell)", True),
    ("size(:hello) = :n5", True), ("attribute_type(:hello, :S)", True),
    (":n5 BETWEEN :n1 AND :n9", True), (":n5 IN (:n1, :n5)", True),
    # --- boolean logic and precedence NOT > AND > OR
    ("n = :n5 AND s = :hello", True), ("n = :n5 AND s = :x", False),
    ("n = :n6 OR s = :hello", True), ("n = :n6 OR s = :x", False),
    ("NOT n = :n5", False), ("NOT n = :n6", True), ("NOT NOT n = :n5", True),
    ("not n = :n6", True), ("n = :n5 and s = :hello", True), ("n = :n6 or s = :hello", True),
    ("n = :n5 OR n = :n6 AND s = :x", True),      # OR(a, AND(b, c))
    ("(n = :n5 OR n = :n6) AND s = :x", False),
    ("n = :n6 AND s = :x OR s = :hello", True),   # OR(AND(a, b), c)
    ("n = :n6 AND (s = :x OR s = :hello)", False),
    ("NOT n = :n6 AND s = :x", False),            # AND(NOT a, b)
    ("NOT (n = :n6 AND s = :x)", True),
    ("NOT n = :n5 OR s = :hello", True),          # OR(NOT a, b)
    ("NOT (n = :n5 OR s = :hello)", False),
    ("(n = :n5)", True), ("(n) = :n5", True), ("n = (:n5)", True), ("size((s)) = :n5", True),
    ("(attribute_exists(n)) AND (attribute_exists(s))", True),
    ("((attribute_exists(n)) AND attribute_exists(s))", True),
    ("NOT (attribute_exists(n))", False),
    ("attribute_exists(n) AND attribute_exists(n)", True),
    ("n BETWEEN :n1 AND :n9 AND s = :hello", True),
    ("n BETWEEN :n1 AND :n9 AND s = :x", False),
    ("NOT attribute_exists(nope) AND (begins_with(s, :he) OR n > :n10)", True),
]


@pytest.mark.parametrize("expr,holds", CASES,
                         ids=["%d:%s" % (i, c[0]) for i, c in enumerate(CASES)])
def test_condition(ddb, hash_table, cond_item, expr, holds):
    names = {"#ab": "a-b"} if "#ab" in expr else None
    assert _holds(ddb, hash_table, cond_item, expr, _values_for(expr, VALS), names) is holds


def test_condition_keywords_are_case_insensitive(ddb, hash_table, cond_item):
    values = {":a": {"N": "1"}, ":b": {"N": "9"}, ":c": {"N": "5"}}
    assert _holds(ddb, hash_table, cond_item, "n between :a and :b and n in (:c) and not n < :a",
                  values)


def test_condition_on_missing_item(ddb, hash_table):
    key = {"pk": {"S": rand_key()}}
    assert not _holds(ddb, hash_table, key, "attribute_exists(pk)")
    assert not _holds(ddb, hash_table, key, "n = :v", {":v": {"N": "1"}})
    assert not _holds(ddb, hash_table, key, "size(n) >= :v", {":v": {"N": "0"}})
    assert _holds(ddb, hash_table, key, "attribute_not_exists(pk) AND n <> :v",
                  {":v": {"N": "1"}})


# ---------------------------------------------------------------------------
# Limits
# ---------------------------------------------------------------------------

def test_in_with_100_operands_accepted(ddb, hash_table, cond_item):
    values = {":v%d" % i: {"N": str(i)} for i in range(100)}
    assert _holds(ddb, hash_table, cond_item, "n IN (%s)" % ", ".join(values), values)


def test_in_with_101_operands_rejected(ddb, hash_table, cond_item, ice):
    values = {":v%d" % i: {"N": str(i)} for i in range(101)}
    expect_error(lambda: _call(ddb, hash_table, cond_item, "n IN (%s)" % ", ".join(values),
                               values),
                 "ValidationException",
                 ice + "The IN operator is provided with too many operands; number of operands: 101")


@pytest.mark.parametrize("count", [300, 301])
def test_operator_count(ddb, hash_table, cond_item, count, ice):
    # Each NOT is an operator and so is the function: count-1 NOTs + attribute_exists.
    expr = "NOT " * (count - 1) + "attribute_exists(n)"
    if count <= 300:
        assert _holds(ddb, hash_table, cond_item, expr) is (count % 2 == 1)
    else:
        expect_error(lambda: _call(ddb, hash_table, cond_item, expr), "ValidationException",
                     ice + "The expression contains too many operators; operator count: 301")


def test_operator_count_comparisons_and_or(ddb, hash_table, cond_item, ice):
    values = {":v": {"N": "1"}}
    ok = " OR ".join(["n = :v"] * 150)        # 150 comparisons + 149 ORs = 299
    assert not _holds(ddb, hash_table, cond_item, ok, values)
    bad = " OR ".join(["n = :v"] * 151)       # 151 + 150 = 301
    expect_error(lambda: _call(ddb, hash_table, cond_item, bad, values), "ValidationException",
                 ice + "The expression contains too many operators; operator count: 301")


def test_expression_size_limit(ddb, hash_table, cond_item, ice):
    ok = "attribute_exists(a%s)" % ("b" * (4096 - len("attribute_exists(a)")))
    assert not _holds(ddb, hash_table, cond_item, ok)
    bad = "attribute_exists(a%s)" % ("b" * (4097 - len("attribute_exists(a)")))
    expect_error(lambda: _call(ddb, hash_table, cond_item, bad), "ValidationException",
                 ice + "Expression size has exceeded the maximum allowed size; expression size: "
                 "4097")


def test_path_nesting_limit(ddb, hash_table, cond_item, ice):
    assert not _holds(ddb, hash_table, cond_item, "attribute_exists(a" + ".b" * 31 + ")")
    for expr in ("attribute_exists(a" + ".b" * 32 + ")", "attribute_exists(a" + "[0]" * 32 + ")"):
        expect_error(lambda: _call(ddb, hash_table, cond_item, expr), "ValidationException",
                     ice + "The document path has too many nesting levels; nesting levels: 33")


def test_placeholder_name_length(ddb, hash_table, cond_item):
    ok = "#" + "n" * 254
    assert _holds(ddb, hash_table, cond_item, "attribute_exists(%s)" % ok, names={ok: "n"})
    bad = "#" + "n" * 255
    expect_error(lambda: _call(ddb, hash_table, cond_item, "attribute_exists(%s)" % bad,
                               names={bad: "n"}),
                 "ValidationException",
                 "ExpressionAttributeNames contains invalid key: The expression attribute map "
                 "contains a key that is too long; size of key: 256")


def test_placeholder_value_length(ddb, hash_table, cond_item):
    ok = ":" + "v" * 254
    assert _holds(ddb, hash_table, cond_item, "n = %s" % ok, {ok: {"N": "5"}})
    bad = ":" + "v" * 255
    expect_error(lambda: _call(ddb, hash_table, cond_item, "n = %s" % bad, {bad: {"N": "5"}}),
                 "ValidationException",
                 "ExpressionAttributeValues contains invalid key: The expression attribute map "
                 "contains a key that is too long;")


def test_attribute_name_length(ddb, hash_table, cond_item):
    assert not _holds(ddb, hash_table, cond_item, "attribute_exists(#n)", names={"#n": "a" * 65535})
    expect_error(lambda: _call(ddb, hash_table, cond_item, "attribute_exists(#n)",
                               names={"#n": "a" * 65536}),
                 "ValidationException",
                 "ExpressionAttributeNames contains invalid value: Attribute name is too large, "
                 "must be less than 65536 bytes for key #n")


# ---------------------------------------------------------------------------
# Semantic and syntax errors
# ---------------------------------------------------------------------------

N1 = {"N": "1"}
DISTINCT = ("The first operand must be distinct from the remaining operands for this operator or "
            "function; operator: %s, first operand: [a]")
OPERAND_TYPE = "Incorrect operand type for operator or function; operator or function: %s, " \
               "operand type: %s"
OPERAND_COUNT = "Incorrect number of operands for operator or function; operator or function: " \
                "%s, number of operands: %d"

ERRORS = [
    ("", None, "The expression can not be empty;"),
    ("a BETWEEN :hi AND :lo", {":hi": {"N": "5"}, ":lo": N1},
     "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
     "lower bound operand: AttributeValue: {N:5}, upper bound operand: AttributeValue: {N:1}"),
    ("a BETWEEN :hi AND :lo", {":hi": {"S": "b"}, ":lo": {"S": "a"}},
     "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
     "lower bound operand: AttributeValue: {S:b}, upper bound operand: AttributeValue: {S:a}"),
    ("a BETWEEN :lo AND :hi", {":lo": N1, ":hi": {"S": "5"}},
     "The BETWEEN operator requires same data type for lower and upper bounds; lower bound "
     "operand: AttributeValue: {N:1}, upper bound operand: AttributeValue: {S:5}"),
    ("a BETWEEN :x AND :y", {":x": {"SS": ["a"]}, ":y": {"SS": ["b"]}},
     OPERAND_TYPE % ("BETWEEN", "SS")),
    ("a BETWEEN :x AND :y", {":x": {"BOOL": True}, ":y": {"BOOL": True}},
     OPERAND_TYPE % ("BETWEEN", "BOOL")),
    ("a < :x", {":x": {"SS": ["a"]}}, OPERAND_TYPE % ("<", "SS")),
    ("a <= :x", {":x": {"BOOL": True}}, OPERAND_TYPE % ("<=", "BOOL")),
    ("a > :x", {":x": {"L": []}}, OPERAND_TYPE % (">", "L")),
    ("a >= :x", {":x": {"M": {}}}, OPERAND_TYPE % (">=", "M")),
    ("a < :x", {":x": {"NULL": True}}, OPERAND_TYPE % ("<", "NULL")),
    ("begins_with(a, :x)", {":x": N1}, OPERAND_TYPE % ("begins_with", "N")),
    ("begins_with(a, :x)", {":x": {"SS": ["a"]}}, OPERAND_TYPE % ("begins_with", "SS")),
    ("begins_with(a)", None, OPERAND_COUNT % ("begins_with", 1)),
    ("begins_with(a, :x, :x)", {":x": {"S": "a"}}, OPERAND_COUNT % ("begins_with", 3)),
    ("contains(a)", None, OPERAND_COUNT % ("contains", 1)),
    ("attribute_type(a)", None, OPERAND_COUNT % ("attribute_type", 1)),
    ("attribute_exists(a, b)", None, OPERAND_COUNT % ("attribute_exists", 2)),
    ("size(a, b) = :y", {":y": N1}, OPERAND_COUNT % ("size", 2)),
    ("attribute_type(a, :x)", {":x": N1}, OPERAND_TYPE % ("attribute_type", "N")),
    ("size(:x) = :y", {":x": N1, ":y": N1}, OPERAND_TYPE % ("size", "N")),
    ("size(:x) = :y", {":x": {"BOOL": True}, ":y": N1}, OPERAND_TYPE % ("size", "BOOL")),
    ("size(size(a)) = :y", {":y": N1}, OPERAND_TYPE % ("size", "N")),
    ("attribute_exists(:x)", {":x": {"S": "a"}},
     "Operator or function requires a document path; operator or function: attribute_exists"),
    ("attribute_not_exists(:x)", {":x": {"S": "a"}},
     "Operator or function requires a document path; operator or function: attribute_not_exists"),
    ("attribute_exists(size(a))", None,
     "Operator or function requires a document path; operator or function: attribute_exists"),
    ("size(a)", None,
     "The function is not allowed to be used this way in an expression; function: size"),
    ("if_not_exists(a, :x) = :x", {":x": {"S": "a"}},
     "The function is not allowed in a condition expression; function: if_not_exists"),
    ("list_append(a, :x) = :x", {":x": {"L": []}},
     "The function is not allowed in a condition expression; function: list_append"),
    ("a = a", None, DISTINCT % "="),
    ("a < a", None, DISTINCT % "<"),
    ("a BETWEEN a AND a", None, DISTINCT % "BETWEEN"),
    ("a IN (a)", None, DISTINCT % "IN"),
    ("contains(a, a)", None, DISTINCT % "contains"),
    ("((a = :x))", {":x": N1}, "The expression has redundant parentheses;"),
    ("a = ((:x))", {":x": N1}, "The expression has redundant parentheses;"),
    ("(" * 50 + "attribute_exists(a)" + ")" * 50, None, "The expression has redundant parentheses;"),
    ("a", None, 'Syntax error; token: "<EOF>", near: "a"'),
    ("a = :x AND b", {":x": N1}, 'Syntax error; token: "<EOF>", near: "b"'),
    ("a = :x AND", {":x": N1}, 'Syntax error; token: "<EOF>", near: "AND"'),
    ("a = :x OR", {":x": N1}, 'Syntax error; token: "<EOF>", near: "OR"'),
    ("(a = :x", {":x": N1}, 'Syntax error; token: "<EOF>", near: ":x"'),
    ("a = :x)", {":x": N1}, 'Syntax error; token: ")", near: ":x)"'),
    ("a == :x", {":x": N1}, 'Syntax error; token: "=", near: "== :x"'),
    ("a != :x", {":x": N1}, 'Syntax error; token: "!", near: "a !="'),
    ("a IN ()", None, 'Syntax error; token: ")", near: "()"'),
    ("a IN :x", {":x": N1}, 'Syntax error; token: ":x", near: "IN :x"'),
    ("a BETWEEN :x", {":x": N1}, 'Syntax error; token: "<EOF>", near: ":x"'),
    ("a BETWEEN :x OR :x", {":x": N1}, 'Syntax error; token: "OR", near: ":x OR :x"'),
    ("a = :x = :x", {":x": N1}, 'Syntax error; token: "=", near: ":x = :x"'),
    ("a < :x < :x", {":x": N1}, 'Syntax error; token: "<", near: ":x < :x"'),
    ("a IN (:x) IN (:x)", {":x": N1}, 'Syntax error; token: "IN", near: ") IN ("'),
    ("a = :x + :x", {":x": N1}, 'Syntax error; token: "+", near: ":x + :x"'),
    ("a[-1] = :x", {":x": N1}, 'Syntax error; token: "-", near: "[-1"'),
    ("in(a)", None, 'Syntax error; token: "in", near: "in("'),
    ("a[99999999999] = :x", {":x": N1},
     "List index is not within the allowable range; index: [99999999999]"),
    ("foo(a)", None, "Invalid function name; function: foo"),
    ("Attribute_Exists(a)", None, "Invalid function name; function: Attribute_Exists"),
    ("attribute_exists(name)", None, "Attribute name is a reserved keyword; reserved keyword: name"),
    ("#x = :x", {":x": N1},
     "An expression attribute name used in the document path is not defined; attribute name: #x"),
    ("a = :x", None,
     "An expression attribute value used in expression is not defined; attribute value: :x"),
]


@pytest.mark.parametrize("expr,values,message", ERRORS,
                         ids=["%d:%s" % (i, e[0][:40]) for i, e in enumerate(ERRORS)])
def test_condition_errors(ddb, hash_table, cond_item, expr, values, message, validation_layer):
    expect_error(lambda: _call(ddb, hash_table, cond_item, expr, values), "ValidationException",
                 item_write_text(validation_layer, ICE + message))


@pytest.mark.parametrize("type_name", ["Q", "s", "", "STRING"])
def test_attribute_type_invalid_name(ddb, hash_table, cond_item, type_name, ice):
    resp = expect_error(lambda: _call(ddb, hash_table, cond_item, "attribute_type(a, :t)",
                                      {":t": {"S": type_name}}), "ValidationException")
    msg = resp["Error"]["Message"]
    prefix = ice + "Invalid attribute type name found; type: %s, valid types: {" % type_name
    assert msg.startswith(prefix) and msg.endswith("}"), msg
    # The set's order is a Java HashSet's: Local prints {N,BS,L,B,NULL,M,S,SS,NS,BOOL}; dynalite's
    # 2015 AWS capture has {B,NULL,SS,BOOL,L,BS,N,NS,S,M}.
    assert sorted(msg[len(prefix):-1].split(",")) == sorted(
        ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"])


def test_comparison_of_equal_types_allowed_for_any_type(ddb, hash_table, cond_item):
    for value in ({"SS": ["a"]}, {"L": []}, {"M": {}}, {"BOOL": True}, {"NULL": True}):
        assert not _holds(ddb, hash_table, cond_item, "nope = :x", {":x": value})


def test_unused_values_in_condition(ddb, hash_table, cond_item, validation_layer):
    expect_error(lambda: _call(ddb, hash_table, cond_item, "n = :a",
                               {":a": N1, ":b": N1}),
                 "ValidationException",
                 item_write_text(validation_layer,
                                 "Value provided in ExpressionAttributeValues unused in expressions: keys: {:b}"))


def test_semantic_error_reported_even_if_item_missing(ddb, hash_table):
    key = {"pk": {"S": rand_key()}}
    expect_error(lambda: _call(ddb, hash_table, key, "a BETWEEN :hi AND :lo",
                               {":hi": {"N": "5"}, ":lo": N1}), "ValidationException")
    assert "Item" not in ddb.get_item(TableName=hash_table, Key=key, ConsistentRead=True)


def test_same_rules_apply_to_put_and_delete_conditions(ddb, hash_table, ice):
    key = {"pk": {"S": rand_key()}}
    msg = ice + "The expression has redundant parentheses;"
    expect_error(lambda: ddb.put_item(TableName=hash_table, Item=key,
                                      ConditionExpression="((attribute_exists(a)))"),
                 "ValidationException", msg)
    expect_error(lambda: ddb.delete_item(TableName=hash_table, Key=key,
                                         ConditionExpression="((attribute_exists(a)))"),
                 "ValidationException", msg)
