"""A start-up page: answers on the app's address within a moment of ``reviewqa serve``, while the review and the web
framework load, and turns into the chat by itself when the chat is ready.

Standard library only (imported before anything heavy). It holds the port until the app is built, then lets it go;
the page asks the address for the app's ``/config`` every 0.2 s and reloads when the app answers it.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

__all__ = ["WaitingPage", "waiting_page"]

PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>reviewqa is starting</title>
<style>body{font:16px system-ui,sans-serif;color:#111827;margin:3em auto;max-width:40em;padding:0 1em}</style>
</head><body><main><h1>reviewqa is starting</h1>
<p role="status">Opening the review and the chat; this page becomes the chat by itself in a few seconds.</p></main>
<script>
const poll = () => fetch('/config', {cache: 'no-store'})
  .then(r => { if (r.ok) location.reload(); else setTimeout(poll, 200); })
  .catch(() => setTimeout(poll, 200));
setTimeout(poll, 200);
</script></body></html>
"""


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.split("?")[0] != "/":
            self.send_response(503)
            self.send_header("Retry-After", "1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: object) -> None:
        return


class WaitingPage:
    """The start-up page being served; ``close`` frees the port (idempotent)."""

    def __init__(self, server: ThreadingHTTPServer | None) -> None:
        self._server = server
        if server is not None:
            threading.Thread(target=server.serve_forever, name="reviewqa-waiting", daemon=True).start()

    def close(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()


def waiting_page(host: str, port: int) -> WaitingPage:
    """Serve the start-up page on ``host:port``; when the port cannot be taken, serve nothing (the app will say why)."""
    try:
        server = ThreadingHTTPServer((host, port), _Handler)
    except OSError:
        return WaitingPage(None)
    server.daemon_threads = True
    return WaitingPage(server)
