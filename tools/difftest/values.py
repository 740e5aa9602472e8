"""Random DynamoDB attribute values (boto3 low-level form: {"S": ...}, {"B": b"..."}, ...).

Every type is produced: S, N (edge numbers included: the smallest and largest magnitudes,
38 digits, non-canonical spellings), B, BOOL, NULL, SS, NS, BS, L, M, nested up to three
levels. Key values come from small domains so items collide and partitions hold several
items. `invalid_value` yields values DynamoDB rejects (bad numbers, empty or duplicate sets)."""

# Attribute names with the type they usually hold (None: any type). Index key attributes
# (tables.INDEX_KEY_TYPES) are handled separately.
PREFERRED_TYPES = {
    "a": None, "b": None, "n": "N", "s": "S", "bin": "B", "flag": "BOOL", "nul": "NULL",
    "ss": "SS", "ns": "NS", "bs": "BS", "l": "L", "m": "M",
}
PLAIN_ATTRIBUTES = sorted(PREFERRED_TYPES)
MAP_KEYS = ["x", "y", "z"]
ALL_TYPES = ["S", "N", "B", "BOOL", "NULL", "SS", "NS", "BS", "L", "M"]
SCALAR_TYPES = ["S", "N", "B"]

# Key domains: hash keys few, range keys more, so partitions hold several items.
HASH_DOMAIN = {
    "S": ["a", "b", "c", "dd", "\u00e9"],
    "N": ["-1", "0", "1", "7.5", "1E+20"],
    "B": [b"\x00", b"\x01", b"a", b"\x80", b"\xff"],
}
RANGE_DOMAIN = {
    "S": ["a", "ab", "abc", "b", "B", "ba", "z", "0", "10", "9", "a b", "\u00e9", "\u65e5\u672c",
          "~"],
    "N": ["-1E+10", "-5", "-0.5", "0", "0.00001", "0.25", "1", "2", "10", "10.5", "100", "1E+20",
          "99999999999999999999999999999999999999", "-99999999999999999999999999999999999999"],
    "B": [b"\x00", b"\x00\x01", b"\x01", b"a", b"ab", b"\x7f", b"\x80", b"\xff", b"\xff\x00",
          b"b"],
}
# Index key values: tiny domains, so index keys tie often.
INDEX_DOMAIN = {
    "S": ["p", "q", "qq", "r"],
    "N": ["-2", "0", "3", "3.5", "40"],
    "B": [b"\x01", b"\x02", b"\x02\x00", b"\xf0"],
}
# Other spellings of domain numbers: the same key once normalised.
NUMBER_SPELLINGS = {"0": ["0.0", "-0", "0E+5"], "1": ["1.0", "01", "1E0", "10E-1"],
                    "10": ["1E1", "10.00"], "0.25": ["25E-2", ".25"], "-5": ["-5.0", "-05"],
                    "100": ["1E2", "100.0"], "7.5": ["7.50", "75E-1"]}

EDGE_NUMBERS = [
    "0", "-0", "1", "-1", "1E-130", "-1E-130", "9.9999999999999999999999999999999999999E+125",
    "-9.9999999999999999999999999999999999999E+125", "12345678901234567890123456789012345678",
    "0.000012300", "1.23E+5", "5e-3", "100", "1E+125", "0.1", "3.14159",
    "-0.00000000000000000000000000000000000001", "123456789.123456789",
]
INVALID_NUMBERS = ["1E+126", "1E-131", "123456789012345678901234567890123456789", "abc", "",
                   "1e", "NaN", "1 ", "0x10"]

STRING_ALPHABET = "abcxyz AZ09\u00e9\u65e5_-"


def random_string(rng, min_len=0, max_len=6):
    return "".join(rng.choice(STRING_ALPHABET) for _ in range(rng.randint(min_len, max_len)))


def random_bytes(rng, min_len=0, max_len=5):
    return bytes(rng.randrange(256) for _ in range(rng.randint(min_len, max_len)))


