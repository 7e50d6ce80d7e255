"""gunicorn settings for production (`make serve`); gunicorn reads this file from the working
folder.

Every value can be changed from the environment, as the rest of the site's settings can.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
# Several stateless processes: (2 x cores) + 1, gunicorn's usual advice for sync workers.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# A worker stuck longer than this (a database that stopped answering) is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
# Restart workers now and then, so a slow leak never grows.
max_requests = 10000
max_requests_jitter = 1000
# Logs go to stdout and stderr for the process manager; GUNICORN_ACCESS_LOG=off turns the
# access log off (the benchmark does, so it measures the site and not the terminal).
accesslog = None if os.environ.get("GUNICORN_ACCESS_LOG") == "off" else "-"
errorlog = "-"
# The TLS proxy in front sets X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
