"""The portal is for everyone who brings a grievance: many are elderly, have poor sight or use
a screen reader. Its pages (home, submit, receipt, track, the case page with rating and
review, and their error states) are checked in headless Chromium, in both languages:

- axe-core (bundled by axe-playwright-python, installed from PyPI; nothing fetched at run
  time) finds no serious or critical violation of WCAG 2.1 A/AA;
- what axe does not see: a skip link first, focus visible, one h1 and no skipped heading
  level, required fields announced, errors tied to their fields;
- text enlarged to 200% (page zoom, and the root font size doubled) loses nothing: no
  horizontal scroll at 1280 px and no clipped text or control;
- the submit form and the track form (and rating and review) work by keyboard alone."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from grievances import lifecycle
from grievances.models import EventKind, Grievance, State
from tests.browser.test_full_flow import (
    LOCALES,
    submit_grievance,
    tr,
    track,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGS = ["zh-hans", "en"]
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
AXE = Axe()


def new_page(chromium: Browser, lang: str, **options: Any) -> Page:
    context = chromium.new_context(locale=LOCALES[lang], **options)
    context.set_default_timeout(15_000)
    return context.new_page()


def axe_problems(page: Page) -> list[str]:
    """Serious and critical WCAG 2.1 A/AA violations on the page, one line each."""
    results = AXE.run(page, options=WCAG).response
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# What axe leaves to people: checked in the page with the DOM.
STRUCTURE_JS = """() => {
  const out = [];
  const visible = e => !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
  const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].filter(visible);
  if (hs.filter(h => h.tagName === 'H1').length !== 1) out.push('not exactly one h1');
  let last = 0;
  for (const h of hs) {
    const level = +h.tagName[1];
    if (last && level > last + 1) out.push('heading skips from h' + last + ' to h' + level);
    last = level;
  }
  if (hs.length && hs[0].tagName !== 'H1') out.push('first heading is not the h1');
  const first = document.querySelector('body a, body button, body input, body select');
  if (!first || !first.matches('a.skip-link') || first.getAttribute('href') !== '#content')
    out.push('the first link is not the skip link');
  if (!document.getElementById('content')) out.push('no #content to skip to');
  for (const f of document.querySelectorAll('main input, main select, main textarea')) {
    if (f.type === 'hidden') continue;
    if (!f.labels || !f.labels.length) out.push('no label for ' + (f.id || f.name));
    if (f.required || f.getAttribute('aria-required') === 'true') {
      const label = f.closest('fieldset.required-group')
        ? f.closest('fieldset').querySelector('legend') : f.labels[0];
      if (!label || !label.querySelector('.req')) out.push('required not shown: ' + f.id);
    }
    const star = f.labels && f.labels[0] && f.labels[0].querySelector('.req');
    if (star && !f.required && f.getAttribute('aria-required') !== 'true')
      out.push('marked * but not announced as required: ' + f.id);
    if (f.getAttribute('aria-invalid') === 'true') {
      const ids = (f.getAttribute('aria-describedby')
        || (f.closest('fieldset[aria-describedby]') || {getAttribute: () => ''})
            .getAttribute('aria-describedby') || '').split(/\\s+/);
      const err = ids.map(i => document.getElementById(i)).filter(Boolean)
        .find(e => e.classList.contains('field-error'));
      if (!err || !err.textContent.trim()) out.push('error not tied to ' + f.id);
    }
  }
  for (const f of document.querySelectorAll('main [aria-describedby]')) {
    for (const i of f.getAttribute('aria-describedby').split(/\\s+/))
      if (!document.getElementById(i)) out.push('aria-describedby to nothing: ' + i);
  }
  return out;
}"""


def check_page(page: Page, lang: str, what: str) -> list[str]:
    html_lang = page.locator("html").get_attribute("lang")
    expected = "zh-Hans" if lang == "zh-hans" else "en"
    found = [f"{what}: html lang is {html_lang}"] if html_lang != expected else []
    found += [f"{what}: {p}" for p in axe_problems(page)]
    found += [f"{what}: {p}" for p in page.evaluate(STRUCTURE_JS)]
    return found


def make_replied(code: str, cast: Any) -> Grievance:
    """The staff's steps up to the reply, through the same actions the console calls."""
    g = Grievance.objects.get(code=code)
    g = lifecycle.accept(g, by=cast.handler)
    g = lifecycle.assign(g, by=cast.leader, owner=cast.leader, handler=cast.handler)
    g = lifecycle.log_contact(g, by=cast.handler, kind=EventKind.VISIT, summary="到车间走访")
    lifecycle.reply(
        g,
        by=cast.leader,
        facts="查明十月份加班费未发放。",
        decision="十一月十日前补发。",
        reasons="依照公司薪酬制度第十二条。",
    )
    return Grievance.objects.get(pk=g.pk)


