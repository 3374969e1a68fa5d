"""Make up the demo site's words, pictures and view histories, without the network."""

import colorsys
import io
import math
from datetime import UTC, datetime, timedelta
from random import Random

from django.utils.html import escape
from PIL import Image, ImageDraw, ImageFilter, ImageFont

CATEGORIES = [
    (
        "AI",
        "Models, chips and the companies racing to make machine intelligence useful.",
    ),
    ("Gadgets", "Phones, laptops, wearables and everything else in your bag."),
    ("Security", "Breaches, bugs, patches and the people who find them first."),
    ("Science", "Research from labs, telescopes and field stations, explained."),
    ("Business", "Funding, deals, earnings and the economics of the tech industry."),
    ("Apps", "Software for phones, desktops and the web, tested and reviewed."),
]

TAGS = {
    "AI": [
        "Language models",
        "AI chips",
        "Robotics",
        "Computer vision",
        "AI safety",
        "Machine learning",
    ],
    "Gadgets": [
        "Smartphones",
        "Laptops",
        "Wearables",
        "Smart home",
        "Headphones",
        "Cameras",
    ],
    "Security": [
        "Ransomware",
        "Privacy",
        "Passwords",
        "Encryption",
        "Vulnerabilities",
        "Phishing",
    ],
    "Science": [
        "Space",
        "Quantum computing",
        "Batteries",
        "Climate tech",
        "Biotech",
        "Fusion",
    ],
    "Business": [
        "Startups",
        "Funding",
        "Earnings",
        "Antitrust",
        "Semiconductors",
        "Cloud",
    ],
    "Apps": [
        "Productivity",
        "Browsers",
        "Messaging",
        "Open source",
        "Developer tools",
        "Gaming",
    ],
    None: ["Analysis", "Explainer", "Interview", "Review"],
}

# Nouns that can be launched, shipped, tested and argued about: (singular, plural).
NOUNS = {
    "AI": [
        ("language model", "language models"),
        ("inference chip", "inference chips"),
        ("coding assistant", "coding assistants"),
        ("vision model", "vision models"),
        ("speech recognizer", "speech recognizers"),
        ("agent platform", "agent platforms"),
        ("training cluster", "training clusters"),
    ],
    "Gadgets": [
        ("foldable phone", "foldable phones"),
        ("smartwatch", "smartwatches"),
        ("e-reader", "e-readers"),
        ("mini PC", "mini PCs"),
        ("noise-cancelling headset", "noise-cancelling headsets"),
        ("mirrorless camera", "mirrorless cameras"),
        ("ultralight laptop", "ultralight laptops"),
    ],
    "Security": [
        ("password manager", "password managers"),
        ("firmware update", "firmware updates"),
        ("encrypted messenger", "encrypted messengers"),
        ("security key", "security keys"),
        ("threat-detection service", "threat-detection services"),
        ("bug bounty program", "bug bounty programs"),
    ],
    "Science": [
        ("space telescope", "space telescopes"),
        ("solid-state battery", "solid-state batteries"),
        ("fusion prototype", "fusion prototypes"),
        ("quantum processor", "quantum processors"),
        ("weather satellite", "weather satellites"),
        ("gene-editing tool", "gene-editing tools"),
    ],
    "Business": [
        ("payments platform", "payments platforms"),
        ("cloud region", "cloud regions"),
        ("chip foundry", "chip foundries"),
        ("subscription plan", "subscription plans"),
        ("enterprise suite", "enterprise suites"),
        ("online marketplace", "online marketplaces"),
    ],
    "Apps": [
        ("note-taking app", "note-taking apps"),
        ("photo editor", "photo editors"),
        ("web browser", "web browsers"),
        ("messaging app", "messaging apps"),
        ("budgeting app", "budgeting apps"),
        ("podcast player", "podcast players"),
    ],
}

COMPANIES = [
    "Lumora",
    "Quillfeather",
    "Orbitra",
    "Kestrel Labs",
    "Nimblewave",
    "Polarith",
    "Ferrocore",
    "Tessellate",
    "Brightmoss",
    "Halvard Systems",
    "Corvidian",
    "Zephyrine",
    "Marrowgate",
    "Solenne",
    "Arclight Bio",
    "Verdigris Networks",
    "Owlpine",
    "Strata Nine",
    "Glimmerlake",
    "Palisade Compute",
]

