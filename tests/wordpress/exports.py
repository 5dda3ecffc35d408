"""WordPress exports (WXR files) written for tests: the cases the real export lacks.

The real export of a WordPress 6.1 site is /work/shared/fixtures/wordpress/posts.xml. This
module writes files of the same shape for everything else: other WXR versions, other
namespace prefixes, pages and attachments, hostile text, and very large files.

    post = Post(10, "Copper Valley renewed", "copper-valley-renewed",
                categories=[("post_tag", "copper-valley", "Copper Valley")],
                comments=[Comment(100, "Ana Ruiz", "ana@example.org", "Great news!"),
                          Comment(101, "Ben", "ben@example.org", "Agreed.", parent=100)])
    path = write_wxr(tmp_path / "export.xml", [post], authors=[Author(1, "editor")])

Text is written as WordPress writes it: inside CDATA sections, with a "]]>" in the text split
across two of them (see cdata()). Like WordPress, the builder does not escape HTML in names:
a category WordPress stored as "Signal &amp; Noise" is given here as "Signal &amp; Noise".

version="1.0", "1.1" or "1.2" changes the namespace URIs. With "1.0" a post's terms are
also written as WordPress 3.0 wrote them: each twice (once bare, with no domain or
nicename, for older readers), and tags with domain="tag" instead of "post_tag".
prefixes={"wp": "wordpress"} writes <wordpress:post_id>, to show that a reader matches
namespaces by URI, not by prefix.
"""
from __future__ import annotations

import html
import io
import random
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape

VERSIONS = ("1.0", "1.1", "1.2")
DEFAULT_DATE = datetime(2024, 1, 15, 9, 30, tzinfo=UTC)
# WordPress's "no date yet", as on a draft's post_date_gmt.
ZERO_DATE = "0000-00-00 00:00:00"


@dataclass
class Comment:
    id: int
    author: str
    email: str
    body: str
    approved: str = "1"  # "1", "0", "spam", "trash"
    parent: int = 0
    date_gmt: datetime = DEFAULT_DATE
    ip: str = ""
    url: str = ""
    user_id: int = 0
    type: str = "comment"  # WordPress 5.5 and later; older sites write "", or "pingback"
    meta: dict[str, str] = field(default_factory=dict)


@dataclass
class Post:
    id: int
    title: str
    slug: str
    status: str = "publish"
    post_type: str = "post"
    date_gmt: datetime | None = DEFAULT_DATE  # None: a draft WordPress never dated
    content: str = ""
    excerpt: str = ""
    creator: str = "editor"
    categories: list[tuple[str, str, str]] = field(default_factory=list)  # (domain, nicename, name)
    meta: dict[str, str] = field(default_factory=dict)
    comments: list[Comment] = field(default_factory=list)
    link: str | None = None  # None: a permalink made from the site, date and slug
    parent: int = 0
    attachment_url: str = ""
    date: datetime | None = None  # the site's local time; None: the same as date_gmt


@dataclass
class Author:
    id: int
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass
class Term:
    """A category, tag or other term in the export's head (a full export lists them all)."""

    domain: str  # "category", "post_tag", or another taxonomy
    slug: str
    name: str
    parent: str = ""  # the parent's slug


def cdata(text: str) -> str:
    """Text in a CDATA section, with any "]]>" split over two sections as WordPress does."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def namespaces(version: str = "1.2") -> dict[str, str]:
    """The namespace URIs of a WXR version, by their usual prefix."""
    if version not in VERSIONS:
        raise ValueError(f"WXR version must be one of {', '.join(VERSIONS)}, not {version!r}.")
    return {
        "excerpt": f"http://wordpress.org/export/{version}/excerpt/",
        "content": "http://purl.org/rss/1.0/modules/content/",
        "wfw": "http://wellformedweb.org/CommentAPI/",
        "dc": "http://purl.org/dc/elements/1.1/",
        "wp": f"http://wordpress.org/export/{version}/",
    }


def wxr(posts: Iterable[Post], *, authors: Sequence[Author] = (), terms: Sequence[Term] = (),
        site: str = "http://old.example", version: str = "1.2", title: str = "Old Site",
        prefixes: Mapping[str, str] | None = None) -> str:
    """A whole export as text."""
    out = io.StringIO()
    _write(out.write, posts, authors=authors, terms=terms, site=site, version=version,
           title=title, prefixes=prefixes)
    return out.getvalue()


def write_wxr(path: Path | str, posts: Iterable[Post], **options) -> Path:
    """wxr() into a UTF-8 file; the posts are written one by one as they come."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="\n") as file:
        _write(file.write, posts, **options)
    return path


