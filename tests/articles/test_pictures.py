"""Library pictures on reader pages: <picture> markup, body figures, social crops, and
renditions found without touching the original file."""
from __future__ import annotations

import json
import re

import pytest
from django.core.files.storage import default_storage

from articles.models import Image
from articles.services.images import image_create
from tests import imagefiles

pytestmark = pytest.mark.django_db


def pictures(html: str) -> list[str]:
    return re.findall(r"<picture.*?</picture>", html, re.S)


def url(image: Image, key: str) -> str:
    return default_storage.url(image.renditions[key]["name"])


@pytest.fixture
def lead(make_image):
    return make_image(imagefiles.jpeg(2400, 1600), title="Harbour still",
                      alt_text="Mara Quinn on the harbour wall at dusk",
                      caption="Mara Quinn returns as the harbour master.", credit="Netflix")


@pytest.fixture
def story(make_article, publish, lead):
    article = make_article(slug="salt-line-season-2", lead_image=lead)
    publish(article.latest_version, days_ago=1)
    return article


def test_lead_image_is_a_responsive_picture_loaded_first(client, story, lead):
    html = client.get("/articles/salt-line-season-2/").content.decode()

    figure = re.search(r'<figure class="lead-image">.*?</figure>', html, re.S).group(0)
    widths = (320, 640, 960, 1280, 1600)
    webp = ", ".join(f"{url(lead, f'wide-{w}.webp')} {w}w" for w in widths)
    jpeg = ", ".join(f"{url(lead, f'wide-{w}.jpeg')} {w}w" for w in widths)
    assert f'<source type="image/webp" srcset="{webp}" sizes="' in figure
    assert f'srcset="{jpeg}"' in figure
    assert f'src="{url(lead, "wide-640.jpeg")}"' in figure
    # The 16:9 crop's own size: the browser keeps the space before the picture arrives.
    assert 'width="1600" height="900" alt="Mara Quinn on the harbour wall at dusk" ' \
           'fetchpriority="high"' in figure
    assert 'loading="lazy"' not in figure
    assert "Mara Quinn returns as the harbour master. <span class=\"credit\">Netflix</span>" \
        in figure
    assert lead.file.url not in html  # the original is never sent to readers


def test_teasers_load_lazily_beside_their_headline(client, story, make_article, publish,
                                                   make_image):
    for n in range(2):
        other = make_article(lead_image=make_image())
        publish(other.latest_version, days_ago=2 + n)

    html = client.get("/").content.decode()

    teasers = pictures(html)
    assert len(teasers) == 3
    for teaser in teasers:
        assert 'class="teaser-image"' in teaser
        assert 'loading="lazy"' in teaser and "fetchpriority" not in teaser
        assert 'alt=""' in teaser  # the headline beside it says what it is


def test_decorative_lead_image_has_empty_alt(client, make_article, publish, make_image):
    image = make_image(alt_text="", is_decorative=True)
    article = make_article(slug="texture", lead_image=image)
    publish(article.latest_version)

    html = client.get("/articles/texture/").content.decode()
    assert 'alt="" fetchpriority="high"' in html


def test_social_cards_use_the_1200_by_630_crop(client, story, lead):
    html = client.get("/articles/salt-line-season-2/").content.decode()

    social = f"http://127.0.0.1:8000{url(lead, 'social-1200.jpeg')}"
    assert f'<meta property="og:image" content="{social}">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>',
                                html, re.S).group(1))
    assert data["image"] == [social]
    rendition = lead.renditions["social-1200.jpeg"]
    assert (rendition["width"], rendition["height"]) == (1200, 630)


def test_body_pictures_become_figures_with_their_caption_for_this_story(client, make_article,
                                                                        publish, make_image):
    still = make_image(imagefiles.jpeg(1000, 1500), alt_text="The lighthouse set at night",
                       caption="The lighthouse set.", credit="Newsdesk")
    article = make_article(slug="on-set", body=(
        f"<p>First paragraph.</p><p>[image {still.pk}]</p><p>Middle.</p>"
        f"<p>[image {still.pk}: Built in six weeks on a car park]</p>"))
    publish(article.latest_version)

    html = client.get("/articles/on-set/").content.decode()

    body = re.search(r'<div class="story-body">(.*?)</div>', html, re.S).group(1)
    figures = re.findall(r'<figure class="body-image">.*?</figure>', body, re.S)
    assert len(figures) == 2
    assert "[image" not in body
    assert "The lighthouse set. <span class=\"credit\">Newsdesk</span>" in figures[0]
    assert "Built in six weeks on a car park <span class=\"credit\">Newsdesk</span>" \
        in figures[1]
    # Body pictures keep their own shape (a 2:3 still stays 2:3), are never upscaled (its
    # largest is 960 wide, not 1600) and load lazily.
    assert 'width="960" height="1440" alt="The lighthouse set at night" loading="lazy"' \
        in figures[0]
    assert f"{url(still, 'original-960.webp')} 960w" in figures[0]


