"""Benchmark: a letter's PDF through Waymark against plain WeasyPrint on the same HTML.

    python bench/letter_pdf.py                 # the demo in var/ (make run seeds it)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waymark_bench_30 python bench/letter_pdf.py

Issue 12 asks that a letter PDF through the app take at most 1.3x plain WeasyPrint. For each
demo form and letter kind (the demo's renderers, cases.registry), the first record's HTML is
caught as Waymark prints it; then, on that same HTML, it times `documents.rendering.html_to_pdf`
(the worker's path: a tagged PDF/UA-1) and plain `weasyprint.HTML(...).write_pdf()` with the
same static files (the stylesheet and images), and prints the medians and their ratio.
Nothing is stored.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "true")


def _medians(first, second, runs: int) -> tuple[float, float]:
    """Median seconds of each, run alternately, so a busy moment of the machine falls on both."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(runs):
        for make, into in ((first, times[0]), (second, times[1])):
            start = time.perf_counter()
            make()
            into.append(time.perf_counter() - start)
    return statistics.median(times[0]), statistics.median(times[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--only", nargs="+", metavar="SLUG", help="these renderers only")
    args = parser.parse_args()

    import django

    django.setup()
    import weasyprint
    from django.utils import timezone

    from demo.catalogue import RENDERERS, demo_schools
    from documents import rendering

    caught: list[str] = []
    app_pdf = rendering.html_to_pdf

    def catch(html: str) -> bytes:
        caught.append(html)
        return b""

    today = timezone.localdate()
    schools = demo_schools()
    print(f"{'document':<48} {'Waymark':>9} {'plain':>9} {'ratio':>6}")
    ratios: list[float] = []
    for renderer in RENDERERS:
        if args.only and renderer.slug not in args.only:
            continue
        record = next(iter(renderer.records(schools)), None)
        if record is None:
            continue
        caught.clear()
        rendering.html_to_pdf = catch
        try:
            renderer.render(record, today)
        finally:
            rendering.html_to_pdf = app_pdf
        if not caught:
            continue
        html = caught[0]

        def plain(html=html):
            # The same stylesheets and images (Waymark's static files), untagged.
            return weasyprint.HTML(
                string=html,
                base_url=rendering.BASE_URL,
                url_fetcher=rendering.static_only_url_fetcher(),
            ).write_pdf()

        def waymark(html=html):
            return app_pdf(html)

        waymark()  # fonts and styles loaded once, for both
        plain()
        ours, theirs = _medians(waymark, plain, args.runs)
        ratios.append(ours / theirs)
        print(
            f"{renderer.slug[:48]:<48} {ours * 1000:>7.0f}ms {theirs * 1000:>7.0f}ms "
            f"{ratios[-1]:>6.2f}"
        )
    if ratios:
        print(
            f"ratio: median {statistics.median(ratios):.2f}, worst {max(ratios):.2f} "
            "(target: at most 1.3)"
        )


if __name__ == "__main__":
    main()
