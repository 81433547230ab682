import datetime

import factory

from cases.directions.models import Direction
from cases.pupils.models import Intervention, ParentCarer, Pupil, PupilSend
from demo.pupils import make_upn
from safeguarding.models import SafeguardingRecord
from tenancy.models import LocalAuthority, Membership, Role, School, User

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Testshire {n}")
    code = factory.Sequence(lambda n: f"{800 + n % 100:03d}")
    nation = "england"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Test School {n}")
    urn = factory.Sequence(lambda n: f"{100000 + n}")
    dfe_number = factory.LazyAttributeSequence(
        lambda o, n: f"{o.local_authority.code}/{4000 + n % 6000:04d}"
    )
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    phase = "secondary"
    kind = "maintained"
    address = "1 Test Road"
    postcode = "TE1 1ST"
    headteacher_name = "Head Teacher"
    dsl_name = "Dee Ess-Ell"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.django.Password(PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Role.CASE_LEAD


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    school = factory.SubFactory(SchoolFactory)
    first_name = factory.Sequence(lambda n: f"Pupil{n}")
    last_name = factory.Sequence(lambda n: f"Surname{n}")
    upn = factory.LazyAttributeSequence(
        lambda o, n: make_upn(
            o.school.local_authority.code, o.school.dfe_establishment(), 20, n % 1000
        )
    )
    gender = "female"
    date_of_birth = datetime.date(2013, 5, 17)
    home_address = "2 Home Street"


class SafeguardingRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingRecord

    pupil = factory.SubFactory(PupilFactory)


class PupilSendFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PupilSend

    pupil = factory.SubFactory(PupilFactory)


class ParentCarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentCarer

    pupil = factory.SubFactory(PupilFactory)
    name = "Pat Parent"
    relationship = "Mother"
    email = "pat@example.com"


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    pupil = factory.SubFactory(PupilFactory)
    kind = Intervention.Kind.KEY_WORKER
    start_date = datetime.date(2026, 1, 5)


def member(role, org, **user_kwargs):
    """A user holding `role` in `org` (a School, LocalAuthority, Group or Provider)."""
    field = {School: "school", LocalAuthority: "local_authority"}.get(type(org))
    if field is None:
        field = type(org).__name__.lower()
    return MembershipFactory(role=role, **{field: org}, user=UserFactory(**user_kwargs)).user


class DirectionFactory(factory.django.DjangoModelFactory):
    """A direction in any state; pass host_school and the dates the state needs. It does not
    grant host access: use access.grant_host_access for a hosting direction."""

    class Meta:
        model = Direction

    pupil = factory.SubFactory(PupilFactory)
    home_school = factory.LazyAttribute(lambda o: o.pupil.school)
    case_lead = factory.SubFactory(UserFactory)
    reasons = "Persistent disruption in lessons"
    objectives = "Attend every lesson\nNo suspensions"
    success_criteria = "No suspensions for six weeks"
    planned_start = datetime.date(2026, 11, 16)
    planned_end = datetime.date(2027, 2, 12)
    # The written notice's details (cases.directions.guards.ensure_notice_complete).
    start_time = datetime.time(8, 45)
    end_time = datetime.time(15, 15)
    break_times = "break 10:30am to 10:50am, lunch 12:30pm to 1:15pm"
    report_to_name = "Ms Rowe"


class LetterFactory(factory.django.DjangoModelFactory):
    """A letter to parents, already recorded (documents.outbox.letter_send makes real ones)."""

    class Meta:
        model = "documents.Letter"

    pupil = factory.SubFactory(PupilFactory)
    document = factory.SubFactory(
        "tests.documents.factories.GeneratedDocumentFactory",
        pupil=factory.SelfAttribute("..pupil"),
        kind="direction_letter",
    )
    subject = "Off-site direction"
    body = "Please read the attached letter."
    sent_by = factory.SubFactory(UserFactory)


class OutboxMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "documents.OutboxMessage"

    letter = factory.SubFactory(LetterFactory)
    to_name = "Pat Parent"
    to_email = "pat@example.com"