def _write(write: Callable[[str], object], posts: Iterable[Post], *,
           authors: Sequence[Author] = (), terms: Sequence[Term] = (),
           site: str = "http://old.example", version: str = "1.2", title: str = "Old Site",
           prefixes: Mapping[str, str] | None = None) -> None:
    uris = namespaces(version)
    names = {prefix: (prefixes or {}).get(prefix, prefix) for prefix in uris}
    if len(set(names.values())) != len(names):
        raise ValueError(f"Two namespaces would share a prefix: {names}")
    wp = names["wp"]
    site = site.rstrip("/")
    write('<?xml version="1.0" encoding="UTF-8" ?>\n'
          "<!-- A WordPress eXtended RSS file, written by tests/wordpress/exports.py. -->\n"
          '<rss version="2.0"\n')
    write("".join(f'\txmlns:{names[prefix]}="{uri}"\n' for prefix, uri in uris.items()))
    write(">\n\n<channel>\n"
          f"\t<title>{escape(title)}</title>\n"
          f"\t<link>{escape(site)}</link>\n"
          "\t<description>Exported for a test</description>\n"
          f"\t<pubDate>{_rfc2822(DEFAULT_DATE)}</pubDate>\n"
          "\t<language>en-US</language>\n"
          f"\t<{wp}:wxr_version>{version}</{wp}:wxr_version>\n"
          f"\t<{wp}:base_site_url>{escape(site)}</{wp}:base_site_url>\n"
          f"\t<{wp}:base_blog_url>{escape(site)}</{wp}:base_blog_url>\n\n")
    for author in authors:
        write(_author(author, wp))
    for term_id, term in enumerate(terms, start=1):
        write(_term(term, term_id, wp))
    write("\n\t<generator>https://wordpress.org/?v=6.1.9</generator>\n\n")
    for post in posts:
        write(_item(post, names, site, legacy_terms=version == "1.0"))
    write("</channel>\n</rss>\n")


def _author(author: Author, wp: str) -> str:
    return (f"\t<{wp}:author><{wp}:author_id>{author.id}</{wp}:author_id>"
            + _cdata_element(wp, "author_login", author.login)
            + _cdata_element(wp, "author_email", author.email)
            + _cdata_element(wp, "author_display_name", author.display_name or author.login)
            + _cdata_element(wp, "author_first_name", author.first_name)
            + _cdata_element(wp, "author_last_name", author.last_name)
            + f"</{wp}:author>\n")


def _term(term: Term, term_id: int, wp: str) -> str:
    if term.domain == "category":
        return (f"\t<{wp}:category><{wp}:term_id>{term_id}</{wp}:term_id>"
                + _cdata_element(wp, "category_nicename", term.slug)
                + _cdata_element(wp, "category_parent", term.parent)
                + _cdata_element(wp, "cat_name", term.name)
                + f"</{wp}:category>\n")
    if term.domain == "post_tag":
        return (f"\t<{wp}:tag><{wp}:term_id>{term_id}</{wp}:term_id>"
                + _cdata_element(wp, "tag_slug", term.slug)
                + _cdata_element(wp, "tag_name", term.name)
                + f"</{wp}:tag>\n")
    return (f"\t<{wp}:term><{wp}:term_id>{term_id}</{wp}:term_id>"
            + _cdata_element(wp, "term_taxonomy", term.domain)
            + _cdata_element(wp, "term_slug", term.slug)
            + _cdata_element(wp, "term_parent", term.parent)
            + _cdata_element(wp, "term_name", term.name)
            + f"</{wp}:term>\n")


