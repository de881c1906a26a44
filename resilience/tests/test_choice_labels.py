"""`get_FOO_display()` through `ChoiceLabels` answers exactly as Django's own, for every field with choices."""

from django.apps import apps
from django.db import models
from django.utils import translation

from resilience.models.scoped import ChoiceLabels

PROJECT_APPS = ("resilience", "kit", "incidents", "contracts")


def _fields_with_choices():
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            if issubclass(model, ChoiceLabels):
                for field in model._meta.concrete_fields:
                    if field.choices:
                        yield model, field


def test_every_cabinet_model_uses_the_remembered_labels():
    pairs = list(_fields_with_choices())
    assert len(pairs) > 20  # roles, statuses, scenarios, départements…
    for model, field in pairs:
        name = f"get_{field.name}_display"
        method = next(vars(klass)[name] for klass in model.__mro__ if name in vars(klass))  # Django's partialmethod
        assert method.func is ChoiceLabels._get_FIELD_display, (model, field.name)


def test_labels_are_django_s_for_every_value_an_unknown_one_and_none():
    for model, field in _fields_with_choices():
        values = [value for value, _label in field.flatchoices] + ["not-a-choice", None, ""]
        for language in ("fr", "en"):
            with translation.override(language):
                for value in values:
                    instance = model()
                    setattr(instance, field.attname, value)
                    expected = models.Model._get_FIELD_display(instance, field)
                    shown = getattr(instance, f"get_{field.name}_display")()
                    assert shown == expected and type(shown) is type(expected), (model, field.name, value)
