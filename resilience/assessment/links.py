"""Links from an action of the plan to the page of the product that helps.

The questionnaire names URL names of apps that may not be installed yet (kit,
incidents, contracts are built in parallel): a link is shown only when its URL
name resolves, so the plan never points to a missing page.
"""

from django.urls import NoReverseMatch, reverse

from resilience.assessment.questionnaire import Action


def action_url(action: Action) -> str | None:
    if not action.link:
        return None
    try:
        return reverse(action.link)
    except NoReverseMatch:
        return None
