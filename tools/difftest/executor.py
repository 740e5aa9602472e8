"""Sends one generated operation to one server and records every request and answer.

Single operations are one request. Query and Scan are followed page by page
(ExclusiveStartKey = the previous LastEvaluatedKey) until a page has no LastEvaluatedKey;
a segmented Scan runs every segment that way. Errors and transport failures are recorded,
never raised."""

import copy

from . import normalize
from .clients import TransportError

MAX_PAGES = 300


class Answer:
    """One request and its normalised answer: ok with `body`, or an error `body`
    ({code, message, status, ...})."""

    def __init__(self, request, ok, body):
        self.request = request
        self.ok = ok
        self.body = body

    def to_json(self):
        return {"ok": self.ok, "body": self.body}


def call(client, operation, params):
    request = copy.deepcopy(params)
    try:
        ok, body, status = client.call(operation, params)
    except TransportError as e:
        return Answer(request, False, {"code": "<transport>", "message": str(e), "status": None})
    if ok:
        asked = params.get("ReturnConsumedCapacity") in ("TOTAL", "INDEXES")
        return Answer(request, True, normalize.response(operation, body, asked))
    return Answer(request, False, normalize.error(body, status))


def paginate(client, operation, params):
    pages = []
    params = dict(params)
    for _ in range(MAX_PAGES):
        answer = call(client, operation, params)
        pages.append(answer)
        if not answer.ok or "LastEvaluatedKey" not in answer.body:
            return pages
        params["ExclusiveStartKey"] = normalize.raw_key(answer.body["LastEvaluatedKey"])
    return pages


def execute(client, op):
    """A list of runs; each run is a list of Answers (one per page). Single operations and
    unsegmented reads have one run; a segmented Scan has one run per segment."""
    if op.mode == "single":
        return [[call(client, op.operation, op.params)]]
    if op.mode == "scan-segments":
        runs = []
        for segment in range(op.total_segments):
            params = dict(op.params, Segment=segment, TotalSegments=op.total_segments)
            runs.append(paginate(client, op.operation, params))
        return runs
    return [paginate(client, op.operation, op.params)]
