"""In a browser: the big screen, the client's live view and the moderator's console are open; three
phones join by the code (no account) and vote; each phone hears its vote was counted, and the screen,
the client's view and the console show three votes within 2 s, without a reload."""

import pytest
from playwright.sync_api import expect

from huiwu.interaction import services
from huiwu.interaction.services import PollInput
from huiwu.orgs.models import Membership
from tests.conftest import make_tenant
from tests.e2e.test_shell import sign_in

pytestmark = pytest.mark.e2e


def test_three_phones_vote_and_the_screens_follow_live(start_server, browser, transactional_db):
    tenant = make_tenant()
    meeting = tenant.meeting
    owner = Membership.objects.get(org=tenant.org, user=tenant.owner)
    live = services.set_up(meeting=meeting, membership=owner)
    poll = services.create_poll(
        meeting=meeting,
        membership=owner,
        data=PollInput(
            question="AI 互动区最吸引您的是？", options=["大模型对话", "数字人主播", "机器人咖啡师"]
        ),
    )
    services.open_poll(poll=poll, membership=owner)
    server = start_server()

    screen = browser.new_page(viewport={"width": 1600, "height": 900})
    screen.goto(f"{server.url}/i/screen/{live.screen_token}/")
    expect(screen.locator("body")).to_have_attribute("data-live", "on")
    expect(screen.get_by_test_id("screen-poll")).to_contain_text("AI 互动区最吸引您的是？")
    screen.evaluate("window.notReloaded = true")

    client_view = browser.new_page(viewport={"width": 1400, "height": 900})
    client_view.goto(f"{server.url}/i/client/{live.client_token}/")
    expect(client_view.locator("body")).to_have_attribute("data-live", "on")
    client_view.evaluate("window.notReloaded = true")

    console = browser.new_page(viewport={"width": 1400, "height": 900})
    sign_in(console, server.url, tenant.owner)
    console.goto(f"{server.url}/o/{tenant.org.slug}/interaction/for/{meeting.pk}/")
    expect(console.locator("body")).to_have_attribute("data-live", "on")

    phones = []
    for n in range(3):
        phone = browser.new_context(
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        ).new_page()
        phone.goto(f"{server.url}/i/")
        phone.get_by_test_id("join-code").fill(live.code.lower())
        phone.get_by_test_id("join-code").press("Enter")
        expect(phone.locator("body")).to_have_attribute("data-live", "on")
        phone.get_by_test_id("choice").nth(n % 2).click()
        phones.append(phone)
    for phone in phones:
        expect(phone.get_by_test_id("poll-note")).to_contain_text("您的投票已计入")

    voters = screen.get_by_test_id("screen-voters")
    expect(voters).to_have_attribute("data-voters", "3", timeout=2000)
    expect(client_view.get_by_test_id("screen-voters")).to_have_attribute("data-voters", "3", timeout=2000)
    expect(client_view.get_by_test_id("client-poll-voters")).to_have_text("3")
    expect(console.get_by_test_id("screen-voters")).to_have_attribute("data-voters", "3", timeout=2000)
    expect(phones[0].get_by_test_id("poll-voters")).to_contain_text("3")
    assert screen.evaluate("window.notReloaded === true")
    assert client_view.evaluate("window.notReloaded === true")
    poll.refresh_from_db()
    assert poll.voters == 3 and poll.counts == {"1": 2, "2": 1}