def random_number(rng):
    r = rng.random()
    if r < 0.35:
        return rng.choice(EDGE_NUMBERS)
    if r < 0.75:
        return str(rng.randint(-1000, 1000))
    return "%d.%02d" % (rng.randint(-99, 99), rng.randint(0, 99))


def _distinct_numbers(rng, count):
    out, seen = [], set()
    for _ in range(count * 3):
        text = str(rng.randint(-50, 50)) if rng.random() < 0.7 else rng.choice(EDGE_NUMBERS)
        norm = _number_key(text)
        if norm not in seen:
            seen.add(norm)
            out.append(text)
        if len(out) == count:
            break
    return out


def _number_key(text):
    from decimal import Decimal
    return Decimal(text).normalize()


def _distinct(rng, make, count):
    out = []
    for _ in range(count * 4):
        v = make()
        if v not in out:
            out.append(v)
        if len(out) == count:
            break
    return out or [make()]


def random_value(rng, type_=None, depth=0):
    """A valid attribute value of `type_` (random type when None)."""
    if type_ is None:
        types = ALL_TYPES if depth < 2 else ALL_TYPES[:8]
        type_ = rng.choice(types)
    if type_ == "S":
        return {"S": random_string(rng)}
    if type_ == "N":
        return {"N": random_number(rng)}
    if type_ == "B":
        return {"B": random_bytes(rng)}
    if type_ == "BOOL":
        return {"BOOL": rng.random() < 0.5}
    if type_ == "NULL":
        return {"NULL": True}
    if type_ == "SS":
        return {"SS": _distinct(rng, lambda: random_string(rng, 1, 4), rng.randint(1, 4))}
    if type_ == "NS":
        return {"NS": _distinct_numbers(rng, rng.randint(1, 4))}
    if type_ == "BS":
        return {"BS": _distinct(rng, lambda: random_bytes(rng, 1, 3), rng.randint(1, 3))}
    if type_ == "L":
        return {"L": [random_value(rng, None, depth + 1) for _ in range(rng.randint(0, 3))]}
    if type_ == "M":
        keys = rng.sample(MAP_KEYS, rng.randint(0, len(MAP_KEYS)))
        return {"M": {k: random_value(rng, None, depth + 1) for k in keys}}
    raise ValueError(type_)


def value_for_attribute(rng, name):
    """A value for a plain attribute: usually its preferred type, sometimes any type."""
    preferred = PREFERRED_TYPES.get(name)
    if preferred is not None and rng.random() < 0.8:
        return random_value(rng, preferred)
    return random_value(rng)


def key_value(rng, type_, domain):
    """A key value of a declared key type from a domain, sometimes in another spelling."""
    v = rng.choice(domain[type_])
    if type_ == "N" and v in NUMBER_SPELLINGS and rng.random() < 0.2:
        v = rng.choice(NUMBER_SPELLINGS[v])
    return {type_: v}


def wrong_type_value(rng, type_):
    """A value of another type than the declared key type `type_`."""
    other = rng.choice([t for t in ALL_TYPES if t != type_])
    return random_value(rng, other, depth=2)


def invalid_value(rng):
    """A value DynamoDB rejects wherever it appears."""
    kind = rng.choice(["number", "number", "set-number", "empty-set", "dup-ss", "dup-ns",
                       "dup-bs", "nested-bad"])
    if kind == "number":
        return {"N": rng.choice(INVALID_NUMBERS)}
    if kind == "set-number":
        return {"NS": ["1", rng.choice(INVALID_NUMBERS)]}
    if kind == "empty-set":
        return {rng.choice(["SS", "NS", "BS"]): []}
    if kind == "dup-ss":
        return {"SS": ["a", "b", "a"]}
    if kind == "dup-ns":
        return {"NS": rng.choice([["1", "1"], ["1", "1.0"], ["2", "3", "2E0"]])}
    if kind == "dup-bs":
        return {"BS": [b"a", b"a"]}
    return {"M": {"x": {"L": [{"N": rng.choice(INVALID_NUMBERS)}]}}}
