"""An emberd of its own for the Python benchmarks (soak, wasm-bench): a free
port, a data directory in a scratch folder, and a keep-alive client."""
import http.client
import json
import os
import socket
import subprocess
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    """One keep-alive connection to emberd; reconnects when emberd closes it."""

    def __init__(self, port):
        self.port = port
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response.status, response.read(), response
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def start_emberd(bin_dir, tmp, who, config=None):
    """Starts emberd with `config` on top of a loopback port and a data
    directory in `tmp`; returns (process, port) once it is ready."""
    port = free_port()
    settings = {"log_level": "warn", "listen": f"127.0.0.1:{port}",
                "data_dir": os.path.join(tmp, "data"), "preload": []}
    settings.update(config or {})
    with open(os.path.join(tmp, "emberd.json"), "w") as f:
        json.dump(settings, f)
    log = open(os.path.join(tmp, "emberd.log"), "w")
    # An ASan build (scripts/test's) keeps freed memory in a quarantine of
    # 256 MiB, whose filling would read as RSS drift; other builds ignore it.
    env = dict(os.environ)
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS"),
                                                 "quarantine_size_mb=1"]))
    emberd = subprocess.Popen([os.path.join(bin_dir, "emberd"), "--config",
                               os.path.join(tmp, "emberd.json")], stdout=log, stderr=log,
                              env=env)
    for _ in range(200):
        try:
            if Client(port).request("GET", "/readyz")[0] == 200:
                return emberd, port
        except OSError:
            pass
        time.sleep(0.1)
    emberd.kill()
    sys.exit(f"{who}: emberd did not come up; see {log.name}")


def deploy(port, who, name, binary, query="", content_type="application/octet-stream"):
    """PUT /v1/functions/NAME; exits naming `who` unless it answers 201."""
    status, body, _ = Client(port).request(
        "PUT", f"/v1/functions/{name}?{query}", binary, {"Content-Type": content_type})
    if status != 201:
        sys.exit(f"{who}: deploying {name} failed: {status} {body[:300]!r}")