@pytest.mark.parametrize("lang", LANGS)
def test_every_portal_page_meets_wcag_2_1_aa(
    live_server: Any,
    cast: Any,
    browser: Browser,
    lang: str,
) -> None:
    base = live_server.url
    page = new_page(browser, lang)
    found: list[str] = []

    page.goto(f"{base}/")
    found += check_page(page, lang, "home")

    page.goto(f"{base}/submit/")
    found += check_page(page, lang, "submit")
    # The server's own checks (a name is needed when named; a subject of spaces is empty).
    page.select_option("#id_kind", "complaint")
    page.fill("#id_subject", "   ")
    page.fill("#id_description", "十月份的加班费到现在还没有发。")
    page.click("form.portal-form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_focused()  # read out first, then Tab to links
    found += check_page(page, lang, "submit with errors")

    code, secret = submit_grievance(page, base, cast, "三车间加班费未按时发放")
    found += check_page(page, lang, "receipt")

    page.goto(f"{base}/track/")
    found += check_page(page, lang, "track")
    page.fill("#id_code", code)
    page.fill("#id_secret", "WRONG123")
    page.click("form.portal-form button[type=submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    found += check_page(page, lang, "track with a wrong secret")

    track(page, base, code, secret)
    found += check_page(page, lang, "case, received")

    make_replied(code, cast)
    page.reload()
    expect(page.locator("#rate")).to_be_visible()
    found += check_page(page, lang, "case, replied (rate and review)")
    # No rating chosen, sent as a browser that does not check required fields would send it.
    page.evaluate("() => { document.querySelector('#rate form').noValidate = true; }")
    page.click("#rate button[type=submit]")
    expect(page.locator("#rate .field-error")).to_be_visible()
    found += check_page(page, lang, "rating with an error")
    page.check("input[name=rate-rating][value=dissatisfied]")
    page.click("#rate button[type=submit]")
    expect(page.locator("#case-state")).to_have_text(tr(lang, "Closed"))
    found += check_page(page, lang, "case, rated")
    page.fill("#id_review-reason", "少算了周末加班，请上级复查。")
    page.click("#review button[type=submit]")
    expect(page.locator("#case-state")).to_have_text(tr(lang, "Under review"))
    found += check_page(page, lang, "case, under review")

    assert not found, "\n".join(found)


# ---- text enlarged to 200% --------------------------------------------------------------

OVERFLOW_JS = """() => {
  const out = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > doc.clientWidth + 1)
    out.push('horizontal scroll: ' + doc.scrollWidth + ' > ' + doc.clientWidth);
  const sel = 'main *, header *, footer';
  for (const e of document.querySelectorAll(sel)) {
    if (!(e.offsetWidth || e.offsetHeight)) continue;
    const r = e.getBoundingClientRect();
    const name = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
      + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ')[0] : '');
    if (r.right > doc.clientWidth + 1 || r.left < -1) out.push('outside the page: ' + name);
    const style = getComputedStyle(e);
    const cut = v => v === 'hidden' || v === 'clip';
    const clips = cut(style.overflowX) || cut(style.overflowY);
    if (clips && !e.classList.contains('visually-hidden')
        && (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
      out.push('clipped: ' + name);
    const control = 'input:not([type=radio]):not([type=checkbox]):not([type=file]),'
      + ' select, button, a.button';
    if (e.matches(control)) {
      const fs = parseFloat(style.fontSize);
      if (r.height < fs) out.push('control shorter than its text: ' + name);
    }
  }
  return out.slice(0, 20);
}"""


def portal_pages(page: Page, base: str, cast: Any) -> Iterator[str]:
    """Visit each portal page in turn (with its forms and a reply), yielding its name."""
    page.goto(f"{base}/")
    yield "home"
    page.goto(f"{base}/submit/")
    yield "submit"
    code, secret = submit_grievance(page, base, cast, "三车间加班费未按时发放")
    yield "receipt"
    page.goto(f"{base}/track/")
    yield "track"
    make_replied(code, cast)
    track(page, base, code, secret)
    yield "case with rating and review"


@pytest.mark.parametrize("lang", LANGS)
def test_at_200_percent_zoom_nothing_is_lost(
    live_server: Any,
    cast: Any,
    browser: Browser,
    lang: str,
) -> None:
    """A 1280-px window at 200% zoom lays the page out in 640 CSS pixels at twice the
    density: exactly what Chromium's zoom does."""
    page = new_page(browser, lang, viewport={"width": 640, "height": 400}, device_scale_factor=2)
    found = []
    for name in portal_pages(page, live_server.url, cast):
        found += [f"{name}: {p}" for p in page.evaluate(OVERFLOW_JS)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("lang", LANGS)
def test_with_the_root_font_size_doubled_nothing_is_lost(
    live_server: Any,
    cast: Any,
    browser: Browser,
    lang: str,
) -> None:
    """A reader who sets a larger default font (text-only zoom) gets larger text: the portal
    sizes text from the root font size, so doubling it doubles the text, and the page still
    fits 1280 px without scrolling sideways or cutting anything off."""
    page = new_page(browser, lang, viewport={"width": 1280, "height": 800})
    found = []
    for name in portal_pages(page, live_server.url, cast):
        before = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        after = page.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
        if after < 1.9 * before:
            found.append(f"{name}: text does not follow the root font size ({before} → {after})")
        found += [f"{name}: {p}" for p in page.evaluate(OVERFLOW_JS)]
    assert not found, "\n".join(found)


# ---- keyboard alone ----------------------------------------------------------------------


def focused(page: Page) -> dict[str, str]:
    return dict(
        page.evaluate(
            """() => { const e = document.activeElement;
              return {tag: e.tagName.toLowerCase(), id: e.id || '', type: e.type || '',
                      name: e.name || '', cls: e.className || '', text: e.textContent.trim()}; }"""
        )
    )


def tab_to(page: Page, want: str, limit: int = 60) -> dict[str, str]:
    """Press Tab until the element `want` (an id, or 'submit' for the form's button) has
    focus; fails if it is not reached."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        f = focused(page)
        if f["id"] == want or (
            want == "submit" and f["type"] == "submit" and "primary" in f["cls"]
        ):
            return f
    raise AssertionError(f"Tab never reached {want}")


def focus_ring_width(page: Page) -> float:
    return float(
        page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
              const o = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
              return Math.max(o, s.boxShadow === 'none' ? 0 : 2); }"""
        )
    )


@pytest.mark.parametrize("lang", LANGS)
def test_a_person_submits_and_tracks_with_the_keyboard_alone(
    live_server: Any,
    cast: Any,
    browser: Browser,
    lang: str,
) -> None:
    base = live_server.url
    page = new_page(browser, lang)
    page.goto(f"{base}/")

    # The skip link comes first, is seen when focused, and leads into the content.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["cls"] == "skip-link" and skip["text"] == tr(lang, "Skip to main content")
    expect(page.locator("a.skip-link")).to_be_in_viewport()
    assert focus_ring_width(page) >= 2

    # To the submit page by its link in the menu, with Enter.
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page)["text"] == tr(lang, "Submit a grievance"):
            break
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}/submit/")

    tab_to(page, "id_kind")
    assert focus_ring_width(page) >= 2
    page.keyboard.press("ArrowDown")  # the next kind after the first
    tab_to(page, "id_category")
    page.keyboard.press("ArrowDown")  # the first category after "I don't know"
    tab_to(page, "id_unit")
    page.keyboard.press("ArrowDown")  # Branch A
    page.keyboard.press("ArrowDown")  # Workshop A1, below it
    tab_to(page, "id_subject")
    assert focus_ring_width(page) >= 2
    page.keyboard.type("食堂饭菜价格上涨")
    tab_to(page, "id_description")
    page.keyboard.type("食堂的饭菜价格这个月涨了三成。")
    tab_to(page, "id_headcount")
    page.keyboard.press("Control+a")
    page.keyboard.type("12")
    # The identity choice is a radio group: one Tab stop, arrows choose.
    f = tab_to(page, "id_identity_mode_0")
    assert f["type"] == "radio"
    assert focus_ring_width(page) >= 2
    page.keyboard.press("ArrowDown")  # confidential
    tab_to(page, "id_name")
    page.keyboard.type("李红")
    tab_to(page, "id_phone")
    page.keyboard.type("13912345678")
    tab_to(page, "submit")
    assert focus_ring_width(page) >= 2
    page.keyboard.press("Enter")
    expect(page.locator("#receipt-code")).to_be_visible()
    code = page.locator("#receipt-code").inner_text().strip()
    secret = page.locator("#receipt-secret").inner_text().strip()
    g = Grievance.objects.get(code=code)
    assert g.subject == "食堂饭菜价格上涨" and g.headcount == 12
    assert g.kind != "complaint" and g.category == cast.category and g.unit == cast.workshop
    assert g.identity_mode == "confidential" and g.complainant is not None

    # Tracking, on another device, by keyboard.
    device = new_page(browser, lang)
    device.goto(f"{base}/track/")
    tab_to(device, "id_code")
    device.keyboard.type(code)
    tab_to(device, "id_secret")
    device.keyboard.type(secret)
    tab_to(device, "submit")
    device.keyboard.press("Space")
    device.wait_for_url(f"{base}/track/{code}/")
    expect(device.locator("h1")).to_contain_text("食堂饭菜价格上涨")

    # Rating and asking for a review, by keyboard.
    make_replied(code, cast)
    device.reload()
    tab_to(device, "id_rate-rating_0")
    device.keyboard.press("ArrowDown")
    device.keyboard.press("ArrowDown")
    tab_to(device, "id_rate-comment")
    device.keyboard.type("还可以")
    f = tab_to(device, "submit")
    assert f["text"] == tr(lang, "Send my rating")
    device.keyboard.press("Enter")
    expect(device.locator("#case-state")).to_have_text(tr(lang, "Closed"))
    tab_to(device, "id_review-reason")
    device.keyboard.type("请上级复查。")
    tab_to(device, "submit")
    device.keyboard.press("Enter")
    expect(device.locator("#case-state")).to_have_text(tr(lang, "Under review"))
    g.refresh_from_db()
    assert g.state == State.UNDER_REVIEW and g.rating != ""
