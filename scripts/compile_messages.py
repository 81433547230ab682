"""Compile the translations (locale/*/LC_MESSAGES/*.po) to the .mo files Django reads (issue 15).

The .mo files are build outputs, not kept in git: `make install` and CI run this. It uses polib,
a dependency of the project, so a machine without GNU gettext still gets its Welsh; fuzzy
entries are left out, as msgfmt leaves them.

    .venv/bin/python scripts/compile_messages.py [PO_FILE ...]
"""

import sys
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_po(po_path: Path) -> Path:
    po = polib.pofile(str(po_path))
    for entry in po.fuzzy_entries():
        po.remove(entry)
    mo_path = po_path.with_suffix(".mo")
    po.save_as_mofile(str(mo_path))
    return mo_path


def main(argv: list[str]) -> int:
    po_files = [Path(name) for name in argv] or sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
    for po_path in po_files:
        mo_path = compile_po(po_path)
        print(f"compiled {mo_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
