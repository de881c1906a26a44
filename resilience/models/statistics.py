"""Per-assessment summary rows the URPS statistics aggregate (resilience/statistics/).

Written when an assessment finishes (resilience.statistics.summary.write), so the
dashboard never reads answers or loops over cabinets in Python: it groups these
narrow rows in the database. Only a cabinet's latest summary keeps its theme
scores and fragile answers (`latest`): the figures use the latest finished
assessment of each cabinet, older ones only count in the quarterly trend.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentSummary(models.Model):
    assessment = models.OneToOneField(
        "resilience.Assessment", on_delete=models.CASCADE, primary_key=True, related_name="summary"
    )
    cabinet = models.ForeignKey("resilience.Cabinet", on_delete=models.CASCADE, related_name="summaries")
    finished_at = models.DateTimeField(_("terminé le"))
    score = models.PositiveSmallIntegerField(_("score"), null=True)
    latest = models.BooleanField(_("dernier autodiagnostic du cabinet"), default=True)
    questionnaire_version = models.PositiveSmallIntegerField(_("version du questionnaire"))

    class Meta:
        verbose_name = _("résumé d'autodiagnostic")
        verbose_name_plural = _("résumés d'autodiagnostic")
        indexes = [
            models.Index(fields=["latest", "finished_at"], name="summary_latest_finished"),
            models.Index(fields=["cabinet", "finished_at"], name="summary_cabinet_finished"),
            models.Index(fields=["finished_at"], name="summary_finished"),
        ]


class SummaryTheme(models.Model):
    """The score of one theme in a cabinet's latest assessment."""

    summary = models.ForeignKey(AssessmentSummary, on_delete=models.CASCADE, related_name="themes")
    theme = models.CharField(max_length=64)
    score = models.PositiveSmallIntegerField()

    class Meta:
        indexes = [models.Index(fields=["summary", "theme"], name="summary_theme")]


class SummaryAnswer(models.Model):
    """A "no", "unknown" or "na" answer of a cabinet's latest assessment (other answers are not kept)."""

    summary = models.ForeignKey(AssessmentSummary, on_delete=models.CASCADE, related_name="answers")
    question = models.CharField(max_length=64)
    code = models.CharField(max_length=8)

    class Meta:
        indexes = [models.Index(fields=["summary", "question"], name="summary_answer")]


class UrpsCube(models.Model):
    """One additive measure of one smallest cell of the URPS filters (resilience/statistics/cube.py).

    A cell is (profession set, area, size band, period bucket): the sharing cabinets having at
    least one profession of the set, in the area (a département or "FR"), whose latest
    finished assessment falls in the bucket ("6": in the 6-month period, "12": in the 12-month
    period but not the 6-month one, "24": likewise; "" for the trend, which counts every
    assessment). `cabinets` is the number of cabinets (or assessments, for the trend) with this
    `measure` and value: a page sums the rows of a few cells, never reads a summary row.
    """

    professions = models.IntegerField()  # the set, as a bit mask (statistics.cube.mask)
    area = models.CharField(max_length=64)
    size = models.CharField(max_length=3)
    period = models.CharField(max_length=2)
    measure = models.CharField(max_length=8)
    item = models.CharField(max_length=64)
    code = models.CharField(max_length=8)
    quarter = models.SmallIntegerField(null=True)
    score = models.SmallIntegerField(null=True)
    cabinets = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["professions", "area", "size", "period"], name="urps_cube_cell")]


class UrpsCubeBuild(models.Model):
    """Which state of the data the cube holds: one row, replaced by each refresh."""

    version = models.TextField()
    day = models.DateField()
    professions = models.TextField()  # the profession sets built, one "a,b" key per line (cube.set_key)
    built_at = models.DateTimeField(auto_now=True)
    seconds = models.FloatField()
