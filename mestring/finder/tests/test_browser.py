"""Browser tests: the finder, a course page and the coordinator page pass axe and work at 320 px."""
import pytest

from mestring.core.testing.browser import axe_violations, log_in

pytestmark = pytest.mark.browser


def test_finder_search_filters_and_course_page(page):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/kurs/")
    assert axe_violations(page) == []
    page.get_by_label("Søk etter kurs").fill("diabetesen")
    page.get_by_label("Bare gratis kurs").check()
    page.get_by_role("button", name="Vis kurs").click()
    assert "q=diabetesen" in page.url and "gratis=on" in page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.locator(".course-list a").first.click()
    assert page.get_by_role("heading", name="Slik melder du deg på").is_visible()
    assert axe_violations(page) == []
    page.go_back()
    assert page.get_by_label("Søk etter kurs").input_value() == "diabetesen"


def test_near_me_with_an_unknown_place_explains_what_works(page):
    page.goto("/kurs/?nar=Atlantis")
    assert page.get_by_text("Vi kjenner ikke «Atlantis»").is_visible()
    assert axe_violations(page) == []


def test_coordinator_confirms_a_course(page):
    log_in(page, "koordinator.tromso@mestring.example")
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/arbeid/registry/")
    assert axe_violations(page) == []
    page.locator("main form button").first.click()
    assert page.get_by_text("er bekreftet som oppdatert").is_visible()
    page.locator("table a").first.click()
    assert page.get_by_role("heading", name="Rediger kurs", exact=False).is_visible()
    assert axe_violations(page) == []


@pytest.mark.parametrize("width", [1280, 320])
def test_map_view_keeps_filters_and_passes_axe(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/kurs/?q=kurs")
    page.get_by_role("link", name="Vis som kart").click()
    assert "q=kurs" in page.url and "visning=kart" in page.url
    assert page.get_by_role("img", name="Kart over Norges kommuner med kurs som passer søket").is_visible()
    assert page.get_by_role("table", name="Antall kurs per kommune").is_visible()
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("button", name="Vis kurs").click()  # the filter form stays on the map
    assert "visning=kart" in page.url
    page.get_by_role("link", name="Vis som liste").click()
    assert "visning" not in page.url and "q=kurs" in page.url and page.locator(".course-list li").count() > 0


def test_the_too_many_searches_page_explains_and_passes_axe(page, client, settings):
    """Rendered here with a limit of no searches (the served site keeps the real limit, which other
    tests would then run into), and shown in the browser on the site's own address."""
    from django.core.cache import cache

    settings.FINDER_RATE = "0/m"
    cache.clear()
    try:
        answer = client.get("/kurs/", {"q": "kols"})
    finally:
        cache.clear()
    assert answer.status_code == 429
    page.goto("/kurs/")
    page.set_content(answer.content.decode())
    assert page.get_by_role("heading", name="For mange søk på kort tid").is_visible()
    assert axe_violations(page) == []
