"""gunicorn settings for `make run`: loopback by default, one worker per core, no personal data in logs."""

import multiprocessing
import os

bind = f"{os.environ.get('KYR_HOST', '127.0.0.1')}:{os.environ.get('KYR_PORT', '8000')}"
workers = int(os.environ.get("KYR_WORKERS") or multiprocessing.cpu_count())
threads = 2
# The app is built once and then forked, so every worker shares one secret key (the CSRF tokens).
preload_app = True
timeout = 60
# The access log shows the path and status only: personal data travels in POST bodies, never in URLs.
accesslog = "-"
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
logger_class = "web.server.SafeLogger"  # control characters in a path are escaped, never a new line


def post_fork(server, worker):  # noqa: ANN001, ARG001 (gunicorn's hook signature)
    """gunicorn's own error responses (414, 400) carry the app's security headers (web/server.py)."""
    from web.server import install

    install()
# Close each connection after its response: a kept-alive connection stays with the worker that
# accepted it, so a few busy clients can queue on one worker while another is idle. Reconnecting on
# loopback or a LAN costs far less than a render.
keepalive = 0
