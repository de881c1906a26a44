"""Forms of the self-assessment: they own the validation of every answer sent."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from resilience.assessment.questionnaire import ANSWER_LABELS, Questionnaire
from resilience.forms import options_from, submit_helper
from resilience.memberships import TEAM_BY_EMAIL
from resilience.models import OPEN_STATUSES, ActionItem, ActionStatus, Membership

FOLLOW_UP_FIELDS = ["status", "owner", "due_date", "dropped_reason"]


class AnswerForm(forms.Form):
    """One answer, sent the moment a radio button changes (htmx autosave)."""

    question = forms.CharField(max_length=64)
    answer = forms.CharField(max_length=8)

    def __init__(self, *args, questionnaire: Questionnaire, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire

    def clean(self):
        cleaned = super().clean()
        key, code = cleaned.get("question"), cleaned.get("answer")
        if key is None or code is None:
            return cleaned
        if not self.questionnaire.has_question(key):
            raise forms.ValidationError(_("Cette question n'existe pas."))
        if code not in self.questionnaire.question(key).answers:
            raise forms.ValidationError(_("Cette réponse n'est pas possible pour cette question."))
        return cleaned

    def answers(self) -> dict[str, str]:
        return {self.cleaned_data["question"]: self.cleaned_data["answer"]}


class ThemeAnswersForm(forms.Form):
    """The answers of one theme page, sent by "Enregistrer et continuer" (works without JavaScript).

    Fields are named "q-<question key>"; a field of that shape naming a question
    outside this page makes the whole form invalid, so a forged request saves nothing.
    """

    prefix = "q"

    def __init__(self, *args, questionnaire: Questionnaire, theme: str, answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for question in questionnaire.questions_in(theme):
            self.fields[question.key] = forms.ChoiceField(
                label=question.text,
                choices=[(code, ANSWER_LABELS[code]) for code in question.answers],
                required=False,
                initial=answers.get(question.key),
                widget=forms.RadioSelect,
            )

    def clean(self):
        cleaned = super().clean()
        expected = {self.add_prefix(name) for name in self.fields}
        if any(name.startswith(f"{self.prefix}-") and name not in expected for name in self.data):
            raise forms.ValidationError(_("Une des questions envoyées n'est pas sur cette page."))
        return cleaned

    def answers(self) -> dict[str, str]:
        """The questions answered on this page; an unanswered question is left as it is."""
        return {key: code for key, code in self.cleaned_data.items() if code}


class ActionItemForm(forms.ModelForm):
    """The follow-up of an action: status, owner (a member of the cabinet), due date, reason.

    A due date already passed is most often a typo (the wrong year): the form says so
    and keeps what was typed; saving again with the same date keeps it (a late action).
    """

    past_due_confirmed = forms.DateField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ActionItem
        fields = FOLLOW_UP_FIELDS
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "dropped_reason": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"dropped_reason": _("Obligatoire si l'action n'est pas retenue : dites pourquoi.")}

    def __init__(self, *args, tenant, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial_instance_values = {field: getattr(self.instance, field) for field in FOLLOW_UP_FIELDS}
        owner = self.fields["owner"]
        # The cabinet's members only: anyone else is an invalid choice.
        owner.queryset = tenant.scope(Membership).select_related("user").order_by("user__email")
        owner.label_from_instance = lambda membership: membership.user.display_name
        owner.empty_label = _("Personne pour l'instant")
        options_from(owner, tenant.fetch(TEAM_BY_EMAIL))
        self.helper = submit_helper(_("Enregistrer"))

    def clean(self):
        cleaned = super().clean()
        self._warn_past_due_date(cleaned)
        if cleaned.get("status") == ActionStatus.DROPPED:
            if not (cleaned.get("dropped_reason") or "").strip():
                self.add_error("dropped_reason", _("Indiquez pourquoi cette action n'est pas retenue."))
        else:
            cleaned["dropped_reason"] = ""  # a reason belongs to "non retenu" only
        return cleaned

    def _warn_past_due_date(self, cleaned):
        due = cleaned.get("due_date")
        if (
            due is None
            or due >= timezone.localdate()
            or due == self.initial_instance_values["due_date"]
            or cleaned.get("status") not in OPEN_STATUSES
            or cleaned.get("past_due_confirmed") == due
        ):
            return
        data = self.data.copy()
        data[self.add_prefix("past_due_confirmed")] = due.isoformat()  # saving again keeps the date
        self.data = data
        self.add_error(
            "due_date",
            _("Cette date est déjà passée (%(date)s) : l'action serait en retard. Corrigez-la, ou enregistrez de nouveau pour la garder.")
            % {"date": date_format(due, "j F Y")},
        )
