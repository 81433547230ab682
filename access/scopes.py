"""The records of every case type a membership sees, from the case types' declarations
(cases.registry): the Due page's deadlines and what a stored document may be about."""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from cases import registry
from reviews.models import Deadline
from tenancy.models import Membership


def _scoped(scope: registry.Scope, membership: Membership | None) -> tuple[type, QuerySet]:
    """The model a case type's scope names and the records of it the membership sees."""
    model = apps.get_model(scope.model)
    visible = registry.resolve(scope.visible)(membership)
    if scope.parent:
        return model, model.objects.filter(**{f"{scope.parent}__in": visible})
    return model, visible


def document_case_scopes(membership: Membership | None) -> list[tuple[type, QuerySet]]:
    """What a stored document may be about besides a pupil or a direction, each with the records
    of it the membership sees: a PDF made for a PSP is read only by those who see the PSP (the
    office sees the pupil, not the PSP). documents.selectors hides the rest. Each case type
    declares its own (cases.registry)."""
    return [
        _scoped(scope, membership)
        for _case_type, scopes in registry.each("document_scopes")
        for scope in scopes
    ]


def deadlines_visible_to(membership: Membership | None):
    """Deadlines of the cases the membership may see (the Due page)."""
    scope = Q(pk__in=[])
    for _case_type, scopes in registry.each("deadline_scopes"):
        for scope_of in scopes:
            model, visible = _scoped(scope_of, membership)
            scope |= Q(
                case_type=ContentType.objects.get_for_model(model),
                case_id__in=visible.values("pk"),
            )
    return Deadline.objects.filter(scope)
