"""A loopback HTTP/1.1 server answering POSTs with canned batch responses.

Any POST gets the 100-event batch response, except a path ending in ``/email-create`` (attendance
by email), which gets the 100-subscriber answer.

Run in its own process (``python bench/_server.py``): it prints ``PORT <n>`` once listening and
serves until stdin closes or it is killed, so the client's CPU time never includes the server's.
Plain stdlib ``ThreadingHTTPServer`` with keep-alive, ``TCP_NODELAY`` and one ``write`` per answer.
"""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from _canned import EMAIL_CREATE, batch_response_bytes, subscriber_response_bytes


def _response(body: bytes) -> bytes:
    head = (
        "HTTP/1.1 200 OK\r\n"
        "Content-Type: application/json;charset=utf-8\r\n"
        f"Content-Length: {len(body)}\r\n"
        "X-HubSpot-Correlation-Id: 3c1b2f0e-bench-0000-0000-000000000000\r\n"
        "X-HubSpot-RateLimit-Max: 190\r\n"
        "X-HubSpot-RateLimit-Remaining: 189\r\n"
        "X-HubSpot-RateLimit-Interval-Milliseconds: 10000\r\n"
        "\r\n"
    ).encode()
    return head + body


RESPONSE = _response(batch_response_bytes())
EMAIL_CREATE_RESPONSE = _response(subscriber_response_bytes())


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        path = self.path.split("?", 1)[0]
        self.wfile.write(EMAIL_CREATE_RESPONSE if path.endswith(EMAIL_CREATE) else RESPONSE)

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