AUDIENCES = [
    "small businesses",
    "developers",
    "students",
    "hospitals",
    "photographers",
    "remote teams",
    "gamers",
    "schools",
    "researchers",
    "frequent travellers",
    "parents",
    "city governments",
]

CITIES = [
    "Berlin",
    "Austin",
    "Nairobi",
    "Seoul",
    "Toronto",
    "Lisbon",
    "Bengaluru",
    "São Paulo",
    "Melbourne",
    "Warsaw",
    "Osaka",
    "Dublin",
]

PEOPLE = [
    "Ines Moreau",
    "Kwame Mensah",
    "Lena Bauer",
    "Ravi Chandran",
    "Sofia Marchetti",
    "Oliver Grant",
    "Mei Lin",
    "Pablo Ortega",
    "Yara Haddad",
    "Tobias Eklund",
    "Nadia Rahman",
    "Chris Whitaker",
]

ROLES = [
    "chief technology officer",
    "head of product",
    "an analyst",
    "a research fellow",
    "chief executive",
    "a senior engineer",
    "vice president of hardware",
    "head of security research",
]

ADJECTIVES = [
    "faster",
    "cheaper",
    "smaller",
    "long-awaited",
    "redesigned",
    "open",
    "energy-efficient",
    "privacy-focused",
    "modular",
    "ambitious",
]

HEADLINES = [
    "{company} unveils {a_adjective} {noun} for {audience}",
    "Inside {company_s} big bet on {nouns}",
    "Why the {noun} market is about to get crowded",
    "{company_s} new {noun} is quietly impressive",
    "Hands-on: {company_s} {noun} gets the basics right",
    "{number} things we learned from {company_s} developer conference",
    "Researchers find a serious flaw in popular {nouns}",
    "{company} raises ${amount} million to build {nouns}",
    "The quiet rise of {nouns}",
    "What {company_s} {noun} means for {audience}",
    "{company} delays its {noun} until next year",
    "Regulators take a closer look at {nouns}",
    "{company} and {rival} team up on {nouns}",
    "Are {nouns} finally ready for {audience}?",
    "{company} cuts the price of its {noun} by {percent}%",
    "{a_adjective} {noun} from {company} puts {rival} on notice",
    "{company} bets that {audience} want {a_adjective} {noun}",
    "First look: {company_s} {noun}, {number} months later",
    "{company} opens its {noun} to outside developers",
    "How {company} plans to win back {audience}",
    "{rival} responds to {company_s} {noun} with price cuts",
    "The {noun} that {company} almost did not ship",
    "{company} brings its {noun} to {city}",
    "Is the {noun} boom already over?",
]

DEKS = [
    "The {noun} arrives in {city} first, and {company} promises a wider rollout soon.",
    "It is a bold move, but {rival} has a head start and deeper pockets.",
    "Early testers say the {noun} works better than expected. Here is what we know.",
    "The company says {audience} will notice the difference within weeks.",
    "Behind the launch is a two-year effort to rethink how {nouns} work.",
    "Critics say the plan leaves important questions unanswered.",
]

