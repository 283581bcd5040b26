"""Suppliers: the record checked in full (credit code, categories, dates, files), the tier recomputed by
every change that bears on it and by the catalogue, ratings with the organisation's weights, the
blacklist and a tier set by hand (audited), documents ending told once; pages and API as thin doors."""

import datetime as dt
import zlib
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from huiwu.core.models import AuditEntry
from huiwu.core.uploads import NotImageOrPdf
from huiwu.events.models import Meeting
from huiwu.notifications.models import Notification
from huiwu.orgs.enums import Role
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, update_rule
from huiwu.suppliers import selectors, services
from huiwu.suppliers.errors import (
    CaseAhead,
    CategoryRequired,
    CreditCodeInvalid,
    DocumentDates,
    Duplicate,
    FailureCase,
    Rated,
    RatingEarly,
    RatingScores,
    ReasonRequired,
    Stale,
    Weights,
)
from huiwu.suppliers.models import Case, Document, Supplier
from tests.conftest import member, png_bytes
from tests.factories.events import MeetingFactory
from tests.factories.suppliers import credit_code

pytestmark = pytest.mark.integration

ALL_FIVE = {"punctuality": 5, "quality": 4, "responsiveness": 5, "compliance": 4, "cooperation": 3}


def add(org, name="华音视听", code=None, categories=("av",), **extra):
    data = services.SupplierInput(
        name=name,
        credit_code=code if code is not None else credit_code(zlib.crc32(name.encode())),
        categories=list(categories),
        **extra,
    )
    return services.add_supplier(org=org, actor=None, data=data)


def cases(supplier, sizes, units=0):
    for i, size in enumerate(sizes):
        services.add_case(
            supplier=supplier,
            actor=None,
            data=services.CaseInput(title=f"峰会{i}", year=2024, attendance=size, equipment_units=units),
        )


# --- the record ---


def test_a_supplier_is_checked_in_full_and_nothing_half_written(tenant_a):
    org = tenant_a.org
    before = Supplier.objects.filter(org=org).count()
    with pytest.raises(CreditCodeInvalid):
        add(org, code="91350100M000100Y44")  # one character off
    with pytest.raises(CategoryRequired):
        add(org, categories=())
    with pytest.raises(CategoryRequired):
        add(org, categories=("av", "rockets"))
    with pytest.raises(ValidationError):
        add(org, name="   ")
    assert Supplier.objects.filter(org=org).count() == before
    made = add(
        org, code=" 91110000-802100433b ", cities="上海，杭州、苏州 上海", categories=("catering", "av")
    )
    assert made.credit_code == "91110000802100433B"
    assert made.categories == ["av", "catering"] and made.cities == ["上海", "杭州", "苏州"]
    assert (made.tier, made.tier_basis["cases"]) == ("C", 0)
    with pytest.raises(Duplicate):
        add(org, name="另一家", code="91110000802100433B")
    assert Supplier.objects.filter(org=org).count() == before + 1


def test_the_same_code_in_another_organisation_is_not_a_duplicate(tenant_a, tenant_b):
    add(tenant_a.org, code="91440300708461136T")
    add(tenant_b.org, code="91440300708461136T")


def test_a_stale_change_is_refused(tenant_a):
    s = add(tenant_a.org)
    data = services.SupplierInput(name="新名字", credit_code=s.credit_code, categories=["av"])
    services.change_supplier(supplier=s, actor=None, data=data, version=0)
    with pytest.raises(Stale):
        services.change_supplier(supplier=s, actor=None, data=data.but(name="又一个"), version=0)
    s.refresh_from_db()
    assert (s.name, s.version) == ("新名字", 1)


def test_cases_are_meetings_already_served(tenant_a):
    s = add(tenant_a.org)
    next_year = timezone.localdate().year + 1
    with pytest.raises(CaseAhead):
        services.add_case(
            supplier=s, actor=None, data=services.CaseInput(title="明年", year=next_year, attendance=100)
        )
    with pytest.raises(ValidationError):
        services.add_case(
            supplier=s, actor=None, data=services.CaseInput(title="空", year=2024, attendance=0)
        )
    assert not Case.objects.filter(supplier=s).exists()


# --- the tier ---


