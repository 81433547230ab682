"""Every letter and form is a tagged, accessible PDF (issue 14): PDF/UA-1, its structure tagged
(headings, paragraphs, tables, lists) in the order the page reads, the running letterhead and
footer left out of it as artefacts, the document's language and a title set, so a parent using
a screen reader hears it in order and in the right language."""

import datetime
import re
import subprocess
import zlib

import pytest
from django.utils import translation

from cases.directions import documents as dd
from cases.directions.models import Direction
from documents import rendering
from documents.models import GeneratedDocument
from tests.factories import DirectionFactory

TODAY = datetime.date(2026, 11, 2)


def _objects(pdf: bytes) -> bytes:
    """The PDF's objects as text, its compressed streams (object streams) inflated."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue  # an image or font stream that is not Flate: nothing of ours in it
    return b"\n".join(parts)


def _pdfinfo(pdf: bytes, *options: str) -> str:
    return subprocess.run(  # noqa: S603 - a fixed command on our own bytes
        ["/usr/bin/pdfinfo", *options, "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=30,
    ).stdout.decode()


@pytest.fixture
def direction(world):
    return DirectionFactory(
        pupil=world.pupil,
        case_lead=world.users["school_case_lead"],
        state=Direction.State.DECIDED,
        host_school=world.host,
        decided_on=datetime.date(2026, 10, 23),
    )


def _letter_pdf(direction, language: str) -> bytes:
    with translation.override(language):
        template, context = dd.build(
            GeneratedDocument.Kind.DIRECTION_LETTER, direction, today=TODAY
        )
        return rendering.html_to_pdf(rendering.render_html(template, context))


def test_a_letter_is_a_tagged_pdf_ua_document_with_its_language_and_title(direction):
    pdf = _letter_pdf(direction, "en-gb")
    info = _pdfinfo(pdf)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE), info
    assert re.search(r"^Title:\s+Direction for off-site education – Alex Home$", info, re.M)
    objects = _objects(pdf)
    assert b"/StructTreeRoot" in objects
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", objects)
    assert re.findall(rb"/Lang\s*\(([^)]*)\)", objects)[0] == b"en-gb"
    assert b'pdfuaid:part="1"' in _pdfinfo(pdf, "-meta").encode()


def test_a_welsh_letter_says_it_is_in_welsh(direction):
    objects = _objects(_letter_pdf(direction, "cy"))
    assert re.findall(rb"/Lang\s*\(([^)]*)\)", objects)[0] == b"cy"


def test_the_tags_follow_the_page_and_leave_out_the_running_header_and_footer(direction):
    tree = _pdfinfo(_letter_pdf(direction, "en-gb"), "-struct-text")
    text = " ".join(re.findall(r'"([^"]*)"', tree))
    heading = text.index("Direction for off-site education for Alex Home")
    assert text.index("To the parents and carers of Alex Home") < heading  # address first
    assert heading < text.index("Further to") < text.index("Copy sent to:")
    assert "Page 1 of" not in text  # the footer and letterhead are artefacts
    assert re.search(r"^\s*H1\b", tree, re.MULTILINE)
    assert re.search(r"^\s*L\b", tree, re.MULTILINE)  # the objectives, a list
