"""HTML templates to A4 PDFs with WeasyPrint, fetching nothing but our own static files.

Forms carry text that people typed (a formulation, a parent's address). Django escapes it, and
behind that the URL fetcher refuses every URL except `data:` and the project's own static files,
read from disk, so no text can make the renderer reach the network or the file system.
"""

import datetime
import functools
import logging
import mimetypes
import re
import urllib.error
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import DataHandler, Request

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ImproperlyConfigured, SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from cases.pupils.models import YesNo

logger = logging.getLogger(__name__)

# Relative URLs in a print template (`{% static %}` gives "/static/…") resolve against this
# origin. `.invalid` can never resolve (RFC 2606), and the fetcher never opens a connection
# anyway: it maps this origin's static paths to files on disk and refuses the rest.
INTERNAL_ORIGIN = "https://waymark.invalid"
BASE_URL = f"{INTERNAL_ORIGIN}/"


class DocumentRenderError(Exception):
    """A PDF could not be made; the message is fit to show to the person who asked for it."""


class RefusedURL(ValueError):
    """A document asked for something other than our own static files or a data: URL."""


def static_file_for_url(url: str) -> Path:
    """The file on disk behind one of our static URLs, or RefusedURL."""
    parts = urlsplit(url)
    static_prefix = urlsplit(settings.STATIC_URL).path
    own_origin = (parts.scheme, parts.netloc) in {("", ""), tuple(urlsplit(INTERNAL_ORIGIN)[:2])}
    if not own_origin or not parts.path.startswith(static_prefix) or parts.query:
        raise RefusedURL(f"Only the project's own static files may be fetched, not {url!r}")
    name = unquote(parts.path.removeprefix(static_prefix))
    if not name or "\x00" in name or any(part == ".." for part in name.split("/")):
        raise RefusedURL(f"Not a static file: {url!r}")
    try:
        found = finders.find(name)
        if found is None:
            # After collectstatic with a manifest, `{% static %}` names the hashed copy.
            candidate = staticfiles_storage.path(name)
            found = candidate if Path(candidate).is_file() else None
    except SuspiciousFileOperation as error:
        raise RefusedURL(f"Not a static file: {url!r}") from error
    except (NotImplementedError, ImproperlyConfigured):  # no local STATIC_ROOT to look in
        found = None
    if not found or not Path(found).is_file():
        raise RefusedURL(f"No such static file: {url!r}")
    return Path(found)


@functools.cache
def _url_fetcher_class():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        """Answers `data:` URLs and our static files from disk; refuses everything else.

        It never calls the parent's fetch, so no urllib handler (http, https, ftp, file) runs.
        With fail_on_errors a refused URL stops the render instead of being quietly skipped.
        """

        def __init__(self):
            super().__init__(fail_on_errors=True)

        def fetch(self, url, headers=None):
            if url[:5].lower() == "data:":
                try:
                    # S310: only ever a data: URL here, decoded in memory by urllib.
                    response = DataHandler().data_open(Request(url))  # noqa: S310
                except (ValueError, urllib.error.URLError) as error:
                    raise RefusedURL(f"Malformed data: URL ({error})") from error
                return URLFetcherResponse(url, response.read(), dict(response.headers))
            path = static_file_for_url(url)
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    return StaticOnlyURLFetcher


def static_only_url_fetcher():
    """A fresh fetcher; raises DocumentRenderError if WeasyPrint cannot be loaded."""
    _weasyprint()
    return _url_fetcher_class()()


def _weasyprint():
    try:
        import weasyprint
    except (ImportError, OSError) as error:
        # OSError: the Pango, HarfBuzz or fontconfig libraries are missing.
        logger.exception("WeasyPrint cannot be loaded")
        raise DocumentRenderError(
            _(
                "The PDF could not be made because the document printer is not set up on this "
                "server. Tell your Waymark administrator."
            )
        ) from error
    return weasyprint


# Every letter and form is a tagged PDF/UA-1 document (issue 14), so a parent using a screen
# reader hears it in the order it reads on paper: WeasyPrint tags the structure (headings,
# paragraphs, tables, lists) from the HTML, marks the running letterhead and footer as
# artefacts, and takes the document's language from <html lang> and its title from <title>
# (documents/base_print.html sets both, the language from the one the document is printed in).
PDF_VARIANT = "pdf/ua-1"


