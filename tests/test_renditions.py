from django.template import Context, Template

from common.renditions import rendition_urls

from .factories import image_upload


def render_picture(article, sizes="100vw"):
    template = Template('{% include "partials/picture.html" %}')
    return template.render(Context({"article": article, "sizes": sizes}))


def test_picture_links_the_renditions_imagekit_made(make_article):
    article = make_article(hero_image=image_upload("hero.jpg", size=(1600, 900)))

    html = render_picture(article)

    assert f'srcset="{article.hero_400.url} 400w, {article.hero_800.url} 800w, ' in html
    assert f"{article.hero_1200_jpeg.url} 1200w" in html
    assert f'src="{article.hero_800_jpeg.url}"' in html


def test_rendition_urls_are_worked_out_once_per_image(make_article):
    image = make_article(hero_image=image_upload("shared.jpg")).hero_image.name
    articles = [make_article(hero_image=image) for _ in range(3)]
    rendition_urls.cache_clear()

    pages = [render_picture(article) for article in articles]

    assert len(set(pages)) == 1
    assert rendition_urls.cache_info().misses == 1
    assert rendition_urls.cache_info().hits == 2


def test_author_photo_links_its_renditions(make_author):
    author = make_author(photo=image_upload("portrait.jpg", size=(400, 400)))
    template = Template('{% include "partials/author_photo.html" %}')

    html = template.render(Context({"author": author}))

    assert f'src="{author.photo_96.url}"' in html
    assert f"{author.photo_192.url} 2x" in html


def test_author_profile_and_box_link_the_photo_renditions(make_author):
    author = make_author(photo=image_upload("portrait.jpg", size=(400, 400)))
    context = Context({"author": author, "boxes": [(author, [])]})

    for partial in ["author_profile", "author_boxes"]:
        html = Template(f'{{% include "partials/{partial}.html" %}}').render(context)
        assert f"{author.photo_192.url} 1x, {author.photo_384.url} 2x" in html
        assert f'src="{author.photo_192_jpeg.url}"' in html
