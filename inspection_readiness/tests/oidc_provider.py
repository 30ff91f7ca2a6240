"""A small OpenID Connect provider for tests, run in a thread on 127.0.0.1 (no outside network).

It speaks the parts of the protocol the service uses, as Microsoft Entra ID does: discovery,
the authorization code flow with PKCE (S256) and a sign-in form, the token endpoint with the
client secret, RS256-signed id tokens with the person's groups in them, the JWKS and userinfo
endpoints. A person marked disabled gets an id token whose ``account_enabled`` claim is false,
as a directory's claims mapping can send it; a wrong password is answered with
``error=access_denied``, as a provider refuses a sign-in.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "inspection-readiness-tests"
CLIENT_SECRET = "client-secret-for-tests-only"  # noqa: S105  a test provider's own secret
KEY_ID = "test-key-1"


@dataclass
class DirectoryPerson:
    username: str
    password: str
    email: str
    given_name: str
    family_name: str
    groups: list[str] = field(default_factory=list)
    enabled: bool = True

    @property
    def subject(self) -> str:
        return "sub-" + hashlib.sha256(self.username.encode()).hexdigest()[:16]


class LocalProvider:
    """Start with ``with LocalProvider() as provider:``; ``provider.issuer`` is its address."""

    def __init__(self) -> None:
        self.people: dict[str, DirectoryPerson] = {}
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, str] = {}
        # Tests set this to issue id tokens meant for another service.
        self.audience = CLIENT_ID
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def add(self, person: DirectoryPerson) -> DirectoryPerson:
        self.people[person.username] = person
        return person

    # --- what the endpoints answer -------------------------------------------------------------

    def discovery(self) -> dict:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "jwks_uri": f"{self.issuer}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
        }

    def jwks(self) -> dict:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {"keys": [{**jwk, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}

    def authorize(self, params: dict[str, str]) -> str:
        """Where the browser goes after the sign-in form: back to the service, with a code."""
        redirect_uri = params["redirect_uri"]
        person = self.people.get(params.get("username", ""))
        back = {"state": params.get("state", "")}
        if params.get("client_id") != CLIENT_ID or params.get("response_type") != "code":
            back["error"] = "unauthorized_client"
        elif person is None or not secrets.compare_digest(
            person.password, params.get("password", "")
        ):
            back["error"] = "access_denied"
        else:
            code = secrets.token_urlsafe(24)
            self.codes[code] = {
                "username": person.username,
                "redirect_uri": redirect_uri,
                "nonce": params.get("nonce"),
                "challenge": params.get("code_challenge"),
            }
            back["code"] = code
        return f"{redirect_uri}?{urlencode(back)}"

    def token(self, form: dict[str, str]) -> tuple[int, dict]:
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good once
        if (
            grant is None
            or form.get("client_id") != CLIENT_ID
            or form.get("client_secret") != CLIENT_SECRET
            or form.get("redirect_uri") != grant["redirect_uri"]
        ):
            return 400, {"error": "invalid_grant"}
        if grant["challenge"]:
            verifier = form.get("code_verifier", "").encode()
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=")
            if digest.decode() != grant["challenge"]:
                return 400, {"error": "invalid_grant"}
        person = self.people[grant["username"]]
        access_token = secrets.token_urlsafe(24)
        self.access_tokens[access_token] = person.username
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": person.subject,
            "aud": self.audience,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "preferred_username": person.email,
            "groups": person.groups,
        }
        if not person.enabled:
            claims["account_enabled"] = False
        id_token = jwt.encode(claims, self.private_key, algorithm="RS256", headers={"kid": KEY_ID})
        return 200, {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
            "id_token": id_token,
        }

    def userinfo(self, authorization: str) -> tuple[int, dict]:
        username = self.access_tokens.get(authorization.removeprefix("Bearer "))
        if username is None:
            return 401, {"error": "invalid_token"}
        person = self.people[username]
        return 200, {
            "sub": person.subject,
            "email": person.email,
            "given_name": person.given_name,
            "family_name": person.family_name,
        }


def _sign_in_form(params: dict[str, str]) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
        for k, v in params.items()
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><title>Test directory</title></head><body>'
        '<main><h1>Test directory sign-in</h1><form method="post" action="/authorize">'
        f'{hidden}<label for="username">Directory username</label>'
        '<input id="username" name="username">'
        '<label for="password">Directory password</label>'
        '<input id="password" name="password" type="password">'
        "<button>Sign in to the directory</button></form></main></body></html>"
    )


def _handler_for(provider: LocalProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:  # quiet in test output
            pass

        def _send(self, status: int, body: str, content_type: str = "application/json"):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if url.path == "/.well-known/openid-configuration":
                self._send(200, json.dumps(provider.discovery()))
            elif url.path == "/jwks":
                self._send(200, json.dumps(provider.jwks()))
            elif url.path == "/authorize":
                self._send(200, _sign_in_form(params), "text/html; charset=utf-8")
            elif url.path == "/userinfo":
                status, body = provider.userinfo(self.headers.get("Authorization", ""))
                self._send(status, json.dumps(body))
            else:
                self._send(404, "{}")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[-1] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            url = urlsplit(self.path)
            if url.path == "/authorize":
                self._redirect(provider.authorize(form))
            elif url.path == "/token":
                status, body = provider.token(form)
                self._send(status, json.dumps(body))
            else:
                self._send(404, "{}")

    return Handler
