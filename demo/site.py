"""Build the demo site: sections, authors, images, articles and their readership."""

import hashlib
import secrets
from collections import Counter
from datetime import timedelta
from random import Random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem
from tqdm import tqdm

from articles.models import Article, Byline, Category, Status
from authors.models import Author
from readership.counting import HOURLY_RETENTION
from readership.models import DailyViews, HourlyViews, ViewStat

from . import images, traffic, vocabulary, writing

EDITOR_USERNAME = "editor"
MIN_ARTICLES = 10
DAYS_OF_ARCHIVE = 90
HOUR = timedelta(hours=1)
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
        archive = DAYS_OF_ARCHIVE * 24 * 60
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
        bylines, tagged, views, hourly, dates = [], [], [], [], []
        article_type = ContentType.objects.get_for_model(Article)

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
                history = traffic.daily_views(rng, published_at, now, boost=boost)
            hero_name, hero_alt = rng.choice(heroes)
            article = Article(
                title=title,
                slug=slug,
                dek=writer.dek(),
                body=writer.body(related),
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
            # Assigned after creation so imagekit sees a new source; a file that
            # already has renditions is not rendered again.
            article.hero_image = hero_name
            created_at = min(now, published_at or now) - timedelta(
                minutes=rng.randint(90, 3 * 24 * 60)
            )
            article._history_date = created_at
            article.save()
            dates.append((article, created_at))

            primary = rng.choice(by_beat[category_name])
            others = [author for author in authors if author != primary]
            extra = rng.choices([0, 1, 2], weights=[80, 15, 5])[0]
            for position, author in enumerate([primary, *rng.sample(others, extra)]):
                bylines.append(
                    Byline(article=article, author=author, position=position)
                )
            names = rng.sample(vocabulary.TAGS[category_name], rng.randint(1, 3))
            if rng.random() < 0.3:
                names.append(rng.choice(vocabulary.TAGS[None]))
            tagged.extend(
                TaggedItem(
                    tag=tags[name], content_type=article_type, object_id=article.pk
                )
                for name in names
            )
            views.extend(
                DailyViews(article=article, day=day, count=day_views)
                for day, day_views in history
            )
            if is_live:
                linkable[category_name].append((title, article.get_absolute_url()))
                hourly.extend(
                    HourlyViews(article=article, hour=hour, count=hour_views)
                    for hour, hour_views in traffic.hourly_views(
                        history, published_at, now, HOURLY_RETENTION // HOUR
                    )
                )

        Byline.objects.bulk_create(bylines)
        TaggedItem.objects.bulk_create(tagged)
        DailyViews.objects.bulk_create(views, batch_size=2000)
        HourlyViews.objects.bulk_create(hourly, batch_size=2000)
        stats = self.view_stats(views)
        ViewStat.objects.bulk_create(stats)
        for article, created_at in dates:
            article.created_at = created_at
            edited = (article.published_at or created_at) + timedelta(
                minutes=rng.randint(0, 45)
            )
            article.updated_at = min(now, edited)
        # bulk_update writes the values as given; save() would stamp them with now.
        Article.objects.bulk_update(
            [article for article, _ in dates], ["created_at", "updated_at"], 500
        )
        self.counts = {
            "authors": len(authors),
            "categories": len(categories),
            "tags": len(tags),
            "hero images": len(heroes),
            "daily view rows": len(views),
            "hourly view rows": len(hourly),
            "beacon stat rows": len(stats),
        }

    @staticmethod
    def view_stats(views):
        """Make each day's beacon outcomes: its counted views and some dropped."""
        counted = Counter()
        for bucket in views:
            counted[bucket.day] += bucket.count
        stats = []
        for day, total in sorted(counted.items()):
            # A generator per day keeps the article content the same for a seed.
            dropped = traffic.beacon_outcomes(Random(day.isoformat()), total)
            stats.extend(
                ViewStat(day=day, outcome=outcome, count=count)
                for outcome, count in {"counted": total, **dropped}.items()
            )
        return stats
