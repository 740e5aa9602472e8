"""Starting and stopping the two servers under comparison.

ddbemu runs as `<binary> --port P`; DynamoDB Local as
`java -Djava.library.path=<dir>/DynamoDBLocal_lib -jar DynamoDBLocal.jar -inMemory -sharedDb
-disableTelemetry -port P` from the jar's directory (as conformance/conftest.py does).
Both get a free port; a server counts as ready once it answers an HTTP request.
Logs go to temporary files, kept when a server fails to start."""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DDBEMU_BIN = os.path.join(REPO_ROOT, "build", "ddbemu")
DEFAULT_LOCAL_JAR = os.path.join(
    REPO_ROOT, ".deps", "dynamodb-local", "node_modules", "amplify-dynamodb-simulator",
    "emulator", "DynamoDBLocal.jar")

_PROBE_HEADERS = {
    "Content-Type": "application/x-amz-json-1.0",
    "X-Amz-Target": "DynamoDB_20120810.ListTables",
    "X-Amz-Date": "20260101T000000Z",
    "Authorization": ("AWS4-HMAC-SHA256 Credential=AKIDDIFFTEST/20260101/us-east-1/dynamodb/"
                      "aws4_request, SignedHeaders=host;x-amz-date, Signature=abc"),
}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def answers_http(port):
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("POST", "/", body="{}", headers=_PROBE_HEADERS)
        conn.getresponse().read()
        conn.close()
        return True
    except (OSError, http.client.HTTPException):
        return False


class ServerProcess:
    """One started server: its process, port and log file."""

    def __init__(self, name, argv, cwd, port):
        self.name = name
        self.port = port
        self.endpoint = "http://127.0.0.1:%d" % port
        self.log = tempfile.NamedTemporaryFile(prefix="difftest-%s-" % name, suffix=".log",
                                               delete=False)
        self.proc = subprocess.Popen(argv, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    def log_tail(self, n=3000):
        try:
            with open(self.log.name, "rb") as f:
                return f.read()[-n:].decode("utf-8", "replace")
        except OSError:
            return ""

    def wait_ready(self, timeout):
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
        raise RuntimeError("%s not ready within %ss; log %s:\n%s" % (
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
        if not keep_log:
            try:
                os.unlink(self.log.name)
            except OSError:
                pass


def start_ddbemu(binary):
    if not os.path.isfile(binary):
        raise RuntimeError("ddbemu binary not found at %s (build it or pass --ddbemu-bin)" % binary)
    port = free_port()
    server = ServerProcess("ddbemu", [os.path.abspath(binary), "--port", str(port)],
                           cwd=REPO_ROOT, port=port)
    server.wait_ready(timeout=15)
    return server


def start_local(jar):
    if not os.path.isfile(jar):
        raise RuntimeError("DynamoDB Local jar not found at %s (tools/install-deps.sh --oracle, "
                           "or pass --local-jar)" % jar)
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("java not found on PATH; DynamoDB Local needs Java 17")
    jar_dir = os.path.dirname(os.path.abspath(jar))
    port = free_port()
    argv = [java, "-Djava.library.path=" + os.path.join(jar_dir, "DynamoDBLocal_lib"),
            "-jar", os.path.basename(jar), "-inMemory", "-sharedDb", "-disableTelemetry",
            "-port", str(port)]
    server = ServerProcess("ddblocal", argv, cwd=jar_dir, port=port)
    server.wait_ready(timeout=60)
    return server