def test_the_tier_follows_cases_failures_and_scores(tenant_a):
    org = tenant_a.org
    s = add(org)
    cases(s, [1500, 1200, 900, 800], units=100)
    s.refresh_from_db()
    assert s.tier == "B"
    cases(s, [800, 300], units=100)
    s.refresh_from_db()
    assert (s.tier, s.tier_basis["level"], s.tier_basis["counted"]) == ("A", 800, 5)
    lines = selectors.explain(s)
    assert "800" in lines[0] and "6" in lines[0] and "0%" in lines[0]
    changed = AuditEntry.objects.filter(org=org, action="suppliers.tier.changed", target_id=str(s.pk))
    assert [e.data["to"] for e in changed.order_by("id")] == ["B", "A"]
    services.add_failure(
        supplier=s,
        actor=None,
        data=services.FailureInput(happened_on=dt.date(2025, 3, 1), equipment="无线话筒", units=13),
    )
    s.refresh_from_db()
    assert (s.tier, s.tier_basis["failure_rate"], s.tier_basis["short"]) == ("B", "2.2", ["failures"])
    failure = s.failures.get()
    services.remove_failure(failure=failure, actor=None)
    s.refresh_from_db()
    assert s.tier == "A"
    meeting = MeetingFactory(org=org, start_date=dt.date(2026, 1, 10), end_date=dt.date(2026, 1, 11))
    low = {d: 3 for d in ALL_FIVE}
    services.rate(supplier=s, actor=None, data=services.RatingInput(meeting=meeting, scores=low))
    s.refresh_from_db()
    assert (s.tier, s.score, s.tier_basis["short"]) == ("B", Decimal("3.00"), ["score"])


def test_a_failure_names_a_case_of_its_own_supplier(tenant_a):
    s, other = add(tenant_a.org), add(tenant_a.org, name="别家")
    cases(other, [100])
    with pytest.raises(FailureCase):
        services.add_failure(
            supplier=s,
            actor=None,
            data=services.FailureInput(
                happened_on=dt.date(2025, 3, 1), equipment="投影", case_id=other.cases.get().pk
            ),
        )


def test_the_catalogue_changes_the_tiers(tenant_a):
    org = tenant_a.org
    s = add(org)
    cases(s, [1000] * 5)
    s.refresh_from_db()
    assert s.tier == "A"
    rule = Rule.objects.get(org=org, key="supplier.tier_a_cases")
    eight = FigureInput(low=Decimal(8), unit="count")
    update_rule(rule=rule, actor=None, data=eight, reason="提高门槛", version=rule.version)
    s.refresh_from_db()
    assert s.tier == "B"
    rule.refresh_from_db()
    off = FigureInput(low=Decimal(8), unit="count", enabled=False)
    update_rule(rule=rule, actor=None, data=off, reason="不看案例", version=rule.version)
    s.refresh_from_db()
    assert s.tier == "A"


def test_a_tier_set_by_hand_needs_a_reason(tenant_a):
    org = tenant_a.org
    s = add(org)
    with pytest.raises(ReasonRequired):
        services.set_tier(supplier=s, actor=None, tier="A", reason=" ")
    services.set_tier(supplier=s, actor=tenant_a.owner, tier="A", reason="集团指定的战略供应商")
    s.refresh_from_db()
    assert (s.effective_tier, s.tier, s.manual_reason) == ("A", "C", "集团指定的战略供应商")
    assert list(selectors.suppliers(org, tier="A")) == [s]
    entry = AuditEntry.objects.get(org=org, action="suppliers.tier.set")
    assert entry.data["reason"] == "集团指定的战略供应商" and entry.data["computed"] == "C"
    services.set_tier(supplier=s, actor=None, tier="", reason="")
    s.refresh_from_db()
    assert s.effective_tier == "C"


def test_the_blacklist_keeps_its_reason_and_hides_the_supplier(tenant_a):
    org = tenant_a.org
    s = add(org)
    with pytest.raises(ReasonRequired):
        services.blacklist(supplier=s, actor=None, reason="")
    services.blacklist(supplier=s, actor=None, reason="现场设备多次故障")
    assert s not in selectors.suppliers(org)
    assert s in selectors.suppliers(org, blacklisted=True)
    services.lift_blacklist(supplier=s, actor=None, reason="整改完成")
    assert s in selectors.suppliers(org)
    assert AuditEntry.objects.filter(org=org, action__startswith="suppliers.blacklist").count() == 2


# --- ratings and weights ---


