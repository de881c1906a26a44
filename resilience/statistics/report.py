"""The URPS dashboard as tables of figures, every one decided by disclosure.Disclosure (read back as Published).

Pages, charts, CSV, XLSX and PDF all render the `Report` built here: nothing
downstream sees a number the disclosure module did not let through.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import get_language, gettext as _

from resilience.assessment.questionnaire import get_questionnaire
from resilience.models import Profession
from resilience.statistics import aggregates, queries
from resilience.statistics.disclosure import ALL, COUNTRY, REGISTERED, SHARING, Figure, Published, percentiles, ratio
from resilience.statistics.filters import SIZES, Calendar, quarter_label

FRAGILE = ("no", "unknown")
TOP_FRAGILITIES = 10


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)  # first cell a label, then Figure or text
    percent: bool = False


@dataclass
class Report:
    scope: object
    filters: object
    calendar: Calendar
    minimum: int
    generated_at: object
    period_start: object
    tables: list[Table]
    histogram: list[tuple[str, Figure, Figure]]
    trend: list[tuple[str, Figure, Figure]]  # (quarter, participation, median)
    median: Figure

    @property
    def refresh_minutes(self) -> int:
        """How old the figures may be (statistics.queries.facts reads them from the shared cache)."""
        return max(1, -(-settings.URPS_REFRESH_SECONDS // 60))

    def table(self, key) -> Table:
        return next(t for t in self.tables if t.key == key)


def _pct(value, minimum, cell=None):
    return Figure(None if value is None else round(value), minimum, cell)


def build(scope, filters, calendar=None, *, version=None) -> Report:
    """The report of one page; `version` pins the data version of its figures (the warming task's).

    A report depends only on the data version, the day, the scope, the filters and the language:
    it is kept in the shared cache, and every later visit of the page within that version reads it.
    """
    calendar = calendar or Calendar.now()
    parts = ("report", scope, filters, settings.URPS_MIN_CABINETS, get_language())
    for candidate in queries.versions(calendar, version):
        found = cache.get(queries.key(candidate, calendar, parts))
        if found is not None:
            return found
    facts = queries.facts(scope, filters, calendar, version=version)
    report = _compute(scope, filters, calendar, facts)
    cache.set(queries.key(facts["version"], calendar, parts), report, queries.cache_seconds())
    return report


def _compute(scope, filters, calendar, facts) -> Report:
    minimum = settings.URPS_MIN_CABINETS
    departements = list(scope.departements)
    here, there = facts["here"], facts["there"]
    disclosure = Published(facts["published"])

    def fig(cell):
        return Figure(disclosure.value(cell), minimum, cell)

    cell = filters.cell()
    country = filters.cell(departement=COUNTRY)
    shown, country_shown = disclosure.shown(cell), disclosure.shown(country)
    region_label, country_label = _("Votre sélection"), _("France entière")
    tables = []

    # Participation.
    populations = [(REGISTERED, _("Cabinets inscrits")), (SHARING, _("Partagent leurs résultats")),
                   (f"p{filters.period}", _("Autodiagnostic terminé dans la période"))]
    participation = Table("participation", _("Participation"), ["", region_label, country_label])
    for population, label in populations:
        participation.rows.append([label, fig(filters.cell(population=population)),
                                   fig(filters.cell(departement=COUNTRY, population=population))])
    tables.append(participation)
    columns = ["", *(label for _p, label in populations)]
    by_dep = Table("departements", _("Participation par département"), columns)
    deps = departements if filters.departement == ALL else [filters.departement]
    for dep in deps:
        by_dep.rows.append([f"{dep} – {scope.departements[dep]}",
                            *(fig(filters.cell(departement=dep, population=p)) for p, _l in populations)])
    tables.append(by_dep)
    by_prof = Table("professions", _("Participation par profession"), columns)
    for profession in (scope.professions if filters.profession == ALL else [filters.profession]):
        by_prof.rows.append([str(Profession(profession).label),
                             *(fig(filters.cell(profession=profession, population=p)) for p, _l in populations)])
    tables.append(by_prof)
    by_size = Table("tailles", _("Participation par taille de cabinet"), columns)
    for size in (SIZES if filters.size == ALL else [filters.size]):
        by_size.rows.append([str(SIZES[size]), *(fig(filters.cell(size=size, population=p)) for p, _l in populations)])
    tables.append(by_size)

    # Scores.
    dist_here, dist_there = here["scores"], there["scores"]
    q_here = percentiles(dist_here, shown=shown, minimum=minimum)
    q_there = percentiles(dist_there, shown=country_shown, minimum=minimum)
    scores = Table("scores", _("Score global (sur 100)"), ["", region_label, country_label])
    for index, label in enumerate([_("Premier quartile"), _("Médiane"), _("Troisième quartile")]):
        scores.rows.append([label, Figure(None if q_here is None else round(q_here[index]), minimum, cell),
                            Figure(None if q_there is None else round(q_there[index]), minimum, country)])
    tables.append(scores)
    histogram = []
    bands = Table("histogramme", _("Répartition des scores (nombre de cabinets)"), ["", region_label, country_label])
    for band in range(10):
        label = f"{10 * band}–{10 * band + 9 if band < 9 else 100}"
        row = (label, fig(filters.cell(band=band)), fig(filters.cell(departement=COUNTRY, band=band)))
        histogram.append(row)
        bands.rows.append(list(row))
    tables.append(bands)

    # Themes.
    questionnaire = get_questionnaire()
    themes_here, themes_there = here["themes"], there["themes"]
    themes = Table("themes", _("Score par thème"),
                   ["", _("Premier quartile"), _("Médiane"), _("Troisième quartile"), _("Médiane France")])
    for theme in questionnaire.themes:
        qh = percentiles(themes_here.get(theme.key, {}), shown=shown, minimum=minimum)
        qt = percentiles(themes_there.get(theme.key, {}), shown=country_shown, minimum=minimum)
        themes.rows.append([theme.title, *(Figure(None if qh is None else round(v), minimum, cell) for v in (qh or (None,) * 3)),
                            Figure(None if qt is None else round(qt[1]), minimum, country)])
    tables.append(themes)

    # Fragility.
    answers_here, answers_there = here["answers"], there["answers"]
    total_here, total_there = disclosure.count(cell), disclosure.count(country)

    def fragile_share(answers, total, visible, key):
        codes = answers.get(key, {})
        fragile = sum(codes.get(code, 0) for code in FRAGILE)
        return ratio(fragile, total - codes.get("na", 0), shown=visible, minimum=minimum)

    ranked = []
    for question in questionnaire.questions:
        share = fragile_share(answers_here, total_here, shown, question.key)
        national = fragile_share(answers_there, total_there, country_shown, question.key)
        ranked.append((question, share, national))
    ranked.sort(key=lambda r: (r[1] is None, -(r[1] or 0), -(r[2] or 0), questionnaire.position(r[0].key)))
    fragility = Table("fragilites", _("Points fragiles : part des cabinets répondant Non ou Je ne sais pas"),
                      ["", _("Thème"), region_label, country_label], percent=True)
    top = Table("top10", _("Les dix points fragiles les plus fréquents et l'action du plan"),
                ["", _("Action du plan"), region_label, country_label], percent=True)
    for question, share, national in ranked:
        fragility.rows.append([question.text, questionnaire.theme(question.theme).title,
                               _pct(share, minimum, cell), _pct(national, minimum, country)])
    for question, share, national in ranked[:TOP_FRAGILITIES]:
        if share is None:
            break
        action_keys = question.actions or question.unknown_actions
        action = questionnaire.action(action_keys[0]).title if action_keys else ""
        top.rows.append([question.text, action, _pct(share, minimum, cell), _pct(national, minimum, country)])
    by_theme = Table("fragilites_themes", _("Points fragiles par thème (part des réponses Non ou Je ne sais pas)"),
                     ["", region_label, country_label], percent=True)
    for theme in questionnaire.themes:
        keys = [q.key for q in questionnaire.questions_in(theme.key)]
        by_theme.rows.append([theme.title, *(
            _pct(_theme_share(answers, total, visible, keys, minimum), minimum, group_cell)
            for answers, total, visible, group_cell in (
                (answers_here, total_here, shown, cell), (answers_there, total_there, country_shown, country))
        )])
    tables += [top, fragility, by_theme]

    # Follow-up.
    follow = Table("suivi", _("Suivi (six derniers mois)"), ["", region_label, country_label], percent=True)
    actions_here, actions_there = here["actions"], there["actions"]
    follow.rows.append([_("Actions prioritaires faites dans les six mois"),
                        _pct(ratio(actions_here[1], actions_here[0], shown=shown, minimum=minimum), minimum, cell),
                        _pct(ratio(actions_there[1], actions_there[0], shown=country_shown, minimum=minimum), minimum, country)])
    done_here, done_there = here["follow_up"], there["follow_up"]
    for item in aggregates.registered():
        follow.rows.append([str(item.label),
                            _pct(ratio(done_here[item.key], total_here, shown=shown, minimum=minimum), minimum, cell),
                            _pct(ratio(done_there[item.key], total_there, shown=country_shown, minimum=minimum), minimum, country)])
    tables.append(follow)

    # Trend.
    trend_here, trend_there = here["trend"], there["trend"]
    trend_table = Table("tendance", _("Tendance par trimestre"),
                        ["", _("Cabinets"), _("Score médian"), _("Cabinets France"), _("Score médian France")])
    trend = []
    for index, (key, _start, _end) in enumerate(calendar.quarters):
        here_cell, there_cell = filters.cell(population=key), filters.cell(departement=COUNTRY, population=key)
        median_here = percentiles(trend_here.get(index, {}), shown=disclosure.shown(here_cell), minimum=minimum)
        median_there = percentiles(trend_there.get(index, {}), shown=disclosure.shown(there_cell), minimum=minimum)
        row = [quarter_label(key), fig(here_cell),
               Figure(None if median_here is None else round(median_here[1]), minimum, here_cell),
               fig(there_cell), Figure(None if median_there is None else round(median_there[1]), minimum, there_cell)]
        trend_table.rows.append(row)
        trend.append((row[0], row[1], row[2]))
    tables.append(trend_table)

    return Report(scope, filters, calendar, minimum, timezone.localtime(), calendar.period_start(filters.period),
                  tables, histogram, trend, scores.rows[1][1])


def _theme_share(answers, total, visible, keys, minimum):
    fragile = sum(answers.get(k, {}).get(code, 0) for k in keys for code in FRAGILE)
    concerned = sum(total - answers.get(k, {}).get("na", 0) for k in keys)
    if concerned <= 0:
        return None
    return ratio(fragile, concerned, shown=visible and total >= minimum, minimum=minimum)
