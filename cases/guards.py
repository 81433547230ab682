"""What every case type's guards share: the error a guard raises and the one state guard."""

from django.core.exceptions import ValidationError

from reviews.calendars import school_day_problem


class GuardError(ValidationError):
    """A rule stops this step; the message says what to do first. It is a ValidationError, so
    a view shows it next to the form like any other objection (ui.views.guarded)."""

    def __init__(self, messages):
        if isinstance(messages, dict):  # {field name: message}: shown beside that field
            super().__init__({name: [message] for name, message in messages.items()})
            return
        super().__init__([messages] if isinstance(messages, str) else list(messages))

    def __str__(self) -> str:
        return " ".join(str(m) for m in self.messages)


def ensure_school_day(school, day, *, field: str) -> None:
    """The first day of a case and every meeting fall on a school day in the school's own
    calendar; a date in a holiday is refused beside its field, naming the holiday.

    Source: DESIGN.md "Rules" (school days); the pupil is educated, and meets, on school days.
    """
    if day is None:
        return
    problem = school_day_problem(school, day)
    if problem:
        raise GuardError({field: problem})


def ensure_state(case, *states: str) -> None:
    """A step of a case's lifecycle runs only in the states its source allows. The case model
    names its state field (`state_field`, default "state") and the sentence to show
    (`wrong_state_message`, with %(state)s)."""
    field = getattr(case, "state_field", "state")
    if getattr(case, field) not in states:
        display = getattr(case, f"get_{field}_display")()
        raise GuardError(str(case.wrong_state_message % {"state": display}))
