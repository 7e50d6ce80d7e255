"""Make N realistic organizations, with their roles, offices, places, topics and translations.

For benchmarks and load tests, not for the real site: every generated entry has a slug that
starts with `gen-` and a source note that says it was generated, so `--delete` removes them all.

    python manage.py generate_organizations 10000
"""

import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.text import slugify

from common.cache import invalidate
from common.models import SOURCE_LANGUAGE
from organizations.models import Location, Municipality, Organization, Topic
from procedures.models import Role, Stage, Step
from search.index import index_organizations

PREFIX = "gen-"

# (name, province, telephone area code, postal code prefix)
PLACES = [
    ("Amersfoort", "Utrecht", "033", "38"),
    ("Apeldoorn", "Gelderland", "055", "73"),
    ("Arnhem", "Gelderland", "026", "68"),
    ("Almere", "Flevoland", "036", "13"),
    ("Assen", "Drenthe", "0592", "94"),
    ("Breda", "Noord-Brabant", "076", "48"),
    ("Budel", "Noord-Brabant", "0495", "60"),
    ("Delft", "Zuid-Holland", "015", "26"),
    ("Deventer", "Overijssel", "0570", "74"),
    ("Dordrecht", "Zuid-Holland", "078", "33"),
    ("Eindhoven", "Noord-Brabant", "040", "56"),
    ("Emmen", "Drenthe", "0591", "78"),
    ("Enschede", "Overijssel", "053", "75"),
    ("Groningen", "Groningen", "050", "97"),
    ("Haarlem", "Noord-Holland", "023", "20"),
    ("Heerlen", "Limburg", "045", "64"),
    ("Hengelo", "Overijssel", "074", "75"),
    ("Leeuwarden", "Friesland", "058", "89"),
    ("Leiden", "Zuid-Holland", "071", "23"),
    ("Maastricht", "Limburg", "043", "62"),
    ("Middelburg", "Zeeland", "0118", "43"),
    ("Nijmegen", "Gelderland", "024", "65"),
    ("Ter Apel", "Groningen", "0599", "95"),
    ("Tilburg", "Noord-Brabant", "013", "50"),
    ("Utrecht", "Utrecht", "030", "35"),
    ("Venlo", "Limburg", "077", "59"),
    ("Zaanstad", "Noord-Holland", "075", "15"),
    ("Zwolle", "Overijssel", "038", "80"),
]

FORMS = [
    ("Stichting", "local-foundation"),
    ("Vereniging", "non-profit"),
    ("Steunpunt", "non-profit"),
    ("Coöperatie", "social-enterprise"),
    ("Werkplaats", "social-enterprise"),
    ("Leerwerktraject", "training"),
    ("Taalhuis", "training"),
]
THEMES = [
    "Nieuwkomers",
    "Welkom",
    "Samen Verder",
    "Taal en Werk",
    "Vluchtelingenhulp",
    "Thuis in",
    "Nieuw Begin",
    "Open Deur",
    "Buurtmaatjes",
    "De Brug",
]
STREETS = ["Stationsplein", "Kerkstraat", "Molenweg", "Havenstraat", "Marktplein", "Schoolstraat"]
HOURS = [
    "Monday to Friday, 9:00 to 17:00",
    "Tuesday and Thursday, 10:00 to 16:00",
    "Wednesday, 13:00 to 17:00; Saturday, 10:00 to 12:00",
]
ROLE_TITLES = [
    "Helps you fill in forms and understand letters.",
    "Gives free advice and goes with you to appointments.",
    "Runs language cafés where you can practise Dutch.",
    "Finds internships and first jobs with local employers.",
    "Helps you find your way in your new municipality.",
    "Connects you with a volunteer buddy.",
]
# "Helps newcomers in {city} ..." in each of the site's languages.
SUMMARIES = {
    "en": "Helps newcomers in {city} find their way, with advice, language practice and work.",
    "nl": "Helpt nieuwkomers in {city} hun weg te vinden, met advies, taaloefening en werk.",
    "ar": "تساعد القادمين الجدد في {city} على إيجاد طريقهم بالنصيحة وممارسة اللغة والعمل.",
    "fa": "به تازه‌واردان در {city} با مشاوره، تمرین زبان و کار کمک می‌کند.",
    "tr": "{city} bölgesindeki yeni gelenlere danışmanlık, dil pratiği ve işle yardım eder.",
    "uk": "Допомагає новоприбулим у {city} порадами, мовною практикою та роботою.",
    "so": "Waxay dadka cusub ee {city} ku caawisaa talo, barasho luqad iyo shaqo.",
    "ti": "ንሓደስቲ መጻእቲ ኣብ {city} ብምኽሪ፡ ልምምድ ቋንቋን ስራሕን ይሕግዝ።",
}
DESCRIPTIONS = {
    "en": (
        "Volunteers and staff of {name} help people who have just received a residence permit. "
        "You can come by without an appointment during opening hours."
    ),
    "nl": (
        "Vrijwilligers en medewerkers van {name} helpen mensen die net een verblijfsvergunning "
        "hebben. U kunt zonder afspraak langskomen tijdens de openingstijden."
    ),
}


def translated(field, values):
    """Keyword arguments for `field` in each language given: summary_en=..., summary_nl=..."""
    return {f"{field}_{code}": text for code, text in values.items()}


