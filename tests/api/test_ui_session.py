"""Signing in to the review pages: officer and admin keys make a signed, HttpOnly,
SameSite=Strict session; other keys are refused; a revoked key, a forged or expired
cookie signs out; changes need the session's CSRF token; the secret is kept 0600."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from api.app import create_app
from api.options import ApiOptions, api_options
from api.ui.cookies import SESSION_COOKIE, SECRET_FILE, SessionSigner, session_secret
from api.ui.rendering import now_utc
from api_seed import Seeded
from intake.settings import Settings
from intake.store import Store, list_api_keys, revoke_api_key
from ui_seed import csrf_of, sign_in


def test_pages_send_a_visitor_without_a_session_to_the_sign_in_form(client: TestClient):
    for path in ("/ui/", "/ui/stats", "/ui/dossiers/1", "/ui/search?q=an"):
        answer = client.get(path, follow_redirects=False)
        assert answer.status_code == 303, path
        assert answer.headers["location"].startswith("/ui/sign-in?next=%2Fui%2F")
    form = client.get("/ui/sign-in")
    assert form.status_code == 200
    assert 'data-testid="sign-in-form"' in form.text and "Đăng nhập" in form.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/ui/"


def test_an_officer_key_signs_in_with_a_strict_http_only_cookie_that_holds_no_key(
        client: TestClient, keys: dict[str, str]):
    answer = client.post("/ui/sign-in", data={"key": keys["officer_a"], "next": "/ui/stats"},
                         follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/ui/stats")
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/ui" in cookie
    assert keys["officer_a"] not in cookie and keys["officer_a"].split("_", 2)[2] not in cookie
    page = client.get("/ui/stats")
    assert page.status_code == 200
    assert "test officer_a" in page.text and "000.00.19.H55" in page.text


def test_an_admin_key_signs_in_and_sees_every_unit(client: TestClient, keys: dict[str, str]):
    sign_in(client, keys["admin"])
    assert "mọi đơn vị" in client.get("/ui/stats").text


def test_scanner_and_service_keys_are_refused_with_a_clear_message(
        client: TestClient, keys: dict[str, str]):
    for name, words in (("scanner", "máy quét"), ("service", "dịch vụ")):
        answer = client.post("/ui/sign-in", data={"key": keys[name]}, follow_redirects=False)
        assert answer.status_code == 403, name
        assert f"Khóa này dành cho {words}" in answer.text
        assert "set-cookie" not in answer.headers
        assert client.get("/ui/", follow_redirects=False).status_code == 303


def test_an_unknown_key_is_refused(client: TestClient, keys: dict[str, str]):
    wrong = keys["officer_a"][:-4] + "AAAA"
    for key in (wrong, "", "not a key"):
        answer = client.post("/ui/sign-in", data={"key": key}, follow_redirects=False)
        assert answer.status_code == 401
        assert "Khóa không đúng hoặc đã bị thu hồi" in answer.text


def test_revoking_the_key_signs_its_sessions_out_at_the_next_request(
        client: TestClient, store: Store, keys: dict[str, str]):
    sign_in(client, keys["officer_a"])
    assert client.get("/ui/").status_code == 200
    with store.session() as session:
        key_id = next(k.id for k in list_api_keys(session) if k.label == "test officer_a")
        revoke_api_key(session, key_id)
    answer = client.get("/ui/", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].endswith("&reason=expired")
    assert f'{SESSION_COOKIE}=""' in answer.headers["set-cookie"]  # the cookie is dropped
    notice = client.get(answer.headers["location"]).text
    assert "khóa đã bị thu hồi" in notice


def test_a_forged_or_expired_cookie_is_no_session(client: TestClient, keys: dict[str, str],
                                                  data_dir: Path):
    sign_in(client, keys["officer_a"])
    good = client.cookies[SESSION_COOKIE]
    body, signature = good.split(".")
    forged_body = body[:-2] + ("AA" if body[-2:] != "AA" else "BB")
    for cookie in (f"{forged_body}.{signature}", f"{body}.{signature[:-1]}x", "garbage"):
        client.cookies.set(SESSION_COOKIE, cookie, path="/ui")
        assert client.get("/ui/", follow_redirects=False).status_code == 303, cookie
    signer = SessionSigner(session_secret(None, data_dir), timedelta(hours=12))
    issued = signer.issue(2, "whatever", now_utc() - timedelta(hours=13))  # 13 hours ago
    assert signer.read(issued, now_utc()) is None
    assert signer.read(signer.issue(2, "p", now_utc()), now_utc()).key_id == 2


def test_signing_out_ends_the_session_and_needs_the_token(client: TestClient,
                                                          keys: dict[str, str]):
    token = sign_in(client, keys["officer_a"])
    assert client.post("/ui/sign-out", follow_redirects=False).status_code == 403
    answer = client.post("/ui/sign-out", data={"csrf_token": token}, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/ui/sign-in?reason=signed_out"
    assert client.get("/ui/", follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session_on_the_server_not_only_in_this_browser(
        client: TestClient, keys: dict[str, str]):
    """GIVEN a signed-in officer whose cookie was copied (another browser, a stolen copy)
    WHEN the officer signs out THEN the copy no longer opens a page, though it is
    well signed and not expired; a new sign-in works, and a second session of the same
    key is untouched by the first one's sign-out."""
    token = sign_in(client, keys["officer_a"])
    copied = client.cookies[SESSION_COOKIE]
    other = TestClient(client.app)
    sign_in(other, keys["officer_a"])
    assert client.post("/ui/sign-out", data={"csrf_token": token},
                       follow_redirects=False).status_code == 303
    thief = TestClient(client.app)
    thief.cookies.set(SESSION_COOKIE, copied, path="/ui")
    answer = thief.get("/ui/", follow_redirects=False)
    assert answer.status_code == 303 and "reason=expired" in answer.headers["location"]
    assert other.get("/ui/").status_code == 200
    sign_in(client, keys["officer_a"])
    assert client.get("/ui/").status_code == 200


