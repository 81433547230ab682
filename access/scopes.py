"""The records of every case type a membership sees, from the case types' declarations
(cases.registry): the Due page's deadlines and what a stored document may be about."""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet

from access.pupils import visible_pupils_q
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
    """Deadlines of the cases the membership may see (the Due page, the LA picture).

    For a membership of no one school, the deadlines of the case types it sees by their pupils
    (Scope.by_pupil) are found by the pupil each one names (a case's deadlines name its pupil):
    for an LA, through a join to the pupil's school (visible_pupils_q), which the database
    hashes once for every reader of it. A subquery of each case type's cases joined every pupil
    of a county again (issue 12: three times in the LA picture's steps, most of its time), and
    `pupil IN (the LA's pupils)` was hashed again by each parallel worker."""
    scope = Q(pk__in=[])
    by_pupil = []
    for _case_type, scopes in registry.each("deadline_scopes"):
        for scope_of in scopes:
            if scope_of.by_pupil and membership is not None and not membership.school_id:
                by_pupil.append(ContentType.objects.get_for_model(apps.get_model(scope_of.model)))
                continue
            model, visible = _scoped(scope_of, membership)
            scope |= Q(
                case_type=ContentType.objects.get_for_model(model),
                case_id__in=visible.values("pk"),
            )
    if by_pupil:
        # One condition for all of them, not one a case type.
        scope |= Q(case_type__in=by_pupil) & visible_pupils_q(membership)
    return Deadline.objects.filter(scope)


# What a membership's scope reads of it besides its role, each with the stand-in id it has
# while one scope is built for many memberships (deadlines_visible_to_many): no row has a
# negative id, so a parameter with one of these values is that field and nothing else.
_STAND_INS = {
    "school_id": -2_000_000_011,
    "local_authority_id": -2_000_000_013,
    "group_id": -2_000_000_017,
    "provider_id": -2_000_000_019,
    "user_id": -2_000_000_023,
}
_PLACEHOLDER = re.compile(r"%%|%s")


def deadlines_visible_to_many(
    memberships: Iterable[Membership],
    *,
    narrow: Callable[[QuerySet, Membership], QuerySet] | None = None,
) -> dict[int, set[int]]:
    """For each membership (by pk), the ids of the deadlines deadlines_visible_to(membership)
    gives, narrowed if asked by `narrow(rows, membership)` (say, to their own work): exactly
    the rows of asking for each membership alone, for all of them at once (the daily digest).

    The scope of one membership depends on its role, on which kind of organisation it is of,
    and on that organisation's (and its user's) id. So memberships alike but for those ids
    share one scope, built and compiled once for a stand-in of them, and read in one query for
    all of them, those ids a column of it instead of parameters: PostgreSQL plans it once, not
    once per person (issue 12: building, compiling and planning the scope once per person was
    nearly all the digest's time). Other databases read it as a UNION ALL of the same query."""
    memberships = list(memberships)
    out: dict[int, set[int]] = {m.pk: set() for m in memberships}
    alike: dict[tuple, list[Membership]] = defaultdict(list)
    for m in memberships:
        fields = tuple(field for field in _STAND_INS if getattr(m, field) is not None)
        alike[(m.role, fields)].append(m)
    for (role, fields), group in alike.items():
        stand_in = Membership(role=role, **{field: _STAND_INS[field] for field in fields})
        rows = deadlines_visible_to(stand_in)
        if narrow is not None:
            rows = narrow(rows, stand_in)
        try:
            sql, params = rows.order_by().values_list("pk").query.sql_with_params()
        except EmptyResultSet:
            continue  # none of them sees any
        for membership_pk, deadline_pk in _for_each(sql, params, fields, group):
            out[membership_pk].add(deadline_pk)
    return out


def _for_each(sql: str, params, fields: tuple[str, ...], group: list[Membership]):
    """(membership pk, row id) of the stand-in's compiled query `sql` for each of `group`."""
    by_value = {_STAND_INS[field]: field for field in fields}
    # Which field each parameter is ("" for one of its own: a role, a state, a date).
    used = [by_value.get(param, "") if type(param) is int else "" for param in params]
    if connection.vendor == "postgresql":
        # One query for all: the stand-in's placeholders become the columns of each one's ids.
        fill = iter(used)

        def column(match: re.Match) -> str:
            if match.group() == "%%":
                return "%%"
            field = next(fill)
            return f'"wm_for"."{field}"' if field else "%s"

        lateral = _PLACEHOLDER.sub(column, sql)
        columns = ("pk", *fields)
        arrays = ", ".join("%s::bigint[]" for _ in columns)
        names = ", ".join(f'"{column}"' for column in columns)
        # Django's own compiled SQL and fixed names: every value stays a parameter. OFFSET 0
        # keeps the subquery whole, so it is run for each membership in turn with its own
        # sub-queries hashed, not merged into one join that reruns them for every row.
        query = f'SELECT "wm_for"."pk", "wm_rows"."id" FROM unnest({arrays}) AS "wm_for"({names}) CROSS JOIN LATERAL ({lateral} OFFSET 0) AS "wm_rows"("id")'  # noqa: E501, S608
        query_params = [[getattr(m, column) for m in group] for column in columns]
        query_params += [param for field, param in zip(used, params, strict=True) if not field]
    else:
        # A UNION ALL of the same query for each, as many at a time as the database takes
        # parameters (SQLite: the laptop and the tests).
        each = max(1, (connection.features.max_query_params or 999) // (len(params) + 1))
        return [
            row
            for start in range(0, len(group), each)
            for row in _union_all(sql, params, used, group[start : start + each])
        ]
    with connection.cursor() as cursor:
        cursor.execute(query, query_params)
        return cursor.fetchall()


def _union_all(sql: str, params, used: list[str], group: list[Membership]):
    query = " UNION ALL ".join(
        f'SELECT %s, "wm_rows".* FROM ({sql}) AS "wm_rows"'  # noqa: S608
        for _ in group
    )
    query_params = []
    for m in group:
        query_params.append(m.pk)
        query_params += [
            getattr(m, field) if field else param for field, param in zip(used, params, strict=True)
        ]
    with connection.cursor() as cursor:
        cursor.execute(query, query_params)
        return cursor.fetchall()
