"""The demo site's vocabulary: sections, tags, companies, people and phrases."""

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

CREDITS = [
    "Illustration: design desk",
    "Illustration: Studio Halcyon",
    "Graphic: Ada Brenner",
    "Illustration: Tomasz Wren",
]