SENTENCES = [
    "{company} says the {noun} will reach customers in {city} first, with a wider "
    "rollout planned for later this year.",
    "The company has spent {number} months testing the {noun} with a small group of "
    "{audience}.",
    "Early benchmarks point to a {percent}% improvement over last year's version, "
    "although independent tests are still pending.",
    "That puts {company} in direct competition with {rival}, which showed a similar "
    "{noun} in the spring.",
    "Pricing has not been announced, but people familiar with the plans expect it to "
    "undercut rivals.",
    "Critics argue that {nouns} still raise hard questions about privacy and "
    "reliability.",
    "For {audience}, the most visible change is a much simpler setup.",
    "{company} declined to share sales figures, but said adoption had grown every "
    "quarter since launch.",
    "Regulators in {city} have asked for more detail on how the {noun} handles "
    "personal data.",
    "Engineers rebuilt the {noun} from the ground up, replacing parts of the design "
    "that dated back {number} years.",
    "Several {audience} we spoke to described the change as overdue.",
    "The move follows a difficult year in which {company} cut costs and narrowed its "
    "focus.",
    "Independent researchers will get early access to the {noun} through a pilot "
    "program.",
    "Open-source developers have already started building tools around it.",
    "The team says the hardest part was keeping costs down without cutting corners.",
    "Support for older versions will end in {number} months, the company said.",
    "Competitors including {rival} are expected to respond before the end of the year.",
    "A public beta opens next month for {audience} in {city} and elsewhere.",
    "Interest in {nouns} has grown by roughly {percent}% over the past year, "
    "according to industry estimates.",
    "None of this is guaranteed to last: the market for {nouns} has turned quickly "
    "before.",
    "The {noun} uses about {percent}% less energy than the model it replaces.",
    "{company} has hired {number} engineers in {city} to work on the project.",
    "The launch had been expected for months, after a string of job listings and "
    "regulatory filings.",
    "It is not the first attempt: {rival} tried something similar {number} years ago "
    "and gave up.",
    "The first reviews have been broadly positive, with some complaints about the "
    "price.",
    "{company} would not say how many people worked on the {noun}.",
    "The timing is deliberate: budgets for {nouns} are usually set in the first "
    "quarter.",
    "Investors have poured money into {nouns}, and they now want to see returns.",
    "In a short demonstration, the {noun} handled every task we gave it.",
    "The company plans to publish a technical report within {number} weeks.",
    "Not everyone is convinced that {audience} need another {noun}.",
    "Unions and consumer groups in {city} have called for clearer rules.",
    "{rival} said it welcomed the competition.",
    "For now, the {noun} is available only in English.",
    "The last version sold out within days, a mistake {company} says it will not "
    "repeat.",
    "Insiders describe a culture of fast releases and frequent course corrections.",
    "Our own tests, over {number} days, broadly matched the company's claims.",
]

HEADINGS = [
    "What changes for {audience}",
    "The numbers behind the launch",
    "How the {noun} works",
    "What critics say",
    "What comes next",
    "Why it matters",
    "The competition",
    "Price and availability",
    "A closer look",
    "The catch",
    "What {company} is not saying",
    "Lessons from {rival}",
]

LIST_ITEMS = [
    "Availability in {city} from next month",
    "{a_adjective} design that weighs less than its predecessor",
    "Support for {nouns} from other vendors",
    "A free tier for {audience}",
    "Up to {percent}% better battery life in our tests",
    "Data stored in the customer's own region",
    "An open interface for developers",
    "Regular security updates for {number} years",
    "Integration with {rival_s} tools",
    "A simpler setup that takes minutes, not hours",
    "Pricing that starts below ${number}0",
    "Accessibility features built in from the start",
]

QUOTES = [
    "We built this for {audience}, not for a demo stage",
    "The {noun} is the product we wanted to ship five years ago",
    "Nobody should have to choose between speed and privacy",
    "This is a long game, and we are only at the start",
    "The hard part was never the technology; it was the trust",
    "If it does not work for {audience}, it does not work",
]

LINK_PHRASES = [
    "according to a post on the company's blog",
    "in a filing published this week",
    "in its announcement",
    "in technical documentation released alongside the launch",
]

AUTHORS = [
    ("Maya Okafor", "Senior AI correspondent", ["AI", "Business"]),
    ("Daniel Reyes", "Gadgets editor", ["Gadgets"]),
    ("Priya Raman", "Security reporter", ["Security"]),
    ("Tomas Lindqvist", "Science writer", ["Science"]),
    ("Hannah Cho", "Business editor", ["Business"]),
    ("Samuel Adeyemi", "Apps and software reporter", ["Apps"]),
    ("Elena Petrova", "Deputy editor", ["AI", "Science", "Security"]),
    ("Jonah Whitfield", "Reviews editor", ["Gadgets", "Apps"]),
    ("Aiko Tanaka", "Staff writer", ["Science", "AI"]),
    ("Farah Haddad", "Editor-in-chief", ["Business", "Security"]),
]

BEATS = {
    "AI": "artificial intelligence and the chips that run it",
    "Gadgets": "phones, laptops and wearables",
    "Security": "cybersecurity, privacy and the people who break things",
    "Science": "space, energy and research labs",
    "Business": "startups, funding and big tech",
    "Apps": "apps and the software we use every day",
}

OUTLETS = [
    "a regional daily",
    "a consumer technology magazine",
    "a financial news wire",
    "a public radio station",
    "a science monthly",
    "a trade publication for engineers",
]

SUBJECTS = [
    "physics",
    "computer science",
    "journalism",
    "economics",
    "history",
    "electrical engineering",
]

