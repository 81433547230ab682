from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from demo import seed as demo
from demo.people import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo LAs, schools, users and pupils (idempotent); --scale N adds load data."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=0,
            help="Also add N synthetic schools of 300 pupils each, with their staff and cases, "
            "to Loadshire (LA 990) for load tests (demo/scale.py).",
        )

    def handle(self, *args, scale, **options):
        if not settings.DEMO_MODE:
            raise CommandError(
                "seed_demo creates accounts with a published password, so it runs only in demo "
                "mode (DEMO_MODE=true, or DEBUG=true)."
            )
        today = timezone.localdate()
        demo.seed(today)
        if scale:
            from demo.scale import seed_scale

            seed_scale(scale, today, progress=lambda line: self.stdout.write(line))
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data loaded. Sign in with any demo account; password: {DEMO_PASSWORD}"
            )
        )