def test_a_rating_is_weighted_once_per_meeting_after_it(tenant_a):
    org = tenant_a.org
    s = add(org)
    past = MeetingFactory(org=org, start_date=dt.date(2026, 1, 10), end_date=dt.date(2026, 1, 11))
    coming = MeetingFactory(
        org=org,
        start_date=timezone.localdate() + dt.timedelta(days=3),
        end_date=timezone.localdate() + dt.timedelta(days=4),
    )
    with pytest.raises(RatingEarly):
        services.rate(supplier=s, actor=None, data=services.RatingInput(meeting=coming, scores=ALL_FIVE))
    for bad in (
        {**ALL_FIVE, "quality": 6},
        {**ALL_FIVE, "quality": "4.5"},
        {"quality": 5},
        {**ALL_FIVE, "mood": 5},
        {**ALL_FIVE, "quality": True},
    ):
        with pytest.raises(RatingScores):
            services.rate(supplier=s, actor=None, data=services.RatingInput(meeting=past, scores=bad))
    rating = services.rate(
        supplier=s, actor=None, data=services.RatingInput(meeting=past, scores=ALL_FIVE, incidents=1)
    )
    # 5×20 + 4×30 + 5×20 + 4×15 + 3×15 = 425 → 4.25
    assert rating.score == Decimal("4.25") and rating.weights["quality"] == 30
    with pytest.raises(Rated):
        services.rate(supplier=s, actor=None, data=services.RatingInput(meeting=past, scores=ALL_FIVE))
    foreign = Meeting.objects.exclude(org=org).first() or MeetingFactory()
    with pytest.raises(ValidationError):
        services.rate(supplier=s, actor=None, data=services.RatingInput(meeting=foreign, scores=ALL_FIVE))


def test_weights_are_whole_percentages_summing_to_100_and_ratings_keep_theirs(tenant_a):
    org = tenant_a.org
    s = add(org)
    past = MeetingFactory(org=org, start_date=dt.date(2026, 1, 10), end_date=dt.date(2026, 1, 11))
    first = services.rate(supplier=s, actor=None, data=services.RatingInput(meeting=past, scores=ALL_FIVE))
    for bad in (
        {**selectors.weights(org), "quality": 31},
        {"quality": 100},
        {**selectors.weights(org), "x": 0},
        {**selectors.weights(org), "quality": -5, "punctuality": 55},
    ):
        with pytest.raises(Weights):
            services.set_weights(org=org, actor=None, weights=bad)
    even = {"punctuality": 20, "quality": 20, "responsiveness": 20, "compliance": 20, "cooperation": 20}
    services.set_weights(org=org, actor=None, weights=even)
    assert selectors.weights(org) == even
    first.refresh_from_db()
    assert first.score == Decimal("4.25")


# --- documents ---


def test_documents_are_a_pdf_or_an_image_with_sensible_dates(tenant_a):
    s = add(tenant_a.org)
    kind = services.DocumentInput(kind="licence", number="L-9")
    with pytest.raises(NotImageOrPdf):
        services.add_document(
            supplier=s,
            actor=None,
            data=kind,
            file=SimpleUploadedFile("licence.pdf", b"<html><script>x</script>"),
        )
    with pytest.raises(DocumentDates):
        services.add_document(
            supplier=s,
            actor=None,
            data=kind.but(issued_on=dt.date(2026, 5, 1), expires_on=dt.date(2026, 4, 1)),
        )
    with pytest.raises(DocumentDates):
        services.add_document(
            supplier=s, actor=None, data=kind.but(issued_on=timezone.localdate() + dt.timedelta(1))
        )
    assert not Document.objects.filter(supplier=s).exists()
    pdf = services.add_document(
        supplier=s, actor=None, data=kind, file=SimpleUploadedFile("营业执照.pdf", b"%PDF-1.7\n%...\n")
    )
    assert pdf.file.name.endswith(".pdf") and pdf.file_name == "营业执照.pdf"
    image = services.add_document(
        supplier=s, actor=None, data=kind, file=SimpleUploadedFile("scan.pdf", png_bytes())
    )
    assert image.file.name.endswith(".png")


def test_documents_ending_are_told_once(tenant_a):
    org = tenant_a.org
    s = add(org)
    today = timezone.localdate()
    services.add_document(
        supplier=s,
        actor=None,
        data=services.DocumentInput(
            kind="permit",
            title="食品经营许可证",
            issued_on=today - dt.timedelta(400),
            expires_on=today + dt.timedelta(10),
        ),
    )
    services.add_document(
        supplier=s,
        actor=None,
        data=services.DocumentInput(
            kind="certification", issued_on=today - dt.timedelta(400), expires_on=today + dt.timedelta(90)
        ),
    )
    planner = member(org, Role.PLANNER).user
    assert services.remind(today) == 1
    assert services.remind(today) == 0
    assert Notification.objects.filter(user=planner, org=org, title__contains="食品经营许可证").count() == 1


# --- pages and API ---


