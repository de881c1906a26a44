from datetime import timedelta
from functools import cache

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from resilience.models import (
    ActionItem,
    Answer,
    Assessment,
    Cabinet,
    ContactKind,
    EmergencyContact,
    Invitation,
    Membership,
    Profession,
    Role,
    UrpsAdmin,
    User,
)
from resilience.models import BackupMedium, RestoreResult, RestoreTarget, RestoreTest

PASSWORD = "correct-horse-battery-staple-42"


@cache
def password_hash(password: str) -> str:
    """The production hash (PBKDF2, a million rounds: about a third of a second), computed once per password.

    Every person a test makes shares it, so a test's set-up no longer spends seconds hashing;
    signing in still checks a real hash, in the test process and in the servers it starts.
    """
    return make_password(password)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")

    @factory.post_generation
    def password(user, create, extracted, **kwargs):
        user.password = password_hash(extracted or PASSWORD)
        if create:
            user.save(update_fields=["password"])

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        if create and extracted is not False:
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


class CabinetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cabinet
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Cabinet {n}")
    profession = Profession.MEDECINE_GENERALE
    region = "nouvelle-aquitaine"
    departement = "33"
    practitioners = 2
    address = "1 rue des Lilas, 33000 Bordeaux"
    phone = "05 56 00 00 00"

    @factory.post_generation
    def counts(cabinet, create, extracted, **kwargs):
        """Practitioners by profession: `counts={"kinesitherapie": 2, ...}`, or the single profession's."""
        if create:
            from resilience.practitioners import set_practitioners

            set_practitioners(cabinet, extracted or {cabinet.profession: cabinet.practitioners})


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cabinet = factory.SubFactory(CabinetFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.PRATICIEN


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    cabinet = factory.SubFactory(CabinetFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.org")
    role = Role.PRATICIEN
    token_hash = factory.LazyFunction(lambda: Invitation.new_token()[1])
    expires_at = factory.LazyFunction(lambda: timezone.now() + settings.INVITATION_VALIDITY)


class UrpsAdminFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UrpsAdmin

    user = factory.SubFactory(UserFactory)
    region = "nouvelle-aquitaine"
    professions = factory.LazyFunction(lambda: [Profession.MEDECINE_GENERALE])


class EmergencyContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmergencyContact

    cabinet = factory.SubFactory(CabinetFactory)
    kind = ContactKind.IT_PROVIDER
    name = "Infogérance Atlantique"
    phone = "05 57 00 00 00"
    email = "support@infogerance.example"
    hours = "Du lundi au vendredi, 8 h – 19 h"
    reference = "CTR-2024-017"


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A finished assessment by default (any number may coexist); pass finished_at=None for the one in progress."""

    class Meta:
        model = Assessment

    cabinet = factory.SubFactory(CabinetFactory)
    questionnaire_version = 1
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    finished_at = factory.LazyAttribute(lambda a: a.started_at + timedelta(minutes=20))
    score = 50


class AnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Answer

    assessment = factory.SubFactory(AssessmentFactory)
    cabinet = factory.SelfAttribute("assessment.cabinet")
    question_key = "backup_exists"
    code = "no"


class ActionItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionItem

    assessment = factory.SubFactory(AssessmentFactory)
    cabinet = factory.SelfAttribute("assessment.cabinet")
    action_key = "backups_verify"
    rank = 1
    position = 0
    answer = "no"


class RestoreTestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RestoreTest

    cabinet = factory.SubFactory(CabinetFactory)
    performed_on = factory.LazyFunction(timezone.localdate)
    performer_name = "Infogérance Atlantique"
    target = RestoreTarget.SOFTWARE_DATABASE
    backup_medium = BackupMedium.NAS
    result = RestoreResult.SUCCESS
    next_due = factory.LazyAttribute(lambda test: test.performed_on + timedelta(days=182))
