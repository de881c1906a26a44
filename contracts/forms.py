from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contracts import letter
from contracts.models import MAX_DOCUMENT_SIZE, Contract, ContractReview
from contracts.verdicts import ANSWER_LABELS, ANSWERS
from resilience.forms import options_from, submit_helper
from resilience.layout import Fieldset, Layout
from resilience.validation import no_patient_identifier

PDF_MAGIC = b"%PDF-"
# Characters that make a name a path on some system: "C:contrat.pdf" is one on Windows.
PATH_CHARACTERS = frozenset("/\\:")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ContractForm(forms.ModelForm):
    class Meta:
        model = Contract
        fields = [
            "provider", "provider_address", "kind", "reference",
            "signed_on", "starts_on", "ends_on", "tacit_renewal", "notice_months", "notice_days",
            "hds_scope", "hds_expires_on", "notes",
        ]
        widgets = {
            "provider_address": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "signed_on": DateInput,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "hds_expires_on": DateInput,
        }
        help_texts = {
            "provider": _("Le nom de la société, tel qu'il figure sur le contrat."),
            "provider_address": _("Elle figure en tête du courrier que vous pourrez lui envoyer."),
            "reference": _("Le numéro du contrat, s'il en a un."),
            "ends_on": _("La date à laquelle le contrat prend fin, ou se renouvelle."),
            "tacit_renewal": _("Cochez si le contrat se renouvelle tout seul quand personne ne le résilie."),
            "notice_months": _("Le délai pour résilier avant la date de renouvellement, par exemple 3 mois."),
            "notice_days": _("Si le préavis est donné en jours (ou en plus des mois)."),
            "hds_scope": _(
                "Seulement si le prestataire héberge des données de santé : ce que couvre son certificat "
                "HDS (par exemple « hébergement des sauvegardes »)."
            ),
            "hds_expires_on": _("La date de fin de validité inscrite sur le certificat HDS."),
        }

    def __init__(self, *args, submit_label=_("Enregistrer"), **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("notice_months", "notice_days"):
            self.fields[name].widget.attrs.update({"min": 0, "inputmode": "numeric"})
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Fieldset(_("Le prestataire"), "provider", "kind", "reference", "provider_address"),
            Fieldset(
                _("Les dates"), "signed_on", "starts_on", "ends_on", "tacit_renewal", "notice_months", "notice_days"
            ),
            Fieldset(_("Hébergement de données de santé (HDS)"), "hds_scope", "hds_expires_on"),
            Fieldset(_("Remarques"), "notes"),
        )
        self.helper.add_input(Submit("submit", submit_label, css_class="btn-primary btn-lg w-100 w-sm-auto"))

    def clean(self):
        cleaned = super().clean()
        starts, ends, signed = cleaned.get("starts_on"), cleaned.get("ends_on"), cleaned.get("signed_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", _("La date de fin doit être après la date de début."))
        elif signed and ends and ends <= signed:
            self.add_error("ends_on", _("La date de fin doit être après la date de signature."))
        if cleaned.get("tacit_renewal") and not ends and "ends_on" not in self.errors:
            self.add_error(
                "ends_on",
                _("Indiquez la date de renouvellement : elle sert à calculer le dernier jour pour résilier."),
            )
        return cleaned


def clean_document_name(name: str) -> str:
    """The name the file is kept and offered under; refuse anything that looks like a path.

    Django already keeps only the last part of a name sent with slashes or
    backslashes; this also refuses what may remain (a Windows drive "C:",
    control characters, a hidden ".name") rather than storing it.
    """
    name = (name or "").strip()
    if not name:
        raise forms.ValidationError(_("Le fichier n'a pas de nom. Renommez-le, par exemple « contrat.pdf »."))
    if PATH_CHARACTERS & set(name) or name.startswith(".") or not name.isprintable():
        raise forms.ValidationError(
            _(
                "Le nom du fichier ne doit contenir ni « / », ni « \\ », ni « : », ni commencer par un point. "
                "Renommez-le, par exemple « contrat.pdf », puis envoyez-le à nouveau."
            )
        )
    return pdf_name(name)


