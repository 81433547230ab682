"""Asking for documents. A document is never changed once made: making it again adds a version."""

import logging

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from cases.pupils.models import Pupil
from documents import outbox, printing
from documents.models import ExportRecord, GeneratedDocument
from documents.rendering import render_html
from tenancy.models import User

logger = logging.getLogger(__name__)

# Two people generating the same document at once both pick the same next version; the unique
# constraint turns the loser's insert into an IntegrityError and it simply tries again.
VERSION_ATTEMPTS = 3


def document_generate(
    *,
    kind: GeneratedDocument.Kind,
    pupil: Pupil,
    template: str,
    context: dict,
    generated_by: User,
    about=None,
    includes_safeguarding: bool = False,
    includes_send: bool = False,
    html: str | None = None,
) -> GeneratedDocument:
    """Print `template` from the record now and store it as the next version for the pupil (and
    `about`), to be made into a PDF by the worker (documents.printing): the document returned is
    pending, and its status page (get_status_url) follows it until it can be downloaded.

    The HTML is printed here, so the document says what the record says now; only WeasyPrint,
    which can take a minute on a long record, waits for the worker. The task is queued after
    commit (printing.enqueue_on_commit); with the broker down the document stays pending and
    the sweep makes it.
    """
    if html is None:
        # Given, it is the same document printed in more than one language, Welsh first
        # (documents.rendering.render_html_in; issue 15).
        html = render_html(template, context)
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    object_id = about.pk if about is not None else None
    for attempt in range(1, VERSION_ATTEMPTS + 1):
        try:
            document = _store_next_version(
                kind=kind,
                pupil=pupil,
                content_type=content_type,
                object_id=object_id,
                html=html,
                state=GeneratedDocument.State.PENDING,
                generated_by=generated_by,
                includes_safeguarding=includes_safeguarding,
                includes_send=includes_send,
            )
        except IntegrityError:
            if attempt == VERSION_ATTEMPTS:
                raise
            logger.info("Version clash storing %s for pupil %s; retrying", kind, pupil.pk)
            continue
        if printing.enqueue_on_commit(document.pk):
            document.refresh_from_db()
        return document
    raise AssertionError("unreachable")  # pragma: no cover


def _store_next_version(*, kind, pupil, content_type, object_id, **fields):
    with transaction.atomic():
        latest = (
            GeneratedDocument.objects.select_for_update()
            .filter(pupil=pupil, kind=kind, content_type=content_type, object_id=object_id)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
        ) or 0
        document = GeneratedDocument(
            kind=kind,
            pupil=pupil,
            content_type=content_type,
            object_id=object_id,
            version=latest + 1,
            **fields,
        )
        # The database, not a prior query, decides a version clash (see VERSION_ATTEMPTS).
        document.full_clean(validate_constraints=False)
        document.save()
    return document


def document_try_again(*, document: GeneratedDocument, by: User) -> bool:
    """Queue a document that could not be made for the worker again, and the letters' emails
    that were waiting for it. Returns False when it is not failed (made or waiting already)."""
    with transaction.atomic():
        if not printing.document_retry(document):
            return False
        outbox.letters_wait_for_pdf_again(document)
        printing.enqueue_on_commit(document.pk)
    logger.info("Document %s queued again by user %s", document.pk, by.pk)
    return True


def export_record(
    *, user: User, organisation: str, what: str, filters: str, file_format: str, rows: int
) -> ExportRecord:
    """Keep who downloaded which list, with which filters and how many rows."""
    return ExportRecord.objects.create(
        user=user,
        organisation=organisation[:200],
        what=what[:100],
        filters=filters[:500],
        file_format=file_format,
        rows=rows,
    )
