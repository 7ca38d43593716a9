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

# Numbers at the ends of every type: time claims and a link's `at` at i64::MIN/MAX, 0, ±1, beyond
# 64 bits, floats and non-numbers; numeric and date conditions with the same values.
import base64, zlib
EXTREMES = ["-9223372036854775808", "9223372036854775807", "0", "-1", "1", "18446744073709551615",
            "99999999999999999999", "1e300", "-0.0", "1e400", '"1800000000"', "null"]

def b64(data):
    return base64.urlsafe_b64encode(data.encode()).rstrip(b"=").decode()

def link(state):
    d = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw DEFLATE, as share::encode writes it
    return "v1." + base64.urlsafe_b64encode(d.compress(state.encode()) + d.flush()).rstrip(b"=").decode()

for i, v in enumerate(EXTREMES):
    payload = ('{"iss":"https://oidc.eks.us-east-1.amazonaws.com/id/ABC","aud":"sts.amazonaws.com",'
               f'"sub":"system:serviceaccount:ns:sa","exp":{v},"iat":{v},"nbf":{v}}}')
    token = b64('{"alg":"RS256","kid":"k1"}') + "." + b64(payload) + ".AQID"
    put("token_decoder", f"extreme{i}", token)
    state = f'{{"at":{v},"t":"{token}"}}'
    put("share_link", f"extreme{i}", link(state))
    put("share_link", f"extreme{i}.json", state)  # the target also deflates its input itself
    policy = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":'
              '"arn:aws:iam::1:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC"},'
              '"Action":"sts:AssumeRoleWithWebIdentity","Condition":{'
              f'"NumericLessThan":{{"oidc.eks.us-east-1.amazonaws.com/id/ABC:sub":{v}}},'
              f'"DateGreaterThan":{{"aws:CurrentTime":{v}}}}}}}]}}')
    put("policy_evaluator", f"extreme{i}", policy)

# EKS Pod Identity and cluster sign-in: "first line\nsecond line" is (trust policy, target policy) for
# pod_identity::predict and (identity-provider configuration, token) for cluster_auth::authenticate.
for f in glob.glob("../tests/fixtures/eks_modes/pod_identity/*.json"):
    text = json.dumps(json.load(open(f)))
    put("eks_modes", os.path.basename(f), text + "\n" + text)
for c in json.load(open("../tests/fixtures/eks_modes/cluster_auth/cases.json")):
    put("eks_modes", c["name"], json.dumps(c["config"]) + "\n" + c["token"])