def html_to_pdf(html: str) -> bytes:
    """An A4 PDF of a complete HTML document (its print CSS decides the page), tagged for
    accessibility (PDF_VARIANT)."""
    weasyprint = _weasyprint()
    try:
        return weasyprint.HTML(
            string=html, base_url=BASE_URL, url_fetcher=static_only_url_fetcher()
        ).write_pdf(pdf_variant=PDF_VARIANT)
    except SoftTimeLimitExceeded:
        raise  # the worker's time limit: documents.printing says so, not "try again later"
    except weasyprint.urls.FatalURLFetchingError as error:
        logger.error("A document asked for a URL it may not fetch: %s", error.__cause__ or error)
        raise DocumentRenderError(
            _("The PDF could not be made because the form refers to a file it may not use.")
        ) from error
    except Exception as error:
        logger.exception("WeasyPrint failed")
        raise DocumentRenderError(
            _("The PDF could not be made just now. Try again in a few minutes.")
        ) from error


# Formatting for print, and for the pages that speak of what was printed ------------------


def format_date(value: datetime.date | None) -> str:
    """3 November 2026 (GOV.UK style); "" for no date."""
    return date_format(value, "j F Y") if value else ""


def format_time(value: datetime.time | None) -> str:
    """GOV.UK style: 9am, 8:40am, midday, 3:10pm."""
    if value is None:
        return ""
    if value.hour == 12 and value.minute == 0:
        return _("midday")
    hour = value.hour % 12 or 12
    suffix = pgettext("time of day", "am") if value.hour < 12 else pgettext("time of day", "pm")
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def text_lines(text: str | None) -> list[str]:
    """The lines of a typed block (an address), trimmed, without the empty ones."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def one_line(text: str | None) -> str:
    """An address typed on several lines, as one: "1 High Street, Worcester, WR1 1AA"."""
    return ", ".join(text_lines(text))


def name_and_dob(pupil) -> str:
    return _("%(name)s, date of birth %(dob)s") % {
        "name": pupil.full_name,
        "dob": format_date(pupil.date_of_birth),
    }


def yes_or_no(value: str | bool | None) -> str:
    """A recorded Yes or No as words; "" while not recorded (the form shows tick boxes)."""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return {YesNo.YES: _("Yes"), YesNo.NO: _("No")}.get(value, "")


@dataclass
class Blanks:
    """Records what a document had to leave blank, so the person making it can be told."""

    missing: list[str] = field(default_factory=list)

    def __call__(self, label, value):
        if value in (None, ""):
            self.missing.append(str(label))
            return ""
        return value


def letterhead(school) -> dict:
    """The school's name, address and contact details for the header of every page."""
    lines = [line for line in text_lines(school.address) if line != school.name]
    if school.postcode and school.postcode not in lines:
        lines.append(school.postcode)
    contact = [
        _("Telephone %(phone)s") % {"phone": school.phone} if school.phone else "",
        school.email,
    ]
    return {
        "name": school.name,
        "address": ", ".join(lines),
        "contact": " · ".join(c for c in contact if c),
    }


def render_html(template: str, context: dict) -> str:
    """A print template (extending documents/base_print.html) as HTML: quick enough for a web
    request, which then leaves the PDF to the worker (documents.printing)."""
    return render_to_string(template, context)


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.DOTALL | re.IGNORECASE)


def render_html_in(languages: Sequence[str], build: Callable[[], tuple[str, dict]]) -> str:
    """One document in each of `languages`, in that order (a bilingual letter in Wales puts the
    Welsh first): `build()` gives (template, context) and is called again under each language,
    because a context holds words already translated (a date, a "the governing board"). Each
    language's part is its own `<div lang>` and starts a new page; the page's `<html lang>` is
    the first language's (issue 15)."""
    parts = []
    for language in languages:
        with translation.override(language):
            template, context = build()
            parts.append((language, render_html(template, context)))
    if len(parts) == 1:
        return parts[0][1]
    first = parts[0][1]
    body = _BODY.search(first)
    if body is None:
        raise ValueError("A print template must have a <body>.")
    joined = "".join(
        f'<div class="language-part" lang="{language}">{_BODY.search(html).group(1)}</div>'
        for language, html in parts
    )
    return first[: body.start(1)] + joined + first[body.end(1) :]


def render_pdf_in(languages: Sequence[str], build: Callable[[], tuple[str, dict]]) -> bytes:
    """render_html_in, as a PDF: for the worker and commands only, like render_pdf."""
    return html_to_pdf(render_html_in(languages, build))


def render_pdf(template: str, context: dict) -> bytes:
    """Render a print template to PDF bytes, here and now: for the worker and commands only,
    never a web request (a long record can take a minute; documents.printing)."""
    return html_to_pdf(render_html(template, context))


@dataclass(frozen=True)
class FormRenderer:
    """One kind of document `render_forms` prints: `records(schools)` gives what to print for
    those schools (the demo's, for `render_forms`)."""

    slug: str
    description: str
    records: Callable[[Any], Iterable]
    filename: Callable[[object], str]
    render: Callable[[object, datetime.date], bytes]
