"""gunicorn settings for Inspection Readiness behind nginx (deploy/nginx/inspection-readiness.conf).

Used by deploy/systemd/inspection-readiness-web.service:
    gunicorn -c deploy/gunicorn.conf.py inspection_readiness.wsgi

Command-line options override these (the deployment test runs one worker on a free port).
GUNICORN_BIND and WEB_CONCURRENCY in the environment file change the bind and the number of
workers without editing this file.
"""

import multiprocessing
import os

# Only nginx on the same machine talks to gunicorn. A node behind a proxy on another machine
# binds to its private address instead and lists that proxy in forwarded_allow_ips below.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: nginx buffers whole requests and responses, so a worker is busy only while
# Django works, and long work runs as background jobs. Two per core plus one is gunicorn's
# rule of thumb; each worker holds one database connection (CONN_MAX_AGE) at most.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request silent for this long is stuck: the worker is killed and replaced. nginx's
# proxy_read_timeout (75 s) is a little longer, so gunicorn ends the request first.
timeout = 60
# On reload or stop, let requests in flight finish for this long.
graceful_timeout = 30

# Replace each worker after about a thousand requests, at staggered moments, so that memory
# a request leaves behind (a large page, a big queryset) cannot grow without end.
max_requests = 1000
max_requests_jitter = 100

# Refuse oversized request lines and headers (nginx's large_client_header_buffers match).
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190

# Trust X-Forwarded-Proto and friends only from nginx on this machine. Django's own use of
# X-Forwarded-Proto and X-Forwarded-For is set by USE_X_FORWARDED_PROTO and
# TRUSTED_PROXY_COUNT in the environment file.
forwarded_allow_ips = "127.0.0.1"

# Logs go to the journal through stdout and stderr; nginx keeps the access log.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# No runtime control socket: it would need a writable home or runtime directory, and restarts
# go through systemd (`systemctl reload` sends HUP for a graceful reload).
control_socket_disable = True
