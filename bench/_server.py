"""A loopback HTTP/1.1 server answering any POST with the canned 100-event batch response.

Run in its own process (``python bench/_server.py``): it prints ``PORT <n>`` once listening and
serves until stdin closes or it is killed, so the client's CPU time never includes the server's.
Plain stdlib ``ThreadingHTTPServer`` with keep-alive, ``TCP_NODELAY`` and one ``write`` per answer.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from _canned import batch_response_bytes

BODY = batch_response_bytes()
HEAD = (
    "HTTP/1.1 200 OK\r\n"
    "Content-Type: application/json;charset=utf-8\r\n"
    f"Content-Length: {len(BODY)}\r\n"
    "X-HubSpot-Correlation-Id: 3c1b2f0e-bench-0000-0000-000000000000\r\n"
    "X-HubSpot-RateLimit-Max: 190\r\n"
    "X-HubSpot-RateLimit-Remaining: 189\r\n"
    "X-HubSpot-RateLimit-Interval-Milliseconds: 10000\r\n"
    "\r\n"
).encode()
RESPONSE = HEAD + BODY


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.wfile.write(RESPONSE)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    sys.stdin.read()  # the parent closes our stdin (or dies): stop
    server.shutdown()


if __name__ == "__main__":
    main()