def _item(post: Post, names: Mapping[str, str], site: str, *, legacy_terms: bool) -> str:
    wp = names["wp"]
    local = post.date or post.date_gmt or DEFAULT_DATE
    link = post.link
    if link is None:
        link = (f"{site}/{local:%Y/%m}/{post.slug}/" if post.slug and post.status == "publish"
                else f"{site}/?p={post.id}")
    parts = [
        "\t<item>\n",
        f"\t\t<title>{cdata(post.title)}</title>\n",
        f"\t\t<link>{escape(link)}</link>\n",
        f"\t\t<pubDate>{_rfc2822(post.date_gmt or local)}</pubDate>\n",
        f"\t\t<{names['dc']}:creator>{cdata(post.creator)}</{names['dc']}:creator>\n",
        f'\t\t<guid isPermaLink="false">{escape(site)}/?p={post.id}</guid>\n',
        "\t\t<description></description>\n",
        f"\t\t<{names['content']}:encoded>{cdata(post.content)}</{names['content']}:encoded>\n",
        f"\t\t<{names['excerpt']}:encoded>{cdata(post.excerpt)}</{names['excerpt']}:encoded>\n",
        f"\t\t<{wp}:post_id>{post.id}</{wp}:post_id>\n",
        "\t\t" + _cdata_element(wp, "post_date", _mysql(local)) + "\n",
        "\t\t" + _cdata_element(wp, "post_date_gmt", _mysql(post.date_gmt)) + "\n",
        "\t\t" + _cdata_element(wp, "post_modified", _mysql(local)) + "\n",
        "\t\t" + _cdata_element(wp, "post_modified_gmt", _mysql(post.date_gmt)) + "\n",
        "\t\t" + _cdata_element(wp, "comment_status", "open") + "\n",
        "\t\t" + _cdata_element(wp, "ping_status", "open") + "\n",
        "\t\t" + _cdata_element(wp, "post_name", post.slug) + "\n",
        "\t\t" + _cdata_element(wp, "status", post.status) + "\n",
        f"\t\t<{wp}:post_parent>{post.parent}</{wp}:post_parent>\n",
        f"\t\t<{wp}:menu_order>0</{wp}:menu_order>\n",
        "\t\t" + _cdata_element(wp, "post_type", post.post_type) + "\n",
        "\t\t" + _cdata_element(wp, "post_password", "") + "\n",
        f"\t\t<{wp}:is_sticky>0</{wp}:is_sticky>\n",
    ]
    if post.attachment_url:
        parts.append("\t\t" + _cdata_element(wp, "attachment_url", post.attachment_url) + "\n")
    for domain, nicename, name in post.categories:
        if legacy_terms:
            parts.append(f"\t\t<category>{cdata(name)}</category>\n")
            domain = "tag" if domain == "post_tag" else domain
        parts.append(f'\t\t<category domain="{_attribute(domain)}" '
                     f'nicename="{_attribute(nicename)}">{cdata(name)}</category>\n')
    for key, value in post.meta.items():
        parts.append(_meta("postmeta", key, value, wp))
    for comment in post.comments:
        parts.append(_comment(comment, wp))
    parts.append("\t</item>\n")
    return "".join(parts)


def _comment(comment: Comment, wp: str) -> str:
    date = _mysql(comment.date_gmt)
    return "".join([
        f"\t\t<{wp}:comment>\n",
        f"\t\t\t<{wp}:comment_id>{comment.id}</{wp}:comment_id>\n",
        "\t\t\t" + _cdata_element(wp, "comment_author", comment.author) + "\n",
        "\t\t\t" + _cdata_element(wp, "comment_author_email", comment.email) + "\n",
        f"\t\t\t<{wp}:comment_author_url>{escape(comment.url)}</{wp}:comment_author_url>\n",
        "\t\t\t" + _cdata_element(wp, "comment_author_IP", comment.ip) + "\n",
        "\t\t\t" + _cdata_element(wp, "comment_date", date) + "\n",
        "\t\t\t" + _cdata_element(wp, "comment_date_gmt", date) + "\n",
        "\t\t\t" + _cdata_element(wp, "comment_content", comment.body) + "\n",
        "\t\t\t" + _cdata_element(wp, "comment_approved", comment.approved) + "\n",
        "\t\t\t" + _cdata_element(wp, "comment_type", comment.type) + "\n",
        f"\t\t\t<{wp}:comment_parent>{comment.parent}</{wp}:comment_parent>\n",
        f"\t\t\t<{wp}:comment_user_id>{comment.user_id}</{wp}:comment_user_id>\n",
        *(_meta("commentmeta", key, value, wp) for key, value in comment.meta.items()),
        f"\t\t</{wp}:comment>\n",
    ])


def _meta(kind: str, key: str, value: str, wp: str) -> str:
    return (f"\t\t<{wp}:{kind}>" + _cdata_element(wp, "meta_key", key)
            + _cdata_element(wp, "meta_value", value) + f"</{wp}:{kind}>\n")


def _cdata_element(prefix: str, name: str, text: str) -> str:
    return f"<{prefix}:{name}>{cdata(text)}</{prefix}:{name}>"


