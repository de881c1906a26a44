from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Incidents")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from incidents import demo_data, panels, statistics
        from incidents.playbooks import get_playbooks
        from resilience import dashboard, demo, navigation
        from resilience.navigation import NavItem

        get_playbooks()  # a broken playbooks file stops the start-up, not a cabinet in crisis
        navigation.register(NavItem("incident_declare", _("Déclarer un incident"), "incidents:declare", 1, urgent=True))
        navigation.register(NavItem("incidents", _("Incidents et guides"), "incidents:playbooks", 30))
        dashboard.register(panels.incident_panel)
        demo.register(demo_data.load)

        from incidents import exports
        from resilience.portability import documents

        documents.register(exports.incident_reports)

        from incidents import reminders

        reminders.register()  # what falls due, for the core's reminders

        from resilience.statistics import aggregates

        aggregates.register(statistics.AGGREGATE)  # a follow-up figure of the URPS dashboard
