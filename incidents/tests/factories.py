import factory
from django.utils import timezone

from incidents.models import CatchUpDay, Drill, Incident, PaperSheet, Scenario
from resilience.tests.factories import CabinetFactory


class IncidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Incident

    cabinet = factory.SubFactory(CabinetFactory)
    scenario = Scenario.B
    aware_at = factory.LazyFunction(lambda: timezone.now() - timezone.timedelta(hours=1))
    triage_answer = "triage_yes"
    playbooks_version = "1"


class PaperSheetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperSheet

    incident = factory.SubFactory(IncidentFactory)
    cabinet = factory.SelfAttribute("incident.cabinet")
    day = factory.LazyFunction(timezone.localdate)
    number = factory.Sequence(lambda n: str(100 + n))


class CatchUpDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CatchUpDay

    incident = factory.SubFactory(IncidentFactory)
    cabinet = factory.SelfAttribute("incident.cabinet")
    day = factory.LazyFunction(timezone.localdate)


class DrillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Drill

    cabinet = factory.SubFactory(CabinetFactory)
    playbook_key = "scenario_b"
    playbooks_version = "1"
