"""Build the demo site: sections, authors, images, articles and their readership."""

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from random import Random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils.text import slugify
from imagekit.models.fields.utils import ImageSpecFileDescriptor
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles import search_index
from articles.models import Article, Byline, Category, Status
from authors.models import Author
from common.html import sanitize_html
from readership.counting import HOURLY_RETENTION
from readership.models import DailyViews, HourlyViews, ViewStat

from . import images, traffic, vocabulary, writing

EDITOR_USERNAME = "editor"
MIN_ARTICLES = 10
DAYS_OF_ARCHIVE = 90
# Archives bigger than 90 days of this many articles a day cover more days.
ARTICLES_A_DAY = 25
# Days of view history each article gets from its publication: the tail after that
# is a trickle, and a 100,000-article archive would otherwise need millions of rows.
HISTORY_DAYS = 30
HOUR = timedelta(hours=1)
# Articles inserted per round of bulk inserts.
BATCH_SIZE = 1000
CATEGORY_WEIGHTS = {
    "AI": 25,
    "Gadgets": 20,
    "Security": 15,
    "Science": 15,
    "Business": 15,
    "Apps": 10,
}


def store_image(folder, stem, content):
    """Save JPEG content under a name derived from its bytes, unless already there."""
    name = f"demo/{folder}/{stem}-{hashlib.sha256(content).hexdigest()[:12]}.jpg"
    if default_storage.exists(name):
        return name
    return default_storage.save(name, ContentFile(content))


def reset_editor_login():
    """Create or refresh the demo editor login; return its new password."""
    user, _ = get_user_model().objects.get_or_create(
        username=EDITOR_USERNAME, defaults={"email": "editor@example.com"}
    )
    # Superuser so the whole admin works whatever the groups grant.
    user.is_staff = user.is_superuser = user.is_active = True
    password = secrets.token_urlsafe(12)
    user.set_password(password)
    user.save()
    editors = Group.objects.filter(name="Editors").first()
    if editors:
        user.groups.add(editors)
    return user, password


def delete_site_content():
    Article.objects.all().delete()
    Article.history.all().delete()
    Author.objects.all().delete()
    Category.objects.all().delete()
    Tag.objects.all().delete()
    ViewStat.objects.all().delete()
    get_user_model().objects.filter(username=EDITOR_USERNAME).delete()


def insert_rows(model, field_names, rows):
    """Insert rows of plain values into model's table, without model instances."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    field.get_db_prep_value(value, connection)
                    for field, value in zip(fields, row, strict=True)
                ]
                for row in rows
            ],
        )


def render_renditions(instance):
    """Make every rendition of instance's images now, unless made before."""
    for name, attribute in vars(type(instance)).items():
        if isinstance(attribute, ImageSpecFileDescriptor):
            rendition = getattr(instance, name)
            # Asks the storage, not imagekit's record in the cache: a cache kept
            # from another media folder would say files exist that are not there.
            if not rendition.storage.exists(rendition.name):
                rendition.generate(force=True)


@dataclass
class PlannedArticle:
    """An article not inserted yet, with what hangs off it."""

    article: Article
    authors: list
    tags: list
    history: list
    created_at: datetime
    updated_at: datetime