PALETTES = [
    ("teal and coral", ["#0f4c5c", "#2a9d8f", "#e76f51", "#f4a261", "#e9c46a"]),
    ("deep blue and violet", ["#14213d", "#3a0ca3", "#7209b7", "#4361ee", "#4cc9f0"]),
    ("forest green and gold", ["#1b4332", "#2d6a4f", "#95d5b2", "#d4a373", "#ffb703"]),
    ("crimson and sand", ["#3d0c11", "#9d0208", "#dc2f02", "#f4d58d", "#e85d04"]),
    ("slate and mint", ["#22333b", "#5e6472", "#aed9e0", "#b8f2e6", "#faf3dd"]),
    ("magenta and amber", ["#2b2d42", "#ef476f", "#ffd166", "#06d6a0", "#118ab2"]),
    ("ink and orange", ["#0b090a", "#161a1d", "#ff6d00", "#ff9e00", "#f5f3f4"]),
    ("ocean blue", ["#03045e", "#0077b6", "#00b4d8", "#90e0ef", "#caf0f8"]),
    ("plum and peach", ["#3c1642", "#7b2d6b", "#c05a8a", "#ffb4a2", "#ffcdb2"]),
    ("olive and cream", ["#283618", "#606c38", "#dda15e", "#bc6c25", "#fefae0"]),
]

HERO_SIZE = (1200, 675)
PORTRAIT_SIZE = 400
STYLE_DESCRIPTIONS = {
    "orbs": "soft overlapping circles",
    "bands": "diagonal bands of colour",
    "tiles": "a grid of geometric tiles",
    "waves": "flowing wave lines",
    "rings": "concentric rings",
}
CREDITS = [
    "Illustration: design desk",
    "Illustration: Studio Halcyon",
    "Graphic: Ada Brenner",
    "Illustration: Tomasz Wren",
]


def possessive(name):
    return f"{name}'" if name.endswith("s") else f"{name}'s"


class Writer:
    """Write one article's words about one company, in one category."""

    def __init__(self, rng, category):
        self.rng = rng
        self.company, self.rival = rng.sample(COMPANIES, 2)
        self.noun, self.nouns = rng.choice(NOUNS[category])
        self.deck = []

    def fill(self, template):
        rng = self.rng
        adjective = rng.choice(ADJECTIVES)
        text = template.format(
            company=self.company,
            company_s=possessive(self.company),
            rival=self.rival,
            rival_s=possessive(self.rival),
            noun=self.noun,
            nouns=self.nouns,
            adjective=adjective,
            a_adjective=("an " if adjective[0] in "aeiou" else "a ") + adjective,
            audience=rng.choice(AUDIENCES),
            city=rng.choice(CITIES),
            number=rng.randint(3, 12),
            percent=rng.choice([8, 12, 15, 20, 25, 30, 40, 60]),
            amount=rng.choice([12, 25, 40, 75, 120, 250, 400]),
        )
        return text[0].upper() + text[1:]

    def sentence(self):
        """Return the next sentence from a shuffled deck, so a body rarely repeats."""
        if not self.deck:
            self.deck = self.rng.sample(SENTENCES, len(SENTENCES))
        return self.fill(self.deck.pop())

    def headline(self):
        return self.fill(self.rng.choice(HEADLINES))

    def dek(self):
        return self.fill(self.rng.choice(DEKS))

    def paragraph(self, sentences, link=None):
        """Return a <p> of escaped sentences, with link's HTML slipped in if given."""
        chosen = [escape(self.sentence()) for _ in range(sentences)]
        if link:
            chosen.insert(self.rng.randint(1, len(chosen)), link)
        return "<p>" + " ".join(chosen) + "</p>"

    def company_link(self):
        domain = self.company.lower().replace(" ", "")
        phrase = self.rng.choice(LINK_PHRASES)
        return (
            f'The details are set out <a href="https://www.{domain}.example/news">'
            f"{escape(phrase)}</a>."
        )

    def quote(self):
        words = self.fill(self.rng.choice(QUOTES))
        person = self.rng.choice(PEOPLE)
        role = self.rng.choice(ROLES)
        return (
            f"<blockquote><p>“{escape(words)},” said {person}, {role} at "
            f"{escape(self.company)}.</p></blockquote>"
        )

    def item_list(self):
        tag = self.rng.choice(["ul", "ul", "ol"])
        items = "".join(
            f"<li>{escape(self.fill(item))}</li>"
            for item in self.rng.sample(LIST_ITEMS, self.rng.randint(3, 5))
        )
        return f"<{tag}>{items}</{tag}>"

    def body(self, related=()):
        """Return the article body: paragraphs, h2 sections, links, a list, a quote."""
        rng = self.rng
        parts = [
            self.paragraph(rng.randint(3, 4), link=self.company_link()),
            self.paragraph(rng.randint(2, 4)),
        ]
        headings = rng.sample(HEADINGS, rng.randint(2, 4))
        list_at = rng.randrange(len(headings))
        quote_at = rng.randrange(len(headings))
        for index, heading in enumerate(headings):
            parts.append(f"<h2>{escape(self.fill(heading))}</h2>")
            parts.append(self.paragraph(rng.randint(2, 4)))
            if index == list_at:
                parts.append(self.item_list())
            if index == quote_at:
                parts.append(self.quote())
            parts.append(self.paragraph(rng.randint(2, 3)))
        if related:
            links = "".join(
                f'<li><a href="{url}">{escape(title)}</a></li>'
                for title, url in related
            )
            parts.append(f"<h2>Related coverage</h2><ul>{links}</ul>")
        return "\n".join(parts)

    def caption(self):
        return self.fill(
            self.rng.choice(
                [
                    "{company} expects the {noun} to reach {audience} within months.",
                    "The {noun} market is crowded, and {company} wants a bigger share.",
                    "An illustration of {nouns}, the subject of this story.",
                    "{company} first showed the {noun} to partners in {city}.",
                ]
            )
        )

    def credit(self):
        return self.rng.choice(CREDITS)


