"""Backups restore (issue 13): the README's Operations section says to back up PostgreSQL with
`pg_dump -Fc` and the uploaded files (MEDIA_ROOT) with tar. Here both are made from the test
database and its files, restored into a fresh database and folder, and the restored copy has
the same cases, pupils, letters and every other row, and each stored PDF matches its checksum.
PostgreSQL only (CI runs the suite on PostgreSQL too)."""

import hashlib
import os
import shutil
import subprocess
import tarfile

import psycopg
import pytest
from django.db import connection

from cases.directions.models import Direction
from cases.pupils.models import Pupil
from documents.models import GeneratedDocument, Letter
from tests.documents.factories import GeneratedDocumentFactory
from tests.factories import (
    DirectionFactory,
    LetterFactory,
    ParentCarerFactory,
    PupilFactory,
    SchoolFactory,
)

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL backup"),
    pytest.mark.skipif(not shutil.which("pg_restore"), reason="needs postgresql-client"),
]


def _pg(args: list[str], database: str) -> None:
    """Run pg_dump or pg_restore against the test server, as an operator would."""
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    where = ["-h", db["HOST"] or "localhost", "-p", str(db["PORT"] or 5432)]
    where += ["-U", db["USER"] or "postgres", "-d", database]
    subprocess.run([*args, *where], env=env, check=True, capture_output=True, timeout=120)  # noqa: S603


def _table_counts(cursor) -> dict[str, int]:
    """Every table's row count, in one query."""
    tables = sorted(connection.introspection.django_table_names(only_existing=True))
    cursor.execute(
        " UNION ALL ".join(f"SELECT '{t}', count(*) FROM \"{t}\"" for t in tables)  # noqa: S608
    )
    return dict(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_a_dump_restored_into_a_fresh_database_has_the_same_cases_and_files(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    school = SchoolFactory(name="Backup High School")
    pupils = [PupilFactory(school=school) for _ in range(3)]
    for pupil in pupils:
        ParentCarerFactory(pupil=pupil)
    directions = [DirectionFactory(pupil=pupil) for pupil in pupils[:2]]
    letters = [
        LetterFactory(
            pupil=pupil,
            document=GeneratedDocumentFactory(
                pupil=pupil, kind=GeneratedDocument.Kind.DIRECTION_LETTER
            ),
        )
        for pupil in pupils[:2]
    ]
    with connection.cursor() as cursor:
        before = _table_counts(cursor)
    assert before[Direction._meta.db_table] == 2 and before[Letter._meta.db_table] == 2
    assert before[Pupil._meta.db_table] == 3

    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"[:63]
    dump = tmp_path / "waymark.dump"
    media = tmp_path / "media.tar.gz"
    # The backup: the database in PostgreSQL's custom format, the files as a tar.
    _pg(["pg_dump", "-Fc", "--no-owner", "-f", str(dump)], source)
    with tarfile.open(media, "w:gz") as archive:
        archive.add(settings.MEDIA_ROOT, arcname="media")

    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        cursor.execute(f'CREATE DATABASE "{restored}"')
    try:
        # The restore, into a fresh database and a fresh folder.
        _pg(["pg_restore", "--no-owner", "--exit-on-error", str(dump)], restored)
        with tarfile.open(media) as archive:
            archive.extractall(tmp_path / "restored", filter="data")
        db = connection.settings_dict
        with (
            psycopg.connect(
                host=db["HOST"] or "localhost",
                port=db["PORT"] or 5432,
                user=db["USER"] or "postgres",
                password=db["PASSWORD"] or None,
                dbname=restored,
            ) as copy,
            copy.cursor() as cursor,
        ):
            assert _table_counts(cursor) == before
            cursor.execute(
                f"SELECT d.id, p.upn FROM {Direction._meta.db_table} d "  # noqa: S608
                f"JOIN {Pupil._meta.db_table} p ON p.id = d.pupil_id ORDER BY d.id"
            )
            assert cursor.fetchall() == [(d.pk, d.pupil.upn) for d in directions]
            cursor.execute(
                f"SELECT l.id, g.file, g.checksum FROM {Letter._meta.db_table} l "  # noqa: S608
                f"JOIN {GeneratedDocument._meta.db_table} g ON g.id = l.document_id ORDER BY l.id"
            )
            rows = cursor.fetchall()
        assert [row[0] for row in rows] == [letter.pk for letter in letters]
        for _pk, name, checksum in rows:
            pdf = (tmp_path / "restored" / "media" / name).read_bytes()
            assert hashlib.sha256(pdf).hexdigest() == checksum
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
