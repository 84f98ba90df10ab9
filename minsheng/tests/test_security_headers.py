"""Security headers and the Content-Security-Policy: every response carries a policy that
allows no inline script, no template holds one, and a production setup made of the README's
variables passes `minsheng check --deploy` without a warning (HTTPS means HSTS and the
redirect to HTTPS, unless switched off)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern

BASE = Path(settings.BASE_DIR)
README_PRODUCTION = {
    "MINSHENG_SECRET_KEY": "x7Qm2vL9pR4tW8yB3nK6cF1hJ5sD0gZ-aE_uI2oP7lM9qT4wV8xC3bN6",
    "MINSHENG_ENCRYPTION_KEY": "dGVzdC1rZXktZm9yLW1pbnNoZW5nLXRlc3RzLW9ubHk=",
    "MINSHENG_ALLOWED_HOSTS": "minsheng.example.org",
    "MINSHENG_SECURE_COOKIES": "true",
    "MINSHENG_CSRF_TRUSTED_ORIGINS": "https://minsheng.example.org",
}


def deploy_check(tmp_path: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """`minsheng check --deploy` in a clean environment: only these variables, no var/ keys
    of a demo (MINSHENG_VAR_DIR is not set; the keys come from the variables)."""
    command = Path(sys.executable).with_name("minsheng")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path)}
    env.update(README_PRODUCTION)
    env.update(extra)
    return subprocess.run(
        [str(command), "check", "--deploy"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_readme_production_variables_pass_the_deploy_check_without_a_warning(tmp_path):
    result = deploy_check(tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output
    assert "WARNING" not in output.upper(), output


def test_https_parts_switched_off_are_reported_by_the_deploy_check(tmp_path):
    result = deploy_check(tmp_path, MINSHENG_SSL_REDIRECT="false", MINSHENG_HSTS_SECONDS="0")
    output = result.stdout + result.stderr
    assert "security.W004" in output and "security.W008" in output, output


def test_every_production_variable_is_in_the_readme():
    readme = (BASE / "README.md").read_text(encoding="utf-8")
    for name in (
        *README_PRODUCTION,
        "MINSHENG_SSL_REDIRECT",
        "MINSHENG_HSTS_SECONDS",
        "MINSHENG_HSTS_INCLUDE_SUBDOMAINS",
        "MINSHENG_HSTS_PRELOAD",
        "MINSHENG_PROXY_SSL_HEADER",
        "MINSHENG_LOGIN_FAILURES",
        "MINSHENG_LOGIN_LOCK_MINUTES",
        "MINSHENG_IDEMPOTENCY_HOURS",
    ):
        assert f"`{name}`" in readme, name


# ---- the policy on every page ------------------------------------------------------------


def directives(header: str) -> dict[str, list[str]]:
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def assert_strict_policy(response, label: str) -> None:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy: {label}"
    policy = directives(header)
    scripts = policy.get("script-src") or policy.get("default-src")
    assert scripts, f"no script-src: {label}"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, label
    assert all(s == "'self'" for s in scripts), (label, scripts)
    assert policy.get("object-src") == ["'none'"], label
    assert policy.get("frame-ancestors") == ["'none'"], label


def plain_paths(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every path of the URL configuration that takes no parameter."""
    for p in patterns if patterns is not None else get_resolver().url_patterns:
        route = str(p.pattern)
        if isinstance(p.pattern, RegexPattern) or "<" in route:
            continue
        if isinstance(p, URLResolver):
            yield from plain_paths(p.url_patterns, prefix + route)
        elif isinstance(p, URLPattern):
            yield "/" + prefix + route


def test_the_url_walk_finds_the_pages():
    paths = set(plain_paths())
    assert {"/", "/submit/", "/track/", "/accounts/login/", "/console/", "/api/v1/docs/"} <= paths


def test_every_page_has_a_policy_without_inline_script(client, cast, django_user_model):
    g, _secret = cast.submit()
    paths = sorted(set(plain_paths()))
    paths += [
        f"/console/grievances/case/{g.code}/",
        f"/track/{g.code}/",
        "/no/such/page/",
        "/api/v1/docs/?script",
        "/admin/orgs/unit/",
        f"/admin/orgs/unit/{cast.hq.pk}/change/",
    ]
    root = django_user_model.objects.create_superuser("root", "root@example.org", "pw")
    people = {"anonymous": Client(), "head": Client(), "root": Client()}
    people["head"].force_login(cast.head)
    people["root"].force_login(root)
    seen = 0
    for who, c in people.items():
        for path in paths:
            if path.startswith("/accounts/logout"):
                continue
            response = c.get(path)
            if getattr(response, "streaming", False):
                b"".join(response.streaming_content)
            assert_strict_policy(response, f"{who} GET {path} ({response.status_code})")
            seen += 1
    assert seen > 50


def test_a_post_answer_and_an_api_answer_carry_the_policy_too(client, cast):
    assert_strict_policy(client.post("/track/", {"code": "x", "secret": "y"}), "POST /track/")
    assert_strict_policy(client.get("/api/v1/grievances/"), "API 401/403")
    assert_strict_policy(client.get("/open311/v2/services.json"), "Open311")


def test_the_other_security_headers_are_sent(client, db):
    r = client.get("/")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert r["X-Frame-Options"] == "DENY"
    assert r["Referrer-Policy"] == "same-origin"
    assert r["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_api_docs_page_loads_its_start_up_script_as_a_file(client, db):
    html = client.get("/api/v1/docs/").content.decode()
    assert not INLINE_SCRIPT.search(html)
    sources = re.findall(r'<script src="([^"]+)"', html)
    start = [s for s in sources if "script" in s.split("?", 1)[-1]]
    assert start, sources
    js = client.get(start[0].replace("&amp;", "&"))
    assert js.status_code == 200 and "javascript" in js["Content-Type"]
    assert "SwaggerUIBundle" in js.content.decode()


# ---- no inline script in any template ----------------------------------------------------

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def inline_script_in(text: str) -> list[str]:
    found = []
    for name, pattern in (
        ("<script> without src", INLINE_SCRIPT),
        ("on...= handler", EVENT_HANDLER),
        ("javascript: URL", JS_URL),
    ):
        found += [f"{name}: {m.group(0)[:80]}" for m in pattern.finditer(text)]
    return found


def project_templates() -> list[Path]:
    dirs = [BASE / "templates"]
    dirs += [
        p / "templates"
        for p in BASE.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.name not in ("var", "node_modules")
    ]
    return sorted(f for d in dirs if d.is_dir() for f in d.rglob("*") if f.is_file())


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<SCRIPT type='module'>x()</SCRIPT>",
        '<button type="button" onclick="print()">',
        '<body\n  onload="go()">',
        '<a href="javascript:void(0)">',
    ],
)
def test_the_template_check_finds_inline_script(text):
    assert inline_script_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "<script src=\"{% static 'js/print.js' %}\" defer></script>",
        '<meta name="viewport" content="width=device-width">',
        '<input name="once" value="x"><option value="1">',
        "<p>Click on=the button</p>",
    ],
)
def test_the_template_check_lets_clean_markup_pass(text):
    assert not inline_script_in(text)


def test_no_template_holds_an_inline_script_or_event_handler():
    templates = project_templates()
    assert len(templates) > 20
    found = {
        str(f.relative_to(BASE)): hits
        for f in templates
        if (hits := inline_script_in(f.read_text(encoding="utf-8", errors="replace")))
    }
    assert not found, found
