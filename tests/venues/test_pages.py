import pytest
from django.urls import reverse

from huiwu.core.models import AuditEntry
from huiwu.venues.models import Evaluation, EvaluationWeights, Room, Venue

pytestmark = pytest.mark.integration


def url(name, tenant, **kw):
    return reverse(name, kwargs={"org": tenant.org.slug, **kw})


def test_add_venue_and_room_then_evaluate_and_choose(owner_client, tenant_a):
    r = owner_client.post(
        url("venues:create", tenant_a),
        {
            "name": "国际会议中心",
            "city": "上海",
            "airport_minutes": 40,
            "rail_minutes": 25,
            "day_rate": "80000",
            "overtime_per_hour": "3000",
            "cleaning_fee": "5000",
            "power_fee": "2000",
            "build_up_days": 1,
        },
    )
    assert r.status_code == 302
    venue = Venue.objects.get(name="国际会议中心")
    r = owner_client.post(
        url("venues:room-create", tenant_a, venue=venue.pk),
        {
            "name": "一号厅",
            "area": 1200,
            "theatre": 1000,
            "classroom": 600,
            "banquet": 0,
            "u_shape": 0,
            "reception": 0,
            "projector_lumens": 6000,
            "projector_4k": "on",
            "sound_radius_m": 35,
            "wired_mics": 2,
            "wireless_mics": 4,
            "interpretation_booths": 2,
            "interpretation_languages": "中文, English",
            "bandwidth_mbps": 1000,
            "network_redundant": "on",
        },
    )
    assert r.status_code == 302
    room = Room.objects.get(name="一号厅")
    assert room.interpretation_languages == ["中文", "English"]
    tenant_a.meeting.expected_attendance = 800
    tenant_a.meeting.save()
    page = url("venues:meeting", tenant_a, meeting=tenant_a.meeting.pk)
    assert (
        owner_client.post(
            page, {"room": room.pk, "layout": "theatre", "atmosphere_score": 8, "overtime_hours": 0}
        ).status_code
        == 302
    )
    html = owner_client.get(page).content.decode()
    assert "容量 1,000 ≥ 1.15 × 800 = 920" in html
    small = Evaluation.objects.get(room=tenant_a.room)  # 800 seats: fails
    assert "不达标" in html
    choose = url("venues:choose", tenant_a, meeting=tenant_a.meeting.pk, evaluation=small.pk)
    owner_client.post(choose, {"reason": "便宜"})
    assert not Evaluation.objects.filter(chosen=True).exists()
    good = Evaluation.objects.get(room=room)
    owner_client.post(
        url("venues:choose", tenant_a, meeting=tenant_a.meeting.pk, evaluation=good.pk),
        {"reason": "容量与同传设施满足要求"},
    )
    good.refresh_from_db()
    assert good.chosen and good.reason == "容量与同传设施满足要求"
    entry = AuditEntry.objects.get(action="venues.evaluation.chosen")
    assert entry.data["scores"]["capacity"] == 10.0


def test_layout_larger_than_the_area_allows_is_refused(owner_client, tenant_a):
    r = owner_client.post(
        url("venues:room-create", tenant_a, venue=tenant_a.venue.pk),
        {
            "name": "小厅",
            "area": 100,
            "theatre": 500,
            "classroom": 0,
            "banquet": 0,
            "u_shape": 0,
            "reception": 0,
        },
    )
    assert r.status_code == 400
    assert "该布局下 100 平方米放不下 500 人（最多 125 人）。" in r.content.decode()
    assert not Room.objects.filter(name="小厅").exists()


@pytest.mark.parametrize("seats", ["0", "-5"])
def test_no_capacity_is_refused(owner_client, tenant_a, seats):
    r = owner_client.post(
        url("venues:room-create", tenant_a, venue=tenant_a.venue.pk),
        {
            "name": "空厅",
            "area": 100,
            "theatre": seats,
            "classroom": 0,
            "banquet": 0,
            "u_shape": 0,
            "reception": 0,
        },
    )
    assert r.status_code == 400
    assert not Room.objects.filter(name="空厅").exists()


def test_weights_must_sum_to_100(owner_client, tenant_a):
    bad = {"capacity": 50, "transport": 20, "facilities": 25, "atmosphere": 10, "cost": 20}
    r = owner_client.post(url("venues:weights", tenant_a), bad)
    assert r.status_code == 400
    assert not EvaluationWeights.objects.exists()
    good = {**bad, "capacity": 25}
    assert owner_client.post(url("venues:weights", tenant_a), good).status_code == 302
    assert EvaluationWeights.objects.get(org=tenant_a.org).weights == good


@pytest.mark.parametrize("price", ["abc", "¥1,000", "-3"])
def test_price_in_a_wrong_format_is_refused(owner_client, tenant_a, price):
    r = owner_client.post(
        url("venues:create", tenant_a),
        {
            "name": "错价",
            "city": "北京",
            "day_rate": price,
            "overtime_per_hour": 0,
            "cleaning_fee": 0,
            "power_fee": 0,
            "build_up_days": 0,
        },
    )
    assert r.status_code == 400
    assert not Venue.objects.filter(name="错价").exists()


def upload(owner_client, tenant, name, content, kind="floor_plan"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return owner_client.post(
        url("venues:file-add", tenant, venue=tenant.venue.pk),
        {"kind": kind, "file": SimpleUploadedFile(name, content)},
        follow=True,
    )


def test_floor_plan_image_is_stored_and_served(owner_client, tenant_a):
    from tests.conftest import png_bytes

    page = upload(owner_client, tenant_a, "plan.png", png_bytes((40, 30)))
    assert "图片已添加。" in page.content.decode()
    row = tenant_a.venue.files.get(name="plan.png")
    served = owner_client.get(url("venues:file", tenant_a, venue=tenant_a.venue.pk, file=row.pk))
    assert b"".join(served.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"
    served.close()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.png", b"%PDF-1.4 not an image", "请上传 JPEG、PNG 或 WebP 图片。"),
        ("script.jpg", b"<script>alert(1)</script>", "请上传 JPEG、PNG 或 WebP 图片。"),
    ],
)
def test_a_floor_plan_that_is_not_an_image_is_refused(owner_client, tenant_a, name, content, message):
    before = tenant_a.venue.files.count()
    page = upload(owner_client, tenant_a, name, content)
    assert message in page.content.decode()
    assert tenant_a.venue.files.count() == before


def test_a_huge_image_is_refused(owner_client, tenant_a, settings):
    from tests.conftest import png_bytes

    settings.MAX_UPLOAD_BYTES = 100
    before = tenant_a.venue.files.count()
    page = upload(owner_client, tenant_a, "big.png", png_bytes((200, 200)))
    assert "文件超过 100\xa0字节。" in page.content.decode()
    assert tenant_a.venue.files.count() == before


def test_sizing_assumptions_are_inputs(owner_client, tenant_a):
    tenant_a.meeting.expected_attendance = 800
    tenant_a.meeting.save()
    page = url("venues:meeting", tenant_a, meeting=tenant_a.meeting.pk)
    assert "签到：5 条通道" in owner_client.get(page).content.decode()
    manual = owner_client.get(
        page, {"peak_share": 70, "peak_minutes": 30, "scan_seconds": 60}
    ).content.decode()
    assert "签到：20 条通道" in manual
    bad = owner_client.get(page, {"peak_share": 0, "peak_minutes": 30, "scan_seconds": 60})
    assert bad.status_code == 200 and "签到：5 条通道" in bad.content.decode()  # back to the defaults
