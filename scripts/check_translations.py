"""Every string a parent reads has its Welsh (issue 15); CI fails on one that has not.

It runs `makemessages` first, so a string added to a parent-facing template or module since the
.po file was last updated is found too, then reads the Welsh catalogue with polib and lists each
string of a parent-facing file (PARENT_FACING) whose translation is missing or fuzzy, with the
file and line it comes from. Any translation, parent-facing or not, whose placeholders
(`%(name)s`) differ from the English is an error as well: Django would fail on it at run time.

The working copy of the .po file is left as it was, unless --update asks for the new strings
to be written into it (what a person adding strings runs; see the README, "Welsh").

    .venv/bin/python scripts/check_translations.py [--update] [--no-makemessages] [PO_FILE]

Without GNU gettext (`apt-get install gettext`) makemessages cannot run: under CI that fails;
on a laptop the .po file is checked as it is, with a warning.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
PO_FILE = ROOT / "locale" / "cy" / "LC_MESSAGES" / "django.po"

# What a parent reads: the letters, forms and emails sent to them, and their own pages. A
# folder (ending "/") covers every file in it. Add a file here when it starts speaking to parents.
PARENT_FACING = (
    "templates/skeleton.html",
    "templates/documents/base_print.html",
    "templates/documents/_letter_top.html",
    "templates/documents/_letter_sign.html",
    "templates/documents/direction_letter.html",
    "templates/documents/direction_review_invitation.html",
    "templates/documents/direction_decision_letter.html",
    "templates/documents/offsiting/invitation.html",
    "templates/documents/psp/",
    "templates/documents/reduced_timetable/",
    "templates/parents/",
    "parents/",
    "cases/directions/letters.py",
    "cases/directions/letter_contexts.py",
    "cases/directions/document_parts.py",
    "cases/offsiting/documents.py",
    "cases/psp/documents.py",
    "cases/reduced_timetables/documents.py",
    "cases/reduced_timetables/checklist_models.py",
    "documents/outbox.py",
    "documents/rendering.py",
)

MAKEMESSAGES = [
    sys.executable,
    "manage.py",
    "makemessages",
    "--locale=cy",
    "--ignore=.venv/*",
    "--ignore=tests/*",
    "--ignore=var/*",
    "--ignore=node_modules/*",
    "--ignore=static/*",
]

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def is_parent_facing(path: str) -> bool:
    return any(
        path.startswith(name) if name.endswith("/") else path == name for name in PARENT_FACING
    )


def where(entry: polib.POEntry) -> list[str]:
    return [f"{path}:{line}" for path, line in entry.occurrences if is_parent_facing(path)]


def translations(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def problems(po: polib.POFile) -> list[str]:
    """One line for each parent-facing string without Welsh, and each translation whose
    placeholders are not the English ones."""
    found = []
    for entry in po:
        if entry.obsolete:
            continue
        places = where(entry)
        texts = translations(entry)
        if places and ("fuzzy" in entry.flags or not all(text.strip() for text in texts)):
            state = "fuzzy" if "fuzzy" in entry.flags else "no Welsh"
            found.append(f"{', '.join(places)}: {state}: {entry.msgid!r}")
            continue
        english = set(PLACEHOLDER.findall(entry.msgid + (entry.msgid_plural or "")))
        for text in texts:
            welsh = set(PLACEHOLDER.findall(text))
            # A placeholder the English lacks fails at run time; one left out loses a word. A
            # plural's forms may leave out the count (the English singular does).
            broken = welsh - english if entry.msgid_plural else welsh ^ english
            if text and "fuzzy" not in entry.flags and broken:
                at = ", ".join(f"{p}:{n}" for p, n in entry.occurrences[:3])
                found.append(f"{at}: placeholders differ from the English: {entry.msgid!r}")
                break
    return found


def run_makemessages() -> None:
    env = {**os.environ, "DEBUG": "true"}
    subprocess.run(MAKEMESSAGES, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("po_file", nargs="?", type=Path, default=PO_FILE)
    parser.add_argument("--update", action="store_true", help="keep the new strings in the .po")
    parser.add_argument("--no-makemessages", action="store_true", help="check the .po as it is")
    args = parser.parse_args(argv)

    po_path: Path = args.po_file
    if not args.no_makemessages and shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            print("xgettext is missing: CI must install gettext (apt-get install gettext).")
            return 2
        print("warning: gettext is not installed, so new strings cannot be found; checking")
        print(f"{po_path} as it is (apt-get install gettext to check properly).")
        args.no_makemessages = True

    if args.no_makemessages:
        po = polib.pofile(str(po_path))
    else:
        before = po_path.read_bytes()
        try:
            run_makemessages()
            po = polib.pofile(str(po_path))
        finally:
            if not args.update:
                po_path.write_bytes(before)

    found = problems(po)
    for line in found:
        print(line)
    if found:
        print(
            f"\n{len(found)} string(s) a parent reads have no Welsh, or a broken one. Run "
            "`scripts/check_translations.py --update`, translate them in "
            f"{po_path.relative_to(ROOT) if po_path.is_relative_to(ROOT) else po_path} "
            'and run `make install` to compile (README, "Welsh").'
        )
        return 1
    print("Every string a parent reads has its Welsh.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
