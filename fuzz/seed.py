#!/usr/bin/env python3
"""Writes starting corpora for the fuzz targets from the repository's own fixtures (run from fuzz/)."""
import glob, json, os

def put(target, name, data):
    d = os.path.join("corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())

cases = json.load(open("../tests/fixtures/jose/cases.json"))
for i, c in enumerate(cases):
    put("token_decoder", f"case{i}", c["token"])
    if c.get("jwks"):
        put("jwks_parser", f"case{i}", json.dumps(c["jwks"]))
for f in glob.glob("../tests/fixtures/example/*.json"):
    base = os.path.basename(f)
    text = open(f).read()
    put("jwks_parser", base, text)
    put("discovery_parser", base, text)
    put("policy_evaluator", base, text)
put("token_decoder", "example", open("../tests/fixtures/example/token.jwt").read())
for f in glob.glob("../tests/snapshots/*.snap"):
    text = open(f).read()
    start = text.find("suggested policy:\n")
    if start >= 0:
        body = text[start + len("suggested policy:\n"):]
        put("policy_evaluator", os.path.basename(f), body[: body.find("\n}") + 2])
put("share_link", "empty", "v1.")
