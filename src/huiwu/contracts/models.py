"""The clause library: clauses per organisation, each a versioned text with typed variables
(``variables``), and contract templates per kind as an ordered set of clauses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from huiwu.core.models import TimeStampedModel

from .enums import AdjustmentKind, Anchor, Approver, ClauseKind, ContractKind, Decision, Side, State, Topic


class Clause(TimeStampedModel):
    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.SlugField(_("short name"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ClauseKind.choices, default=ClauseKind.STANDARD)
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices, default=Topic.OTHER)
    text = models.TextField(_("text"), max_length=10000)
    version = models.PositiveIntegerField(default=1)  # the current version's number

    class Meta:
        ordering = ["kind", "topic", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "key"], name="contract_clause_key_once")]

    def __str__(self) -> str:
        return self.title


class ClauseVersion(models.Model):
    """Every text a clause has had, with who changed it, when and why."""

    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    text = models.TextField()
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["clause", "number"], name="contract_clause_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.clause_id} v{self.number}"


class Template(TimeStampedModel):
    """A contract template: an ordered set of clauses for one kind of contract."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.CharField(_("kind"), max_length=10, choices=ContractKind.choices)
    name = models.CharField(_("name"), max_length=200)
    clauses = models.ManyToManyField(Clause, through="TemplateClause", related_name="templates")

    class Meta:
        ordering = ["kind", "name"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="contract_template_name_once")]

    def __str__(self) -> str:
        return self.name


class TemplateClause(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="items")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "clause"], name="contract_template_clause_once")
        ]

    def __str__(self) -> str:
        return f"{self.template_id}: {self.clause_id}"


