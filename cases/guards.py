"""What every case type's guards share: the error a guard raises and the one state guard."""

from django.core.exceptions import ValidationError


class GuardError(ValidationError):
    """A rule stops this step; the message says what to do first. It is a ValidationError, so
    a view shows it next to the form like any other objection (ui.views.guarded)."""

    def __init__(self, messages):
        super().__init__([messages] if isinstance(messages, str) else list(messages))

    def __str__(self) -> str:
        return " ".join(str(m) for m in self.messages)


def ensure_state(case, *states: str) -> None:
    """A step of a case's lifecycle runs only in the states its source allows. The case model
    names its state field (`state_field`, default "state") and the sentence to show
    (`wrong_state_message`, with %(state)s)."""
    field = getattr(case, "state_field", "state")
    if getattr(case, field) not in states:
        display = getattr(case, f"get_{field}_display")()
        raise GuardError(str(case.wrong_state_message % {"state": display}))