def author_profile(rng, name, job_title, beats, site_name):
    """Return the short bio, bio and profile links of a made-up author."""
    first = name.split()[0]
    handle = name.lower().replace(" ", "")
    beat = BEATS[beats[0]]
    years = rng.randint(4, 18)
    short_bio = f"{first} covers {beat} for {site_name}."
    bio = "\n\n".join(
        [
            f"{name} is {site_name}'s {job_title.lower()}, covering {beat}. "
            f"{first} joined {rng.randint(2, 8)} years ago, after {years} years at "
            f"{rng.choice(OUTLETS)}.",
            f"{first} studied {rng.choice(SUBJECTS)} and is based in "
            f"{rng.choice(CITIES)}. Tips and story ideas are always welcome.",
        ]
    )
    links = {
        "website": f"https://{handle}.example.com/",
        "x_url": f"https://x.com/{handle}",
        "mastodon_url": f"https://mastodon.social/@{handle}",
        "bluesky_url": f"https://bsky.app/profile/{handle}.bsky.social",
        "linkedin_url": f"https://www.linkedin.com/in/{handle}",
        "github_url": f"https://github.com/{handle}",
    }
    kept = rng.sample(sorted(links), rng.randint(2, 4))
    return short_bio, bio, {key: links[key] for key in kept}


def daily_views(rng, published_at, now, boost=1.0):
    """Return (day, count) pairs from publication to now: a noisy decaying curve."""
    peak = rng.lognormvariate(6.8, 0.8) * boost
    half_life = rng.uniform(0.8, 4.0)
    floor = peak * rng.uniform(0.004, 0.03)
    published_at = published_at.astimezone(UTC)
    now = now.astimezone(UTC)
    history = []
    day = published_at.date()
    while day <= now.date():
        start = max(datetime.combine(day, datetime.min.time(), UTC), published_at)
        end = min(
            datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC), now
        )
        share_of_day = max(0.0, (end - start) / timedelta(days=1))
        age = (day - published_at.date()).days
        weekday = 0.75 if day.weekday() >= 5 else 1.0
        expected = (peak * 0.5 ** (age / half_life) + floor) * weekday * share_of_day
        history.append((day, max(0, round(expected * (1 + rng.gauss(0, 0.18))))))
        day += timedelta(days=1)
    return history


# Share of a day's readers in each UTC hour: quiet at night, busy by day.
HOURLY_PATTERN = [
    0.30, 0.22, 0.18, 0.17, 0.20, 0.32, 0.55, 0.85, 1.10, 1.20, 1.20, 1.15,
    1.20, 1.25, 1.20, 1.15, 1.10, 1.15, 1.20, 1.25, 1.15, 0.95, 0.70, 0.45,
]  # fmt: skip


