"""What the URL walk (resilience/tests/test_tenancy_urls.py) needs to know about incidents' URLs."""

from incidents.tests.factories import DrillFactory, IncidentFactory, PaperSheetFactory

# URL argument -> a value designating an object of the victim cabinet.
OBJECT_FACTORIES = {
    "incident_id": lambda team: IncidentFactory(cabinet=team.cabinet).pk,
    "drill_id": lambda team: DrillFactory(cabinet=team.cabinet).pk,
    "sheet_id": lambda team: PaperSheetFactory(incident=IncidentFactory(cabinet=team.cabinet)).pk,
    # A step of the victim's scenario B incident (the incident is what makes it the victim's).
    "step_key": lambda team: "b_disconnect",
    # A playbook is content that every cabinet reads, not a cabinet's object: the walk gets a key
    # that does not exist, so it checks that a forged key is a 404 for anyone (sign-in and the
    # URPS refusal are still checked). The real pages are covered in test_playbook_pages.py.
    "playbook_key": lambda team: "cle-inconnue",
}

# Reachable without signing in: the service worker script must load even after the session expired.
PUBLIC_URL_NAMES = {"incidents:service_worker"}

NOT_CABINET_PAGES = set()