def _attribute(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def _mysql(moment: datetime | None) -> str:
    return ZERO_DATE if moment is None else moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")


def _rfc2822(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


# --- Large generated exports -----------------------------------------------------------

SHOWS = ["Copper Valley", "The Glass Orchard", "Signal &amp; Noise", "Harbour Lights",
         "Midwinter", "The Lantern Keepers", "Old Flame", "서울의 밤", "Café Lumière",
         "North of Nowhere", "Salt Road", "The Quiet Year"]
FIRST_NAMES = ["Ana", "Ben", "Chidi", "Dana", "Élodie", "Farah", "Gus", "Hannah", "Ines",
               "Jonas", "Kemal", "Lena", "Minjun", "Noor", "Oskar", "Priya", "Quinn", "Rosa",
               "Sven", "Tomás", "Uma", "Viktor", "Wen", "Yusuf", "Zoë"]
LAST_NAMES = ["Alvarez", "Brennan", "Costa", "Dubois", "Eriksen", "Fischer", "Gallagher",
              "Haddad", "Ivanova", "Jensen", "Kowalski", "Lindqvist", "Moreau", "Nakamura",
              "O'Neill", "Petrov", "Rahman", "Santos", "Tanaka", "Umarov", "Varga", "Weber"]
NICKNAMES = ["couchcritic", "bingewatcher", "tvfan_88", "plot_hole", "s3_e4", "remote_ctrl",
             "late-night-viewer", "SpoilerFree", "the_recap"]
# Sentences readers write under a story about a series; a body is several of them.
SENTENCES = [
    "I binged the whole first season in two evenings and still wanted more.",
    "The finale left so many threads open that a renewal was the only fair outcome.",
    "Honestly the middle episodes dragged, but the last two made up for it.",
    "Does anyone know whether the original cast has signed on for the new episodes?",
    "The score is the best thing about this show, I keep it on while I work.",
    "Please do not spoil the ending here, some of us are still catching up.",
    "I read the novel years ago and the adaptation is surprisingly faithful.",
    "My guess is that filming wraps in spring and it lands next autumn.",
    "Who else thinks the younger sister deserves her own spin-off by now?",
    "The dubbed version changed a few jokes, the subtitles are much better.",
    "It is strange that the platform has not published any viewing figures yet.",
    "That cliffhanger was cruel. Eighteen months is a long time to wait.",
    "I gave up after episode three, is it worth going back to it?",
    "Yes, stick with it: the fourth episode is where everything clicks.",
    "The cinematography in the harbour scenes was something else entirely.",
    "Not sure about the new showrunner, the last series they ran fell apart.",
    "Great write-up, thanks for keeping track of all the release dates.",
    "Small correction: the trailer was shown at the festival, not online.",
    "We watched it as a family and even my teenagers put their phones down.",
    "Ten episodes would be plenty, the last season felt padded at twelve.",
    "Le doublage français est vraiment réussi, bravo à l'équipe !",
    "이번 시즌 정말 기대돼요, 빨리 나왔으면 좋겠어요.",
    "Five stars from me 🙂 can't wait for the next one.",
    "The episode titles are all lines from old songs, did anyone else notice?",
    "Fingers crossed it keeps the same writers, they clearly have a plan.",
]
# A few bodies carry the markup readers type, and WordPress keeps, in comments.
DECORATIONS = [
    ' More at <a href="https://example.org/review" rel="nofollow ugc">my review</a>.',
    " <b>Loved it</b> &amp; will rewatch.",
    " <em>Best show of the year</em>, no contest.",
    ' Quote from the trailer: "nothing stays buried" ]]&gt; and then it cuts to black.',
]
# Out of 100 comments: approved, held, spam, trash (WordPress's comment_approved values).
STATUS_WEIGHTS = {"1": 80, "0": 10, "spam": 7, "trash": 3}
# Comments written by the site's own staff, as WordPress users.
STAFF = [Author(1, "editor", "editor@old.example", "Editor"),
         Author(2, "zpark", "zoe.park@old.example", "Zoë Park", "Zoë", "Park")]


def write_big_wxr(path: Path | str, *, posts: int, comments_per_post: int, seed: int = 8,
                  body_chars: int = 300, site: str = "http://old.example",
                  version: str = "1.2", prefixes: Mapping[str, str] | None = None) -> Path:
    """A generated export of `posts` posts with `comments_per_post` comments each.

    Written to the file one post at a time, never held in memory, so it can be as large as
    the disk allows (100 posts of 1,000 comments is about 110 MB). The same arguments make
    the same file. About a third of the comments are replies, some several levels deep;
    their statuses follow STATUS_WEIGHTS; bodies are about `body_chars` characters long.
    """
    random_ = random.Random(seed)
    terms = [Term("category", "tv", "TV"), Term("category", "news", "News")] + [
        Term("post_tag", _slugify(show), show) for show in SHOWS]
    return write_wxr(path, _generated_posts(random_, posts, comments_per_post, body_chars, site),
                     authors=STAFF, terms=terms, site=site, version=version,
                     title="Generated Site", prefixes=prefixes)


def _generated_posts(random_: random.Random, count: int, comments_per_post: int,
                     body_chars: int, site: str) -> Iterator[Post]:
    comment_id = 1000
    readers = _readers(random_, 400)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    for number in range(count):
        show = SHOWS[number % len(SHOWS)]
        season = 1 + number // len(SHOWS)
        published = DEFAULT_DATE + timedelta(hours=7 * number)
        post = Post(
            id=100 + number, title=f"{show} season {season}: what we know so far",
            slug=f"{_slugify(show)}-season-{season}-what-we-know", date_gmt=published,
            creator=STAFF[number % len(STAFF)].login,
            content=_post_body(random_, show),
            excerpt=f"Everything announced so far about season {season}.",
            categories=[("category", "tv", "TV"), ("category", "news", "News"),
                        ("post_tag", _slugify(show), show)])
        moment = published
        ids: list[int] = []
        for _ in range(comments_per_post):
            comment_id += 1
            moment += timedelta(seconds=random_.randint(20, 900))
            status = random_.choices(statuses, weights)[0]
            parent = 0
            if ids and random_.random() < 0.35:
                # Mostly answers to recent comments, so threads grow several levels deep.
                parent = random_.choice(ids[-12:])
            if random_.random() < 0.03:
                staff = random_.choice(STAFF)
                name, email, url, user_id = staff.display_name, staff.email, site, staff.id
            else:
                name, email, url = random_.choice(readers)
                user_id = 0
            comment = Comment(
                id=comment_id, author=name, email=email, url=url, user_id=user_id,
                body=_comment_body(random_, body_chars), approved=status, parent=parent,
                date_gmt=moment, ip=_ip(random_))
            if status == "trash":
                comment.meta = {"_wp_trash_meta_status": "1",
                                "_wp_trash_meta_time": str(int(moment.timestamp()) + 3600)}
            post.comments.append(comment)
            ids.append(comment_id)
        yield post


def _readers(random_: random.Random, count: int) -> list[tuple[str, str, str]]:
    """(name, email, url) of the site's readers: some by full name, some by nickname."""
    readers = []
    for number in range(count):
        if random_.random() < 0.25:
            name = random_.choice(NICKNAMES) + str(number)
        else:
            name = f"{random_.choice(FIRST_NAMES)} {random_.choice(LAST_NAMES)}"
        local = "".join(character for character in name.lower() if character.isascii()
                        and character.isalnum()) or "reader"
        email = f"{local}.{number}@example.{random_.choice(['com', 'net', 'org'])}"
        url = f"https://example.org/{local}" if random_.random() < 0.2 else ""
        readers.append((name, email, url))
    return readers


def _comment_body(random_: random.Random, length: int) -> str:
    sentences: list[str] = []
    while sum(len(sentence) + 1 for sentence in sentences) < length:
        sentences.append(random_.choice(SENTENCES))
    body = " ".join(sentences)
    if random_.random() < 0.1:
        body += random_.choice(DECORATIONS)
    if random_.random() < 0.2:
        body = body.replace(". ", ".\n\n", 1)  # a second paragraph
    return body


def _post_body(random_: random.Random, show: str) -> str:
    blocks = [f"<!-- wp:paragraph -->\n<p>{show} is coming back. "
              + " ".join(random_.sample(SENTENCES, 3)) + "</p>\n<!-- /wp:paragraph -->"
              for _ in range(4)]
    if random_.random() < 0.2:
        # An embed whose script ends its own CDATA: the export must split it in two.
        blocks.append("<!-- wp:html -->\n<script>\n/* <![CDATA[ */\nvar embed = {};\n"
                      "/* ]]> */\n</script>\n<!-- /wp:html -->")
    return "\n\n".join(blocks)


def _ip(random_: random.Random) -> str:
    if random_.random() < 0.2:
        return f"2001:db8::{random_.randint(1, 0xffff):x}"
    network = random_.choice(["192.0.2", "198.51.100", "203.0.113"])
    return f"{network}.{random_.randint(1, 254)}"


def _slugify(name: str) -> str:
    """A slug as WordPress stores it: non-ASCII letters percent-encoded in lower case."""
    words = "".join(character if character.isalnum() else " "
                    for character in html.unescape(name).lower())
    return quote("-".join(words.split()), safe="-").lower()
