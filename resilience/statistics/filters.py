"""The URPS admin's scope and the filters of the dashboard, read from the URL.

Periods are whole quarters counted back from the current one, so that every
period and every quarter of the trend nest exactly (disclosure.Populations):
« 12 derniers mois » starts on the first day of the quarter holding the day
twelve months ago, and the page says that date.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from resilience.models import Profession
from resilience.statistics.disclosure import ALL
from resilience.territories import regions

PERIODS = {"6": _("6 derniers mois"), "12": _("12 derniers mois"), "24": _("24 derniers mois")}
DEFAULT_PERIOD = "12"
SIZES = {"1": _("1 praticien"), "2-4": _("2 à 4 praticiens"), "5+": _("5 praticiens et plus")}
SIZE_RANGES = {"1": (1, 1), "2-4": (2, 4), "5+": (5, 32767)}
BANDS = tuple(range(10)) + ("none",)  # 0 = 0–9, …, 9 = 90–100; "none": no score (every answer "non concerné")


@dataclass(frozen=True)
class Scope:
    region_codes: tuple[str, ...]  # every region for a national account
    professions: tuple[str, ...]
    national: bool

    @classmethod
    def of(cls, urps_admin) -> "Scope":
        national = urps_admin.national
        codes = tuple(regions()) if national else (urps_admin.region,)
        return cls(codes, tuple(p for p in Profession.values if p in urps_admin.professions), national)

    @property
    def departements(self) -> dict[str, str]:
        return {code: name for region in self.region_codes for code, name in regions()[region]["departements"].items()}

    @property
    def label(self) -> str:
        if self.national:
            return str(_("France entière"))
        return ", ".join(regions()[code]["name"] for code in self.region_codes)

    @property
    def profession_labels(self) -> list[str]:
        return [str(Profession(code).label) for code in self.professions]


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Calendar:
    """Quarter-aligned period starts and the quarters of the two-year trend, as aware datetimes."""

    today: date

    @classmethod
    def now(cls) -> "Calendar":
        return cls(timezone.localdate())

    def _aware(self, day: date) -> datetime:
        return timezone.make_aware(datetime.combine(day, time.min))

    def period_start(self, months: str) -> datetime:
        back = shift_months(self.today.replace(day=1), int(months) - 1)
        return self._aware(quarter_start(back))

    @property
    def periods(self) -> list[tuple[str, datetime]]:
        """(key, start), largest first."""
        return [(f"p{m}", self.period_start(m)) for m in sorted(PERIODS, key=int, reverse=True)]

    @property
    def quarters(self) -> list[tuple[str, datetime, datetime | None]]:
        """(key, start, end) from the oldest quarter of the 24-month period to the current one; end None = now."""
        first = quarter_start(self.period_start("24").date())
        starts = []
        day = first
        while day <= self.today:
            starts.append(day)
            day = shift_months(day, -3)
        return [
            (f"q{start:%Y}-{(start.month - 1) // 3 + 1}", self._aware(start),
             self._aware(starts[i + 1]) if i + 1 < len(starts) else None)
            for i, start in enumerate(starts)
        ]


def quarter_label(key: str) -> str:
    year, number = key[1:].split("-")
    return f"T{number} {year}"


@dataclass(frozen=True)
class Filters:
    profession: str = ALL
    departement: str = ALL
    size: str = ALL
    period: str = DEFAULT_PERIOD

    @classmethod
    def from_query(cls, query, scope: Scope) -> tuple["Filters", list[str]]:
        """The filters of the URL; an unknown value falls back to « tous » with a message, never a 500."""
        errors = []

        def pick(name, allowed, default):
            value = query.get(name, default) or default
            if value != default and value not in allowed:
                errors.append(name)
                return default
            return value

        return cls(
            profession=pick("profession", scope.professions, ALL),
            departement=pick("departement", scope.departements, ALL),
            size=pick("taille", SIZES, ALL),
            period=pick("periode", PERIODS, DEFAULT_PERIOD),
        ), errors

    def query(self) -> dict[str, str]:
        values = {"profession": self.profession, "departement": self.departement, "taille": self.size}
        query = {k: v for k, v in values.items() if v != ALL}
        if self.period != DEFAULT_PERIOD:
            query["periode"] = self.period
        return query

    def cell(self, *, departement=None, profession=None, size=None, band=ALL, population=None) -> tuple:
        return (
            self.profession if profession is None else profession,
            self.departement if departement is None else departement,
            self.size if size is None else size,
            band,
            f"p{self.period}" if population is None else population,
        )

    def describe(self, scope: Scope) -> list[tuple[str, str]]:
        return [
            (str(_("Profession")), str(Profession(self.profession).label) if self.profession != ALL else ", ".join(scope.profession_labels)),
            (str(_("Département")), f"{self.departement} – {scope.departements[self.departement]}" if self.departement != ALL else str(_("tous"))),
            (str(_("Taille du cabinet")), str(SIZES[self.size]) if self.size != ALL else str(_("toutes"))),
            (str(_("Période")), str(PERIODS[self.period])),
        ]
