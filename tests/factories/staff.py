import datetime

import factory

from huiwu.staff.models import Certificate, Person

from .orgs import OrganizationFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    org = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"员工{n}")


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate

    person = factory.SubFactory(PersonFactory)
    kind = "health"
    issued_on = datetime.date(2025, 1, 1)
    expires_on = None


def qualified(org, *, member=None, name: str = "", tech: bool = False, reception: bool = False) -> Person:
    """Someone who holds everything the posts ask (health and first aid; tech or reception on top)."""
    person = PersonFactory(org=org, member=member, name=name or (member.name if member else "合格员工"),
                           working_since=datetime.date(2015, 1, 1) if tech else None)  # fmt: skip
    kinds = (
        ["health", "first_aid"]
        + (["vendor"] if tech else [])
        + (["etiquette", "language"] if reception else [])
    )
    for kind in kinds:
        CertificateFactory(
            person=person, kind=kind, detail={"vendor": "Shure", "language": "英语"}.get(kind, "")
        )
    return person
