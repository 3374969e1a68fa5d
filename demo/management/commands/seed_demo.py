"""Fill an empty site with demo tech-news content and a demo editor login."""

import sys
import time
from random import Random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Status
from authors.models import Author
from demo.site import (
    EDITOR_USERNAME,
    MIN_ARTICLES,
    DemoSite,
    delete_site_content,
    reset_editor_login,
)


class Command(BaseCommand):
    help = (
        "Fill an empty site with demo tech-news content (authors, categories, tags, "
        "articles with images and view history) and print a demo editor login."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help="Random seed: the same seed gives the same content (default 1).",
        )
        parser.add_argument(
            "--articles",
            type=int,
            default=300,
            help=f"How many articles to make, at least {MIN_ARTICLES} (default 300).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="First delete all articles, authors, categories, tags, view history "
            "and the demo login.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Seed only if the site is empty; otherwise leave the content as it "
            "is and just refresh the demo login (what `make run` uses).",
        )
        parser.add_argument(
            "--login-only",
            action="store_true",
            help="Only create the demo editor login, or give it a new password, and "
            "print it.",
        )

    def handle(self, *args, seed, articles, reset, if_empty, login_only, **options):
        has_content = Article.objects.exists() or Author.objects.exists()
        if login_only or (if_empty and has_content):
            if not login_only:
                self.stdout.write("The site already has content; left it as it is.")
            _, password = reset_editor_login()
            self.print_login(password)
            return
        if articles < MIN_ARTICLES:
            raise CommandError(f"--articles must be at least {MIN_ARTICLES}.")
        started = time.monotonic()
        progress = {
            "desc": "Articles",
            "unit": "article",
            "file": options.get("stderr") or sys.stderr,
        }
        with transaction.atomic():
            if reset:
                delete_site_content()
            elif has_content:
                raise CommandError(
                    "This site already has articles or authors, and seed_demo only "
                    "fills an empty site. Run `manage.py seed_demo --reset` to delete "
                    "all articles, authors, categories, tags, view history and the "
                    "demo login first."
                )
            editor, password = reset_editor_login()
            site = DemoSite(Random(seed), now=timezone.now(), editor=editor)
            site.make_articles(articles, progress)

        by_status = Article.objects.all()
        now = timezone.now()
        summary = {
            "published": by_status.filter(
                status=Status.PUBLISHED, published_at__lte=now
            ).count(),
            "scheduled": by_status.filter(
                status=Status.PUBLISHED, published_at__gt=now
            ).count(),
            "in review": by_status.filter(status=Status.REVIEW).count(),
            "drafts": by_status.filter(status=Status.DRAFT).count(),
        }
        articles_text = ", ".join(f"{count} {name}" for name, count in summary.items())
        counts_text = ", ".join(
            f"{count} {name}" for name, count in site.counts.items()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded demo content (seed {seed}) in "
                f"{time.monotonic() - started:.1f} s: {articles} articles "
                f"({articles_text}); {counts_text}."
            )
        )
        self.print_login(password)

    def print_login(self, password):
        url = f"{settings.SITE_URL}{reverse('admin:login')}"
        self.stdout.write(
            "\nDemo editor login\n"
            f"  URL:      {url}\n"
            f"  Username: {EDITOR_USERNAME}\n"
            f"  Password: {password}\n"
        )