def hourly_views(history, published_at, now, hours):
    """Split the last `hours` hours of a daily history into (hour, count) pairs.

    Each day's count is shared among its hours (from publication up to now) by
    HOURLY_PATTERN, with whole numbers that add up to the day's count.
    """
    now = now.astimezone(UTC)
    first_hour = now.replace(minute=0, second=0, microsecond=0) - timedelta(
        hours=hours - 1
    )
    published_hour = published_at.astimezone(UTC).replace(
        minute=0, second=0, microsecond=0
    )
    pairs = []
    for day, count in history:
        midnight = datetime.combine(day, datetime.min.time(), UTC)
        if midnight + timedelta(days=1) <= first_hour:
            continue
        day_hours = [
            midnight + timedelta(hours=n)
            for n in range(24)
            if published_hour <= midnight + timedelta(hours=n) <= now
        ]
        weights = [HOURLY_PATTERN[hour.hour] for hour in day_hours]
        shares = [count * weight / sum(weights) for weight in weights]
        counts = [math.floor(share) for share in shares]
        # Largest remainders get the views that rounding down left over.
        by_remainder = sorted(range(len(shares)), key=lambda n: counts[n] - shares[n])
        for n in by_remainder[: count - sum(counts)]:
            counts[n] += 1
        pairs.extend(
            (hour, hour_count)
            for hour, hour_count in zip(day_hours, counts, strict=True)
            if hour >= first_hour and hour_count
        )
    return pairs


def beacon_outcomes(rng, counted):
    """Return a day's made-up dropped beacons by outcome, for `counted` views."""
    return {
        "duplicate": round(counted * rng.uniform(0.12, 0.22)),
        "bot": round(counted * rng.uniform(0.04, 0.12)),
        "prefetch": round(counted * rng.uniform(0.005, 0.02)),
        "cross_site": round(counted * rng.uniform(0, 0.004)),
        "rate_limited": rng.randint(0, 4),
        "staff": rng.randint(3, 30),
    }


def _jpeg(image, quality):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


def _rgb(hex_colour):
    return tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))


def _gradient(size, start, end, angle):
    side = 256
    mask = Image.linear_gradient("L").rotate(angle, resample=Image.BICUBIC)
    inner = round(side / math.sqrt(2))
    offset = (side - inner) // 2
    mask = mask.crop((offset, offset, offset + inner, offset + inner)).resize(size)
    return Image.composite(
        Image.new("RGB", size, end), Image.new("RGB", size, start), mask
    )


def _overlay(base, draw_on, blur=0):
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw_on(ImageDraw.Draw(layer))
    if blur:
        layer = layer.filter(ImageFilter.GaussianBlur(blur))
    return Image.alpha_composite(base.convert("RGBA"), layer)


def _orbs(rng, colours, size):
    width, height = size
    image = _gradient(size, colours[0], colours[1], rng.uniform(0, 360))

    def soft(draw):
        for _ in range(rng.randint(7, 12)):
            x, y, r = (
                rng.uniform(0, width),
                rng.uniform(0, height),
                rng.uniform(80, 320),
            )
            fill = (*rng.choice(colours[1:]), rng.randint(110, 200))
            draw.ellipse((x - r, y - r, x + r, y + r), fill=fill)

    def crisp(draw):
        for _ in range(rng.randint(2, 5)):
            x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(20, 70)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=(*colours[-1], 220))

    return _overlay(_overlay(image, soft, blur=40), crisp, blur=1)


def _bands(rng, colours, size):
    width, height = size
    image = _gradient(size, colours[0], colours[2], rng.uniform(0, 360))
    slope = rng.uniform(0.4, 1.2) * rng.choice([-1, 1])

    def draw_bands(draw):
        x = -width
        while x < width * 2:
            band = rng.uniform(40, 180)
            fill = (*rng.choice(colours), rng.randint(90, 190))
            top, bottom = x, x + band
            draw.polygon(
                [
                    (top, 0),
                    (bottom, 0),
                    (bottom + slope * height, height),
                    (top + slope * height, height),
                ],
                fill=fill,
            )
            x = bottom + rng.uniform(20, 120)

    return _overlay(image, draw_bands, blur=2)


