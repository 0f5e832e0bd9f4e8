"""The HTTP server of ``bench/reactions.py``, run in a process of its own (its own interpreter
lock, as a production server worker would have): Django's multi-threaded WSGI server on a free
loopback port, one thread per connection, request logging off.

Started as ``python -c "from bench._server import serve; serve()"`` with ``DJANGO_SETTINGS_MODULE``
and ``WAGTAIL_SOCIAL_BENCH_DB`` in the environment; it prints its port on stdout, and stops when
its stdin closes (so it never outlives the bench, even one that crashed) or after ``lifetime``
seconds, exiting normally (atexit handlers run).
"""

from __future__ import annotations

import os
import threading


def serve(lifetime: float = 600.0) -> None:
    import django

    django.setup()
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class QuietHandler(WSGIRequestHandler):
        # wsgiref writes the headers and the body in two sends: with Nagle's algorithm on, the
        # body waits for the client's delayed ACK (40 ms on Linux), as no production server lets it.
        disable_nagle_algorithm = True

        def log_message(self, format, *args):  # noqa: A002 - the base class's name
            pass

    class Server(ThreadedWSGIServer):
        request_queue_size = 128  # all clients connect at once; the default backlog is 5

    server = Server(("127.0.0.1", 0), QuietHandler)
    server.set_app(get_wsgi_application())

    def stop_when_parent_goes() -> None:
        while os.read(0, 4096):  # b"" at EOF: the bench closed the pipe, or died
            pass  # (the raw descriptor: no buffer lock left held at interpreter exit)
        server.shutdown()

    threading.Thread(target=stop_when_parent_goes, daemon=True).start()
    deadline = threading.Timer(lifetime, server.shutdown)
    deadline.daemon = True
    deadline.start()
    print(server.server_address[1], flush=True)
    server.serve_forever(poll_interval=0.2)
    server.server_close()  # then a normal exit: atexit handlers (the settings' temp dirs) run
