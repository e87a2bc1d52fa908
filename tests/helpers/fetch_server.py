"""A local stand-in for the official download sites (in-process, port 0): serves a dict of
URL path (with query) -> body, with ETag / Last-Modified / Range like the real servers, records
every request, and can fail on purpose (drop the connection mid-body, answer 500)."""

from __future__ import annotations

import hashlib
import threading
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LAST_MODIFIED = formatdate(1_780_000_000, usegmt=True)


class SiteServer:
    """`with SiteServer() as site:` serves `site.routes` at `site.url`."""

    def __init__(self, routes: dict[str, bytes] | None = None) -> None:
        self.routes: dict[str, bytes] = dict(routes or {})
        self.faults: dict[str, list[str]] = {}  # path -> faults to apply, one per request: "drop", "500"
        self.log: list[tuple[str, int, int]] = []  # (path, status, body bytes sent)
        self.ranges = True
        self.validators = True  # send ETag and Last-Modified
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - the http.server interface
                server.handle(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def downloads(self) -> list[str]:
        """Paths answered with a body (200 or 206) so far."""
        return [path for path, status, sent in self.log if status in (200, 206) and sent]

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        body = self.routes.get(req.path)
        if body is None:
            return self._send(req, 404, b"<html>Not found</html>")
        fault = self.faults.get(req.path, []).pop(0) if self.faults.get(req.path) else None
        if fault == "500":
            return self._send(req, 500, b"<html>Server error</html>")
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        headers = {"ETag": etag, "Last-Modified": LAST_MODIFIED} if self.validators else {}
        if self.ranges:
            headers["Accept-Ranges"] = "bytes"
        fresh = req.headers.get("If-None-Match") == etag or (
            not req.headers.get("If-None-Match") and req.headers.get("If-Modified-Since") == LAST_MODIFIED)
        if self.validators and fresh:
            return self._send(req, 304, b"", headers)
        start = 0
        wanted = req.headers.get("Range", "")
        if self.ranges and wanted.startswith("bytes=") and req.headers.get("If-Range") in (etag, LAST_MODIFIED):
            start = int(wanted[6:].split("-")[0])
            headers["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
        part = body[start:]
        if fault == "drop":  # promise the whole body, send half, hang up
            return self._send(req, 206 if start else 200, part[: len(part) // 2], headers, length=len(part))
        self._send(req, 206 if start else 200, part, headers)

    def _send(self, req, status: int, body: bytes, headers: dict | None = None, length: int | None = None) -> None:
        req.send_response(status)
        for key, value in (headers or {}).items():
            req.send_header(key, value)
        if status != 304:
            req.send_header("Content-Length", str(len(body) if length is None else length))
        req.send_header("Connection", "close")
        req.end_headers()
        req.wfile.write(body)
        req.wfile.flush()
        req.close_connection = True
        self.log.append((req.path, status, len(body)))
