from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KitConfig(AppConfig):
    name = "kit"
    verbose_name = _("Kit « mode dégradé »")

    def ready(self):
        from kit import demo, panels, statistics
        from kit.catalogue import get_catalogue
        from resilience import dashboard, navigation
        from resilience import demo as core_demo

        get_catalogue()  # a malformed catalogue stops the start-up, not a stock count
        navigation.register(navigation.NavItem("kit", _("Kit mode dégradé"), "kit:home", 30))
        dashboard.register(panels.kit_panel)
        core_demo.register(demo.load_demo_kit)

        from kit import exports
        from resilience.portability import documents

        documents.register(exports.kit_documents)

        from kit import reminders

        reminders.register()  # what falls due, for the core's reminders

        from resilience.statistics import aggregates

        aggregates.register(statistics.AGGREGATE)  # a follow-up figure of the URPS dashboard