class Contract(TimeStampedModel):
    """A contract of a meeting with one counterparty (a supplier, or the client), drawn from a template;
    its price from the accepted quote; its clauses' text its own from then on (versioned)."""

    org = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+", db_index=False)
    meeting = models.ForeignKey("events.Meeting", on_delete=models.CASCADE, related_name="contracts")
    number = models.CharField(_("number"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=ContractKind.choices)
    title = models.CharField(_("title"), max_length=200)
    template = models.ForeignKey(Template, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    quote = models.ForeignKey(
        "suppliers.Quote", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(default=1)  # the clauses' text version
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)  # every party's signature
    in_force_at = models.DateTimeField(_("in force since"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)  # closed or terminated
    end_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Signed on paper: the scanned copy, the day it was signed, who recorded it.
    scan = models.FileField(_("scanned copy"), upload_to="contracts/scans/%Y/%m/", blank=True, max_length=200)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    paper_signed_on = models.DateField(_("signed on paper on"), null=True, blank=True)
    paper_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The terms the money follows (from the catalogue when drawn, as the clauses say them; set in the draft)
    rate = models.DecimalField(_("rate to CNY"), max_digits=12, decimal_places=6, null=True, blank=True)
    technical_fee = models.DecimalField(_("technical fee"), max_digits=14, decimal_places=2, default=0)
    penalty_share = models.DecimalField(
        _("penalty (% of the total)"), max_digits=5, decimal_places=2, default=10
    )
    smoothness_floor = models.DecimalField(
        _("stream smoothness at least (%)"), max_digits=5, decimal_places=2, default=95
    )
    refund_share = models.DecimalField(
        _("refund below it (% of the technical fee)"), max_digits=5, decimal_places=2, default=20
    )
    free_change_people = models.PositiveIntegerField(
        _("attendance change free of charge (people)"), default=50
    )
    free_change_days = models.PositiveIntegerField(_("free until T minus (days)"), default=15)
    change_price = models.DecimalField(
        _("price per person changed outside it"), max_digits=14, decimal_places=2, default=0
    )
    smoothness = models.DecimalField(
        _("measured stream smoothness (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["org", "number"], name="contract_number_once"),
            models.CheckConstraint(
                condition=(models.Q(supplier__isnull=False) & models.Q(client__isnull=True))
                | (models.Q(supplier__isnull=True) & models.Q(client__isnull=False)),
                name="contract_one_counterparty",
            ),
            models.CheckConstraint(condition=models.Q(total__gte=0), name="contract_total_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def party(self):
        return self.supplier or self.client


class ContractClause(models.Model):
    """A clause as this contract says it (rendered from the library; edited per contract)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="clauses")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), max_length=10000)
    source = models.ForeignKey(Clause, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ContractVersion(models.Model):
    """The contract's clauses as they stood at each version, with who changed them and why."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    clauses = models.JSONField(default=list)  # [{"title", "text"}]
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="contract_version_once")]

    def __str__(self) -> str:
        return f"{self.contract_id} v{self.number}"


class Approval(models.Model):
    """One of the internal approvals (finance, the PM) of one version of the contract."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="approvals")
    role = models.CharField(max_length=10, choices=Approver.choices)
    version = models.PositiveIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "role", "version"], name="contract_approved_once")
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.role} v{self.version}"


class Authority(models.Model):
    """The organisation's own certificate authority and its signing certificate (PEM); both private
    keys encrypted with the field keys. Made when the organisation is set up."""

    org = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    ca_cert = models.TextField()
    ca_key = models.TextField()
    cert = models.TextField()
    key = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"CA of {self.org_id}"


class Sending(models.Model):
    """One sending of a contract for signature: the version sent, the PDF as sent (its two signature
    fields empty), and the PDF with the signatures so far."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="sendings")
    number = models.PositiveIntegerField()
    version = models.PositiveIntegerField()
    digest = models.CharField(max_length=64)  # of the contract's content (``pdf.digest``)
    document = models.FileField(upload_to="contracts/%Y/%m/", max_length=200)
    document_sha256 = models.CharField(max_length=64)
    signed = models.FileField(upload_to="contracts/%Y/%m/", blank=True, max_length=200)
    signed_sha256 = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["contract", "number"], name="contract_sending_once")]

    def __str__(self) -> str:
        return f"{self.contract_id} sending {self.number}"


class Signer(models.Model):
    """One party's signature of a sending: who is to sign, how their identity is confirmed (a one-time
    code to their e-mail), and, once signed, the audit: when, from which address, the hashes."""

    sending = models.ForeignKey(Sending, on_delete=models.CASCADE, related_name="signers")
    side = models.CharField(max_length=10, choices=Side.choices)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)  # the client's signing link
    link_expires_at = models.DateTimeField(null=True, blank=True)
    code_hash = models.CharField(max_length=64, blank=True)
    code_sent_at = models.DateTimeField(null=True, blank=True)
    code_expires_at = models.DateTimeField(null=True, blank=True)
    code_tries = models.PositiveSmallIntegerField(default=0)
    signed_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    sha256_before = models.CharField(max_length=64, blank=True)  # the document signed
    sha256_after = models.CharField(max_length=64, blank=True)  # the document with this signature
    certificate = models.CharField(max_length=300, blank=True)  # the signing certificate's subject

    class Meta:
        ordering = ["side"]
        constraints = [models.UniqueConstraint(fields=["sending", "side"], name="contract_signer_once")]

    def __str__(self) -> str:
        return f"{self.sending_id} {self.side} {self.name}"


class Milestone(models.Model):
    """A payment of the contract: its share of the total, when it is due (counted from the signing,
    the meeting's start T or its end; in Chinese working days or calendar days)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="milestones")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("name"), max_length=60)
    share = models.DecimalField(_("share (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    anchor = models.CharField(_("due counted from"), max_length=10, choices=Anchor.choices)
    days = models.SmallIntegerField(_("days after (negative: before)"), default=0)
    working_days = models.BooleanField(_("working days"), default=False)
    reminded_on = models.DateField(null=True, blank=True)  # the last overdue reminder

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="milestone_amount_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.name}"


class Invoice(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="invoices")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="invoices")
    number = models.CharField(_("invoice number"), max_length=40)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    tax_rate = models.DecimalField(_("tax rate (%)"), max_digits=5, decimal_places=2)
    received_on = models.DateField(_("received on"))
    scan = models.FileField(
        _("scanned copy"), upload_to="contracts/invoices/%Y/%m/", blank=True, max_length=200
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="invoice_number_once"),
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="invoice_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="payments")
    milestone = models.ForeignKey(Milestone, on_delete=models.CASCADE, related_name="payments")
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    reference = models.CharField(_("bank reference"), max_length=100)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paid_on", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.milestone_id} {self.amount}"


class AttendanceChange(models.Model):
    """A change of the number of attendees under the contract: free inside the flexible window (up to
    the contract's people until T minus its days), else priced by its price per person."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="attendance_changes")
    delta = models.IntegerField(_("people (+ more, − fewer)"))
    asked_on = models.DateField(_("asked on"))
    free_people = models.PositiveIntegerField(default=0)
    charged_people = models.PositiveIntegerField(default=0)
    charge = models.DecimalField(max_digits=14, decimal_places=2, default=0)
    rule = models.CharField(max_length=300)  # why, in words
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["asked_on", "id"]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.delta:+d}"


class Adjustment(models.Model):
    """A penalty or refund computed from what happened, proposed to finance; accepted it is a credit line
    (what the agency pays the supplier goes down), waived it is kept with the reason."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="adjustments")
    kind = models.CharField(max_length=10, choices=AdjustmentKind.choices)
    incident = models.ForeignKey(
        "onsite.Incident", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    basis = models.CharField(_("basis"), max_length=300)
    base = models.DecimalField(max_digits=14, decimal_places=2)
    share = models.DecimalField(max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    state = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PROPOSED)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "incident"], condition=models.Q(incident__isnull=False),
                name="adjustment_once_per_incident",
            ),
            models.UniqueConstraint(
                fields=["contract", "kind"], condition=models.Q(kind="refund"), name="adjustment_one_refund",
            ),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.contract_id} {self.kind} {self.amount}"