def pdf_name(name: str) -> str:
    """The name ending in « .pdf »: the content is a PDF, whatever the sender called it (« contrat.bat »)."""
    stem, dot, extension = name.rpartition(".")
    if not (dot and stem and len(extension) <= 5):
        stem = name  # no extension, or a dot inside the name (« version 2.1 finale »)
    return f"{stem.strip()[:250] or 'contrat'}.pdf"


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("Le contrat en PDF"),
        help_text=_("Un fichier PDF de 10 Mo au plus. Seuls les membres du cabinet pourront le télécharger."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = submit_helper(_("Joindre le fichier"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        self.cleaned_name = clean_document_name(upload.name)
        if upload.size > MAX_DOCUMENT_SIZE:
            raise forms.ValidationError(
                _("Ce fichier pèse %(size)s Mo : 10 Mo au plus. Essayez une version plus légère du PDF.")
                % {"size": f"{upload.size / (1024 * 1024):.1f}".replace(".", ",")}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("Ce fichier est vide."))
        upload.seek(0)
        data = upload.read(MAX_DOCUMENT_SIZE + 1)
        if not data.startswith(PDF_MAGIC):
            raise forms.ValidationError(
                _(
                    "Ce fichier n'est pas un PDF, même si son nom se termine par « .pdf ». "
                    "Enregistrez le contrat au format PDF."
                )
            )
        self.document_bytes = data
        return upload


class AnswerForm(forms.Form):
    """One item's answer: posted on its own, as soon as it is given."""

    value = forms.ChoiceField(
        label=_("Réponse"),
        choices=[(answer, ANSWER_LABELS[answer]) for answer in ANSWERS],
        widget=forms.RadioSelect(attrs={"class": "btn-check", "autocomplete": "off"}),
        required=False,
        error_messages={"invalid_choice": _("Choisissez une des réponses proposées.")},
    )
    clause_ref = forms.CharField(
        label=_("Article du contrat"), max_length=100, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("ex. article 5.2")}),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=1000,
        required=False,
        validators=[no_patient_identifier],
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LetterForm(forms.Form):
    text = forms.CharField(
        label=_("Texte du courrier"),
        max_length=letter.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18}),
        error_messages={"required": _("Le courrier est vide : écrivez le texte à envoyer.")},
    )

    def clean_text(self):
        # Normalise line ends so the PDF gets the paragraphs the person typed.
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()


class CompareForm(forms.Form):
    left = forms.ModelChoiceField(
        label=_("Revue A"), queryset=ContractReview.objects.none(),
        error_messages={"invalid_choice": _("Choisissez une revue de la liste.")},
    )
    right = forms.ModelChoiceField(
        label=_("Revue B"), queryset=ContractReview.objects.none(),
        error_messages={"invalid_choice": _("Choisissez une revue de la liste.")},
    )
    differences = forms.BooleanField(label=_("Montrer seulement les différences"), required=False)

    def __init__(self, *args, reviews, listed, **kwargs):
        """`reviews`: the cabinet's reviews, to check a choice; `listed`: the same, already read, for the options."""
        super().__init__(*args, **kwargs)
        for name in ("left", "right"):
            self.fields[name].queryset = reviews
            self.fields[name].label_from_instance = review_label
            options_from(self.fields[name], listed)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.add_input(Submit("submit", _("Comparer"), css_class="btn-primary w-100 w-sm-auto"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("left") and cleaned.get("right") and cleaned["left"] == cleaned["right"]:
            self.add_error("right", _("Choisissez deux revues différentes."))
        return cleaned


def review_label(review) -> str:
    """Date first: on a phone the end of a long option is cut off."""
    return f"{timezone.localtime(review.created_at):%d/%m/%Y %H:%M} · {review.contract.provider}"
