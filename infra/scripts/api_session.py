"""Signs up a throw-away resident on a running local binary and prints an access token.

Used by schemathesis.sh so that property-based tests reach the authenticated operations too:
register, read the verification link from the dev outbox (/dev/mailbox.json), verify, sign in.
Standard library only."""

import json
import secrets
import sys
import urllib.request

PASSWORD = "Schemathesis au bord de la Seine"


def call(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    if data is not None:
        request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request, timeout=20) as response:
        raw = response.read()
        return json.loads(raw) if raw else None


def main(base):
    name = "st_" + secrets.token_hex(6)
    email = f"{name}@example.fr"
    call(base, "POST", "/api/v1/auth/register",
         {"email": email, "username": name, "password": PASSWORD, "accept_terms": True})
    mails = call(base, "GET", "/dev/mailbox.json")
    text = next(m["text"] for m in mails if m["to"] == email and m["template"] == "verify_email")
    token = next(w.split("?token=", 1)[1] for w in text.split() if "?token=" in w)
    call(base, "POST", "/api/v1/auth/verify-email", {"token": token})
    session = call(base, "POST", "/api/v1/auth/login", {"login": email, "password": PASSWORD})
    print(session["access_token"])


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
