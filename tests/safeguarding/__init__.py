"""Helpers for the AP provider register and placement tests (004 "Alternative Provision")."""

import datetime

from cases.placements.models import ApPlacement
from reviews.rules import declaration_expires_on
from safeguarding.models import SafeguardingDeclaration
from tenancy.models import Provider


def make_provider(la, name="Pathways Vocational Centre", **fields) -> Provider:
    return Provider.objects.create(
        local_authority=la,
        name=name,
        address=fields.pop("address", "Unit 4, Shrub Hill, Worcester WR4 9FA"),
        contact_name=fields.pop("contact_name", "Dean Hollis"),
        **fields,
    )


def make_declaration(provider, signed_on: datetime.date, by, **fields) -> SafeguardingDeclaration:
    return SafeguardingDeclaration.objects.create(
        provider=provider,
        signed_on=signed_on,
        expires_on=fields.pop("expires_on", declaration_expires_on(signed_on)),
        enhanced_dbs=True,
        two_references=True,
        annual_training=True,
        no_suitability_concerns=True,
        will_inform_dsl=True,
        signatory_name=fields.pop("signatory_name", "Dean Hollis"),
        signatory_position=fields.pop("signatory_position", "Centre Manager"),
        received=fields.pop("received", SafeguardingDeclaration.Received.PAPER),
        recorded_by=by,
        **fields,
    )


def make_placement(pupil, provider, staff, start, end, **fields) -> ApPlacement:
    times = fields.pop("times", {"tuesday": (9, 15), "thursday": (9, 15)})
    for day, (start_hour, end_hour) in times.items():
        fields[f"{day}_from"] = datetime.time(start_hour)
        fields[f"{day}_to"] = datetime.time(end_hour)
    return ApPlacement.objects.create(
        pupil=pupil,
        school=pupil.school,
        provider=provider,
        monitoring_staff=staff,
        created_by=staff,
        start=start,
        end=end,
        rationale=fields.pop("rationale", "Vocational learning suits them"),
        consultation=fields.pop("consultation", "Pupil and mother agree"),
        objectives=fields.pop("objectives", "Attend every session; return full time"),
        **fields,
    )
