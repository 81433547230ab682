"""Benchmark: the pupil list and passport for an LA officer over N synthetic schools.

    python bench/pupil_list.py --schools 10

Uses its own SQLite file under var/bench/ (or DATABASE_URL), so it never touches demo data.
Prints the median time and the query count per page; the query count must not grow with N.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.test_settings")
Path("var/bench").mkdir(parents=True, exist_ok=True)
os.environ.setdefault("DATABASE_URL", "sqlite:///var/bench/bench.sqlite3")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--schools", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from cases.pupils.models import Pupil
    from tenancy.models import LocalAuthority, Membership, Role, User

    call_command("migrate", verbosity=0)
    from django.utils import timezone

    from demo.scale import seed_scale
    from demo.seed import seed

    seed(timezone.localdate())
    seed_scale(args.schools, timezone.localdate())
    la = LocalAuthority.objects.get(code="990")
    user, _created = User.objects.get_or_create(
        email="bench@loadshire.example", defaults={"full_name": "Bench Officer"}
    )
    Membership.objects.get_or_create(user=user, role=Role.LA_OFFICER, local_authority=la)
    client = Client()
    client.force_login(user)
    pupil = Pupil.objects.filter(school__local_authority=la).first()
    pages = {
        "pupil list": reverse("pupil-list"),
        "pupil list, searched": reverse("pupil-list") + "?q=walker&flag=ehcp",
        "passport": reverse("pupil-detail", args=[pupil.pk]),
        "history": reverse("pupil-history", args=[pupil.pk]),
    }
    total = Pupil.objects.filter(school__local_authority=la).count()
    print(f"{args.schools} schools, {total} pupils in the LA")
    for name, url in pages.items():
        times = []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - start)
            if response.status_code != 200:
                raise SystemExit(f"{name}: status {response.status_code}")
        print(
            f"{name:<24} median {statistics.median(times) * 1000:7.1f} ms, "
            f"{len(queries.captured_queries)} queries"
        )


if __name__ == "__main__":
    main()
