"""A WSGI application for testing the shipped gunicorn configuration: it
writes down each request it starts (the `id` of its query string, in the
file SLOW_WSGI_LOG names), then takes `sleep` seconds to answer."""

import os
import time
from urllib.parse import parse_qs


def application(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    ident = query.get("id", ["-"])[0]
    with open(os.environ["SLOW_WSGI_LOG"], "a") as log:
        log.write(f"{ident}\n")
    time.sleep(float(query.get("sleep", ["0"])[0]))
    body = ident.encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