class Command(BaseCommand):
    help = "Create N realistic generated organizations (slugs gen-...) for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="how many organizations to create")
        parser.add_argument(
            "--seed", type=int, default=1, help="random seed (same seed, same data)"
        )
        parser.add_argument(
            "--delete", action="store_true", help="first delete every generated organization"
        )

    def handle(self, count, seed, delete, **options):
        steps = list(Step.objects.select_related("stage"))
        if not Stage.objects.exists() or not steps:
            raise CommandError("Load the seed data first: manage.py loaddata fixtures/*.json")
        rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
        with transaction.atomic():
            if delete:
                deleted, _ = Organization.objects.filter(slug__startswith=PREFIX).delete()
                self.stdout.write(f"Deleted {deleted} generated rows.")
            created = self.generate(rng, count, steps)
            # bulk_create sends no signals: index the new organizations here.
            index_organizations(
                Organization.objects.filter(slug__startswith=PREFIX).values_list("pk", flat=True)
            )
        # Fresh statistics for the query planner, on PostgreSQL as autovacuum would gather a
        # minute later, on SQLite which never gathers them by itself: without them the planner
        # takes the new thousands of rows for a handful and picks the wrong index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        invalidate()
        self.stdout.write(self.style.SUCCESS(f"Created {created} organizations."))

    def generate(self, rng, count, steps):
        places = self.places()
        topics = list(Topic.objects.all())
        start = Organization.objects.filter(slug__startswith=PREFIX).count()
        languages = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]

        organizations, cities = [], []
        for n in range(start, start + count):
            form, kind = rng.choice(FORMS)
            place = rng.choice(PLACES)
            city, _province, area, _postcode = place
            cities.append(place)
            name = f"{form} {rng.choice(THEMES)} {city}"
            slug = f"{PREFIX}{n:05}-{slugify(name)}"[:50]
            reviewed = rng.sample(languages, k=rng.randint(0, 3))
            organizations.append(
                Organization(
                    slug=slug,
                    name=name,
                    name_en=f"{rng.choice(THEMES)} {city}",
                    kind=kind,
                    aliases=f"{city} newcomers\n{name.lower()}",
                    **translated(
                        "summary",
                        {k: v.format(city=city) for k, v in SUMMARIES.items()},
                    ),
                    **translated(
                        "description",
                        {k: v.format(name=name) for k, v in DESCRIPTIONS.items()},
                    ),
                    website=f"https://{slug}.example.org",
                    email=f"info@{slug}.example.org",
                    phone=f"{area} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"[:14],
                    phone_note="Monday to Friday, 9:00 to 17:00",
                    status=rng.choice(["active"] * 8 + ["unconfirmed"]),
                    is_published=rng.random() > 0.03,
                    sources=f"https://{slug}.example.org/about",
                    source_note="Generated test data, not a real organization.",
                    reviewed_languages={code: {} for code in sorted(reviewed)},
                )
            )
        organizations = Organization.objects.bulk_create(organizations, batch_size=1000)

        municipality_links, topic_links, roles, locations = [], [], [], []
        for organization, city in zip(organizations, cities, strict=True):
            municipality = places[city[0]]
            if rng.random() > 0.1:  # one in ten works nationwide
                municipality_links.append(
                    Organization.municipalities.through(
                        organization_id=organization.pk, municipality_id=municipality.pk
                    )
                )
            for topic in rng.sample(topics, k=min(len(topics), rng.randint(1, 3))):
                topic_links.append(
                    Organization.topics.through(organization_id=organization.pk, topic_id=topic.pk)
                )
            for position, step in enumerate(rng.sample(steps, k=rng.randint(1, 3)), start=1):
                title = rng.choice(ROLE_TITLES)
                roles.append(
                    Role(
                        stage_id=step.stage_id,
                        step=step,
                        organization=organization,
                        position=position,
                        **translated("title", {"en": title}),
                    )
                )
            for office in range(rng.randint(0, 2)):
                locations.append(
                    Location(
                        organization=organization,
                        **translated(
                            "name", {"en": "Main office" if office == 0 else f"Desk in {city[0]}"}
                        ),
                        street_address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}",
                        postal_code=f"{city[3]}{rng.randint(10, 99)} {rng.choice('ABCDEFGHJK')}"
                        f"{rng.choice('LMNPRSTVWX')}",
                        city=city[0],
                        municipality=municipality,
                        phone=organization.phone,
                        **translated("opening_hours", {"en": rng.choice(HOURS)}),
                    )
                )
        Organization.municipalities.through.objects.bulk_create(municipality_links, batch_size=5000)
        Organization.topics.through.objects.bulk_create(topic_links, batch_size=5000)
        Role.objects.bulk_create(roles, batch_size=5000)
        Location.objects.bulk_create(locations, batch_size=5000)
        return len(organizations)

    def places(self):
        existing = {m.name: m for m in Municipality.objects.filter(name__in=[p[0] for p in PLACES])}
        missing = [
            Municipality(slug=slugify(name), name=name, province=province)
            for name, province, _area, _postcode in PLACES
            if name not in existing
        ]
        Municipality.objects.bulk_create(missing, ignore_conflicts=True)
        return {m.name: m for m in Municipality.objects.filter(name__in=[p[0] for p in PLACES])}