class DemoSite:
    """Build the demo content from one random generator, so a seed repeats it."""

    def __init__(self, rng, *, now, editor):
        self.rng = rng
        self.now = now
        self.editor = editor
        self.counts = {}

    def make_categories(self):
        categories = Category.objects.bulk_create(
            Category(name=name, slug=slugify(name), description=text, position=index)
            for index, (name, text) in enumerate(vocabulary.CATEGORIES, start=1)
        )
        return {category.name: category for category in categories}

    def make_tags(self):
        tags = Tag.objects.bulk_create(
            Tag(name=name, slug=slugify(name))
            for names in vocabulary.TAGS.values()
            for name in names
        )
        return {tag.name: tag for tag in tags}

    def make_authors(self):
        site_name = settings.SITE_NAME
        authors = {}
        for number, (name, job_title, beats) in enumerate(vocabulary.AUTHORS):
            short_bio, bio, links = writing.author_profile(
                self.rng, name, job_title, beats, site_name
            )
            author = Author(
                name=name,
                slug=slugify(name),
                job_title=job_title,
                short_bio=short_bio,
                bio=bio,
                **links,
            )
            # Assigned after creation so imagekit sees a new source to render.
            author.photo = store_image(
                "authors", slugify(name), images.portrait(number, name)
            )
            author.save()
            authors[author] = beats
        return authors

    def make_hero_images(self, count):
        names = []
        for number in range(count):
            content, alt = images.hero_image(number)
            names.append((store_image("heroes", f"hero-{number:02}", content), alt))
        return names

    def plan(self, count):
        """Return (status, publish time) for count articles, oldest first."""
        rng, now = self.rng, self.now
        scheduled = max(1, count * 2 // 100)
        in_review = max(1, count * 2 // 100)
        drafts = max(1, count * 4 // 100)
        live = count - scheduled - in_review - drafts
        # A large archive spreads over more years rather than crowding 90 days.
        archive = max(DAYS_OF_ARCHIVE, count // ARTICLES_A_DAY) * 24 * 60
        published_times = sorted(
            (now - timedelta(minutes=rng.randint(10, archive))).replace(
                second=0, microsecond=0
            )
            for _ in range(live)
        )
        scheduled_times = sorted(
            (now + timedelta(minutes=5 * rng.randint(12, 7 * 24 * 12))).replace(
                second=0, microsecond=0
            )
            for _ in range(scheduled)
        )
        return (
            [(Status.PUBLISHED, moment) for moment in published_times]
            + [(Status.PUBLISHED, moment) for moment in scheduled_times]
            + [(Status.REVIEW, None)] * in_review
            + [(Status.DRAFT, None)] * drafts
        )

    def highlights(self, plan, count):
        """Choose featured articles and editor's picks among the latest live ones."""
        rng, now = self.rng, self.now
        recent = [
            index
            for index, (status, moment) in enumerate(plan)
            if status == Status.PUBLISHED and moment <= now
        ][-40:]
        featured = set(rng.sample(recent, min(len(recent), max(1, count * 15 // 300))))
        picks = rng.sample(recent, min(len(recent), max(2, count * 8 // 300)))
        pick_fields = {
            index: {"is_editors_pick": True, "pick_order": order}
            for order, index in enumerate(picks, start=1)
        }
        # One pick has already run its course and one is booked to end soon.
        pick_fields[picks[-1]]["pick_until"] = now - timedelta(hours=rng.randint(6, 96))
        pick_fields[picks[0]]["pick_until"] = now + timedelta(days=rng.randint(2, 10))
        return featured, pick_fields

    def make_articles(self, count, progress):
        """Make count articles with bylines, tags and views, a batch at a time.

        Rows go in with bulk inserts, which skip Article.save() and its signals:
        bodies are sanitized here, each hero image is rendered once, the history
        gets one row per article, and nothing is cached yet to retire.
        """
        rng, now = self.rng, self.now
        categories = self.make_categories()
        tags = self.make_tags()
        authors = self.make_authors()
        heroes = self.make_hero_images(min(30, max(3, count // 10)))
        plan = self.plan(count)
        featured, pick_fields = self.highlights(plan, count)
        by_beat = {
            name: [author for author, beats in authors.items() if name in beats]
            for name in categories
        }
        slugs = set()
        linkable = {name: [] for name in categories}
        heroes_used = set()
        self.views_by_day = Counter()
        self.rows = Counter()

        batch = []
        for index, (status, published_at) in enumerate(tqdm(plan, **progress)):
            category_name = rng.choices(
                list(CATEGORY_WEIGHTS), weights=list(CATEGORY_WEIGHTS.values())
            )[0]
            writer = writing.Writer(rng, category_name)
            title = writer.headline()
            slug = base = slugify(title)[:180]
            suffix = 2
            while slug in slugs:
                slug, suffix = f"{base}-{suffix}", suffix + 1
            slugs.add(slug)
            is_live = status == Status.PUBLISHED and published_at <= now
            earlier = linkable[category_name][-12:]
            related = rng.sample(earlier, min(len(earlier), rng.choice([0, 1, 2])))
            history = []
            if is_live:
                boost = 2.5 if index in featured else 1.0
                history = traffic.daily_views(
                    rng, published_at, now, boost=boost, days=HISTORY_DAYS
                )
            hero_name, hero_alt = rng.choice(heroes)
            heroes_used.add(hero_name)
            created_at = min(now, published_at or now) - timedelta(
                minutes=rng.randint(90, 3 * 24 * 60)
            )
            article = Article(
                title=title,
                slug=slug,
                dek=writer.dek(),
                body=sanitize_html(writer.body(related)),
                hero_image=hero_name,
                # Every demo hero is drawn at this size (demo.images).
                hero_width=images.HERO_SIZE[0],
                hero_height=images.HERO_SIZE[1],
                hero_alt=hero_alt,
                hero_caption=writer.caption(),
                hero_credit=writer.credit(),
                category=categories[category_name],
                status=status,
                published_at=published_at,
                created_by=self.editor,
                is_featured=index in featured,
                view_count=sum(day_views for _, day_views in history),
                **pick_fields.get(index, {}),
            )
            article._history_date = created_at
            primary = rng.choice(by_beat[category_name])
            others = [author for author in authors if author != primary]
            extra = rng.choices([0, 1, 2], weights=[80, 15, 5])[0]
            names = rng.sample(vocabulary.TAGS[category_name], rng.randint(1, 3))
            if rng.random() < 0.3:
                names.append(rng.choice(vocabulary.TAGS[None]))
            edited = (published_at or created_at) + timedelta(
                minutes=rng.randint(0, 45)
            )
            batch.append(
                PlannedArticle(
                    article=article,
                    authors=[primary, *rng.sample(others, extra)],
                    tags=[tags[name] for name in names],
                    history=history,
                    created_at=created_at,
                    updated_at=min(now, edited),
                )
            )
            if is_live:
                linkable[category_name].append((title, article.get_absolute_url()))
            if len(batch) == BATCH_SIZE:
                self.insert(batch)
                batch = []
        self.insert(batch)

        for name in heroes_used:
            render_renditions(Article(hero_image=name))
        stats = self.view_stats(self.views_by_day)
        ViewStat.objects.bulk_create(stats)
        self.counts = {
            "authors": len(authors),
            "categories": len(categories),
            "tags": len(tags),
            "hero images": len(heroes_used),
            "daily view rows": self.rows["daily"],
            "hourly view rows": self.rows["hourly"],
            "beacon stat rows": len(stats),
        }

    def insert(self, batch):
        """Insert a batch of planned articles and everything that hangs off them."""
        if not batch:
            return
        articles = Article.objects.bulk_create(planned.article for planned in batch)
        # bulk_create stamps created_at and updated_at with now; the plan has
        # earlier times, which an UPDATE writes as given.
        for planned in batch:
            planned.article.created_at = planned.created_at
            planned.article.updated_at = planned.updated_at
            planned.article.content_modified_at = planned.updated_at
        Article.objects.bulk_update(
            articles,
            ["created_at", "updated_at", "content_modified_at"],
            batch_size=BATCH_SIZE,
        )
        Article.history.bulk_history_create(articles, default_user=self.editor)
        article_type = ContentType.objects.get_for_model(Article)
        Byline.objects.bulk_create(
            Byline(article=planned.article, author=author, position=position)
            for planned in batch
            for position, author in enumerate(planned.authors)
        )
        TaggedItem.objects.bulk_create(
            TaggedItem(tag=tag, content_type=article_type, object_id=planned.article.pk)
            for planned in batch
            for tag in planned.tags
        )
        # bulk_create skips the signals that keep the search index up to date.
        search_index.index_articles(
            Article.objects.filter(pk__in=[a.pk for a in articles])
        )
        daily, hourly = [], []
        for planned in batch:
            article = planned.article
            for day, day_views in planned.history:
                daily.append((article.pk, day, day_views))
                self.views_by_day[day] += day_views
            if planned.history:
                hourly.extend(
                    (article.pk, hour, hour_views)
                    for hour, hour_views in traffic.hourly_views(
                        planned.history,
                        article.published_at,
                        self.now,
                        HOURLY_RETENTION // HOUR,
                    )
                )
        insert_rows(DailyViews, ["article", "day", "count"], daily)
        insert_rows(HourlyViews, ["article", "hour", "count"], hourly)
        self.rows["daily"] += len(daily)
        self.rows["hourly"] += len(hourly)

    @staticmethod
    def view_stats(counted):
        """Make each day's beacon outcomes: its counted views and some dropped."""
        stats = []
        for day, total in sorted(counted.items()):
            # A generator per day keeps the article content the same for a seed.
            dropped = traffic.beacon_outcomes(Random(day.isoformat()), total)
            stats.extend(
                ViewStat(day=day, outcome=outcome, count=count)
                for outcome, count in {"counted": total, **dropped}.items()
            )
        return stats
