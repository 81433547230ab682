"""Reading generated PDFs back as text, with poppler's pdftotext."""

import subprocess


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, a table row to a line (-layout), with runs of whitespace collapsed."""
    result = subprocess.run(  # noqa: S603 - a fixed command on our own bytes
        ["/usr/bin/pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=30,
    )
    return " ".join(result.stdout.decode().split())
