import io

import factory
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import Article, Byline, Category, Status
from authors.models import Author
from newsletter.models import Subscriber, SubscriberStatus


def days_ago(days):
    """Return the moment days before now, for published_at and the like."""
    return timezone.now() - timezone.timedelta(days=days)


def image_upload(name="photo.jpg", size=(64, 48), image_format="JPEG", **save_options):
    """Return an uploaded file holding a real, solid-colour image."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, image_format, **save_options)
    return SimpleUploadedFile(name, buffer.getvalue())


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.LazyAttribute(
        lambda category: category.name.lower().replace(" ", "-")
    )


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")
    job_title = "Staff writer"
    short_bio = "Covers chips, networks and the people who build them."
    bio = "Writes about hardware.\n\nPreviously covered telecoms."


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Story number {n}")
    slug = factory.Sequence(lambda n: f"story-number-{n}")
    dek = "A short standfirst that sums the story up."
    body = "<p>First paragraph.</p><h2>A heading</h2><p>Second paragraph.</p>"
    category = factory.SubFactory(CategoryFactory)
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(
        lambda: timezone.now() - timezone.timedelta(hours=1)
    )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted or [AuthorFactory()]):
            Byline.objects.create(article=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class SubscriberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    status = SubscriberStatus.CONFIRMED
    confirmed_at = factory.LazyFunction(timezone.now)
