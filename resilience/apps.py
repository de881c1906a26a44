from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResilienceConfig(AppConfig):
    name = "resilience"
    verbose_name = _("Résilience cabinet")

    def ready(self):
        from resilience import accounts, contacts, navigation, territories  # noqa: F401 (accounts connects signals)

        # A malformed data file fails at start-up, not in front of a user.
        territories.regions()
        contacts.national_contacts()
        navigation.register_core_items()

        from resilience.assessment import registration as assessment_registration

        assessment_registration.ready()  # validates every questionnaire version, registers the dashboard panel and demo data

        from resilience.portability import core_documents, documents, tasks  # noqa: F401 (tasks registers the purge)

        documents.register(core_documents.assessment_results)

        from resilience.reminders import registration as reminders_registration

        reminders_registration.ready()  # restore tests, the core's due items, the sweep's tasks

        from resilience.statistics import tasks as statistics_tasks  # noqa: F401 (registers the URPS warming)

        from resilience.portability import archives

        archives.register_notification()  # "your data is ready" in the bell and the daily email