def test_the_pages_filter_add_and_explain(client, tenant_a):
    org = tenant_a.org
    a = add(org, name="华音视听", cities="上海")
    cases(a, [900] * 5)
    add(org, name="味道餐饮", categories=("catering",), cities="杭州")
    client.force_login(tenant_a.owner)
    url = reverse("suppliers:list", kwargs={"org": org.slug})
    page = client.get(url, {"category": "av"}).content.decode()
    assert "华音视听" in page and "味道餐饮" not in page
    page = client.get(url, {"city": "杭州"}).content.decode()
    assert "味道餐饮" in page and "华音视听" not in page
    page = client.get(url, {"tier": "A"}).content.decode()
    assert "华音视听" in page and "味道餐饮" not in page
    bad = client.post(url, {"name": "错码公司", "credit_code": "91350100M000100Y44", "categories": ["av"]})
    assert bad.status_code == 400 and not Supplier.objects.filter(name="错码公司").exists()
    ok = client.post(url, {"name": "云端直播", "credit_code": credit_code(77), "categories": ["streaming"]})
    assert ok.status_code == 302
    detail = client.get(
        reverse("suppliers:detail", kwargs={"org": org.slug, "supplier": a.pk})
    ).content.decode()
    assert 'data-testid="explain"' in detail and "900" in detail


def test_a_viewer_reads_but_does_not_write(client, tenant_a):
    org = tenant_a.org
    s = add(org)
    viewer = member(org, Role.VIEWER).user
    client.force_login(viewer)
    url = reverse("suppliers:detail", kwargs={"org": org.slug, "supplier": s.pk})
    assert client.get(url).status_code == 200
    assert client.post(url, {"action": "blacklist", "reason": "x"}).status_code == 403
    s.refresh_from_db()
    assert not s.blacklisted


def test_the_api_adds_rates_and_explains(api, tenant_a):
    client = api(tenant_a.raw_token)
    made = client.post(
        "/api/v1/suppliers",
        {
            "name": "同传之家",
            "credit_code": credit_code(5),
            "categories": ["translation"],
            "cities": ["北京"],
        },
    )
    assert made.status_code == 201, made.json()
    sid = made.json()["id"]
    bad = client.post("/api/v1/suppliers", {"name": "x", "credit_code": "123", "categories": ["av"]})
    assert bad.status_code == 422 and bad.json()["code"] == "supplier_credit_code_invalid"
    dup = client.post("/api/v1/suppliers", {"name": "y", "credit_code": credit_code(5), "categories": ["av"]})
    assert dup.status_code == 409 and dup.json()["code"] == "supplier_duplicate"
    for i in range(5):
        r = client.post(
            f"/api/v1/suppliers/{sid}/cases", {"title": f"论坛{i}", "year": 2025, "attendance": 600}
        )
        assert r.status_code == 201
    ahead = client.post(
        f"/api/v1/suppliers/{sid}/cases",
        {"title": "未来", "year": timezone.localdate().year + 1, "attendance": 600},
    )
    assert ahead.status_code == 422 and ahead.json()["code"] == "supplier_case_in_the_future"
    rated = client.post(
        f"/api/v1/suppliers/{sid}/ratings", {"meeting_id": tenant_a.meeting.pk, "scores": ALL_FIVE}
    )
    assert rated.status_code == 201 and rated.json()["score"] == "4.25"
    body = client.get(f"/api/v1/suppliers/{sid}").json()
    assert (body["tier"], body["tier_level"], body["score"]) == ("A", 600, "4.25")
    assert body["explanation"] and len(body["cases"]) == 5
    tier = client.put(f"/api/v1/suppliers/{sid}/tier", {"tier": "C", "reason": ""})
    assert tier.status_code == 422 and tier.json()["code"] == "supplier_reason_required"
    weights = client.put("/api/v1/supplier-weights", {"weights": {"quality": 100}})
    assert weights.status_code == 422 and weights.json()["code"] == "supplier_weights"
    listed = client.get("/api/v1/suppliers?tier=A").json()
    assert [s["id"] for s in listed] == [sid]


def test_the_catalogue_rejudges_every_supplier_in_a_few_queries(tenant_a, django_assert_max_num_queries):
    org = tenant_a.org
    made = Supplier.objects.bulk_create(
        [Supplier(org=org, name=f"供应商{i}", categories_text=",av,") for i in range(40)]
    )
    Case.objects.bulk_create(
        [Case(supplier=s, title="会", year=2025, attendance=500 + i) for s in made for i in range(5)]
    )
    with django_assert_max_num_queries(12):
        assert services.recompute_all(org_id=org.pk) >= 40  # and the tenant's own, never judged yet
    assert set(Supplier.objects.filter(pk__in=[s.pk for s in made]).values_list("tier", flat=True)) == {"A"}
    assert AuditEntry.objects.filter(org=org, action="suppliers.tier.changed").count() >= 40
