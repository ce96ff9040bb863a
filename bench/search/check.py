#!/usr/bin/env python3
"""Asks each query of queries.txt once, through the JSON API and the HTML page, and fails unless
every one answers 200 with at least one result. Prints each query's time and result count.

Usage: check.py BASE_URL COOKIE_HEADER   (e.g. http://127.0.0.1:8080 "Cookie: grove_session=...")
"""
import json
import pathlib
import sys
import time
import urllib.error
import urllib.request

base, cookie = sys.argv[1], sys.argv[2]
name, _, value = cookie.partition(":")
failed = 0
for line in (pathlib.Path(__file__).parent / "queries.txt").read_text().splitlines():
    if not line or line.startswith("#"):
        continue
    _, kind, query = line.split("\t")
    query = query.replace("?", "2")
    for path in ("/api/v1/search", "/search"):
        request = urllib.request.Request(f"{base}{path}?{query}", headers={name: value.strip()})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        ms = (time.monotonic() - started) * 1000
        if status != 200:
            print(f"  FAIL {status} {path}?{query}: {body[:200]!r}")
            failed += 1
            continue
        if path.startswith("/api"):
            items = json.loads(body).get("items", [])
            if not items:
                print(f"  FAIL no results for {path}?{query}")
                failed += 1
                continue
            title = items[0].get("title", "")
            print(f"  {ms:7.1f} ms  {len(items):3d} items  {kind:9s}  {query}  (first: {title[:60]})")
        else:
            print(f"  {ms:7.1f} ms  page      {kind:9s}  {query}")
sys.exit(1 if failed else 0)
