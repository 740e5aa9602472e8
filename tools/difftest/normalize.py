"""Canonical, JSON-serialisable forms of the servers' answers (parsed wire JSON).

Binary values stay {"B": "<base64>"}; set members are sorted (sets compare as sets); map
members are compared by name; ConsumedCapacity is dropped unless the request asked for it
(ReturnConsumedCapacity TOTAL or INDEXES); BatchGetItem's per-table item lists are sorted (DynamoDB
defines no order there); HTTP headers (request ids, checksums) are not compared. Lists (L), Query items and
TransactGetItems responses keep their order. Errors keep code, message, HTTP status and the
extra members DynamoDB sends (CancellationReasons, Item)."""

import base64
import decimal
import json


def _b64(data):
    if isinstance(data, str):
        return data
    return base64.b64encode(bytes(data)).decode("ascii")


def value(v):
    """Canonical form of one attribute value."""
    if not isinstance(v, dict) or len(v) != 1:
        return {"<odd>": repr(v)}
    (type_, raw), = v.items()
    if type_ == "B":
        return {"B": _b64(raw)}
    if type_ == "SS":
        return {type_: sorted(raw)}
    if type_ == "NS":
        return {type_: sorted(raw, key=_number_order)}
    if type_ == "BS":
        return {"BS": sorted(_b64(x) for x in raw)}
    if type_ == "L":
        return {"L": [value(x) for x in raw]}
    if type_ == "M":
        return {"M": {k: value(x) for k, x in raw.items()}}
    return {type_: raw}


def _number_order(text):
    try:
        return (0, decimal.Decimal(text), text)
    except (decimal.InvalidOperation, TypeError):
        return (1, decimal.Decimal(0), str(text))


def item(it):
    if it is None:
        return None
    return {k: value(v) for k, v in it.items()}


def item_sort_key(it):
    return json.dumps(it, sort_keys=True)


def raw_key(key):
    """A normalised item or key as a request value (binary stays base64, as on the wire)."""
    return dict(key)


def _capacity(cc):
    if isinstance(cc, list):
        return sorted(cc, key=lambda c: (c.get("TableName", ""), json.dumps(c, sort_keys=True)))
    return cc


def _item_collection_metrics(icm):
    if not isinstance(icm, dict):
        return icm
    out = {}
    for k, v in icm.items():
        if k == "ItemCollectionKey":
            out[k] = item(v)
        elif isinstance(v, list):
            out[k] = [_item_collection_metrics(x) for x in v]
        else:
            out[k] = v
    return out


def response(operation, resp, capacity_requested=True):
    out = {}
    for k, v in resp.items():
        if k == "ConsumedCapacity" and not capacity_requested:
            continue
        if k in ("Item", "Attributes", "LastEvaluatedKey"):
            out[k] = item(v)
        elif k == "Items":
            out[k] = [item(x) for x in v]
        elif k == "ConsumedCapacity":
            out[k] = _capacity(v)
        elif k == "ItemCollectionMetrics":
            out[k] = _item_collection_metrics(v)
        elif k == "Responses" and operation == "BatchGetItem":
            out[k] = {t: sorted((item(x) for x in items), key=item_sort_key)
                      for t, items in v.items()}
        elif k == "Responses" and operation == "TransactGetItems":
            out[k] = [{kk: item(vv) if kk == "Item" else vv for kk, vv in r.items()}
                      for r in v]
        elif k == "UnprocessedKeys":
            out[k] = {t: dict(e, Keys=[item(x) for x in e.get("Keys", [])])
                      for t, e in v.items()}
        elif k == "UnprocessedItems":
            out[k] = {t: [_write_request(r) for r in rs] for t, rs in v.items()}
        else:
            out[k] = v
    return out


def _write_request(r):
    out = {}
    for kind, body in r.items():
        out[kind] = {kk: item(vv) if kk in ("Item", "Key") else vv for kk, vv in body.items()}
    return out


def error(body, status):
    out = {"code": body.get("code"), "message": body.get("message"), "status": status}
    for k, v in body.items():
        if k in ("code", "message"):
            continue
        if k == "CancellationReasons" and isinstance(v, list):
            out[k] = [{kk: item(vv) if kk == "Item" else vv for kk, vv in r.items()}
                      for r in v]
        elif k == "Item":
            out[k] = item(v)
        else:
            out[k] = v
    return out
