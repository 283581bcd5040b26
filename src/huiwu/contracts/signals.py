"""What the contracts tell the floors above them without knowing them."""

from django.dispatch import Signal

# A contract's money moved: its state (signed, in force, ended), a payment, an attendance change or a
# decided adjustment. Sent inside the write's transaction; kwargs: ``contract``. The budget's guard
# listens (``budgets.receivers``).
money_changed = Signal()
