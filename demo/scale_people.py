"""Loadshire's people: one sign-in for every school role at each synthetic school
(head@loadshire-school-1.demo, case-lead@…, dsl@…, senco@…, key-adult@…, office@…) and one for
every LA role (la-officer@loadshire.demo, safeguarding@, send@, director@, virtual-school@,
admin@loadshire.demo), all with the demo password. Bulk-created: no service makes people."""

from django.db.models import Q

from tenancy.models import LocalAuthority, Membership, Role, School, User

SCHOOL_PEOPLE = (
    ("head", Role.HEADTEACHER, "Head"),
    ("case-lead", Role.CASE_LEAD, "Case Lead"),
    ("dsl", Role.DSL, "Safeguarding Lead"),
    ("senco", Role.SENCO, "SENCo"),
    ("key-adult", Role.KEY_ADULT, "Key Adult"),
    ("office", Role.OFFICE, "Office"),
)
LA_PEOPLE = (
    ("la-officer", Role.LA_OFFICER, "Inclusion Officer"),
    ("safeguarding", Role.LA_SAFEGUARDING, "Safeguarding Officer"),
    ("send", Role.LA_SEND, "SEND Officer"),
    ("director", Role.DIRECTOR, "Director of Education"),
    ("virtual-school", Role.VIRTUAL_SCHOOL, "Virtual School Head"),
    ("admin", Role.LA_ADMIN, "LA Admin"),
)


def _people(at: dict, domain: str, who, password: str, name_prefix: str) -> dict[str, User]:
    emails = {role: f"{local}@{domain}" for local, role, _title in who}
    User.objects.bulk_create(
        [
            User(email=emails[role], full_name=f"{name_prefix} {title}", password=password)
            for _local, role, title in who
        ],
        ignore_conflicts=True,
    )
    users = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    by_role = {role: users[email] for role, email in emails.items()}
    have = set(
        Membership.objects.filter(user__in=by_role.values(), **at).values_list("user_id", "role")
    )
    Membership.objects.bulk_create(
        Membership(user=user, role=role, **at)
        for role, user in by_role.items()
        if (user.pk, role) not in have
    )
    return by_role


def seed_school_staff(school: School, n: int, password: str) -> dict[str, User]:
    """The school's staff by role."""
    return _people(
        {"school": school}, f"loadshire-school-{n}.demo", SCHOOL_PEOPLE, password, f"School {n}"
    )


def seed_la_staff(la: LocalAuthority, password: str) -> dict[str, User]:
    """The LA's staff by role."""
    return _people({"local_authority": la}, "loadshire.demo", LA_PEOPLE, password, "Loadshire")


def scale_users(la: LocalAuthority):
    """Everyone seed_scale made for the LA (for the benchmark)."""
    return User.objects.filter(
        Q(memberships__local_authority=la) | Q(memberships__school__local_authority=la)
    ).distinct()
