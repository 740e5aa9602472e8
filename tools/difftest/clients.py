"""A small DynamoDB JSON-protocol client that both servers get the same bytes from.

Requests are serialised here (bytes become base64, as the wire wants) and signed with SigV4
by botocore using the conformance suite's dummy credentials and region (conformance/helpers.py;
DynamoDB Local accepts access key ids of letters and digits only). boto3's own serialiser is not
used: botocore 1.29 lacks newer members such as ReturnValuesOnConditionCheckFailure on PutItem,
and invalid requests must reach the server unchanged. One keep-alive connection per server."""

import base64
import http.client
import json
import urllib.parse

import botocore.auth
import botocore.awsrequest
import botocore.credentials

DUMMY_ACCESS_KEY = "AKIDCONFORMANCE"
DUMMY_SECRET_KEY = "conformancesecret"
REGION = "us-east-1"


def _wire(x):
    if isinstance(x, (bytes, bytearray)):
        return base64.b64encode(bytes(x)).decode("ascii")
    if isinstance(x, dict):
        return {k: _wire(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_wire(v) for v in x]
    return x


def to_wire_json(params):
    """The JSON text of a request (binary values base64-encoded)."""
    return json.dumps(_wire(params), ensure_ascii=False)


class TransportError(Exception):
    pass


class ServerError(Exception):
    """A required call (table setup) failed."""

    def __init__(self, operation, status, body):
        super().__init__("%s failed: %s %s" % (operation, status, body))
        self.status = status
        self.body = body


class WireClient:
    def __init__(self, endpoint_url):
        self.endpoint = endpoint_url.rstrip("/")
        url = urllib.parse.urlsplit(self.endpoint)
        self.host, self.port = url.hostname, url.port or 80
        self.credentials = botocore.credentials.Credentials(DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY)
        self.signer = botocore.auth.SigV4Auth(self.credentials, "dynamodb", REGION)
        self.conn = None

    def _headers(self, operation, body):
        req = botocore.awsrequest.AWSRequest(
            method="POST", url=self.endpoint + "/", data=body,
            headers={"Content-Type": "application/x-amz-json-1.0",
                     "X-Amz-Target": "DynamoDB_20120810." + operation})
        self.signer.add_auth(req)
        return dict(req.headers.items())

    def _send(self, operation, body):
        headers = self._headers(operation, body)
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request("POST", "/", body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return resp.status, data
            except (OSError, http.client.HTTPException) as e:
                self.conn.close()
                self.conn = None
                # A kept-alive connection the server closed: retry once on a new one.
                if attempt == 1 or not isinstance(e, (http.client.RemoteDisconnected,
                                                      ConnectionResetError, BrokenPipeError)):
                    raise TransportError("%s: %s" % (type(e).__name__, e))
        raise TransportError("unreachable")

    def call(self, operation, params):
        """(ok, body, status): body is the parsed JSON answer; for errors
        {"code", "message", ...the other members}."""
        status, data = self._send(operation, to_wire_json(params).encode("utf-8"))
        try:
            doc = json.loads(data.decode("utf-8")) if data else {}
        except ValueError:
            doc = {"<unparsable body>": data[:500].decode("utf-8", "replace")}
        if status == 200:
            return True, doc, status
        err = dict(doc)
        err["code"] = str(doc.get("__type", "")).split("#")[-1]
        err["message"] = doc.get("message", doc.get("Message"))
        err.pop("__type", None)
        err.pop("Message", None)
        return False, err, status

    def must(self, operation, params):
        ok, body, status = self.call(operation, params)
        if not ok:
            raise ServerError(operation, status, body)
        return body
