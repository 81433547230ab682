"""The small toolkit every view uses: bind a form to the POST, run a service so that a rule's
objection lands on the form, and the two page shapes most steps need."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data, or None on a GET: the one way a view binds its form."""
    return request.POST if request.method == "POST" else None


@dataclass(frozen=True)
class Outcome:
    """What a guarded service call gave: true when the service ran, with its value."""

    ok: bool
    value: Any = None

    def __bool__(self) -> bool:
        return self.ok


def guarded(form, action: Callable[[], Any]) -> Outcome:
    """Run a service for a view. A guard's or a model's objection (a ValidationError; guards
    raise cases.guards.GuardError, one of them) goes on the form as a message next to it,
    never a 500; the Outcome is then false."""
    try:
        value = action()
    except ValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
        for name, messages in by_field.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return Outcome(False)
    return Outcome(True, value)


def form_page(request: HttpRequest, form, *, title: str, **context) -> HttpResponse:
    """The page of one form: a title, an optional intro, the form, a back link."""
    return render(request, "cases/form_page.html", {"form": form, "title": title, **context})


def changed(form) -> dict[str, object]:
    """What a bound, valid form changes: its changed fields and their cleaned values, the
    `changes` a service's edit takes."""
    return {name: form.cleaned_data[name] for name in form.changed_data}
