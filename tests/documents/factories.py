import hashlib

import factory

from documents.models import GeneratedDocument
from tests.factories import PupilFactory, UserFactory

# Small enough to be quick, real enough for pdftotext and a browser to open.
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class GeneratedDocumentFactory(factory.django.DjangoModelFactory):
    """A stored document without rendering one (rendering is tested on its own)."""

    class Meta:
        model = GeneratedDocument

    kind = GeneratedDocument.Kind.PUPIL_PASSPORT
    pupil = factory.SubFactory(PupilFactory)
    version = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(filename="passport-test.pdf", data=PDF_BYTES)
    checksum = hashlib.sha256(PDF_BYTES).hexdigest()
    generated_by = factory.SubFactory(UserFactory)
