from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResilienceConfig(AppConfig):
    name = "resilience"
    verbose_name = _("Résilience cabinet")

    def ready(self):
        from resilience import accounts, navigation, territories  # noqa: F401 (accounts connects signals)

        territories.regions()  # a malformed data file fails at start-up, not in front of a user
        navigation.register_core_items()
