"""What a list page is about: a section, a topic or an author, and its articles."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404
from django.urls import reverse
from taggit.models import Tag

from authors.models import Author

from .models import Article, Category


@dataclass(frozen=True)
class Listing:
    """One kind of list page; its URLs are named articles:<kind> and <kind>-feed."""

    kind: str
    model: type
    # How an article refers to the subject, as a filter keyword.
    lookup: str
    # Shown above the page title.
    label: str
    # Shown when the subject has no published article.
    empty_message: str
    # One sentence about the subject, for feeds and search results.
    describe: Callable[[object], str]
    # Whether the page exists only once a published article refers to the subject:
    # a tag or byline used only by drafts would reveal embargoed work.
    needs_published_article: bool = False

    def get_subject(self, slug):
        subjects = self.model.objects.all()
        if self.needs_published_article:
            subjects = subjects.filter(Exists(self.articles(OuterRef("pk"))))
        return get_object_or_404(subjects, slug=slug)

    def articles(self, subject):
        return Article.objects.published().filter(**{self.lookup: subject})

    def url(self, subject):
        return reverse(f"articles:{self.kind}", kwargs={"slug": subject.slug})

    def feed_url(self, subject):
        return reverse(f"articles:{self.kind}-feed", kwargs={"slug": subject.slug})

    def atom_feed_url(self, subject):
        return reverse(f"articles:{self.kind}-feed-atom", kwargs={"slug": subject.slug})


CATEGORY = Listing(
    "category",
    Category,
    "category",
    "Section",
    "There are no stories in this section yet.",
    lambda category: category.description or f"The latest {category.name} stories.",
)
TAG = Listing(
    "tag",
    Tag,
    "tags",
    "Topic",
    "There are no stories on this topic yet.",
    lambda tag: f"Stories about {tag.name}.",
    needs_published_article=True,
)
AUTHOR = Listing(
    "author",
    Author,
    "bylines__author",
    "Author",
    "No published stories yet.",
    lambda author: author.short_bio or f"Stories by {author.name}.",
    needs_published_article=True,
)
