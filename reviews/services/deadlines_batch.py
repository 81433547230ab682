"""Deadlines synced in bulk: inside `deadlines_batch()` (reviews.services.deadlines),
deadlines_sync (the one path every case type takes) reads each case's rows from a window read
ahead and writes every change in bulk at the end, instead of two or three queries per case.
The rows are exactly those the one-at-a-time path makes: the same `_sync` decides them. The
nightly refresh (reviews.tasks) and the scale seed (demo/scale.py) use it; a request never
does.

Rows read ahead are not locked. A waiver recorded while a batch runs is kept: a row that is
waived in the database by the time the batch writes is left as it is.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction

from reviews.models import Deadline
from tenancy.models import School

# How far either side of a case's id the rows of its type are read ahead: the nightly
# refresh walks each case type in (or against) id order, so one read serves ~2 × this many.
WINDOW = 500
# Pending writes (rows to create or update) that make the batch write what it has so far.
FLUSH_AT = 2000
# What deadlines_sync reads of each row, and compares and writes: a row is these values as a
# tuple (in this order), compared whole. Loading model instances was a third of the nightly
# refresh's time, and objects compared field by field were still most of the sync's, for rows
# that mostly stay as they are (a refresh reads every open case's rows). Not why a step is no
# longer needed: deadlines_sync never compares it, and clears it on every row it changes.
ROW_FIELDS = (
    "case_id",
    "pk",
    "key",
    "kind",
    # From here on, what the sync compares, and writes when any of it differs.
    "due",
    "meeting_on",
    "met_on",
    "responsible_id",
    "owner_school_id",
    "owner_la_id",
    "state",
)
CASE_ID, PK, KEY, KIND, DUE = range(5)
STATE = len(ROW_FIELDS) - 1
COMPARED = slice(DUE, len(ROW_FIELDS))
UPDATED_FIELDS = ROW_FIELDS[COMPARED]


def read_rows(rows) -> list[tuple]:
    """The rows of a Deadline queryset as deadlines_sync reads them (ROW_FIELDS)."""
    return list(rows.order_by().values_list(*ROW_FIELDS))


# How many cases a refresh reads at once: each case type reads what its cases' deadlines need
# (meetings, marks, letters...) in one query a table for each chunk (`in_chunks`).
CHUNK = 500

_current: ContextVar["DeadlineBatch | None"] = ContextVar("deadline_batch", default=None)


def pk_chunks(queryset, size: int = CHUNK):
    """The rows of the queryset in id order, as lists of at most `size`, each with its
    prefetch_related lookups done for the whole list: one query a chunk (and one a
    prefetched table), however many rows there are."""
    queryset = queryset.order_by("pk")
    last = None
    while True:
        rows = list((queryset if last is None else queryset.filter(pk__gt=last))[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        last = rows[-1].pk


def in_chunks(queryset, size: int = CHUNK, *, schools: tuple[str, ...] = ()):
    """The cases of the queryset in id order, as lists of at most `size` (pk_chunks), and,
    inside a batch, the deadline rows of the whole list read ahead: the nightly refresh of a
    case type takes a fixed number of queries for each chunk, however many cases there are
    (issue 12).

    `schools` names the case's fields that are a school its deadlines read (its calendar, its
    LA's policy): each is given its school, with its LA, from the schools read once for the
    whole batch (one query for a chunk with schools not read before, else none), rather than
    a school and an LA selected with every case (making them was a fifth of the refresh)."""
    model = queryset.model
    case_type = ContentType.objects.get_for_model(model)
    fields = [model._meta.get_field(name) for name in schools]
    batch = current_batch()
    read: dict[int, School] = batch.schools if batch is not None else {}
    for rows in pk_chunks(queryset, size):
        if fields:
            _give_schools(rows, fields, read)
        if batch is not None:
            batch.read_ahead(case_type.pk, [row.pk for row in rows])
        yield rows


def _give_schools(rows, fields, read: dict[int, School]) -> None:
    wanted = {getattr(row, fk.attname) for row in rows for fk in fields}
    missing = [pk for pk in wanted if pk is not None and pk not in read]
    if missing:
        read.update(School.objects.select_related("local_authority").in_bulk(missing))
    for row in rows:
        for fk in fields:
            school_id = getattr(row, fk.attname)
            if school_id is not None:
                fk.set_cached_value(row, read[school_id])


@dataclass
class DeadlineBatch:
    tell: Callable[[Deadline, datetime.date], None] | None
    creates: list[tuple[Deadline, datetime.date]] = field(default_factory=list)
    # pk → (pk, *the values it is to have, UPDATED_FIELDS)
    updates: dict[int, tuple] = field(default_factory=dict)
    deletes: set[int] = field(default_factory=set)
    not_needed: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    _rows: dict[tuple[int, int], list[tuple]] = field(default_factory=dict)
    _windows: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    _synced: set[tuple[int, int]] = field(default_factory=set)
    _ahead: set[tuple[int, int]] = field(default_factory=set)
    # Each school a case's deadlines read, with its LA, by id (in_chunks).
    schools: dict[int, School] = field(default_factory=dict)
    cases: int = 0

    def read_ahead(self, case_type_id: int, case_ids) -> None:
        """Read the rows of these cases (the chunk a refresh is about to sync) in one query."""
        ids = [
            case_id
            for case_id in case_ids
            if (case_type_id, case_id) not in self._synced
            and (case_type_id, case_id) not in self._ahead
            and not self._in_window(case_type_id, case_id)
        ]
        if not ids:
            return
        self._ahead.update((case_type_id, case_id) for case_id in ids)
        for row in read_rows(Deadline.objects.filter(case_type_id=case_type_id, case_id__in=ids)):
            self._rows.setdefault((case_type_id, row[CASE_ID]), []).append(row)

    def _in_window(self, case_type_id: int, case_id: int) -> bool:
        return any(lo <= case_id <= hi for lo, hi in self._windows[case_type_id])

    def existing(self, case_type_id: int, case_id: int) -> list[tuple]:
        """The case's deadline rows (ROW_FIELDS) as the database has them (or will, once
        written)."""
        key = (case_type_id, case_id)
        if key in self._synced:
            # A case synced twice in one batch reads its rows afresh, after what it wrote.
            self.flush()
            return read_rows(Deadline.objects.filter(case_type_id=case_type_id, case_id=case_id))
        self._synced.add(key)
        self.cases += 1
        if key not in self._ahead and not self._in_window(case_type_id, case_id):
            lo, hi = case_id - WINDOW, case_id + WINDOW
            self._windows[case_type_id].append((lo, hi))
            for row in read_rows(
                Deadline.objects.filter(case_type_id=case_type_id, case_id__gte=lo, case_id__lte=hi)
            ):
                row_key = (case_type_id, row[CASE_ID])
                if row_key in self._ahead:
                    continue  # read already, and perhaps synced since
                if row_key not in self._synced or row[CASE_ID] == case_id:
                    self._rows.setdefault(row_key, []).append(row)
        return self._rows.pop(key, [])

    def create(self, row: Deadline, today: datetime.date) -> None:
        self.creates.append((row, today))
        self._maybe_flush()

    def update(self, update: tuple) -> None:
        """(pk, *the values the row is to have, UPDATED_FIELDS)"""
        self.updates[update[0]] = update
        self._maybe_flush()

    def delete(self, pks) -> None:
        self.deletes.update(pks)

    def mark_not_needed(self, pks, reason: str) -> None:
        if pks:
            self.not_needed[reason].update(pks)

    def _maybe_flush(self) -> None:
        if len(self.creates) + len(self.updates) >= FLUSH_AT:
            self.flush()

    def flush(self) -> None:
        """Write what the batch holds: creates, updates, deletions, rows no longer needed;
        then tell whoever acts on each new step (after the rows exist, as one at a time)."""
        creates, self.creates = self.creates, []
        updates, self.updates = self.updates, {}
        deletes, self.deletes = self.deletes, set()
        not_needed, self.not_needed = self.not_needed, defaultdict(set)
        with transaction.atomic():
            Deadline.objects.bulk_create([row for row, _today in creates], batch_size=1000)
            if updates:
                waived = set(
                    Deadline.objects.filter(
                        pk__in=list(updates), state=Deadline.State.WAIVED
                    ).values_list("pk", flat=True)
                )
                _write_updates(
                    # Each (pk, *UPDATED_FIELDS): its state last.
                    [u for pk, u in updates.items() if pk not in waived or u[-1] == "waived"]
                )
            if deletes:
                Deadline.objects.filter(pk__in=list(deletes)).delete()
            for reason, pks in not_needed.items():
                Deadline.objects.filter(pk__in=list(pks)).update(
                    state=Deadline.State.NOT_NEEDED, not_needed_reason=reason
                )
        if self.tell is not None:
            for row, today in creates:
                self.tell(row, today)


def _write_updates(updates: list[tuple]) -> None:
    """Each row's new values (pk, *UPDATED_FIELDS), why it is no longer needed cleared: one
    parameterised UPDATE a row, sent together (executemany). bulk_update's one statement of a
    CASE WHEN a row for each field was most of a later night's refresh, when many steps
    change state: Django builds and resolves an expression for every value."""
    if not updates:
        return
    meta = Deadline._meta
    fields = [meta.get_field(name.removesuffix("_id")) for name in UPDATED_FIELDS]
    reason = meta.get_field("not_needed_reason")
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in [*fields, reason])
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - our own table and columns; every value a parameter
    params = [
        [f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)] + ["", pk]
        for pk, *values in updates
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def current_batch() -> DeadlineBatch | None:
    return _current.get()


@contextmanager
def batch_scope(tell: Callable[[Deadline, datetime.date], None] | None):
    """The batch deadlines_sync writes into while inside; reviews.services.deadlines'
    `deadlines_batch()` is the way in. Inside another batch, it is that one."""
    if _current.get() is not None:
        yield _current.get()
        return
    batch = DeadlineBatch(tell=tell)
    token = _current.set(batch)
    try:
        yield batch
        batch.flush()
    finally:
        _current.reset(token)
