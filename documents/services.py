"""Making and storing documents. A document is never changed: making it again adds a version."""

import hashlib
import logging

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from cases.pupils.models import Pupil
from documents.models import ExportRecord, GeneratedDocument
from documents.rendering import render_pdf
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
) -> GeneratedDocument:
    """Render `template` to PDF and store it as the next version for the pupil (and `about`).

    Raises documents.rendering.DocumentRenderError, with a message for people, if no PDF could
    be made; nothing is stored then.
    """
    # Rendered before the transaction: half a second of WeasyPrint must not hold a write lock.
    pdf = render_pdf(template, context)
    checksum = hashlib.sha256(pdf).hexdigest()
    content_type = ContentType.objects.get_for_model(about) if about is not None else None
    object_id = about.pk if about is not None else None
    for attempt in range(1, VERSION_ATTEMPTS + 1):
        try:
            return _store_next_version(
                kind=kind,
                pupil=pupil,
                content_type=content_type,
                object_id=object_id,
                pdf=pdf,
                checksum=checksum,
                generated_by=generated_by,
                includes_safeguarding=includes_safeguarding,
                includes_send=includes_send,
            )
        except IntegrityError:
            if attempt == VERSION_ATTEMPTS:
                raise
            logger.info("Version clash storing %s for pupil %s; retrying", kind, pupil.pk)
    raise AssertionError("unreachable")  # pragma: no cover


def _store_next_version(*, kind, pupil, content_type, object_id, pdf, **fields):
    document = None
    try:
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
            slug = kind.replace("_", "-")
            document.file.save(
                f"{slug}-{pupil.upn}-v{document.version}.pdf", ContentFile(pdf), save=False
            )
            # The database, not a prior query, decides a version clash (see VERSION_ATTEMPTS).
            document.full_clean(validate_constraints=False)
            document.save()
    except BaseException:
        if document is not None and document.file:
            document.file.delete(save=False)
        raise
    return document


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