def test_a_caption_typed_in_the_body_is_shown_as_typed(client, make_article, publish,
                                                     make_image):
    """The caption is already text of the cleaned body ("&" stored as "&amp;"): it is shown
    as the writer typed it, escaped once, never as "&amp;amp;"."""
    still = make_image(alt_text="Two presenters on a sofa")
    # What the editor sends for "Tom & Jerry <3 on set" typed into the token.
    article = make_article(slug="double-act", body=(
        f"<p>[image {still.pk}: Tom &amp; Jerry &lt;3 on set]</p>"))
    publish(article.latest_version)

    html = client.get("/articles/double-act/").content.decode()

    assert "<figcaption>Tom &amp; Jerry &lt;3 on set</figcaption>" in html
    assert "&amp;amp;" not in html and "&amp;lt;" not in html


def test_older_versions_show_the_pictures_they_had(client, make_article, revise, publish,
                                                   make_image):
    first, second = make_image(title="First"), make_image(title="Second")
    article = make_article(slug="poster-reveal", lead_image=first)
    publish(article.latest_version, days_ago=3)
    publish(revise(article, lead_image=second, update_label="Poster Update",
                   public_note="The official poster is out."))

    old = client.get("/articles/poster-reveal/v1/").content.decode()
    new = client.get("/articles/poster-reveal/").content.decode()
    assert url(first, "wide-640.jpeg") in old and url(second, "wide-640.jpeg") not in old
    assert url(second, "wide-640.jpeg") in new


def test_pages_find_renditions_without_opening_the_original(client, story, lead):
    # The original is only read to make renditions; a page never needs it.
    default_storage.delete(lead.file.name)

    response = client.get("/articles/salt-line-season-2/")
    assert response.status_code == 200
    assert url(lead, "wide-960.webp") in response.content.decode()


def test_a_page_makes_missing_renditions_on_the_spot_once(client, settings, make_article,
                                                          publish, editor):
    # No task ran: the upload's renditions are still to make when the page is first asked.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    image = image_create(title="Still", alt_text="A still", by=editor,
                                  file=imagefiles.jpeg(1600, 900))
    article = make_article(slug="fresh", lead_image=image)
    publish(article.latest_version)

    first = client.get("/articles/fresh/").content.decode()
    image.refresh_from_db()
    assert url(image, "wide-1600.webp") in first
    made = dict(image.renditions)

    client.get("/articles/fresh/")
    image.refresh_from_db()
    assert image.renditions == made


def test_a_picture_that_cannot_be_drawn_leaves_the_page_standing(client, settings,
                                                                   make_article, publish,
                                                                   editor, caplog):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    image = image_create(title="Lost", alt_text="A still", by=editor,
                                  file=imagefiles.jpeg(1600, 900))
    article = make_article(slug="lost-file", lead_image=image,
                           body=f"<p>Before.</p><p>[image {image.pk}]</p><p>After.</p>")
    publish(article.latest_version)
    default_storage.delete(image.file.name)  # lost in a bad restore, before any rendition

    response = client.get("/articles/lost-file/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<picture" not in html and "[image" not in html
    assert "<p>Before.</p>\n<p>After.</p>" in html.replace("</p><p>", "</p>\n<p>")
    assert f"Cannot make renditions of image {image.pk}" in caplog.text


@pytest.mark.parametrize("stills, queries", [(0, 9), (1, 10), (3, 10)])
def test_story_page_queries_do_not_grow_with_pictures(client, make_article, publish,
                                                      make_image, stills, queries,
                                                      django_assert_num_queries):
    body = "".join(f"<p>Paragraph.</p><p>[image {make_image().pk}]</p>" for _ in range(stills))
    article = make_article(slug="gallery", lead_image=make_image(), body=body)
    publish(article.latest_version)
    # A story with no shows or topics (so no related stories): 9 queries (the menu's
    # among them, on this first page), the lead image coming with the live version; + 1
    # for the body's pictures when it places any.
    with django_assert_num_queries(queries):
        assert client.get("/articles/gallery/").status_code == 200
