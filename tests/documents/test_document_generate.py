"""documents.services.document_generate: versions, checksums, immutability."""

import hashlib

import pytest
from django.db import IntegrityError

from documents.models import GeneratedDocument
from documents.rendering import DocumentRenderError
from documents.services import document_generate

TEMPLATE = "documents/base_print.html"


def _generate(world, **kwargs):
    return document_generate(
        kind=GeneratedDocument.Kind.PUPIL_PASSPORT,
        pupil=world.pupil,
        template=TEMPLATE,
        context={
            "title": "Test document",
            "letterhead": {"name": world.school.name, "address": "1 Test Road"},
        },
        generated_by=world.users["school_case_lead"],
        **kwargs,
    )


def test_it_stores_the_pdf_with_its_checksum(world):
    document = _generate(world)
    content = document.file.read()
    assert content.startswith(b"%PDF")
    assert document.checksum == hashlib.sha256(content).hexdigest()
    assert document.version == 1
    assert document.file.name.startswith("documents/")
    assert document.file.name.endswith(f"pupil-passport-{world.pupil.upn}-v1.pdf")


def test_generating_again_adds_a_version_and_never_overwrites(world):
    first = _generate(world)
    second = _generate(world)
    assert (first.version, second.version) == (1, 2)
    assert first.pk != second.pk
    assert first.file.name != second.file.name
    assert first.checksum == second.checksum  # same content, same bytes
    first.refresh_from_db()
    assert first.file.read().startswith(b"%PDF")


def test_versions_count_per_record_the_document_is_about(world):
    _generate(world)
    about_school = _generate(world, about=world.school)
    about_host = _generate(world, about=world.host)
    again = _generate(world, about=world.school)
    assert [about_school.version, about_host.version, again.version] == [1, 1, 2]
    assert again.about == world.school


def test_the_database_refuses_a_second_row_for_the_same_version(world):
    document = _generate(world)
    clash = GeneratedDocument(
        kind=document.kind,
        pupil=document.pupil,
        version=document.version,
        file=document.file.name,
        checksum=document.checksum,
        generated_by=document.generated_by,
    )
    with pytest.raises(IntegrityError):
        clash.save()


def test_a_render_that_fails_is_kept_as_failed_with_its_reason(world, monkeypatch, media_root):
    def broken(html):
        raise DocumentRenderError("The PDF could not be made just now.")

    monkeypatch.setattr("documents.rendering.html_to_pdf", broken)
    document = _generate(world)
    assert document.state == GeneratedDocument.State.FAILED
    assert document.error == "The PDF could not be made just now."
    assert not document.file and not document.checksum
    assert not list(media_root.rglob("*.pdf"))


def test_a_failed_insert_leaves_no_orphan_file(world, monkeypatch, media_root):
    _generate(world)

    def clash(self, *args, **kwargs):
        raise IntegrityError("version clash")

    monkeypatch.setattr(GeneratedDocument, "save", clash)
    with pytest.raises(IntegrityError):
        _generate(world)
    assert len(list(media_root.rglob("*.pdf"))) == 1
