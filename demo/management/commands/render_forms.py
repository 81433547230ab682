from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo.catalogue import RENDERERS, demo_schools
from documents.rendering import DocumentRenderError


class Command(BaseCommand):
    help = (
        "Render every form and letter for the demo data as PDFs into --out "
        "(nothing is stored in the database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, type=Path, help="Folder for the PDFs.")
        parser.add_argument(
            "--only",
            action="append",
            choices=[r.slug for r in RENDERERS],
            help="Render only this kind (may be given more than once).",
        )

    def handle(self, *args, out: Path, only, **options):
        out.mkdir(parents=True, exist_ok=True)
        today = timezone.localdate()
        total = 0
        schools = demo_schools()
        for renderer in RENDERERS:
            if only and renderer.slug not in only:
                continue
            count = 0
            for record in renderer.records(schools):
                try:
                    pdf = renderer.render(record, today)
                except DocumentRenderError as error:
                    raise CommandError(f"{renderer.slug} for {record}: {error}") from error
                (out / renderer.filename(record)).write_bytes(pdf)
                count += 1
            self.stdout.write(f"{renderer.description}: {count} PDF(s)")
            total += count
        if not total:
            self.stdout.write(self.style.WARNING("Nothing to render: run `seed_demo` first."))
        else:
            self.stdout.write(self.style.SUCCESS(f"{total} PDF(s) written to {out}"))
