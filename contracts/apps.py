from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Contrats informatiques")

    def ready(self):
        from contracts import demo, panels, statistics
        from contracts.checklist import get_checklist
        from resilience import dashboard, navigation
        from resilience import demo as core_demo

        get_checklist()  # a malformed checklist stops the start-up, not a review
        navigation.register(navigation.NavItem("contracts", _("Contrats"), "contracts:list", 60))
        dashboard.register(panels.contracts_panel)
        core_demo.register(demo.load_demo_contract)

        from contracts import exports
        from resilience.portability import documents

        documents.register(exports.gap_reports)

        from contracts import reminders

        reminders.register()  # what falls due, for the core's reminders

        from resilience.statistics import aggregates

        aggregates.register(statistics.AGGREGATE)  # a follow-up figure of the URPS dashboard
