"""CI fails when a string a parent reads has no Welsh (scripts/check_translations.py)."""

import polib
import pytest

from scripts import check_translations as check


def _po(tmp_path, *entries):
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "cy"}
    for entry in entries:
        po.append(entry)
    path = tmp_path / "django.po"
    po.save(str(path))
    return path


LETTER = "templates/documents/direction_letter.html"


def test_it_fails_on_a_parent_facing_string_without_welsh_and_says_where(tmp_path, capsys):
    path = _po(
        tmp_path,
        polib.POEntry(msgid="Yours sincerely", msgstr="Yn gywir", occurrences=[(LETTER, "3")]),
        polib.POEntry(msgid="Dear", msgstr="", occurrences=[(LETTER, "10")]),
    )
    assert check.main([str(path), "--no-makemessages"]) == 1
    out = capsys.readouterr().out
    assert f"{LETTER}:10: no Welsh: 'Dear'" in out
    assert "Yours sincerely" not in out


def test_a_fuzzy_translation_is_not_a_translation(tmp_path, capsys):
    entry = polib.POEntry(msgid="Dear", msgstr="Annwyl", occurrences=[(LETTER, "10")])
    entry.flags.append("fuzzy")
    assert check.main([str(_po(tmp_path, entry)), "--no-makemessages"]) == 1
    assert "fuzzy: 'Dear'" in capsys.readouterr().out


def test_a_plural_needs_every_welsh_form(tmp_path):
    entry = polib.POEntry(
        msgid="%(n)s week",
        msgid_plural="%(n)s weeks",
        msgstr_plural={0: "%(n)s wythnos", 1: "%(n)s wythnos", 2: "", 3: ""},
        occurrences=[("documents/outbox.py", "5")],
    )
    assert check.problems(polib.pofile(str(_po(tmp_path, entry))))


def test_a_staff_only_string_may_stay_in_english(tmp_path, capsys):
    entry = polib.POEntry(msgid="LA picture", msgstr="", occurrences=[("templates/base.html", "9")])
    assert check.main([str(_po(tmp_path, entry)), "--no-makemessages"]) == 0


@pytest.mark.parametrize("welsh", ["Annwyl %(nam)s", "Annwyl", "Annwyl %(name)s %(extra)s"])
def test_a_translation_whose_placeholders_differ_fails(tmp_path, welsh):
    entry = polib.POEntry(
        msgid="Dear %(name)s", msgstr=welsh, occurrences=[("reviews/views.py", "1")]
    )
    found = check.problems(polib.pofile(str(_po(tmp_path, entry))))
    assert found and "placeholders differ" in found[0]


def test_every_string_a_parent_reads_has_its_welsh_now():
    """The .po as committed; CI runs the script itself, after makemessages, for new strings."""
    assert check.problems(polib.pofile(str(check.PO_FILE))) == []
