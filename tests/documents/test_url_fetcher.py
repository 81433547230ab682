"""The renderer's URL fetcher: our static files and data: URLs, nothing else, ever."""

import socket
from pathlib import Path

import pytest
from django.conf import settings

from documents.rendering import (
    BASE_URL,
    INTERNAL_ORIGIN,
    DocumentRenderError,
    RefusedURL,
    html_to_pdf,
    static_only_url_fetcher,
)

PRINT_CSS = Path(settings.BASE_DIR) / "documents" / "static" / "documents" / "print.css"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test outright."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"The renderer tried to open a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/static/documents/print.css",
        "http://waymark.invalid/static/documents/print.css",
        "file:///etc/passwd",
        f"file://{PRINT_CSS}",
        "ftp://example.com/x",
        "/etc/passwd",
        f"{INTERNAL_ORIGIN}/etc/passwd",
        f"{INTERNAL_ORIGIN}/static/../config/settings.py",
        f"{INTERNAL_ORIGIN}/static/%2e%2e/config/settings.py",
        f"{INTERNAL_ORIGIN}/static/documents/no-such-file.css",
        "/static/../../etc/passwd",
    ],
)
def test_it_refuses_everything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        static_only_url_fetcher().fetch(url)


def test_it_answers_a_data_url():
    response = static_only_url_fetcher().fetch("data:text/plain;base64,V2F5bWFyaw==")
    assert response.read() == b"Waymark"
    assert response.content_type == "text/plain"


@pytest.mark.parametrize(
    "url", ["/static/documents/print.css", f"{INTERNAL_ORIGIN}/static/documents/print.css"]
)
def test_it_reads_a_static_file_from_disk(url):
    response = static_only_url_fetcher().fetch(url)
    assert response.read() == PRINT_CSS.read_bytes()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "html",
    [
        '<img src="http://127.0.0.1:9/x">',
        '<img src="file:///etc/passwd">',
        '<link rel="stylesheet" href="file:///etc/passwd">',
        "<p style=\"background: url('https://example.com/track.png')\">x</p>",
        '<img src="/media/documents/someone-elses.pdf">',
    ],
)
def test_a_document_asking_for_anything_else_is_not_rendered(html):
    """Were escaping ever bypassed, the fetcher would still stop the render."""
    with pytest.raises(DocumentRenderError):
        html_to_pdf(f"<!DOCTYPE html><html><body>{html}</body></html>")


def test_a_document_may_embed_a_data_image():
    pixel = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    pdf = html_to_pdf(f'<html><body><img src="{pixel}"></body></html>')
    assert pdf.startswith(b"%PDF")


def test_relative_urls_resolve_to_our_own_origin():
    assert BASE_URL == f"{INTERNAL_ORIGIN}/"
    assert INTERNAL_ORIGIN.endswith(".invalid")  # RFC 2606: can never resolve


def test_missing_weasyprint_libraries_become_a_plain_english_error(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import now raises ImportError
    with pytest.raises(DocumentRenderError, match="not set up on this server"):
        html_to_pdf("<p>Hello</p>")
