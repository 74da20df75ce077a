"""The page shell: front page, health check, security headers, language switch."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_front_page_shows_the_national_structure(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "357" in text and "kommuner" in text
    assert 'lang="nb"' in text


def test_healthz_answers_ok(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_pages_carry_a_strict_content_security_policy(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_browser_language_does_not_override_bokmal(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="nb"' in response.content.decode()


def test_language_switch_turns_the_page_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    text = response.content.decode()
    assert 'lang="en"' in text
    assert "Learning and mastery services in Norway" in text


def test_language_switch_refuses_get(client):
    response = client.get(reverse("set_language"), {"language": "en", "next": "/"})
    assert 'lang="nb"' in client.get("/").content.decode()
    assert response.status_code in {302, 405}
