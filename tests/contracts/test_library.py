"""The clause library: the clause language (variables known, filled, none left missing), the library
every organisation starts with (DOMAIN.md stage 3, its figures the catalogue's), clauses saved as
versions with their reason and a readable difference, templates of the organisation's clauses."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from huiwu.contracts import selectors, services, variables
from huiwu.contracts.errors import Duplicate, Stale, TemplateClauses, UnknownVariable
from huiwu.contracts.models import Clause, Template
from huiwu.orgs.enums import Role
from huiwu.standards.models import Rule
from huiwu.standards.services import FigureInput, update_rule
from tests.conftest import member
from tests.factories.orgs import OrganizationFactory

NAMES = sorted(variables.VARIABLES)
plain = st.text(alphabet=st.characters(blacklist_characters="{}<"), max_size=20)


@pytest.mark.unit
@given(st.lists(st.tuples(plain, st.sampled_from(NAMES)), max_size=6), plain)
def test_a_text_of_known_variables_is_filled_completely(parts, tail):
    text = "".join(f"{before}{{{{ {name} }}}}" for before, name in parts) + tail
    values = {name: f"<{name}>" for name in NAMES}
    out = variables.render(text, values)
    assert "{{" not in out and variables.unknown(text) == []
    assert out.count("<") == len(parts)


@pytest.mark.unit
def test_unknown_and_missing_variables_are_named():
    text = "{{ meeting.name }} {{meeting.nme}} {{ quote.total }}"
    assert variables.unknown(text) == ["meeting.nme"]
    with pytest.raises(variables.MissingValues) as missing:
        variables.render(
            "{{ meeting.name }} 与 {{ quote.total }}", {"meeting.name": "峰会", "quote.total": " "}
        )
    assert missing.value.names == ["quote.total"]


@pytest.mark.integration
def test_every_organisation_starts_with_the_library_and_its_figures_are_the_catalogues(tenant_a):
    org = tenant_a.org
    assert Clause.objects.filter(org=org).count() == 8 and Template.objects.filter(org=org).count() == 3
    assert services.seed_library(org=org) == 0  # idempotent
    assert Clause.objects.filter(org=OrganizationFactory()).count() == 8  # a new one gets it too
    payment = Clause.objects.get(org=org, key="payment")
    tenant_a.quote.lines.update(unit_price="1000.00")
    values = selectors.values_for(tenant_a.meeting, party=tenant_a.supplier, quote=tenant_a.quote)
    text = variables.render(payment.text, values)
    assert "8,000.00" in text and "30%" in text and "50%" in text and "20%" in text
    assert "线阵音箱 8只" in variables.render("{{ quote.scope }}", values)
    assert variables.render("{{ standard.hall_temperature }}", values) == "23–25 °C"
    # the organisation changes a standard: the next contract says so
    rule = Rule.objects.get(org=org, key="contract.advance_payment")
    update_rule(
        rule=rule, actor=None, data=FigureInput(low=40, unit=rule.unit), reason="新政策", version=rule.version
    )
    values = selectors.values_for(tenant_a.meeting, party=tenant_a.supplier, quote=tenant_a.quote)
    assert "预付 40%" in variables.render(payment.text, values)


@pytest.mark.integration
def test_a_clause_is_saved_as_versions_with_reasons_and_a_readable_difference(tenant_a):
    org, owner = tenant_a.org, tenant_a.owner
    clause = Clause.objects.get(org=org, key="penalty")
    data = services.ClauseInput.of(clause).but(text=clause.text + "\n违约金不足以弥补损失的，乙方另行赔偿。")
    saved = services.save_clause(org=org, actor=owner, data=data, clause=clause, version=1, reason="法务意见")
    assert saved.version == 2 and saved.versions.first().reason == "法务意见"
    assert (
        services.save_clause(org=org, actor=owner, data=data, clause=saved, version=2).version == 2
    )  # unchanged
    with pytest.raises(Stale):
        services.save_clause(org=org, actor=owner, data=data.but(text="x"), clause=saved, version=1)
    with pytest.raises(UnknownVariable) as bad:
        services.save_clause(
            org=org, actor=owner, data=data.but(text="{{ penalty.shar }}%"), clause=saved, version=2
        )
    assert bad.value.details["names"] == ["penalty.shar"]
    old, new = saved.versions.get(number=1), saved.versions.get(number=2)
    assert ("+", "违约金不足以弥补损失的，乙方另行赔偿。") in selectors.diff(old, new)
    with pytest.raises(Duplicate):
        services.save_clause(org=org, actor=owner, data=data.but(key="penalty", title="重复"))
    with pytest.raises(ValidationError):
        services.save_clause(org=org, actor=owner, data=data.but(key="不是 slug", title="x"))


@pytest.mark.integration
def test_a_template_holds_the_organisations_clauses_in_order(tenant_a, tenant_b):
    org = tenant_a.org
    mine = list(Clause.objects.filter(org=org, key__in=["parties", "scope", "payment"]).order_by("key"))
    theirs = Clause.objects.filter(org=tenant_b.org).first()
    data = services.TemplateInput(kind="supplier", name="同传服务合同", clauses=[mine[1], mine[2], mine[0]])
    template = services.save_template(org=org, actor=None, data=data)
    assert [i.clause for i in template.items.all()] == [mine[1], mine[2], mine[0]]
    for wrong in ([], [mine[0], mine[0]], [mine[0], theirs]):
        with pytest.raises(TemplateClauses):
            services.save_template(org=org, actor=None, data=data.but(name="另一个", clauses=wrong))
    with pytest.raises(Duplicate):
        services.save_template(org=org, actor=None, data=data)


@pytest.mark.integration
def test_the_library_pages(owner_client, client, tenant_a):
    org = tenant_a.org.slug
    page = owner_client.get(reverse("contracts:library", kwargs={"org": org}))
    assert page.status_code == 200 and "付款方式" in page.content.decode()
    clause = Clause.objects.get(org=tenant_a.org, key="scope")
    url = reverse("contracts:clause", kwargs={"org": org, "clause": clause.pk})
    shown = owner_client.get(url, {"meeting": tenant_a.meeting.pk}).content.decode()
    assert "quote.scope" in shown  # the scope is known once a contract has its accepted quote
    sent = {"title": clause.title, "kind": "standard", "topic": "scope", "text": clause.text + "（含彩排）",
            "reason": "客户要求", "version": 1}  # fmt: skip
    assert owner_client.post(url, sent).status_code == 302
    clause.refresh_from_db()
    assert clause.version == 2
    assert "（含彩排）" in owner_client.get(url).content.decode()
    again = owner_client.post(url, sent)  # the version it saw is old now
    assert again.status_code == 400 and clause.versions.count() == 2
    viewer = member(tenant_a.org, Role.VIEWER)
    client.force_login(viewer.user)
    assert client.get(url).status_code == 200
    assert client.post(url, {**sent, "version": 2, "text": "x"}).status_code == 403
    clause.refresh_from_db()
    assert clause.version == 2


@pytest.mark.integration
def test_the_library_api(api, tenant_a):
    client = api(tenant_a.raw_token)
    clauses = client.get("/api/v1/contract-clauses").json()
    assert len(clauses) == 8 and {c["key"] for c in clauses} >= {"payment", "penalty", "stream"}
    assert "meeting.name" in {v["name"] for v in client.get("/api/v1/contract-variables").json()}
    made = client.post(
        "/api/v1/contract-clauses",
        {
            "key": "confidential",
            "title": "保密",
            "text": "双方对{{ meeting.name }}的资料保密。",
            "reason": "新增",
        },
    )
    assert made.status_code == 201 and made.json()["variables"] == ["meeting.name"]
    pk = made.json()["id"]
    changed = client.patch(
        f"/api/v1/contract-clauses/{pk}", {"version": 1, "text": "双方保密。", "reason": "简化"}
    )
    assert changed.status_code == 200 and [v["number"] for v in changed.json()["versions"]] == [2, 1]
    stale = client.patch(f"/api/v1/contract-clauses/{pk}", {"version": 1, "text": "再改"})
    assert stale.status_code == 409 and stale.json()["code"] == "contract_stale"
    bad = client.patch(f"/api/v1/contract-clauses/{pk}", {"version": 2, "text": "{{ nope }}"})
    assert bad.status_code == 422 and bad.json()["code"] == "contract_unknown_variable"
    template = client.post(
        "/api/v1/contract-templates", {"kind": "client", "name": "保密协议", "clause_ids": [pk]}
    )
    assert template.status_code == 201 and template.json()["clause_ids"] == [pk]
    wrong = client.post(
        "/api/v1/contract-templates", {"kind": "client", "name": "错", "clause_ids": [pk, 10**9]}
    )
    assert wrong.status_code == 422 and wrong.json()["code"] == "contract_template_clauses"
