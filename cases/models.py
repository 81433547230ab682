"""Every model of the cases app, for Django's app registry. Each case type keeps its models in
its own package (cases/<case type>/models.py); import them from there."""

from cases.directions.host_models import *  # noqa: F403
from cases.directions.models import *  # noqa: F403
from cases.offsiting.models import *  # noqa: F403
from cases.placements.models import *  # noqa: F403
from cases.psp.models import *  # noqa: F403
from cases.pupils.models import *  # noqa: F403
from cases.reduced_timetables.models import *  # noqa: F403
from cases.travel.models import *  # noqa: F403
