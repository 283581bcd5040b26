import random

import factory

from huiwu.suppliers import uscc
from huiwu.suppliers.models import Supplier

from .orgs import OrganizationFactory


def credit_code(seed: int | None = None) -> str:
    """A unified social credit code with a right check character (registered company: 91 + region)."""
    rng = random.Random(seed)  # noqa: S311 (test data, not a secret)
    body = (
        "91"
        + "".join(rng.choice("0123456789") for _ in range(6))
        + "".join(rng.choice(uscc.ALPHABET) for _ in range(9))
    )
    return body + uscc.check_character(body)


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    org = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"供应商{n}")
    credit_code = factory.Sequence(lambda n: credit_code(n))
    categories_text = ",av,"
