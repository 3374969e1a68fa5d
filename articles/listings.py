"""What a list page is about: a section, a topic or an author, and its articles."""

from collections.abc import Callable
from dataclasses import dataclass

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

    def get_subject(self, slug):
        return get_object_or_404(self.model, slug=slug)

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
)
AUTHOR = Listing(
    "author",
    Author,
    "bylines__author",
    "Author",
    "No published stories yet.",
    lambda author: author.short_bio or f"Stories by {author.name}.",
)
