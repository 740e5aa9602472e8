"""Starting ddbemu and DynamoDB Local on free loopback ports, for the conformance suite
(conformance/conftest.py) and the differential tester (tools/difftest/servers.py).

ddbemu runs as `<binary> --port P` from the repository root; DynamoDB Local as
`java -Djava.library.path=<dir>/DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -sharedDb
-disableTelemetry -port P` from the jar's directory. A server counts as ready once it answers an
HTTP request. Logs go to temporary files, kept when a server fails to start (or when
DDBCONF_KEEP_LOGS is set)."""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DDBEMU_BIN = os.path.join(REPO_ROOT, "build", "ddbemu")
DEFAULT_LOCAL_JAR = os.path.join(
    REPO_ROOT, ".deps", "dynamodb-local", "node_modules", "amplify-dynamodb-simulator",
    "emulator", "DynamoDBLocal.jar")

_PROBE_HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Target": "DynamoDB_20120810.ListTables",
    "X-Amz-Date": "20260101T000000Z",
    "Authorization": ("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/dynamodb/"
                      "aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"),
}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers_http(port):
    """True once the server answers a ListTables request with any HTTP response."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("POST", "/", body="{}", headers=_PROBE_HEADERS)
        conn.getresponse().read()
        conn.close()
        return True
    except (OSError, http.client.HTTPException):
        return False


class ServerProcess:
    """One started server: its process, port and log file. Raises RuntimeError (with the log's
    tail) when the server cannot be started or does not answer in time."""

    def __init__(self, name, argv, port_flag, cwd, timeout):
        self.name = name
        self.port = free_port()
        self.endpoint = "http://127.0.0.1:%d" % self.port
        self.log = tempfile.NamedTemporaryFile(prefix=name.replace(" ", "-") + "-", suffix=".log",
                                               delete=False)
        self.proc = subprocess.Popen(argv + [port_flag, str(self.port)], cwd=cwd, stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self._wait_ready(timeout)

    def log_tail(self, n=4000):
        try:
            with open(self.log.name, "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def _wait_ready(self, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("%s exited with code %s before it was ready; log %s:\n%s" % (
                    self.name, self.proc.returncode, self.log.name, self.log_tail()))
            if answers_http(self.port):
                return
            time.sleep(0.1)
        tail = self.log_tail()
        self.stop(keep_log=True)
        raise RuntimeError("%s did not become ready within %ss; log %s:\n%s" % (
            self.name, timeout, self.log.name, tail))

    def alive(self):
        return self.proc.poll() is None

    def stop(self, keep_log=False):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()
        if not keep_log and not os.environ.get("DDBCONF_KEEP_LOGS"):
            try:
                os.unlink(self.log.name)
            except OSError:
                pass


def start_ddbemu(binary=DEFAULT_DDBEMU_BIN, timeout=15, flags=()):
    if not os.path.isfile(binary):
        raise RuntimeError("ddbemu binary not found at %s (build it first)" % binary)
    return ServerProcess("ddbemu", [os.path.abspath(binary)] + list(flags), "--port", cwd=REPO_ROOT,
                         timeout=timeout)


def start_dynamodb_local(jar=DEFAULT_LOCAL_JAR, timeout=60):
    if not os.path.isfile(jar):
        raise RuntimeError("DynamoDB Local jar not found at %s (tools/install-deps.sh --oracle)" % jar)
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java not found on PATH; DynamoDB Local needs Java 17")
    jar_dir = os.path.dirname(os.path.abspath(jar))
    argv = [java, "-Djava.library.path=" + os.path.join(jar_dir, "DynamoDBLocal_lib"),
            "-jar", os.path.basename(jar), "-inMemory", "-sharedDb", "-disableTelemetry"]
    return ServerProcess("DynamoDB Local", argv, "-port", cwd=jar_dir, timeout=timeout)