def test_a_change_without_the_token_or_from_another_site_is_refused(
        client: TestClient, keys: dict[str, str], seeded: Seeded):
    token = sign_in(client, keys["officer_a"])
    url = f"/ui/dossiers/{seeded.dossier_a}/fields/{seeded.name_field_a}"
    body = {"value": "NGUYỄN VĂN BA", "expected_version": 1}
    other = sign_in(TestClient(client.app), keys["officer_a"])  # another session's token
    assert other != token
    for headers in ({}, {"X-CSRF-Token": other}, {"X-CSRF-Token": token,
                                                  "Origin": "https://evil.example"}):
        answer = client.post(url, json=body, headers={**headers, "Accept": "application/json"})
        assert answer.status_code == 403, headers
        assert answer.json()["error"]["code"] == "csrf_failed"
    same_site = client.post(url, json=body, headers={"X-CSRF-Token": token,
                                                     "Origin": "http://testserver"})
    assert same_site.status_code == 200


def test_sign_in_goes_back_only_to_a_page_of_this_site(client: TestClient,
                                                       keys: dict[str, str]):
    for target, expected in (("/ui/dossiers/5", "/ui/dossiers/5"), ("//evil.example/ui", "/ui/"),
                             ("https://evil.example", "/ui/"), ("/api/v1/records", "/ui/"),
                             ("/ui/\\evil", "/ui/")):
        answer = client.post("/ui/sign-in", data={"key": keys["officer_a"], "next": target},
                             follow_redirects=False)
        assert answer.headers["location"] == expected, target


def test_the_secret_is_made_once_kept_0600_and_shared_by_later_apps(
        store: Store, options: ApiOptions, data_dir: Path, keys: dict[str, str]):
    first = TestClient(create_app(store, options))
    sign_in(first, keys["officer_a"])
    path = data_dir / SECRET_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    made = path.read_bytes()
    second = TestClient(create_app(store, options))  # a restart: the same secret
    second.cookies.set(SESSION_COOKIE, first.cookies[SESSION_COOKIE], path="/ui")
    assert second.get("/ui/").status_code == 200
    assert path.read_bytes() == made


def test_a_configured_secret_is_used_instead_of_the_file(store: Store, data_dir: Path,
                                                        keys: dict[str, str]):
    configured = ApiOptions(data_dir=data_dir, session_secret="s" * 40, session_hours=1)
    client = TestClient(create_app(store, configured))
    answer = client.post("/ui/sign-in", data={"key": keys["officer_a"]}, follow_redirects=False)
    assert "Max-Age=3600" in answer.headers["set-cookie"]
    assert not (data_dir / SECRET_FILE).exists()
    assert "s" * 40 not in repr(configured)
    signer = SessionSigner(b"s" * 40, timedelta(hours=1))
    assert signer.read(client.cookies[SESSION_COOKIE], now_utc()) is not None
    assert csrf_of(client.get("/ui/stats").text)


def test_the_settings_reach_the_pages_from_the_environment(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("INTAKE_SESSION_SECRET", "t" * 40)
    monkeypatch.setenv("INTAKE_REVIEW_CONFIDENCE", "0.75")
    monkeypatch.setenv("INTAKE_SESSION_HOURS", "8")
    options = api_options(Settings(data_dir=tmp_path))
    assert (options.session_secret, options.review_confidence, options.session_hours) == (
        "t" * 40, 0.75, 8.0)
    monkeypatch.delenv("INTAKE_SESSION_SECRET")
    assert api_options(Settings(data_dir=tmp_path)).session_secret is None
