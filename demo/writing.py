"""Write the demo site's articles and author profiles from its vocabulary."""

from django.utils.html import escape

from .vocabulary import (
    ADJECTIVES,
    AUDIENCES,
    BEATS,
    CITIES,
    COMPANIES,
    CREDITS,
    DEKS,
    HEADINGS,
    HEADLINES,
    LINK_PHRASES,
    LIST_ITEMS,
    NOUNS,
    OUTLETS,
    PEOPLE,
    QUOTES,
    ROLES,
    SENTENCES,
    SUBJECTS,
)


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