def _tiles(rng, colours, size):
    width, height = size
    cell = rng.choice([75, 100, 135])
    gap = 3
    image = Image.new("RGB", size, colours[0])
    for x in range(0, width, cell):
        for y in range(0, height, cell):
            tile = Image.new("RGB", (cell - gap, cell - gap), rng.choice(colours))
            draw = ImageDraw.Draw(tile)
            edge = cell - gap
            fill = rng.choice(colours)
            shape = rng.random()
            if shape < 0.3:
                draw.ellipse((8, 8, edge - 8, edge - 8), fill=fill)
            elif shape < 0.6:
                # A circle centred on a corner, clipped by the tile: a quarter circle.
                cx, cy = rng.choice([(0, 0), (edge, 0), (0, edge), (edge, edge)])
                draw.ellipse((cx - edge, cy - edge, cx + edge, cy + edge), fill=fill)
            elif shape < 0.75:
                draw.polygon([(0, edge), (edge, edge), (edge, 0)], fill=fill)
            image.paste(tile, (x, y))
    return image


def _waves(rng, colours, size):
    width, height = size
    image = _gradient(size, colours[0], colours[1], rng.uniform(60, 120))

    def draw_waves(draw):
        for _ in range(rng.randint(6, 11)):
            amplitude = rng.uniform(20, 120)
            period = rng.uniform(250, 700)
            phase = rng.uniform(0, math.tau)
            base = rng.uniform(0, height)
            points = [
                (x, base + amplitude * math.sin(phase + x / period * math.tau))
                for x in range(-20, width + 40, 20)
            ]
            fill = (*rng.choice(colours[2:]), rng.randint(120, 230))
            draw.line(points, fill=fill, width=rng.randint(4, 22), joint="curve")

    return _overlay(image, draw_waves, blur=1)


def _rings(rng, colours, size):
    width, height = size
    image = Image.radial_gradient("L").resize(size)
    image = Image.composite(
        Image.new("RGB", size, colours[0]), Image.new("RGB", size, colours[1]), image
    )

    def draw_rings(draw):
        for _ in range(rng.randint(1, 3)):
            cx, cy = rng.uniform(0, width), rng.uniform(0, height)
            for radius in range(rng.randint(30, 60), 900, rng.randint(28, 60)):
                fill = (*rng.choice(colours[2:]), rng.randint(80, 200))
                draw.ellipse(
                    (cx - radius, cy - radius, cx + radius, cy + radius),
                    outline=fill,
                    width=rng.randint(3, 12),
                )

    return _overlay(image, draw_rings, blur=1)


STYLES = {
    "orbs": _orbs,
    "bands": _bands,
    "tiles": _tiles,
    "waves": _waves,
    "rings": _rings,
}


def hero_image(number):
    """Return JPEG bytes and alt text of abstract illustration number (stable)."""
    rng = Random(f"hero-{number}")
    style = list(STYLES)[number % len(STYLES)]
    palette_name, hex_colours = PALETTES[
        (number // len(STYLES) + number) % len(PALETTES)
    ]
    colours = [_rgb(c) for c in hex_colours]
    rng.shuffle(colours)
    image = STYLES[style](rng, colours, HERO_SIZE).convert("RGB")
    alt = f"Abstract illustration of {STYLE_DESCRIPTIONS[style]} in {palette_name}"
    return _jpeg(image, 85), alt


def portrait(number, name):
    """Return JPEG bytes of a soft gradient square with name's initials."""
    size = (PORTRAIT_SIZE, PORTRAIT_SIZE)
    hue = (number * 0.618034 + 0.05) % 1.0
    light = tuple(round(c * 255) for c in colorsys.hls_to_rgb(hue, 0.72, 0.55))
    dark = tuple(
        round(c * 255) for c in colorsys.hls_to_rgb((hue + 0.08) % 1, 0.38, 0.5)
    )
    image = _gradient(size, light, dark, 35 + number * 29)

    def glow(draw):
        draw.ellipse((-80, -120, 260, 220), fill=(255, 255, 255, 70))

    image = _overlay(image, glow, blur=50)
    initials = "".join(part[0] for part in name.split()[:2]).upper()
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=150)
    centre = (PORTRAIT_SIZE / 2, PORTRAIT_SIZE / 2)
    draw.text(
        (centre[0] + 3, centre[1] + 4),
        initials,
        font=font,
        anchor="mm",
        fill=(0, 0, 0, 60),
    )
    draw.text(centre, initials, font=font, anchor="mm", fill=(255, 255, 255, 240))
    return _jpeg(image.convert("RGB"), 88)
