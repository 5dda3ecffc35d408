"""Demo desk content for Newsdesk: sections, authors, shows and versioned stories, all fictional and written for Newsdesk.

Each show lists its current tracker facts and, under "initial", the facts it had before any
demo story reported on it. A story version's "reports" dict is the tracker report it carries
(which show, and the facts it states); publishing the versions in date order walks every
show from its initial facts to its current ones. Dates in stories are relative to the day
the demo is seeded; release dates are absolute, written for a desk working in late 2026.

Pictures are described here and painted by articles.demo.pictures: a title card leading each
story, a poster for each show (POSTERS), and the stills (STILLS) that story bodies place
through PICTURE_PLACEHOLDER. Every description says what the picture shows, for its alt text.
"""
from __future__ import annotations

import re
from datetime import date

__all__ = ["SECTIONS", "AUTHORS", "SHOWS", "STORIES", "MOTIFS", "POSTERS", "STILLS",
           "PICTURE_PLACEHOLDER"]


# ---------------------------------------------------------------------------
# Small pure helpers (string building only).
# ---------------------------------------------------------------------------


def _p(*sentences):
    return "<p>" + " ".join(sentences) + "</p>"


def _h2(text):
    return "<h2>" + text + "</h2>"


def _h3(text):
    return "<h3>" + text + "</h3>"


def _ul(*items):
    return "<ul>" + "".join("<li>" + item + "</li>" for item in items) + "</ul>"


def _quote(text):
    return "<blockquote>" + text + "</blockquote>"


def _art(slug, text):
    """Relative link to another demo story."""
    return '<a href="/articles/' + slug + '/">' + text + "</a>"


def _ext(path, text):
    """Link to a placeholder external page."""
    return '<a href="https://www.example.com/' + path + '">' + text + "</a>"


def _body(*parts):
    return "".join(parts)


def _fix(text, old, new):
    """Return text with one exact fragment replaced (used for corrections and minor fixes)."""
    if old not in text:
        raise ValueError("fragment not found: " + old)
    return text.replace(old, new, 1)


def _version(kind, days, headline, standfirst, body, label="", note="", seo_title="", seo_description="",
             reports=None, shows=None):
    """One saved version. `reports` is its tracker report ({"show": slug, fact: value, ...});
    `shows` changes the story's shows from this version on."""
    version = {
        "kind": kind,
        "days_after_first": float(days),
        "label": label,
        "note": note,
        "headline": headline,
        "standfirst": standfirst,
        "body": body,
        "seo_title": seo_title,
        "seo_description": seo_description,
        "reports": reports,
    }
    if shows is not None:
        version["shows"] = list(shows)
    return version


def _reports(show, **facts):
    return {"show": show, **facts}


def _look(colors, words, motif, typeface="sans"):
    """How every picture about one show looks: its two colors (a dark ground and an accent),
    those colors in words for alt text, the motif drawn on its cards and poster, and the
    typeface of its poster ("sans" or "serif")."""
    return {"colors": tuple(colors), "words": words, "motifs": [motif], "typeface": typeface}


# What each motif looks like once painted, for alt text (articles.demo.motifs paints them).
MOTIFS = {
    "ferry": "a small ferry crossing the sea toward an island under a low sun",
    "volcano": "a volcano pouring lava under a floating gold crown",
    "ledger": "an open account book with one figure circled in red",
    "pharmacy": "a crescent moon over a shop with a glowing green cross",
    "station": "a wheel-shaped space station over a ringed planet",
    "stage": "a stage between curtains, a spotlight on a gold star",
    "lanterns": "three glowing lanterns hanging under a canal bridge",
    "bell": "a ringing bell above dark waves",
}


def _and(items):
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _image(title, look, caption, motifs=None, credit="Newsdesk illustration"):
    """A story's lead picture: a title card with the story's title beside its show's motif
    (or `motifs`, one round medallion each, for a story about several shows)."""
    motifs = list(motifs or look["motifs"])
    drawn = (MOTIFS[motifs[0]] if len(motifs) == 1
             else "round medallions showing " + _and(MOTIFS[motif] for motif in motifs))
    return {
        "kind": "card",
        "title": title,
        "alt": (
            "Title card with the words \u201c" + title + "\u201d in large white lettering on "
            + look["words"] + ", beside " + drawn + "."
        ),
        "caption": caption,
        "credit": credit,
        "colors": list(look["colors"]),
        "motifs": motifs,
    }


def _story(slug, sections, authors, shows, versions, image, state="published", days_ago=None, publish_in_hours=None,
           topics=()):
    """`shows` are slugs (the story's shows in its latest version); the story's topics are its
    shows' topics plus `topics`."""
    return {
        "slug": slug,
        "sections": list(sections),
        "authors": list(authors),
        "shows": list(shows),
        "topics": list(topics),
        "state": state,
        "first_published_days_ago": days_ago,
        "publish_in_hours": publish_in_hours,
        "image": image,
        "versions": list(versions),
    }


# One look per show, so every picture about a show shares its colors and motif.
_SALT = _look(("#1d3557", "#e63946"), "navy blue and red", "ferry")
_ASH = _look(("#3d0c02", "#f77f00"), "dark maroon and orange", "volcano", "serif")
_LEDGER = _look(("#2b2d42", "#8d99ae"), "charcoal and slate gray", "ledger", "serif")
_MOON = _look(("#0b3d2e", "#7ae582"), "deep green and mint green", "pharmacy")
_ORBIT = _look(("#0d1b2a", "#ffd166"), "midnight blue and amber", "station")
_UNDER = _look(("#5a189a", "#ffb703"), "purple and gold", "stage")
_KESH = _look(("#14213d", "#fca311"), "navy and lantern amber", "lanterns", "serif")
_BELL = _look(("#264653", "#e9c46a"), "teal and sand yellow", "bell", "serif")
# Stories about several shows.
_FANTASY_2027 = _look(("#3c096c", "#f77f00"), "deep violet and orange", "volcano")
_SEASIDE = _look(("#12355b", "#7ae582"), "sea blue and mint green", "ferry")


# ---------------------------------------------------------------------------
# Sections, authors, shows
# ---------------------------------------------------------------------------

SECTIONS = [
    {
        "name": "TV News",
        "slug": "tv-news",
        "description": "Renewals, cancellations, trailers and the rest of the day's television news.",
    },
    {
        "name": "Release Dates",
        "slug": "release-dates",
        "description": "Trackers that follow a show from renewal to premiere night, updated whenever anything changes.",
    },
    {
        "name": "Casting",
        "slug": "casting",
        "description": "Who has joined, who is coming back and who has quietly left the shows we follow.",
    },
    {
        "name": "Features",
        "slug": "features",
        "description": "Reviews, explainers and roundups for when you want more than the headline.",
    },
]

AUTHORS = [
    {
        "username": "mara",
        "first_name": "Mara",
        "last_name": "Okafor",
        "email": "mara@newsdesk.example",
        "bio": (
            "Mara runs the release-date desk and has tracked more premiere windows than she cares to count. "
            "She covers Korean and British drama."
        ),
    },
    {
        "username": "theo",
        "first_name": "Theo",
        "last_name": "Lindqvist",
        "email": "theo@newsdesk.example",
        "bio": "Theo writes about casting, trailers and the business of streaming, and watches every teaser frame by frame so you don't have to.",
    },
    {
        "username": "priya",
        "first_name": "Priya",
        "last_name": "Raman",
        "email": "priya@newsdesk.example",
        "bio": "Priya is Newsdesk's television critic. She reviews genre shows and writes the explainers you need after a finale.",
    },
]

# Current facts at the top level, the facts before any demo story reported on the show under
# "initial". A window's release_date is its earliest day (lists sort by it); an exact date has
# no window. last_confirmed_days_ago: when the newest published report on the show went live.
SHOWS = [
    {
        "name": "The Salt Line",
        "slug": "the-salt-line",
        "look": _SALT,
        "tagline": "Nothing leaves the island. Not even the salt.",
        "platform": "Netflix",
        "country": "South Korea",
        "genre": "Thriller",
        "synopsis": (
            "When a fever sweeps through the salt farms of a small island off the southern coast, the sick stop "
            "sleeping, stop speaking and start hunting. Coast guard officer Kang Do-yun and salt merchant's daughter "
            "Bae Soo-ah must get a ferry full of survivors across the quarantine line before the mainland gives up on the island."
        ),
        "status": "filming",
        "season": 2,
        "release_date": date(2027, 9, 1),
        "release_window": "late 2027",
        "last_confirmed_days_ago": 45,
        "official_url": "https://www.example.com/shows/the-salt-line",
        "initial": {
            "status": "released",
            "season": 1,
            "release_date": date(2025, 10, 17),
            "release_window": "",
            "platform": "Netflix",
        },
        "topics": ["Zombie", "KDrama"],
    },
    {
        "name": "Ashfall Crown",
        "slug": "ashfall-crown",
        "look": _ASH,
        "tagline": "The mountain has chosen its queen.",
        "platform": "Max",
        "country": "United States",
        "genre": "Fantasy",
        "synopsis": (
            "In a kingdom built on the slopes of a waking volcano, exiled heir Ysolde Varr returns to claim a throne "
            "her uncle has sold to a fire-worshipping priesthood. Season 1 ended with the mountain erupting and the "
            "capital, Emberhold, split in two."
        ),
        "status": "post_production",
        "season": 2,
        "release_date": date(2027, 3, 1),
        "release_window": "spring 2027",
        "last_confirmed_days_ago": 40,
        "official_url": "https://www.example.com/shows/ashfall-crown",
        "initial": {
            "status": "renewed",
            "season": 2,
            "release_date": None,
            "release_window": "",
            "platform": "Max",
        },
        "topics": ["Epic Fantasy", "Dragons"],
    },
    {
        "name": "The Quiet Ledger",
        "slug": "the-quiet-ledger",
        "look": _LEDGER,
        "tagline": "Every murder leaves a paper trail.",
        "platform": "BBC One",
        "country": "United Kingdom",
        "genre": "Crime",
        "synopsis": (
            "Forensic accountant Nell Ashworth solves murders in a West Yorkshire town by reading bank statements "
            "more carefully than anyone else will. Each season is one case told over six Sunday-night episodes."
        ),
        "status": "released",
        "season": 3,
        "release_date": date(2026, 10, 25),
        "release_window": "",
        "last_confirmed_days_ago": 27,
        "official_url": "https://www.example.com/shows/the-quiet-ledger",
        "initial": {
            "status": "released",
            "season": 2,
            "release_date": date(2025, 10, 19),
            "release_window": "",
            "platform": "BBC One",
        },
        "topics": ["British Crime", "Detective"],
    },
    {
        "name": "Moonlit Pharmacy",
        "slug": "moonlit-pharmacy",
        "look": _MOON,
        "tagline": "Open all night, for whoever needs it.",
        "platform": "tvN",
        "country": "South Korea",
        "genre": "Romantic comedy",
        "synopsis": (
            "A burned-out Seoul pharmacist inherits her grandmother's 24-hour pharmacy in a seaside town and clashes "
            "with its most persistent night-shift customer, a sleepless webtoon artist who seems to know why the shop never closes."
        ),
        "status": "release_date_set",
        "season": 1,
        "release_date": date(2027, 1, 9),
        "release_window": "",
        "last_confirmed_days_ago": 2,
        "official_url": "https://www.example.com/shows/moonlit-pharmacy",
        "initial": {
            "status": "announced",
            "season": 1,
            "release_date": None,
            "release_window": "",
            "platform": "tvN",
        },
        "topics": ["KDrama", "Romance"],
    },
    {
        "name": "Orbital Debt",
        "slug": "orbital-debt",
        "look": _ORBIT,
        "tagline": "Salvage now. Pay later. With interest.",
        "platform": "Apple TV+",
        "country": "United States",
        "genre": "Science fiction",
        "synopsis": (
            "A salvage crew whose ship technically belongs to a bank stumbles onto a derelict station that could pay "
            "off everything they owe. The station's former owners would rather it stayed lost. Part heist, part "
            "workplace drama, with interest compounding daily."
        ),
        "status": "renewed",
        "season": 2,
        "release_date": date(2028, 1, 1),
        "release_window": "2028",
        "last_confirmed_days_ago": 34,
        "official_url": "https://www.example.com/shows/orbital-debt",
        "initial": {
            "status": "post_production",
            "season": 1,
            "release_date": None,
            "release_window": "",
            "platform": "Apple TV+",
        },
        "topics": ["Space", "Heist"],
    },
    {
        "name": "The Understudies",
        "slug": "the-understudies",
        "look": _UNDER,
        "tagline": "Always ready. Never on.",
        "platform": "Hulu",
        "country": "United States",
        "genre": "Comedy",
        "synopsis": (
            "Five understudies at a fading Chicago theater spend every night waiting for a lead to fall ill, and "
            "occasionally help one along. A backstage ensemble comedy about ambition, bad wigs and worse coffee."
        ),
        "status": "cancelled",
        "season": 2,
        "release_date": date(2026, 7, 3),
        "release_window": "",
        "last_confirmed_days_ago": 34,
        "official_url": "https://www.example.com/shows/the-understudies",
        "initial": {
            "status": "release_date_set",
            "season": 2,
            "release_date": date(2026, 7, 3),
            "release_window": "",
            "platform": "Hulu",
        },
        "topics": ["Ensemble Comedy", "Theater"],
    },
    {
        "name": "Lanterns of Kesh",
        "slug": "lanterns-of-kesh",
        "look": _KESH,
        "tagline": "Keep the lights burning.",
        "platform": "Disney+",
        "country": "United Kingdom",
        "genre": "Fantasy",
        "synopsis": (
            "In the canal city of Kesh, lamplighter's apprentice Wren Otterby discovers that the lanterns she tends each "
            "night are keeping something asleep beneath the water. A family fantasy adapted from Hollis Greave's novels."
        ),
        "status": "filming",
        "season": 1,
        "release_date": date(2027, 9, 1),
        "release_window": "late 2027",
        "last_confirmed_days_ago": 30,
        "official_url": "https://www.example.com/shows/lanterns-of-kesh",
        "initial": {
            "status": "announced",
            "season": 1,
            "release_date": None,
            "release_window": "",
            "platform": "Disney+",
        },
        "topics": ["Fantasy", "Book Adaptation", "Family"],
    },
    {
        "name": "The Ninth Bell",
        "slug": "the-ninth-bell",
        "look": _BELL,
        "tagline": "Eight bells ring for the village. The ninth rings for the sea.",
        "platform": "Prime Video",
        "country": "Spain",
        "genre": "Fantasy",
        "synopsis": (
            "The church in a Galician fishing village has eight bells and a legend about a ninth that rings only when the "
            "sea wants something back. When it rings during a wedding, a marine biologist comes home to find out who, or what, pulled the rope."
        ),
        "status": "announced",
        "season": 1,
        "release_date": date(2027, 9, 1),
        "release_window": "late 2027",
        "last_confirmed_days_ago": 18,
        "official_url": "https://www.example.com/shows/the-ninth-bell",
        "initial": {
            "status": "announced",
            "season": 1,
            "release_date": None,
            "release_window": "",
            "platform": "",
        },
        "topics": ["Fantasy", "Folk Horror"],
    },
]


# ---------------------------------------------------------------------------
# Pictures: show posters and the stills that story bodies place
# ---------------------------------------------------------------------------


def _poster(show):
    look = show["look"]
    motif = look["motifs"][0]
    return {
        "kind": "poster",
        "title": show["name"] + " poster",
        "alt": (
            show["genre"] + " poster for " + show["name"] + " in " + look["words"] + ": " + MOTIFS[motif]
            + ", the title in large capitals, the line \u201c" + show["tagline"] + "\u201d and "
            + show["platform"] + " at the foot."
        ),
        "caption": "Poster art for " + show["name"] + " (" + show["platform"] + ").",
        "credit": "Newsdesk illustration",
        "colors": list(look["colors"]),
        "motifs": [motif],
        "typeface": look["typeface"],
        "name": show["name"],
        "genre": show["genre"],
        "tagline": show["tagline"],
        "platform": show["platform"],
    }


POSTERS = {show["slug"]: _poster(show) for show in SHOWS}


def _scene(title, scene, look, tag, alt, caption, labels=()):
    """A still painted as a scene (see articles.demo.scenes); `tag` is the small label in its
    corner; `labels` are (actor, role, height) for a cast line-up, height from 0 to 1."""
    return {
        "kind": "still",
        "title": title,
        "scene": scene,
        "tag": tag,
        "alt": alt,
        "caption": caption,
        "credit": "Newsdesk illustration",
        "colors": list(look["colors"]),
        "labels": [list(label) for label in labels],
    }


def _lineup(title, look, tag, labels, caption):
    people = _and(actor + " (" + role + ")" for actor, role, _ in labels)
    return _scene(
        title, "lineup", look, tag,
        "Cast line-up illustration on " + look["words"] + ": silhouettes of different heights above name "
        "cards for " + people + ".",
        caption, labels,
    )


STILLS = {
    "salt-ferry-adrift": _scene(
        "The Salt Line: the empty ferry drifts back", "ferry-adrift", _SALT, "THE SALT LINE \u00b7 SCENE STILL",
        "Illustration of an empty ferry with its lights out drifting across a dark sea at dusk, heading back "
        "toward the black outline of an island under a red setting sun.",
        "Mr. Ma's ferry drifts back toward the island in the season 1 finale.",
    ),
    "salt-warehouse": _scene(
        "The Salt Line: sacks in the mainland warehouse", "salt-sacks", _SALT, "THE SALT LINE \u00b7 SCENE STILL",
        "Illustration of a dim warehouse stacked with pale sacks, each stamped with a round red seal, lit by one "
        "open doorway on the right.",
        "The final shot: island salt, already on the mainland.",
    ),
    "ashfall-wing": _scene(
        "Ashfall Crown: a wing across the moon", "wing-over-moon", _ASH, "ASHFALL CROWN \u00b7 TEASER STILL",
        "Illustration of a huge pale moon above a monastery on a mountain ridge at night, with the black outline "
        "of an enormous wing crossing its face and embers rising from below.",
        "The half-second everyone paused on: a wing across the moon above the monastery.",
    ),
    "moonlit-counter": _scene(
        "Moonlit Pharmacy: Da-eun behind the counter", "pharmacy-counter", _MOON,
        "MOONLIT PHARMACY \u00b7 FIRST-LOOK STILL",
        "Illustration of a pharmacist in an oversized cardigan standing behind a shop counter at night, shelves "
        "of small medicine boxes behind her and a green cross sign glowing on the wall.",
        "Da-eun behind the counter of her grandmother's pharmacy.",
    ),
    "moonlit-rain": _scene(
        "Moonlit Pharmacy: the cross at the end of the street", "rain-street", _MOON,
        "MOONLIT PHARMACY \u00b7 FIRST-LOOK STILL",
        "Illustration of a narrow street at night in heavy rain, lit shop windows on both sides and a green "
        "pharmacy cross glowing at the far end, its light reflected on the wet road.",
        "The pharmacy's cross, the only light still on in Haewol.",
    ),
    "moonlit-lineup": _lineup(
        "Moonlit Pharmacy: cast line-up", _MOON, "MOONLIT PHARMACY \u00b7 CAST",
        [("Jin Seo-yul", "Yoon Da-eun", 0.9), ("Kwon Do-hyun", "Min Jae-hyun", 1.0),
         ("Hwang Mi-ok", "Yoon Geum-soon", 0.82), ("Seo Dong-ha", "Pyo Man-seok", 0.95),
         ("Lim Ye-jin", "Choi Bo-ram", 0.88)],
        "The people of Haewol, from the pharmacy's two regulars to its harbor master.",
    ),
    "orbital-docking": _scene(
        "Orbital Debt: the Kestrel comes in to dock", "docking", _ORBIT, "ORBITAL DEBT \u00b7 SCENE STILL",
        "Illustration of a small salvage ship with a glowing engine approaching a wheel-shaped space station "
        "along a dotted docking line, above a ringed planet and a field of stars.",
        "The Kestrel lines up with the derelict station it was never meant to find.",
    ),
    "understudies-chairs": _scene(
        "The Understudies: five chairs in the wings", "wings-chairs", _UNDER, "THE UNDERSTUDIES \u00b7 ON SET",
        "Illustration of five folding chairs lined up in the wings of a theater beside a purple curtain, while a "
        "gold spotlight falls on the empty stage.",
        "On set at the Prairie Rep: the five chairs where the understudies wait.",
    ),
    "kesh-lineup": _lineup(
        "Lanterns of Kesh: cast line-up", _KESH, "LANTERNS OF KESH \u00b7 CAST",
        [("Poppy Ellery-Vance", "Wren Otterby", 0.78), ("Bertram Oakes", "Aldous Finch", 0.97),
         ("Celia Ashdown", "Lady Morrow", 1.0), ("Tomasz Wilk", "Brother Ede", 0.93)],
        "The lamplighters and the Warden: the first four names in the cast.",
    ),
    "kesh-ladder": _scene(
        "Lanterns of Kesh: Wren lights the Lower Canals", "ladder-lantern", _KESH,
        "LANTERNS OF KESH \u00b7 FIRST-LOOK STILL",
        "Illustration of a small cloaked figure on a ladder above a frozen canal, reaching up with a long pole to "
        "light a lantern on a tall post, with a stone bridge arching behind her in the night.",
        "Wren on her first round of the Lower Canals.",
    ),
}

# A story body places a still with a paragraph of its own holding "[demo picture KEY]", or
# "[demo picture KEY: a caption for this use]". Image ids exist only once articles.demo.seed has
# made the pictures, so it swaps each placeholder for the real "[image N]" before saving.
PICTURE_PLACEHOLDER = re.compile(r"\[demo picture (?P<key>[a-z0-9-]+)(?:: (?P<caption>[^\]<]+))?\]")


def _still(key, caption=None):
    if key not in STILLS:
        raise KeyError("No demo still called " + key)
    return _p("[demo picture " + key + (": " + caption if caption else "") + "]")


# ---------------------------------------------------------------------------
# Stories
# ---------------------------------------------------------------------------

# --- The Salt Line: season 2 tracker (5 versions: first, minor, two updates, correction) ---

_SL_INTRO = _p(
    "The Salt Line arrived on Netflix with almost no marketing and left with a fan base that has recieved every "
    "cliffhanger like a personal insult.",
    "Eight episodes of fever, fog and salt pans turned Shin Woo-kyung's quarantine thriller into one of the streamer's "
    "most-watched Korean titles of the fall.",
)
_SL_INTRO_ASK = _p(
    "The question in our inbox has been the same ever since: is there more coming?",
    "Here is everything we know, and what we expect to happen next.",
)
_SL_INTRO_TRACK = _p(
    "This page tracks season 2 from renewal to premiere night, and we update it whenever Netflix or the production moves.",
)
_SL_RENEW_H = _h2("Has The Salt Line been renewed?")
_SL_RENEW_NO = _p(
    "Not yet. Netflix usually waits for four weeks of viewing data before it commits, and The Salt Line has only just "
    "finished its second week in the global top ten.",
    "The signs are good: the show spent nine days at No. 1 in South Korea and reached the top five in more than 40 "
    "countries, numbers that have earned far quieter shows a second run.",
)
_SL_RENEW_HINT = _p(
    "Shin has not been shy about wanting to go back. At a fan screening in Seoul, the writer-director said she mapped "
    "out a second season before cameras rolled on the first, and that the final shot was written as",
    "\u201ca door, not an ending.\u201d",
)
_SL_RENEW_YES = _p(
    "Yes. Netflix confirmed a second season this week with a 40-second teaser that opens on an empty salt pan and ends "
    "on the ferry horn from the finale.",
    "Yoo Jae-hwan and Nam Ha-rin return as Kang Do-yun and Bae Soo-ah, and Shin Woo-kyung is back to write and direct all eight episodes.",
)
_SL_RENEW_YES_LATER = _fix(_SL_RENEW_YES, "a second season this week", "a second season in March")
_SL_RENEW_PLOT = _p(
    "Shin told reporters that season 2 picks up six months after the ferry crossing, with the survivors held in a "
    "mainland quarantine camp and the fever turning up somewhere it should not be.",
    "Anyone who caught the final shot of season 1 will have a good guess where.",
)
_SL_FILM_H = _h2("Has filming started?")
_SL_FILM_NO = _p(
    "No. Without a renewal there is no production, although Korean outlets report that Shin's company has kept its "
    "location scouts on the payroll, which is rarely what a studio does with a finished show.",
)
_SL_FILM_PREP = _p(
    "Not yet. Script readings began the week of the announcement, and the production is scouting the southern coast "
    "for the mainland camp scenes. A start in early summer looks likely.",
)
_SL_FILM_YES = _p(
    "Yes. Cameras started rolling this week in Busan, where the production has taken over a disused fish market for "
    "the quarantine camp.",
    "Shin's team expects a six-month shoot, with a short return to the island location late in the year for the fog sequences.",
    "The new faces in the camp are listed in our " + _art("salt-line-season-2-new-cast", "season 2 casting report") + ".",
)
_SL_DATE_H = _h2("When will season 2 be released?")
_SL_DATE_GUESS = _p(
    "If Netflix says yes in the next month or two, the realistic answer is 2027.",
    "Season 1 spent ten months in post-production because of its heavy visual effects, and the fog alone kept a "
    "dedicated team busy for half a year. We would not bet on anything before spring 2027.",
)
_SL_DATE_RENEWED = _p(
    "Netflix has not given a window. Working backward from the season 1 schedule, a six-month shoot followed by "
    "roughly ten months of post-production, we expect season 2 in the second half of 2027.",
)
_SL_DATE_FILMING = _p(
    "Netflix still has not named a date, but a six-month shoot starting now lines up with a late 2027 release, and "
    "a source close to the production told us the streamer has tentatively slotted it into the fourth quarter.",
)
_SL_SIGNOFF = _p(
    "We will update this page as soon as Netflix shares anything new. In the meantime, catch up on "
    + _art("salt-line-season-1-ending-explained", "what that ferry ending meant")
    + ".",
)

_sl1_v1_body = _body(
    _SL_INTRO, _SL_INTRO_ASK,
    _SL_RENEW_H, _SL_RENEW_NO, _SL_RENEW_HINT,
    _SL_FILM_H, _SL_FILM_NO,
    _SL_DATE_H, _SL_DATE_GUESS,
    _SL_SIGNOFF,
)
_sl1_v2_body = _fix(_sl1_v1_body, "has recieved every", "has received every")
_sl1_v3_body = _fix(
    _body(
        _SL_INTRO, _SL_INTRO_TRACK,
        _SL_RENEW_H, _SL_RENEW_YES, _SL_RENEW_PLOT,
        _SL_FILM_H, _SL_FILM_PREP,
        _SL_DATE_H, _SL_DATE_RENEWED,
        _SL_SIGNOFF,
    ),
    "has recieved every", "has received every",
)
_sl1_v4_body = _fix(
    _body(
        _SL_INTRO, _SL_INTRO_TRACK,
        _SL_RENEW_H, _SL_RENEW_YES_LATER, _SL_RENEW_PLOT,
        _SL_FILM_H, _SL_FILM_YES,
        _SL_DATE_H, _SL_DATE_FILMING,
        _SL_SIGNOFF,
    ),
    "has recieved every", "has received every",
)
_sl1_v5_body = _fix(_sl1_v4_body, "this week in Busan,", "this week in Tongyeong,")

_SL1_H_OLD = "Will The Salt Line return for season 2? Everything we know"
_SL1_H = "When will The Salt Line season 2 be released?"

_STORY_SALT_LINE_TRACKER = _story(
    "salt-line-season-2-release-date",
    ["release-dates", "tv-news"],
    ["mara"],
    ["the-salt-line"],
    [
        _version(
            "first", 0, _SL1_H_OLD,
            "Netflix's island quarantine thriller is a hit. Here is where a second season stands, and when it could realistically arrive.",
            _sl1_v1_body,
        ),
        _version(
            "minor", 1.5, _SL1_H_OLD,
            "Netflix's island quarantine thriller is a hit. Here is where a second season stands, and when it could realistically arrive.",
            _sl1_v2_body,
        ),
        _version(
            "update", 130, _SL1_H + " [March Update]",
            "Netflix has renewed The Salt Line. We track the returning cast, the shoot and the likely release window for season 2.",
            _sl1_v3_body,
            label="March Update",
            note="Netflix has renewed the show; we added the announcement, the returning cast and a revised release window.",
            reports=_reports("the-salt-line", status="renewed", season=2, release_date=date(2027, 7, 1),
                             release_window="second half of 2027"),
        ),
        _version(
            "update", 230, _SL1_H + " [Filming Update]",
            "Filming on The Salt Line season 2 is underway. Here is everything we know about the cast, the shoot and the release window.",
            _sl1_v4_body,
            label="Filming Update",
            note="Filming has begun; we updated the production section and narrowed the release window to late 2027.",
            seo_title="The Salt Line season 2: release date, cast and filming news",
            reports=_reports("the-salt-line", status="filming", release_date=date(2027, 9, 1), release_window="late 2027"),
        ),
        _version(
            "correction", 231, _SL1_H + " [Filming Update]",
            "Filming on The Salt Line season 2 is underway. Here is everything we know about the cast, the shoot and the release window.",
            _sl1_v5_body,
            note="An earlier version of this update said filming had begun in Busan; the production is based in Tongyeong.",
            seo_title="The Salt Line season 2: release date, cast and filming news",
        ),
    ],
    _image("The Salt Line Season 2", _SALT, "The Salt Line is filming its second season for Netflix."),
    days_ago=380,
)

# --- The Salt Line: casting (2 versions) ---

_SL2_INTRO_V1 = _p(
    "Netflix marked the first day of filming on The Salt Line season 2 by naming two new cast members, and both roles "
    "suggest the story is moving off the island and into the offices of people who would like the outbreak kept quiet.",
)
_SL2_INTRO_V2 = _p(
    "Netflix marked the first day of filming on The Salt Line season 2 by naming two new cast members and has since "
    "added a third. All three roles suggest the story is moving off the island and into the offices of people who "
    "would like the outbreak kept quiet.",
)
_SL2_NEW_A = (
    "<strong>Ahn Tae-oh</strong> as Dr. Yeom Gi-seok, a veterinary virologist who saw the fever in livestock two years "
    "before it reached people and was told to forget about it."
)
_SL2_NEW_B = (
    "<strong>Go Eun-byul</strong> as Cha Min-seo, a Seoul prosecutor sent to find out who let the survivors' ferry "
    "through the quarantine line."
)
_SL2_NEW_C = (
    "<strong>Baek Il-hwan</strong> as Noh Chang-sik, the island's former mayor, who was voted out the year before the "
    "outbreak and has lived on the mainland ever since."
)
_SL2_ANALYSIS = _p(
    "Ahn has spent most of the last decade in supporting roles in legal dramas, so casting him as a scientist with a "
    "guilty conscience plays neatly against type.",
    "Go is the bigger name for Korean audiences, and Netflix describes Min-seo as someone who",
    "\u201cdoes not believe in accidents,\u201d which sounds like trouble for Bae Soo-ah.",
)
_SL2_BAEK = _p(
    "Baek's casting was confirmed three weeks into the shoot. Chang-sik is mentioned twice in season 1, both times by "
    "islanders who clearly blame him for something, so expect a character who knows where the first sick worker came from.",
)
_SL2_RETURN = _body(
    _h2("Who is coming back?"),
    _p(
        "Yoo Jae-hwan and Nam Ha-rin lead again as coast guard officer Kang Do-yun and Soo-ah.",
        "The bigger surprise is Jo Sang-woo, who returns as the ferry captain, Mr. Ma. Season 1 left his fate "
        "deliberately murky, and his name on the call sheet settles one of the finale's most argued-over questions.",
    ),
    _p(
        "Shin Woo-kyung writes and directs again. For the shoot and the release window, see our "
        + _art("salt-line-season-2-release-date", "season 2 tracker") + ".",
    ),
)

_STORY_SALT_LINE_CAST = _story(
    "salt-line-season-2-new-cast",
    ["casting"],
    ["theo"],
    ["the-salt-line"],
    [
        _version(
            "first", 0,
            "The Salt Line season 2 casts a virologist and a prosecutor",
            "Ahn Tae-oh and Go Eun-byul join Netflix's quarantine thriller as filming begins, and the ferry captain is back.",
            _body(_SL2_INTRO_V1, _h2("Who is joining the cast?"), _ul(_SL2_NEW_A, _SL2_NEW_B), _SL2_ANALYSIS, _SL2_RETURN),
        ),
        _version(
            "update", 20,
            "The Salt Line season 2 casts a virologist, a prosecutor and an exiled mayor [Casting Update]",
            "Veteran actor Baek Il-hwan joins Ahn Tae-oh and Go Eun-byul in Netflix's quarantine thriller, and the ferry captain is back.",
            _body(
                _SL2_INTRO_V2, _h2("Who is joining the cast?"), _ul(_SL2_NEW_A, _SL2_NEW_B, _SL2_NEW_C),
                _SL2_ANALYSIS, _SL2_BAEK, _SL2_RETURN,
            ),
            label="Casting Update",
            note="Added Baek Il-hwan's casting as the island's former mayor.",
        ),
    ],
    _image("Salt Line New Cast", _SALT, "Three new actors join The Salt Line for season 2."),
    days_ago=150,
)

# --- The Salt Line: ending explained (1 version) ---

_STORY_SALT_LINE_ENDING = _story(
    "salt-line-season-1-ending-explained",
    ["features"],
    ["priya"],
    ["the-salt-line"],
    [
        _version(
            "first", 0,
            "The Salt Line ending explained: the ferry, the fever and that last shot",
            "Netflix's island thriller closes on a quiet image with loud implications. Here is what the finale tells us, and what it leaves for later.",
            _body(
                _p("Spoilers follow for all eight episodes of The Salt Line. If you have not reached the ferry crossing, turn back now."),
                _p(
                    "The finale of Shin Woo-kyung's thriller is mostly a chase: Do-yun, Soo-ah and 31 survivors make a run "
                    "for the last ferry while mainland officials argue over whether to let them cross.",
                    "They make it, barely, and then the show spends its final five minutes undercutting the relief.",
                ),
                _h2("What caused the fever?"),
                _p(
                    "The show never names a pathogen, but it leaves a clear trail. Episode 5 reveals that the island's newest "
                    "salt pan was dug on reclaimed land where a fish farm once dumped diseased stock, and the first people "
                    "to fall ill all worked that pan.",
                    "Soo-ah's father knew and kept harvesting, because his contract with a Seoul distributor was worth more "
                    "than the rest of the island's income combined.",
                ),
                _h2("Why does the ferry drift back?"),
                _p(
                    "The captain, Mr. Ma, cuts the engine once the survivors are ashore, and the current carries the empty "
                    "boat back toward the island. It reads as a man choosing to return to his sick wife, and the episode "
                    "lets you sit with that choice without a word of explanation.",
                ),
                _still("salt-ferry-adrift"),
                _h2("What does the last shot mean?"),
                _p(
                    "The final image is a mainland warehouse stacked with sacks of salt, each stamped with the island "
                    "cooperative's seal and a Seoul delivery date.",
                    "The fever was never contained to the island. It was shipped out weeks before the quarantine began, "
                    "which turns the survivors' escape into the opening move of a much larger story.",
                ),
                _still("salt-warehouse", "Every sack carries the cooperative's seal and a Seoul delivery date."),
                _p(
                    "Shin has said she always planned the story in two parts. Whether Netflix agrees is the next question, "
                    "and we will be tracking the answer.",
                ),
            ),
        ),
    ],
    _image("Salt Line Ending Explained", _SALT, "The Salt Line's finale leaves a trail of salt to the mainland."),
    topics=["Ending Explained"],
    days_ago=395,
)

# --- Ashfall Crown: season 2 tracker (4 versions: first, two updates, minor) ---

_AC_INTRO = _p(
    "Ashfall Crown ended its first season with Emberhold split in two by a river of lava and Ysolde Varr on the wrong "
    "side of it.",
    "Max had already seen enough: the fantasy drama was renewed before the finale aired, and the wait for season 2 began "
    "the moment the credits rolled.",
)
_AC_CONFIRM = _body(
    _h2("Is season 2 confirmed?"),
    _p(
        "Yes. Max ordered eight episodes, one fewer than season 1, with showrunner Lena Marchetti-Hale returning.",
        "Nadia Ferrer-Quinn is back as Ysolde, with Rhys Dorrington as her uncle, King Oswin, and Tobias Fenwick as High Priest Caul.",
    ),
)
_AC_FILM_START = _body(
    _h2("Has filming started?"),
    _p(
        "Yes. Cameras have been rolling since early fall at the production's studio base in Belfast, where the art "
        "department spent months building a scorched half of the throne room to match the season 1 finale.",
        "A second unit is expected to shoot in Iceland's lava fields in the new year.",
    ),
)
_AC_FILM_WRAP = _body(
    _h2("Has filming wrapped?"),
    _p(
        "Yes. Filming wrapped after a 27-week shoot, which Marchetti-Hale marked with a photo of a thoroughly singed "
        "clapperboard, a few weeks after the Iceland second unit finished its work.",
        "The production has now moved into what the showrunner called \u201ca long, fiery post-production.\u201d Season 1 "
        "needed more than 2,000 visual effects shots, and nothing suggests the sequel will need fewer.",
    ),
    _p(
        "One new face to watch for: Orbital Debt's Marcus Adeyemi-Lowe shot a recurring role as Ysolde's half-brother. "
        "Read " + _art("orbital-debt-star-joins-ashfall-crown", "our report on his casting") + ".",
    ),
)
_AC_DATE_H = _h2("When will season 2 be released?")
_AC_DATE_V1 = _p(
    "Max has not given a window. Season 1 premiered 14 months after filming began, so a sequel on the same schedule "
    "would land around the turn of the year.",
    "Treat that as a best guess; fantasy post-production is where release dates go to slip.",
)
_AC_DATE_V2 = _p(
    "Still no window from Max. With filming done, the 14-month gap we saw last time points to the turn of the year, "
    "but given the effects workload we would lean toward spring 2027.",
)
_AC_DATE_V3 = _p(
    "Spring 2027. Max confirmed the window at the show's Comic-Con panel, alongside a behind-the-scenes reel that showed "
    "Ysolde riding through falling ash and at least one creature that was not in season 1.",
    "All eigth episodes will air weekly on Sunday nights, and we expect a firm date around the turn of the year.",
)
_AC_SIGNOFF = _p(
    "We update this page whenever Max shares news. Season 1 is streaming now on " + _ext("watch/ashfall-crown", "Max") + ".",
)

_ac_v3_body = _body(_AC_INTRO, _AC_CONFIRM, _AC_FILM_WRAP, _AC_DATE_H, _AC_DATE_V3, _AC_SIGNOFF)
_AC_H = "Ashfall Crown season 2: release date, cast and everything we know"
_AC_H3 = "Ashfall Crown season 2 release date: Max confirms spring 2027 [Release Window Update]"
_AC_S3 = "Max has confirmed a spring 2027 window for its volcano fantasy. Here is where season 2 stands."

_STORY_ASHFALL_TRACKER = _story(
    "ashfall-crown-season-2-release-date",
    ["release-dates"],
    ["mara", "theo"],
    ["ashfall-crown"],
    [
        _version(
            "first", 0, _AC_H,
            "Max's volcano fantasy is coming back. Here is where production stands and when season 2 is likely to arrive.",
            _body(_AC_INTRO, _AC_CONFIRM, _AC_FILM_START, _AC_DATE_H, _AC_DATE_V1, _AC_SIGNOFF),
            reports=_reports("ashfall-crown", status="filming"),
        ),
        _version(
            "update", 95, _AC_H + " [Wrap Update]",
            "Filming on Max's volcano fantasy has wrapped. Here is what comes next and when season 2 is likely to arrive.",
            _body(_AC_INTRO, _AC_CONFIRM, _AC_FILM_WRAP, _AC_DATE_H, _AC_DATE_V2, _AC_SIGNOFF),
            label="Wrap Update",
            note="Filming has wrapped; we updated the production section and our release estimate.",
            reports=_reports("ashfall-crown", status="post_production"),
        ),
        _version(
            "update", 210, _AC_H3, _AC_S3, _ac_v3_body,
            label="Release Window Update",
            note="Max has confirmed a spring 2027 window; we added the details from the Comic-Con panel.",
            reports=_reports("ashfall-crown", release_date=date(2027, 3, 1), release_window="spring 2027"),
        ),
        _version("minor", 212, _AC_H3, _AC_S3, _fix(_ac_v3_body, "All eigth episodes", "All eight episodes")),
    ],
    _image("Ashfall Crown Season 2", _ASH, "Ashfall Crown returns to Max in spring 2027."),
    days_ago=330,
)

# --- Ashfall Crown: teaser (first + correction) ---

_AT_NARRATION_WRONG = _p(
    "The narration belongs to Rhys Dorrington's King Oswin, who spends the teaser explaining, with unsettling calm, that "
    "a kingdom is only ever one bad harvest away from a revolution.",
    "It is a sharp choice: the voice of the man on the throne laid over images of that throne in pieces.",
)
_AT_NARRATION_RIGHT = _p(
    "The narration belongs to Tobias Fenwick's High Priest Caul, who spends the teaser explaining, with unsettling calm, "
    "that a kingdom is only ever one bad harvest away from a revolution.",
    "It is a sharp choice: the voice of the man who wants the throne laid over images of that throne in pieces.",
)
_at_v1_body = _body(
    _p(
        "Max released the first teaser for Ashfall Crown season 2 on Tuesday, and it wastes no time reminding us where "
        "season 1 left Emberhold: split down the middle, with lava still glowing in the cracks.",
    ),
    _h2("What happens in the teaser?"),
    _p(
        "The footage opens on Ysolde (Nadia Ferrer-Quinn) walking the cooled riverbed that now divides the city, her crown "
        "wrapped in cloth on her back.",
        "Then come quick cuts of King Oswin's court relocated to a mountain monastery, a wedding that ends in a brawl, and "
        "a night siege lit entirely by burning arrows.",
    ),
    _AT_NARRATION_WRONG,
    _h2("Is that a dragon?"),
    _p(
        "Almost certainly. In the final shot, a shadow crosses the moon above the monastery and a wing the size of a sail "
        "fills the frame for half a second.",
        "Season 1 only hinted at the creatures in old tapestries, and showrunner Lena Marchetti-Hale has spent two years "
        "refusing to confirm them. The teaser does the confirming for her.",
    ),
    _still("ashfall-wing"),
    _p(
        "Season 2 arrives in spring 2027 with eight episodes. Our "
        + _art("ashfall-crown-season-2-release-date", "release date tracker") + " has the latest, and the teaser is on "
        + _ext("video/ashfall-crown-season-2-teaser", "Max's video channel") + ".",
    ),
)
_AT_H = "Ashfall Crown season 2 teaser: ash, a broken throne and one very large wing"
_AT_S = "Max's first real look at season 2 is 90 seconds long and mostly on fire. Here is what we spotted."

_STORY_ASHFALL_TEASER = _story(
    "ashfall-crown-season-2-teaser-trailer",
    ["tv-news"],
    ["theo"],
    ["ashfall-crown"],
    [
        _version(
            "first", 0, _AT_H, _AT_S, _at_v1_body,
            reports=_reports("ashfall-crown", status="post_production", release_date=date(2027, 3, 1),
                             release_window="spring 2027"),
        ),
        _version(
            "correction", 0.3, _AT_H, _AT_S,
            _fix(_at_v1_body, _AT_NARRATION_WRONG, _AT_NARRATION_RIGHT),
            note="An earlier version said the teaser's narrator was Rhys Dorrington as King Oswin; it is Tobias Fenwick as High Priest Caul.",
        ),
    ],
    _image("Ashfall Crown Teaser", _ASH, "The season 2 teaser gives the first look at a divided Emberhold."),
    topics=["Trailers"],
    days_ago=40,
)

# --- Crossover casting: Orbital Debt star joins Ashfall Crown (1 version, 2 shows) ---

_STORY_ASHFALL_ORBITAL_CAST = _story(
    "orbital-debt-star-joins-ashfall-crown",
    ["casting", "tv-news"],
    ["theo"],
    ["ashfall-crown", "orbital-debt"],
    [
        _version(
            "first", 0,
            "Orbital Debt's Marcus Adeyemi-Lowe joins Ashfall Crown season 2",
            "The star of Apple TV+'s upcoming space thriller will play Ysolde's half-brother, a prince raised by the priesthood.",
            _body(
                _p(
                    "Marcus Adeyemi-Lowe has landed a second genre show before his first has even premiered. The British "
                    "actor, who leads Apple TV+'s space heist drama Orbital Debt this spring, has joined season 2 of Max's "
                    "Ashfall Crown in a recurring role.",
                ),
                _h2("Who is he playing?"),
                _p(
                    "Adeyemi-Lowe plays Aurel Varr, a half-brother Ysolde did not know she had. Raised inside High Priest "
                    "Caul's temple and trained as one of its fire-keepers, Aurel is described by Max as",
                    "\u201cdevout, disarming and entirely sure of himself.\u201d He appears in five of the season's eight episodes.",
                ),
                _p(
                    "It is a loaded addition. Season 1 built its politics around who has the right to the crown, and a "
                    "second Varr heir with the priesthood behind him gives Caul the one thing he lacked: a claimant of royal blood.",
                ),
                _h2("What about Orbital Debt?"),
                _p(
                    "Adeyemi-Lowe stars as Teo Mbeki, the salvage pilot at the center of Orbital Debt, opposite Greta "
                    "Solheim. Apple has scheduled the ten-episode season for the spring, and his Ashfall Crown scenes are "
                    "being shot in Belfast over the next two months, so the two shows will not collide.",
                ),
                _p(
                    "Showrunner Lena Marchetti-Hale said she wrote Aurel for",
                    "\u201csomeone who can be warm and frightening in the same sentence,\u201d and that she found exactly "
                    "that in an early cut of Orbital Debt.",
                ),
            ),
            reports=_reports("orbital-debt", release_date=date(2026, 3, 1), release_window="spring 2026"),
        ),
    ],
    _image("Ashfall Crown New Prince", _ASH, "Marcus Adeyemi-Lowe joins Ashfall Crown as Aurel Varr.",
           motifs=["volcano", "station"]),
    days_ago=300,
)

# --- The Quiet Ledger: season 3 tracker (4 versions) ---

_QL_INTRO = _p(
    "The Quiet Ledger has become BBC One's most reliable Sunday-night habit: six episodes, one case, and a forensic "
    "accountant who solves murders by reading bank statements more carefully than anyone else will.",
    "Nell Ashworth's third case is on the books, and this page tracks it all the way to air.",
)
_QL_PLOT = _body(
    _h2("What is season 3 about?"),
    _p(
        "Writer Colin Pryce describes the new case as",
        "\u201ca small-town bank run with a body at the bottom of it.\u201d",
        "A credit union in Calderbridge collapses overnight, taking half the town's savings with it, and its manager's car "
        "turns up outside a flooded mill the following week.",
        "Nell is called in to follow the money; Detective Inspector Sam Keele is called in to follow everything else.",
    ),
)
_QL_FILM_H = _h2("Has filming started?")
_QL_FILM_V1 = _p(
    "Not yet. The BBC says filming begins in West Yorkshire in the spring, with Moira Stanwick back as Nell and Callum "
    "Brennock as Keele.",
    "Pryce has already finished all six scripts, which is usually the slowest part of the process on this show.",
)
_QL_FILM_V2 = _p(
    "Yes, and it has nearly wrapped. The production spent the spring in and around Halifax, with the mill scenes shot "
    "at a real, partly flooded site on the river.",
    "Stanwick and Brennock are joined this season by Leona Fairbairn as the credit union's deputy manager, the only "
    "employee still answering the phone.",
)
_QL_CAST = _body(
    _h2("Who is in the cast?"),
    _p(
        "Moira Stanwick is back as Nell and Callum Brennock as DI Keele, joined this season by Leona Fairbairn as the "
        "credit union's deputy manager, the only employee still answering the phone.",
        "The season was filmed in the spring in and around Halifax, with the mill scenes shot at a real, partly flooded site on the river.",
    ),
)
_QL_AIR_H = _h2("When will season 3 air?")
_QL_AIR_V1 = _p(
    "Both previous seasons aired in the fall, roughly six months after filming began. If Pryce's show keeps that rhythm, "
    "expect Nell back on Sunday nights this fall.",
)
_QL_AIR_V2 = _p(
    "The fall still looks right. Post-production on the show is quick, and the BBC likes to save it for the darker "
    "evenings, when a good spreadsheet-based murder hits hardest.",
)
_QL_AIR_V3 = _p(
    "The Quiet Ledger returns to BBC One on Sunday, October 25, at 9 p.m., and all six episodes will be available as "
    "a box set on BBC iPlayer the same evening.",
    "If you would rather savor it, episodes air weekly through late November.",
)
_QL_WATCH = _body(
    _h2("How can I watch season 3?"),
    _p(
        "Season 3 premiered on BBC One on Sunday night, and the full box set is on "
        + _ext("watch/the-quiet-ledger", "BBC iPlayer") + ".",
        "Viewers in the US will have to wait: the show's American streaming partner has not yet set a date for the new season.",
    ),
    _p(
        "Read " + _art("quiet-ledger-season-3-review", "our review") + ", which stays spoiler-free beyond the first episode.",
    ),
)
_QL_SIGNOFF = _p("We will keep this page updated as the BBC shares more.")

_STORY_QUIET_LEDGER_TRACKER = _story(
    "quiet-ledger-season-3-release-date",
    ["release-dates", "tv-news"],
    ["mara"],
    ["the-quiet-ledger"],
    [
        _version(
            "first", 0,
            "The Quiet Ledger season 3: when will Nell Ashworth return?",
            "The BBC One crime drama has a third case on the books. Here is what we know about the story, the cast and the air date.",
            _body(_QL_INTRO, _QL_PLOT, _QL_FILM_H, _QL_FILM_V1, _QL_AIR_H, _QL_AIR_V1, _QL_SIGNOFF),
            reports=_reports("the-quiet-ledger", status="renewed", season=3, release_date=date(2026, 9, 1),
                             release_window="fall 2026"),
        ),
        _version(
            "update", 90,
            "The Quiet Ledger season 3: when will Nell Ashworth return? [Filming Update]",
            "Filming on Nell Ashworth's third case is nearly done. Here is what we know about the story, the cast and the air date.",
            _body(_QL_INTRO, _QL_PLOT, _QL_FILM_H, _QL_FILM_V2, _QL_AIR_H, _QL_AIR_V2, _QL_SIGNOFF),
            label="Filming Update",
            note="Filming is nearly complete; we added production details and a new cast member.",
            reports=_reports("the-quiet-ledger", status="filming"),
        ),
        _version(
            "update", 230,
            "The Quiet Ledger season 3 air date confirmed by BBC One [Air Date Update]",
            "BBC One has set an October 25 return for its forensic-accounting crime drama. Here is what to expect.",
            _body(_QL_INTRO, _QL_PLOT, _QL_CAST, _QL_AIR_H, _QL_AIR_V3, _QL_SIGNOFF),
            label="Air Date Update",
            note="BBC One has announced the premiere slot; we replaced our estimate with the confirmed schedule.",
            reports=_reports("the-quiet-ledger", status="release_date_set", release_date=date(2026, 10, 25)),
        ),
        _version(
            "update", 273,
            "The Quiet Ledger season 3 is out now: how to watch [Now Streaming Update]",
            "Nell Ashworth's third case is airing on BBC One, with every episode on iPlayer. Here is how to watch.",
            _body(_QL_INTRO, _QL_PLOT, _QL_CAST, _QL_WATCH),
            label="Now Streaming Update",
            note="Season 3 has premiered; we added viewing details and a link to our review.",
            reports=_reports("the-quiet-ledger", status="released"),
        ),
    ],
    _image("The Quiet Ledger Season 3", _LEDGER, "The Quiet Ledger's third case is now on BBC One and iPlayer."),
    days_ago=300,
)

# --- The Quiet Ledger: review (first + minor) ---

_ql_review_v1 = _body(
    _p(
        "Every season of The Quiet Ledger pulls the same trick. A body turns up, the police chase suspects, and Nell "
        "Ashworth sits in a borrowed office with a calculator until the numbers confess.",
        "Season 3, all six episodes of which are now on BBC iPlayer, does it better than ever.",
    ),
    _h2("What works"),
    _p(
        "The collapse of the Calderbridge credit union gives Colin Pryce's scripts a whole town of suspects, and he uses "
        "them well. Episode 2, in which Nell rebuilds three years of withdrawals from a shoebox of paper receipts, is as "
        "tense as any chase on television this year.",
        "Moira Stanwick plays the moment she spots the pattern almost entirely with her eyes.",
    ),
    _p(
        "Callum Brennock's DI Keele finally gets more than exasperation to work with, too. A subplot about his own savings, "
        "lost in the collapse, gives the partnership an edge the first two seasons lacked, and newcomer Leona Fairbairn is "
        "superb as the deputy manager who kept answering the phone long after there was anything to say.",
    ),
    _h2("What doesn't"),
    _p(
        "The final episode leans on a confession scene that explains more than it needs to, and a late chase across the "
        "flooded mill feels borrowed from a louder show.",
        "Neither does real damage, but the season is at its best when it trusts the audience to do the math.",
    ),
    _h2("Verdict"),
    _p(
        "<strong>Four stars.</strong> The Quiet Ledger remains the rare crime drama that rewards attention instead of punishing "
        "the lack of it. Season 3 is the place to start if you never have, and a treat if you have watched every Sunday "
        "nigth since the first case.",
    ),
)
_QLR_H = "The Quiet Ledger season 3 review: the best case yet is hiding in the small print"
_QLR_S = (
    "Moira Stanwick's forensic accountant faces a collapsed credit union and a town that wants someone to blame. "
    "It is the show's most patient, and most rewarding, run."
)

_STORY_QUIET_LEDGER_REVIEW = _story(
    "quiet-ledger-season-3-review",
    ["features"],
    ["priya"],
    ["the-quiet-ledger"],
    [
        _version("first", 0, _QLR_H, _QLR_S, _ql_review_v1),
        _version("minor", 1, _QLR_H, _QLR_S, _fix(_ql_review_v1, "Sunday nigth since", "Sunday night since")),
    ],
    _image("Quiet Ledger Review", _LEDGER, "Review: The Quiet Ledger season 3."),
    topics=["Reviews"],
    days_ago=25,
)

# --- The Quiet Ledger: season 4 status (1 version) ---

_STORY_QUIET_LEDGER_SEASON_4 = _story(
    "quiet-ledger-season-4-renewal-status",
    ["tv-news"],
    ["mara"],
    ["the-quiet-ledger"],
    [
        _version(
            "first", 0,
            "Will there be a season 4 of The Quiet Ledger?",
            "BBC One has not renewed its forensic-accounting drama yet, but the signs are encouraging. Here is where things stand.",
            _body(
                _p(
                    "Anyone who raced through the iPlayer box set of The Quiet Ledger already knows how the credit union case "
                    "ends, and they are asking the obvious question: does Nell Ashworth have another set of books to open?",
                ),
                _h2("Has the BBC renewed the show?"),
                _p(
                    "Not officially. The BBC rarely confirms a new run of its Sunday dramas while the current one is still "
                    "drawing catch-up viewers, and season 3 still has two episodes left in its weekly broadcast.",
                    "The early numbers are strong, with the premiere posting the show's biggest overnight audience to date.",
                ),
                _p(
                    "Colin Pryce has also dropped a hint. Asked at a screening whether Nell's story was finished, the writer "
                    "said he had",
                    "\u201ca fourth set of accounts that doesn't add up\u201d and that he already knew where it was set. He "
                    "would not say where.",
                ),
                _h2("When could season 4 arrive?"),
                _p(
                    "If the BBC commissions a fourth season in the next few months, the show's usual rhythm of a spring "
                    "shoot and a fall broadcast would put new episodes on screen in fall 2027. A later decision pushes "
                    "that into 2028.",
                ),
                _p(
                    "Moira Stanwick and Callum Brennock would both need to return, and Stanwick has a stage run booked for "
                    "next summer, which could squeeze the schedule.",
                    "We will update this page the moment there is news; meanwhile, our "
                    + _art("quiet-ledger-season-3-review", "season 3 review") + " explains why we hope the answer is yes.",
                ),
            ),
        ),
    ],
    _image("Quiet Ledger Season 4", _LEDGER, "Will Nell Ashworth open a fourth set of books?"),
    topics=["Renewals"],
    days_ago=6,
)

# --- Moonlit Pharmacy: release tracker (4 versions, including a correction) ---

_MP_INTRO = _p(
    "tvN has a new weekend romance on the way, and it is set behind the counter of a pharmacy that never closes.",
    "Moonlit Pharmacy pairs Jin Seo-yul and Kwon Do-hyun in a seaside comedy from director Lee Ha-jin and writer Oh Mi-rae.",
)
_MP_ABOUT = _body(
    _h2("What is Moonlit Pharmacy about?"),
    _p(
        "Jin plays Yoon Da-eun, a Seoul hospital pharmacist who quits after one double shift too many and inherits her "
        "late grandmother's pharmacy in the fishing town of Haewol.",
        "The shop has stayed open around the clock for forty years, and the town expects it to keep doing so.",
        "Her most persistent night-time customer is Min Jae-hyun (Kwon), a webtoon artist who cannot sleep and seems to "
        "know more about her grandmother than she does.",
    ),
)
_MP_CAST_V1 = _p(
    "Veteran actor Hwang Mi-ok appears in flashbacks as Da-eun's grandmother, Geum-soon. tvN has not announced the rest of the cast.",
)
_MP_CAST_V3 = _p(
    "Veteran actor Hwang Mi-ok appears in flashbacks as Da-eun's grandmother, Geum-soon, and Haewol's regulars are "
    "introduced in our " + _art("moonlit-pharmacy-cast-guide", "cast guide") + ".",
)
_MP_DATE_H = _h2("When will Moonlit Pharmacy be released?")
_MP_DATE_V1 = _p(
    "tvN has only said the series will air in its weekend slot around the end of the year or early next year.",
    "Filming starts next month, and tvN tends to have its weekend dramas mostly shot before they air, so we expect a "
    "premiere around the turn of the year.",
)
_MP_POSTER = _p(
    "The first poster, released this week, shows Da-eun asleep on the counter under a flickering green cross while "
    "Jae-hyun sketches her from the doorway.",
    "tvN paired it with a 20-second teaser and the tagline",
    "\u201cOpen all night, for some reason.\u201d",
)
_MP_POSTER_LATER = _p(
    "The first poster shows Da-eun asleep on the counter under a flickering green cross while Jae-hyun sketches her "
    "from the doorway, and the teaser that followed it carries the tagline",
    "\u201cOpen all night, for some reason.\u201d",
)
_MP_DATE_V2 = _p(
    "tvN still has not set a date, but filming is about halfway done, and a poster arriving at this stage fits the "
    "pattern of a January premiere.",
)
_MP_DATE_V3 = _p(
    "Moonlit Pharmacy premieres on Saturday, January 9, 2027, and will air every Saturday and Sunday at 10:40 p.m. KST "
    "for 16 episodes.",
    "tvN has not yet announced an international streaming partner.",
)

_mp_v3_body = _body(
    _MP_INTRO, _MP_ABOUT, _MP_CAST_V3, _MP_DATE_H, _MP_DATE_V3, _MP_POSTER_LATER,
)
_MP_H3 = "Moonlit Pharmacy release date confirmed: tvN sets January premiere [Premiere Date Update]"
_MP_S3 = "tvN's 24-hour-pharmacy romance starts in January. Here is the date, the time slot and everything else we know."

_STORY_MOONLIT_TRACKER = _story(
    "moonlit-pharmacy-release-date",
    ["release-dates"],
    ["priya"],
    ["moonlit-pharmacy"],
    [
        _version(
            "first", 0,
            "Moonlit Pharmacy: release date, cast and plot of tvN's new romance",
            "tvN has confirmed its 24-hour-pharmacy romantic comedy. Here is what we know about when it airs and who is in it.",
            _body(_MP_INTRO, _MP_ABOUT, _MP_CAST_V1, _MP_DATE_H, _MP_DATE_V1),
        ),
        _version(
            "update", 75,
            "Moonlit Pharmacy: release date, cast and plot of tvN's new romance [Poster Update]",
            "tvN has released the first poster for its 24-hour-pharmacy romance. Here is what we know about when it airs.",
            _body(_MP_INTRO, _MP_ABOUT, _MP_CAST_V1, _MP_DATE_H, _MP_DATE_V2, _MP_POSTER),
            label="Poster Update",
            note="Added the first poster and teaser, and updated the production status.",
            reports=_reports("moonlit-pharmacy", status="filming"),
        ),
        _version(
            "update", 140, _MP_H3, _MP_S3, _mp_v3_body,
            label="Premiere Date Update",
            note="tvN has announced the premiere date; we added the schedule and a link to our cast guide.",
            reports=_reports("moonlit-pharmacy", status="release_date_set", release_date=date(2027, 1, 9)),
        ),
        _version(
            "correction", 141, _MP_H3, _MP_S3,
            _fix(_mp_v3_body, "at 10:40 p.m. KST", "at 9:20 p.m. KST"),
            note="An earlier version of this update gave the time slot as 10:40 p.m. KST; episodes air at 9:20 p.m. KST.",
        ),
    ],
    _image("Moonlit Pharmacy", _MOON, "Moonlit Pharmacy premieres on tvN in January."),
    days_ago=200,
)

# --- Moonlit Pharmacy: cast guide (1 version, 2 authors) ---

_STORY_MOONLIT_CAST = _story(
    "moonlit-pharmacy-cast-guide",
    ["casting", "features"],
    ["priya", "mara"],
    ["moonlit-pharmacy"],
    [
        _version(
            "first", 0,
            "Moonlit Pharmacy cast guide: who's who in Haewol",
            "From the pharmacist who can't sleep to the webtoon artist who won't, meet the people behind tvN's new weekend romance.",
            _body(
                _p(
                    "Moonlit Pharmacy is a two-hander at heart, but the town of Haewol is full of people with opinions about "
                    "who should be standing behind the counter. Here is who plays whom.",
                ),
                _still("moonlit-lineup"),
                _h2("The leads"),
                _h3("Jin Seo-yul as Yoon Da-eun"),
                _p(
                    "Jin has spent most of her career in period dramas, and this is her first contemporary lead. Da-eun is "
                    "precise, exhausted and allergic to small talk, which makes her an awkward fit for a shop whose regulars "
                    "come in at 3 a.m. mostly to chat.",
                ),
                _h3("Kwon Do-hyun as Min Jae-hyun"),
                _p(
                    "Kwon broke out as a scene-stealing younger brother in a family drama two years ago and has been waiting "
                    "for a romantic lead ever since. Jae-hyun draws a moderately successful webtoon about a haunted lighthouse "
                    "and has not slept properly in a decade.",
                ),
                _h2("The town"),
                _ul(
                    "<strong>Hwang Mi-ok</strong> as Yoon Geum-soon, Da-eun's grandmother, seen in flashbacks running the "
                    "pharmacy through four decades of storms and gossip.",
                    "<strong>Seo Dong-ha</strong> as Pyo Man-seok, the harbor master, who has bought the same cough syrup "
                    "every night for six years.",
                    "<strong>Lim Ye-jin</strong> as Choi Bo-ram, Haewol's only nurse and Da-eun's first friend in town, "
                    "whether Da-eun likes it or not.",
                ),
                _p(
                    "Director Lee Ha-jin has said the supporting cast were chosen for",
                    "\u201cfaces that look like they have lived by the sea,\u201d and most of them come from long stage "
                    "careers rather than screen work.",
                ),
                _h2("When can I watch?"),
                _p(
                    "tvN has not confirmed a premiere date yet. Our "
                    + _art("moonlit-pharmacy-release-date", "release date tracker") + " has the latest.",
                ),
            ),
        ),
    ],
    _image("Moonlit Pharmacy Cast", _MOON, "Meet the cast of Moonlit Pharmacy."),
    days_ago=90,
)

# --- Moonlit Pharmacy: first look (1 version) ---

_STORY_MOONLIT_FIRST_LOOK = _story(
    "moonlit-pharmacy-first-look-stills",
    ["tv-news"],
    ["theo"],
    ["moonlit-pharmacy"],
    [
        _version(
            "first", 0,
            "Moonlit Pharmacy first look: six stills from tvN's night-shift romance",
            "tvN has released the first images from its January drama, and they are almost all lit by one green neon cross.",
            _body(
                _p(
                    "With two months to go before its premiere, Moonlit Pharmacy has finally shown us inside the shop. tvN "
                    "released six stills on Friday, and the production design is doing a lot of the romantic heavy lifting.",
                ),
                _still("moonlit-counter", "Jin Seo-yul as Da-eun, in the cardigan that fans of the poster will know."),
                _h2("What do the stills show?"),
                _ul(
                    "Da-eun (Jin Seo-yul) behind the counter in a cardigan two sizes too large, which fans of the poster "
                    "will recognize as her grandmother's.",
                    "Jae-hyun (Kwon Do-hyun) asleep in the waiting chair, sketchbook open on his chest.",
                    "The pair sharing a convenience-store dinner on the harbor wall.",
                    "Harbor master Man-seok (Seo Dong-ha) buying, yes, cough syrup.",
                    "A rain-soaked street with the pharmacy's cross glowing at the far end.",
                    "Geum-soon (Hwang Mi-ok), in flashback, pulling down the shutter: the only image in which the shop is closed.",
                ),
                _still("moonlit-rain"),
                _p(
                    "That last still is the interesting one. The whole premise hangs on the pharmacy never closing, and "
                    "choosing to release an image of it shut suggests the tradition has a reason beyond stubbornness.",
                    "Writer Oh Mi-rae has promised the answer arrives",
                    "\u201cexactly when you have stopped wondering.\u201d",
                ),
                _h2("When does it premiere?"),
                _p(
                    "Moonlit Pharmacy premieres on Saturday, January 9, and airs on weekends at 9:20 p.m. KST. The full "
                    "details are in our " + _art("moonlit-pharmacy-release-date", "release date tracker") + ", and you "
                    "can meet the supporting cast in our " + _art("moonlit-pharmacy-cast-guide", "cast guide") + ".",
                ),
            ),
            reports=_reports("moonlit-pharmacy", status="release_date_set", release_date=date(2027, 1, 9)),
        ),
    ],
    _image("Moonlit Pharmacy First Look", _MOON, "tvN's first stills from Moonlit Pharmacy."),
    topics=["First Look"],
    days_ago=2,
)

# --- Orbital Debt: renewal (first + update) ---

_OD_RENEW_INTRO = _p(
    "Apple TV+ has renewed Orbital Debt for a second season, three months after the space heist drama's finale left its "
    "salvage crew richer than they have ever been and in more danger than ever.",
)
_OD_WHY = _body(
    _h2("Why was Orbital Debt renewed?"),
    _p(
        "Apple does not publish viewing figures, but the streamer said the show's audience grew every week of its "
        "ten-episode run and that it was among the service's most-watched new dramas of the year.",
        "Strong reviews helped, as did a finale that spread across social media on the strength of a single line about compound interest.",
    ),
    _p(
        "Creator Dana Whitcombe said season 2 would follow the crew of the Kestrel",
        "\u201cout of debt and into something worse: equity.\u201d",
    ),
)
_OD_WHO_BACK = _body(
    _h2("Who is coming back?"),
    _p(
        "Greta Solheim returns as Captain Ines Varga and Marcus Adeyemi-Lowe as pilot Teo Mbeki.",
        "Apple has not confirmed the rest of the ensemble, although it would be a shock if Pell, the bank's relentlessly "
        "cheerful hologram loan officer, did not make an appearance.",
    ),
)
_OD_SHOWRUNNER = _body(
    _h2("Who is running season 2?"),
    _p(
        "Whitcombe is stepping back to an executive producer role to develop another project for Apple. Sam Aldana, who "
        "wrote three of season 1's best episodes including the finale, takes over as showrunner.",
        "Whitcombe called Aldana",
        "\u201cthe person in the writers' room who always knew what the bank would do next.\u201d",
    ),
)

_STORY_ORBITAL_RENEWED = _story(
    "orbital-debt-renewed-season-2",
    ["tv-news"],
    ["theo"],
    ["orbital-debt"],
    [
        _version(
            "first", 0,
            "Orbital Debt renewed for season 2 at Apple TV+",
            "The salvage crew still owes the bank. Apple has ordered a second season of its space heist drama.",
            _body(
                _OD_RENEW_INTRO, _OD_WHY, _OD_WHO_BACK,
                _p(
                    "Apple has not set a release window, and its big dramas rarely move quickly: season 1 took almost two "
                    "years to get from series order to premiere, so we would be surprised to see new episodes before 2028.",
                    "We will follow the production as it gets underway.",
                ),
            ),
            reports=_reports("orbital-debt", status="renewed", season=2, release_date=date(2028, 1, 1),
                             release_window="2028"),
        ),
        _version(
            "update", 9,
            "Orbital Debt renewed for season 2, with a new showrunner [Showrunner Update]",
            "Apple has ordered a second season of its space heist drama, and creator Dana Whitcombe is handing over the controls.",
            _body(
                _OD_RENEW_INTRO, _OD_WHY, _OD_WHO_BACK, _OD_SHOWRUNNER,
                _p(
                    "Apple has not set a release window, and we would be surprised to see new episodes before 2028. "
                    "We are tracking that in our "
                    + _art("orbital-debt-season-2-release-date", "season 2 release date guide") + ".",
                ),
            ),
            label="Showrunner Update",
            note="Added the news that Sam Aldana is taking over as showrunner from creator Dana Whitcombe.",
        ),
    ],
    _image("Orbital Debt Renewed", _ORBIT, "Orbital Debt has been renewed for a second season on Apple TV+."),
    topics=["Renewals"],
    days_ago=60,
)

# --- Orbital Debt: season 2 tracker (first, update, minor) ---

_OD2_INTRO = _p(
    "Orbital Debt is coming back, which is the good news. The less good news is that Apple TV+ dramas of this size rarely "
    "turn around quickly, and the renewal came with no hint of a date.",
)
_OD2_PROD_H = _h2("Where does production stand?")
_OD2_PROD_V1 = _p(
    "At the very start. The renewal was announced before a writers' room had been assembled, and season 1's "
    "zero-gravity sequences, shot on a rotating set, needed months of preparation before cameras could roll.",
    "Whoever runs the new writers' room will want scripts in hand before any of that begins again.",
)
_OD2_PROD_V2 = _p(
    "Things are moving. Showrunner Sam Aldana opened the writers' room this month, and the production has reserved stage "
    "space in Budapest, where season 1 was filmed, for a shoot starting in the spring.",
    "The rotating set built for the first season has been kept in storage, which should save weeks.",
)
_OD2_DATE_H = _h2("When will season 2 be released?")
_OD2_DATE_V1 = _p(
    "Season 1 premiered almost two years after its series order. A second season can reuse sets, effects assets and a "
    "cast who already know how to act upside down, so a shorter gap is possible, but anything before 2028 would surprise us.",
)
_OD2_DATE_V2 = _p(
    "A spring shoot followed by the usual year of post-production points firmly to 2028. Our best guess is the first "
    "half of the year, in the same April slot that worked so well for season 1.",
    "Apple TV Plus has not commented on timing.",
)
_OD2_SIGNOFF = _p(
    "Need a refresher? Read " + _art("orbital-debt-season-1-review", "our season 1 review") + ", or catch up on "
    + _art("orbital-debt-renewed-season-2", "the renewal news") + ".",
)
_OD2_PLOT = _body(
    _h2("What will season 2 be about?"),
    _p(
        "Apple is keeping the details in the vault, but the finale laid the groundwork. The Kestrel's crew ended season 1 "
        "debt-free and in possession of the station's coordinates, which makes them the only people in the system who know "
        "where it is.",
        "Creator Dana Whitcombe has hinted that the bank will be back, only this time as a partner rather than a lender.",
    ),
)
_od2_v2_body = _body(_OD2_INTRO, _OD2_PLOT, _OD2_PROD_H, _OD2_PROD_V2, _OD2_DATE_H, _OD2_DATE_V2, _OD2_SIGNOFF)
_OD2_H2 = "When will Orbital Debt season 2 be released? [October Update]"
_OD2_S2 = "The writers' room is open and a spring shoot is booked. Here is our best estimate for Orbital Debt's return."

_STORY_ORBITAL_TRACKER = _story(
    "orbital-debt-season-2-release-date",
    ["release-dates"],
    ["mara"],
    ["orbital-debt"],
    [
        _version(
            "first", 0,
            "When will Orbital Debt season 2 be released?",
            "Apple TV+ has renewed its space heist drama. Here is how long the wait could be.",
            _body(_OD2_INTRO, _OD2_PLOT, _OD2_PROD_H, _OD2_PROD_V1, _OD2_DATE_H, _OD2_DATE_V1, _OD2_SIGNOFF),
        ),
        _version(
            "update", 21, _OD2_H2, _OD2_S2, _od2_v2_body,
            label="October Update",
            note="The writers' room has opened and a spring shoot is planned; we updated the production section and our release estimate.",
            reports=_reports("orbital-debt", status="renewed", season=2, release_date=date(2028, 1, 1),
                             release_window="2028"),
        ),
        _version("minor", 22, _OD2_H2, _OD2_S2, _fix(_od2_v2_body, "Apple TV Plus has not", "Apple TV+ has not")),
    ],
    _image("Orbital Debt Season 2", _ORBIT, "Orbital Debt season 2 is expected in 2028."),
    days_ago=55,
)

# --- Orbital Debt: season 1 review (1 version) ---

_STORY_ORBITAL_REVIEW = _story(
    "orbital-debt-season-1-review",
    ["features"],
    ["priya"],
    ["orbital-debt"],
    [
        _version(
            "first", 0,
            "Orbital Debt review: Apple TV+'s space heist knows exactly what it owes",
            "A salvage crew, a predatory bank and a station nobody is supposed to find. Orbital Debt is the smartest fun on TV this spring.",
            _body(
                _p(
                    "Most space dramas worry about oxygen. Orbital Debt worries about interest rates, and it is all the "
                    "better for it.",
                    "Dana Whitcombe's ten-episode series follows the crew of the Kestrel, a salvage ship that technically "
                    "belongs to a bank, as they stumble onto a derelict station that could pay off every cent they owe, if "
                    "only the people who abandoned it would stop trying to kill them.",
                ),
                _still("orbital-docking"),
                _h2("A heist with a spreadsheet"),
                _p(
                    "The show's smartest decision is to treat money as seriously as physics. Every repair, docking fee and "
                    "detour has a cost, and Pell, the bank's smiling hologram loan officer, appears at the worst possible "
                    "moments to remind everyone of it.",
                    "It is a running joke that turns genuinely menacing by the midpoint.",
                ),
                _p(
                    "Greta Solheim is wonderfully dry as Captain Ines Varga, a woman who has signed so many loan agreements "
                    "she no longer reads them. Marcus Adeyemi-Lowe, as pilot Teo Mbeki, gets the showier material and the "
                    "best zero-gravity fight of the year, staged on a set that actually rotates.",
                ),
                _h2("Where it drifts"),
                _p(
                    "The middle stretch spends too long on a rival crew whose motives never come into focus, and episode 6 "
                    "is a flashback detour that could have been ten minutes long.",
                    "But the final three episodes pull everything tight, and the finale's payoff is both a clever twist and "
                    "a sharp joke about who really profits from risk.",
                ),
                _p(
                    "<strong>Verdict:</strong> Orbital Debt is a heist show, a workplace comedy and a quietly furious satire "
                    "of the small print. Pay it off in full.",
                ),
                _p(
                    "Orbital Debt premiered on Apple TV+ on Friday, April 24, with two episodes. The rest follow weekly, "
                    "every Friday, until the finale in late June.",
                ),
            ),
            reports=_reports("orbital-debt", status="released", release_date=date(2026, 4, 24)),
        ),
    ],
    _image("Orbital Debt Review", _ORBIT, "Review: Orbital Debt season 1."),
    topics=["Reviews"],
    days_ago=210,
)

# --- The Understudies: cancellation (first + update, 2 authors) ---

_UC_INTRO = _p(
    "Hulu has cancelled The Understudies, its ensemble comedy about five standby actors at a struggling Chicago theater, "
    "after two seasons.",
    "The decision ends a long wait for fans: season 2 arrived in the summer, and the streamer had stayed silent on the "
    "show's future for more than three months.",
)
_UC_WHY = _body(
    _h2("Why was The Understudies cancelled?"),
    _p(
        "Hulu did not give a reason, but the numbers tell part of the story. Season 2 opened with a bigger audience than "
        "season 1, then lost much of it after the first few episodes.",
        "For a cast this size, shooting on location in Chicago, that drop was probably enough to tip the math.",
    ),
    _p(
        "Critics were kinder. Season 2 earned the best reviews of the show's run, "
        + _art("the-understudies-season-2-review", "ours included") + ", and Reggie Oduya's squirrel-costume monologue "
        "picked up awards chatter from several outlets.",
    ),
)
_UC_RESCUE = _body(
    _h2("Could another platform save it?"),
    _p(
        "Possibly. The show is produced by an independent studio, Ferris Wheel Pictures, which owns it outright and can "
        "shop it elsewhere.",
        "Cast contracts typically lapse early in the new year, so any rescue would need to happen fast.",
        "A cheap, contained ensemble comedy with two seasons of good reviews is exactly the kind of show rival services "
        "have picked up before.",
    ),
)
_UC_STATEMENT = _body(
    _h2("What did the creator say?"),
    _p("Creator Benny Tolliver responded on Thursday with a statement posted to the show's social accounts:"),
    _quote(
        "We made sixteen episodes about people who never get their turn, and then we got ours. Thank you to every viewer "
        "who waited in the wings with us. We are not taking the costumes off just yet."
    ),
    _p(
        "The cast followed with a group photo on the Prairie Rep's stage, all five understudies in costume for roles they never got to play.",
    ),
)

_STORY_UNDERSTUDIES_CANCELLED = _story(
    "the-understudies-cancelled-hulu",
    ["tv-news"],
    ["mara", "theo"],
    ["the-understudies"],
    [
        _version(
            "first", 0,
            "Hulu cancels The Understudies after two seasons",
            "The backstage comedy's curtain has come down. Its producers hope to find the show a new home.",
            _body(_UC_INTRO, _UC_WHY, _UC_RESCUE),
            reports=_reports("the-understudies", status="cancelled"),
        ),
        _version(
            "update", 1,
            "Hulu cancels The Understudies after two seasons; creator responds [Statement Update]",
            "The backstage comedy's curtain has come down, and creator Benny Tolliver says the cast are not taking off the costumes just yet.",
            _body(_UC_INTRO, _UC_WHY, _UC_RESCUE, _UC_STATEMENT),
            label="Statement Update",
            note="Added creator Benny Tolliver's statement and the cast's response.",
        ),
    ],
    _image("The Understudies Cancelled", _UNDER, "Hulu has cancelled The Understudies after two seasons."),
    topics=["Cancellations"],
    days_ago=35,
)

# --- The Understudies: season 2 review (1 version) ---

_STORY_UNDERSTUDIES_REVIEW = _story(
    "the-understudies-season-2-review",
    ["features"],
    ["priya"],
    ["the-understudies"],
    [
        _version(
            "first", 0,
            "The Understudies season 2 review: Hulu's backstage comedy finds its second act",
            "The Prairie Rep's permanent substitutes are back, and this time one of them actually makes it on stage.",
            _body(
                _p(
                    "The first season of The Understudies was a sharp, slightly shapeless comedy about five actors who are "
                    "paid to wait. The second, all eight episodes of which are now on Hulu, gives them something to do, "
                    "and the show is funnier and sadder for it.",
                ),
                _h2("What's new"),
                _p(
                    "Season 2 opens with Dot (June Castellano) finally going on as the lead in the Prairie Rep's creaky "
                    "Victorian melodrama, after the star is hospitalized by what the theater insists was a falling sandbag.",
                    "Her triumph lasts one performance. The rest of the season is about what happens to a group when one "
                    "member has tasted the spotlight and the others have not.",
                ),
                _still("understudies-chairs"),
                _p(
                    "Creator Benny Tolliver gives the whole ensemble room. Reggie Oduya's Fitz, a classically trained actor "
                    "reduced to covering three roles in a children's show, gets an episode-long monologue delivered entirely "
                    "in a squirrel costume, and it is the best thing the series has done.",
                ),
                _h2("What still needs work"),
                _p(
                    "The romance between Luis (Danny Ruelas) and the stage manager still feels like a subplot from a "
                    "different show, and a mid-season trip to a regional theater festival is more shrug than farce.",
                ),
                _h2("Verdict"),
                _p(
                    "The Understudies has always been about people waiting for a chance. In season 2 it gets one and "
                    "mostly takes it. Hulu, please give them a third act.",
                ),
            ),
            reports=_reports("the-understudies", status="released"),
        ),
    ],
    _image("The Understudies Review", _UNDER, "Review: The Understudies season 2 on Hulu."),
    topics=["Reviews"],
    days_ago=140,
)

# --- The Understudies: season 3 status tracker (3 versions) ---

_US_INTRO = _p(
    "Season 2 of The Understudies arrived on Hulu three weeks ago, and the fan campaign for a third season started before "
    "most viewers had finished the finale.",
    "Here is where things stand for the Prairie Rep's unluckiest actors.",
)
_US_INTRO_V2 = _p(
    "Season 2 of The Understudies has been on Hulu for more than two months, and the fan campaign for a third season "
    "has only grown louder since the finale.",
    "Here is where things stand for the Prairie Rep's unluckiest actors.",
)
_US_INTRO_V3 = _p(
    "Season 2 of The Understudies arrived on Hulu in the summer, and fans spent months campaigning for a third season.",
    "Here is how the story of the Prairie Rep's unluckiest actors ended, at least for now.",
)
_US_PLOT_V3 = _body(
    _h2("What would season 3 have been about?"),
    _p(
        "Tolliver has been unusually open about his plans. The finale ends with the Prairie Rep's board voting to sell the "
        "building, and a third season would have followed the theater's last production, a doomed musical, with all five "
        "understudies finally cast in leading roles because nobody else would take the job.",
    ),
)
_US_PLOT = _body(
    _h2("What would season 3 be about?"),
    _p(
        "Tolliver has been unusually open about his plans. The finale ends with the Prairie Rep's board voting to sell the "
        "building, and a third season would follow the theater's last production, a doomed musical, with all five "
        "understudies finally cast in leading roles because nobody else will take the job.",
    ),
)
_US_RENEW_H = _h2("Has Hulu renewed The Understudies?")
_US_RENEW_V1 = _p(
    "Not yet. Hulu usually decides on its comedies within two or three months of release, and season 1 was renewed after "
    "seven weeks.",
    "Creator Benny Tolliver has said he has a third season outlined, ending with the theater's final night before demolition.",
)
_US_RENEW_V2 = _p(
    "Still no decision, and the numbers are mixed. Hulu said season 2 reached more households in its first month than "
    "season 1 did, but independent tracking suggests many of them stopped after three episodes.",
    "Comedies with that profile have gone both ways at the streamer.",
)
_US_RENEW_V3 = _p(
    "No. Hulu has cancelled The Understudies after two seasons, three and a half months after season 2's release, an "
    "unusually long wait that suggests the streamer weighed it carefully.",
    "The show's studio says it is looking for a new home. Read " + _art("the-understudies-cancelled-hulu", "our full report on the cancellation") + ".",
)
_US_DATE_H = _h2("When could season 3 be released?")
_US_DATE_V1 = _p(
    "If Hulu says yes by the fall, a spring shoot in Chicago would put season 3 on screen next summer, matching the "
    "show's annual rhythm.",
)
_US_DATE_V2 = _p(
    "A renewal this month would still allow a spring shoot, but every week without a decision makes a summer 2027 return "
    "less likely and raises the chance that the cast drift to other jobs.",
)
_US_DATE_V3 = _p(
    "Unless another platform steps in, there will be no season 3. Both seasons remain available to stream on "
    + _ext("watch/the-understudies", "Hulu") + ".",
)
_US_SIGNOFF = _p(
    "While you wait, catch up on " + _art("the-understudies-season-2-review", "our season 2 review") + ".",
)
_US_SIGNOFF_END = _p(
    "If you have not seen it yet, " + _art("the-understudies-season-2-review", "our season 2 review") + " makes the case for the sixteen episodes that exist.",
)

_STORY_UNDERSTUDIES_SEASON_3 = _story(
    "the-understudies-season-3-renewal-status",
    ["release-dates"],
    ["theo"],
    ["the-understudies"],
    [
        _version(
            "first", 0,
            "Will The Understudies return for season 3?",
            "Hulu hasn't made a call on its backstage comedy yet. Here is what could decide it.",
            _body(_US_INTRO, _US_PLOT, _US_RENEW_H, _US_RENEW_V1, _US_DATE_H, _US_DATE_V1, _US_SIGNOFF),
        ),
        _version(
            "update", 45,
            "Will The Understudies return for season 3? [Ratings Update]",
            "Hulu still hasn't made a call on its backstage comedy, and the first viewing numbers point both ways.",
            _body(_US_INTRO_V2, _US_PLOT, _US_RENEW_H, _US_RENEW_V2, _US_DATE_H, _US_DATE_V2, _US_SIGNOFF),
            label="Ratings Update",
            note="Added Hulu's first viewing figures for season 2 and independent tracking data.",
        ),
        _version(
            "update", 86,
            "The Understudies season 3: Hulu cancels backstage comedy [Cancellation Update]",
            "Hulu has ended The Understudies after two seasons. Here is what happened and what it means for season 3.",
            _body(_US_INTRO_V3, _US_PLOT_V3, _US_RENEW_H, _US_RENEW_V3, _US_DATE_H, _US_DATE_V3, _US_SIGNOFF_END),
            label="Cancellation Update",
            note="Hulu has cancelled the show; we updated the story with the decision and what it means for season 3.",
            reports=_reports("the-understudies", status="cancelled"),
        ),
    ],
    _image("The Understudies Season 3", _UNDER, "The Prairie Rep's understudies wait for a third act."),
    topics=["Renewals"],
    days_ago=120,
)

# --- Lanterns of Kesh: release tracker (4 versions) ---

_LK_INTRO = _p(
    "Disney+ is adapting Hollis Greave's Lanterns of Kesh novels, the canal-city fantasy series that has quietly sold "
    "millions of copies to readers young and old.",
    "Here is everything we know about the show and when it will arrive.",
)
_LK_ABOUT = _body(
    _h2("What is Lanterns of Kesh about?"),
    _p(
        "Wren Otterby is a thirteen-year-old apprentice to the lamplighters of Kesh, a city of canals where every bridge "
        "carries a lantern that must be lit by sundown.",
        "When one lantern goes out and the water beneath it freezes in midsummer, Wren discovers the lights are not there "
        "to help people see. They are keeping something asleep.",
    ),
    _p(
        "The eight-episode first season adapts the first book, The Lamplighter's Apprentice. Showrunner Anwen Tallis, "
        "whose background is in British children's drama, says the series will keep the books' habit of scaring younger "
        "viewers just enough.",
    ),
)
_LK_CAST_H = _h2("Who is in the cast?")
_LK_CAST_V1 = _p(
    "Casting has not been announced. Disney+ has confirmed an open search for Wren aimed at actors aged 12 to 15, with "
    "auditions held in schools and youth theaters across the UK.",
)
_LK_CAST_V2 = _p(
    "Newcomer Poppy Ellery-Vance, 14, plays Wren, chosen from more than 6,000 open-call auditions.",
    "Bertram Oakes plays her mentor, the master lamplighter Aldous Finch, and Celia Ashdown plays Lady Morrow, the Canal "
    "Warden who would very much like the lanterns turned off. Our " + _art("lanterns-of-kesh-cast-announced", "casting report") + " has the full list.",
)
_LK_CAST_V4 = _p(
    "The production has since added Jonah Kettering as Pim, the ferry boy who becomes Wren's reluctant partner, a "
    "fan-favorite character from the second half of the first book.",
)
_LK_DATE_H = _h2("When will Lanterns of Kesh be released?")
_LK_DATE_V1 = _p(
    "Disney+ has not given a date. With casting still underway and filming not due to begin until the summer, the earliest "
    "realistic window is late 2027.",
)
_LK_DATE_V2 = _p(
    "Disney+ has not given a date. With casting done and filming due to begin in the summer, late 2027 remains the "
    "earliest realistic window.",
)
_LK_DATE_V3 = _p(
    "Filming began this month in Bristol, where the harbor is standing in for Kesh's Lower Canals, with interiors at a "
    "studio outside London.",
    "The shoot is scheduled to run until December, and Disney+ has now confirmed the series for late 2027.",
)
_LK_DATE_V4 = _p(
    "Filming has been underway in Bristol since the summer, and Tallis said this month that the shoot is on schedule "
    "despite a week lost to a burst water main on the canal set, which she called",
    "\u201cthe most on-theme delay in television history.\u201d",
    "Disney+ is sticking with late 2027, and a first look is expected before the end of the year.",
)
_LK_H = "Lanterns of Kesh: Disney+ release date, cast and story"

_STORY_LANTERNS_TRACKER = _story(
    "lanterns-of-kesh-release-date",
    ["release-dates"],
    ["theo"],
    ["lanterns-of-kesh"],
    [
        _version(
            "first", 0, _LK_H,
            "Disney+ has ordered an eight-episode adaptation of the beloved fantasy novels. Here is what we know so far.",
            _body(_LK_INTRO, _LK_ABOUT, _LK_CAST_H, _LK_CAST_V1, _LK_DATE_H, _LK_DATE_V1),
        ),
        _version(
            "update", 70, _LK_H + " [Casting Update]",
            "Disney+ has found its Wren. Here is the cast of the Lanterns of Kesh adaptation and when it could arrive.",
            _body(_LK_INTRO, _LK_ABOUT, _LK_CAST_H, _LK_CAST_V2, _LK_DATE_H, _LK_DATE_V2),
            label="Casting Update",
            note="Disney+ has announced the main cast; we added the names and roles.",
        ),
        _version(
            "update", 140, _LK_H + " [Filming Update]",
            "Filming on Lanterns of Kesh has begun in Bristol, and Disney+ has confirmed a late 2027 release.",
            _body(_LK_INTRO, _LK_ABOUT, _LK_CAST_H, _LK_CAST_V2, _LK_DATE_H, _LK_DATE_V3),
            label="Filming Update",
            note="Filming has begun in Bristol; we added production details and the confirmed late 2027 window.",
            reports=_reports("lanterns-of-kesh", status="filming", release_date=date(2027, 9, 1), release_window="late 2027"),
        ),
        _version(
            "update", 185, _LK_H + " [September Update]",
            "A new cast member and a progress report from the canal set: the latest on Disney+'s Lanterns of Kesh.",
            _body(_LK_INTRO, _LK_ABOUT, _LK_CAST_H, _LK_CAST_V2, _LK_CAST_V4, _LK_DATE_H, _LK_DATE_V4),
            label="September Update",
            note="Added a new cast member and a production progress report from the showrunner.",
            reports=_reports("lanterns-of-kesh", status="filming", release_date=date(2027, 9, 1), release_window="late 2027"),
        ),
    ],
    _image("Lanterns of Kesh", _KESH, "Lanterns of Kesh is filming for Disney+."),
    days_ago=240,
)

# --- Lanterns of Kesh: cast announced (1 version) ---

_STORY_LANTERNS_CAST = _story(
    "lanterns-of-kesh-cast-announced",
    ["casting"],
    ["mara"],
    ["lanterns-of-kesh"],
    [
        _version(
            "first", 0,
            "Lanterns of Kesh finds its Wren: newcomer Poppy Ellery-Vance to lead Disney+ fantasy",
            "A 14-year-old from an open casting call will play the lamplighter's apprentice, with Bertram Oakes and Celia Ashdown in support.",
            _body(
                _p(
                    "After a search that reached more than 6,000 young actors, Disney+ has found the lead for its adaptation "
                    "of Hollis Greave's Lanterns of Kesh. Poppy Ellery-Vance, 14, will play Wren Otterby in her first "
                    "professional screen role.",
                ),
                _h2("Who is Poppy Ellery-Vance?"),
                _p(
                    "Ellery-Vance was spotted at an open audition in Leeds, where she performed a scene from the first book "
                    "that she had learned by heart years earlier. Showrunner Anwen Tallis said the casting team knew within a minute.",
                    "\u201cWren is stubborn, frightened and brave at the same time,\u201d Tallis said.",
                    "\u201cPoppy walked in and did all three before she said a word.\u201d",
                ),
                _h2("Who else is in the cast?"),
                _ul(
                    "<strong>Bertram Oakes</strong> as Aldous Finch, the master lamplighter, who has spent fifty years "
                    "lighting the same bridges and never once asked why.",
                    "<strong>Celia Ashdown</strong> as Lady Morrow, the Canal Warden: elegant, patient and quietly "
                    "determined to let the lanterns go dark.",
                    "<strong>Tomasz Wilk</strong> as Brother Ede, keeper of the city's oldest bridge and the only person "
                    "who remembers the last time a lantern failed.",
                ),
                _still("kesh-lineup", "Poppy Ellery-Vance, Bertram Oakes, Celia Ashdown and Tomasz Wilk."),
                _p(
                    "Greave, who has consulted on the scripts, said she was",
                    "\u201cgiddy\u201d about the cast, and that Oakes was the actor she had pictured while writing Finch.",
                ),
                _h2("When does filming start?"),
                _p(
                    "Filming begins in the summer in Bristol and at a studio outside London. For the release window and the "
                    "latest production news, see our " + _art("lanterns-of-kesh-release-date", "Lanterns of Kesh tracker") + ".",
                ),
            ),
        ),
    ],
    _image("Lanterns of Kesh Cast", _KESH, "Poppy Ellery-Vance will play Wren Otterby."),
    days_ago=170,
)

# --- Lanterns of Kesh: first look (the one scheduled story) ---

_STORY_LANTERNS_FIRST_LOOK = _story(
    "lanterns-of-kesh-first-look",
    ["tv-news"],
    ["theo"],
    ["lanterns-of-kesh"],
    [
        _version(
            "first", 0,
            "Lanterns of Kesh first look: Wren lights the Lower Canals",
            "Disney+ has released the first images from its Hollis Greave adaptation, and Kesh looks exactly as cold as the books promised.",
            _body(
                _p(
                    "Disney+ has lifted the lid on Lanterns of Kesh with four first-look images, and the first thing to say "
                    "is that the canals are real. Much of the series was shot on Bristol's harbor at night, and the lanterns "
                    "hanging from every bridge were practical lights rather than visual effects.",
                ),
                _h2("What do the images show?"),
                _ul(
                    "Wren (Poppy Ellery-Vance) on a ladder above a frozen canal, lighting a lantern with a long brass pole.",
                    "Master lamplighter Aldous Finch (Bertram Oakes) teaching her the knot that ties a lantern's cord, a "
                    "scene readers will recognize from the first chapter.",
                    "Lady Morrow (Celia Ashdown) on a bridge in a fur-trimmed coat, watching them from above.",
                    "Pim (Jonah Kettering) steering a ferry through fog, with something pale under the water beside the boat.",
                ),
                _still("kesh-ladder"),
                _p(
                    "That last image is the closest Disney+ has come to showing what sleeps beneath Kesh, and it is "
                    "carefully blurred. Showrunner Anwen Tallis told us the creature will be",
                    "\u201cheard far more than it is seen\u201d in the first season, which is how the books handle it too.",
                ),
                _h2("When will Lanterns of Kesh be released?"),
                _p(
                    "The eight-episode series arrives on Disney+ in late 2027. Filming wraps next month, and Tallis said a "
                    "trailer would follow",
                    "\u201conce we have finished drying everyone off.\u201d",
                    "Our " + _art("lanterns-of-kesh-release-date", "release tracker") + " has the full production history.",
                ),
            ),
            reports=_reports("lanterns-of-kesh", status="filming", release_date=date(2027, 9, 1), release_window="late 2027"),
        ),
    ],
    _image("Lanterns of Kesh First Look", _KESH, "First look at Disney+'s Lanterns of Kesh."),
    state="scheduled",
    topics=["First Look"],
    days_ago=None,
    publish_in_hours=20,
)

# --- The Ninth Bell: announcement (1 version) ---

_STORY_NINTH_BELL_ANNOUNCED = _story(
    "ninth-bell-prime-video-announced",
    ["tv-news"],
    ["priya"],
    ["the-ninth-bell"],
    [
        _version(
            "first", 0,
            "Prime Video orders The Ninth Bell, a Galician fantasy about a bell that should not ring",
            "The Spanish-language series from Álvaro Seoane starts filming in the new year and is aiming for late 2027.",
            _body(
                _p(
                    "Prime Video has ordered The Ninth Bell (<em>La novena campana</em>), an eight-episode Spanish-language "
                    "fantasy set in a fishing village on the Galician coast.",
                    "Creator Álvaro Seoane, who also writes the series, calls it",
                    "\u201ca ghost story told by the sea rather than the dead.\u201d",
                ),
                _h2("What is The Ninth Bell about?"),
                _p(
                    "The church tower in San Xiao de Mar holds eight bells. Every child in the village knows the story of a "
                    "ninth, lost in a shipwreck two centuries ago, that rings only when the sea wants something back.",
                    "When it rings in the middle of a wedding, marine biologist Irene Couto comes home for the first time in "
                    "fifteen years to work out who, or what, pulled the rope.",
                ),
                _p(
                    "Seoane describes the show as",
                    "\u201cfolk horror with the lights on,\u201d",
                    "more eerie than frightening and rooted in the coastal legends he grew up with. The dialogue will mix "
                    "Spanish and Galician.",
                ),
                _h2("Who is in the cast?"),
                _p(
                    "Marta Iglesias Rey leads as Irene, with Xoán Barreiro as Father Anxo, the village priest, who insists "
                    "the church never owned a ninth bell and keeps the tower locked to prove it.",
                ),
                _h2("When will it be released?"),
                _p(
                    "Filming begins on the Galician coast early next year. Prime Video is targeting a late 2027 release "
                    "worldwide, with subtitles and an English dub available at launch.",
                ),
            ),
            reports=_reports("the-ninth-bell", platform="Prime Video", release_date=date(2027, 9, 1), release_window="late 2027"),
        ),
    ],
    _image("The Ninth Bell", _BELL, "Prime Video has ordered The Ninth Bell."),
    days_ago=18,
)

# --- The Ninth Bell: explainer (the one draft story) ---

_STORY_NINTH_BELL_GUIDE = _story(
    "ninth-bell-what-we-know",
    ["features", "release-dates"],
    ["mara"],
    ["the-ninth-bell"],
    [
        _version(
            "first", 0,
            "The Ninth Bell: everything we know about Prime Video's Galician fantasy",
            "Release window, cast, filming locations and the legend behind the story: our guide to The Ninth Bell, updated as news arrives.",
            _body(
                _p(
                    "Prime Video's The Ninth Bell is still months from its first day of filming, but Álvaro Seoane's "
                    "folk fantasy already has a devoted following among readers of his earlier short stories.",
                    "Here is everything confirmed so far, in one place.",
                ),
                _h2("Is The Ninth Bell based on a real legend?"),
                _p(
                    "Not directly. Seoane has said the story of the ninth bell is his own invention, stitched together from "
                    "the kinds of tales his grandmother told about the sea: drowned villages, lights on the water and debts "
                    "that the tide comes to collect.",
                    "San Xiao de Mar, the village at its center, is fictional too.",
                ),
                _h2("Where is it filming?"),
                _p(
                    "On the Galician coast, with the church interiors built on a stage in Madrid. The production has been "
                    "scouting fishing ports for a harbor that can be dressed to look unchanged since the 1950s, and Seoane "
                    "says the sea itself will be filmed for real wherever the weather allows.",
                ),
                _p(
                    "Marta Iglesias Rey leads as marine biologist Irene Couto, with Xoán Barreiro as Father Anxo. Further "
                    "casting is expected once the shoot is closer.",
                ),
                _h2("When will The Ninth Bell be released?"),
                _p(
                    "Prime Video is aiming for late 2027, worldwide, with subtitles and an English dub at launch. Read "
                    + _art("ninth-bell-prime-video-announced", "the original announcement") + " for the full premise, and see "
                    "where it sits among next year's other genre premieres in our "
                    + _art("every-fantasy-show-coming-in-2027", "2027 fantasy roundup") + ".",
                ),
            ),
            reports=_reports("the-ninth-bell", status="announced", release_date=date(2027, 9, 1), release_window="late 2027"),
        ),
    ],
    _image("The Ninth Bell Guide", _BELL, "The Ninth Bell is coming to Prime Video in late 2027."),
    state="draft",
    days_ago=None,
)

# --- Roundup: every fantasy show coming in 2027 (first + update, 3 shows, 2 authors) ---

_RF_INTRO = _p(
    "Next year is shaping up to be a busy one for fantasy on the small screen. Here is every series on our radar, with "
    "the latest on release windows, and we will add shows as they are announced.",
)
_RF_FIRST_HALF = _body(
    _h2("First half of 2027"),
    _h3("Ashfall Crown season 2 (Max)"),
    _p(
        "The volcano kingdom returns in the spring with eight episodes and, if the teaser is to be believed, at least one "
        "dragon. Season 2 picks up with Emberhold split in two and Ysolde Varr facing a half-brother she never knew she had.",
        _art("ashfall-crown-season-2-release-date", "Ashfall Crown release date tracker") + ".",
    ),
)
_RF_KESH = _body(
    _h3("Lanterns of Kesh (Disney+)"),
    _p(
        "Hollis Greave's canal-city novels arrive on Disney+ late in the year. Newcomer Poppy Ellery-Vance plays Wren, the "
        "lamplighter's apprentice who learns what the lanterns are really for, with Bertram Oakes as her mentor.",
        "Filming is underway in Bristol. " + _art("lanterns-of-kesh-release-date", "Lanterns of Kesh release date tracker") + ".",
    ),
)
_RF_BELL = _body(
    _h3("The Ninth Bell (Prime Video)"),
    _p(
        "A Spanish-language folk fantasy set in a Galician fishing village, where a bell lost at sea starts ringing again "
        "in the middle of a wedding.",
        "Álvaro Seoane's eight-episode series films early next year and is aiming for late 2027. "
        + _art("ninth-bell-prime-video-announced", "Read the announcement") + ".",
    ),
)
_RF_OUTRO_V1 = _p(
    "That is a short list for now, but it will not stay that way. Several fantasy projects are in development at the major "
    "streamers, and we expect at least one more to be confirmed for 2027 before the year is out.",
)
_RF_OUTRO_V2 = _p(
    "That makes three, with the back half of the year suddenly crowded. We expect the list to keep growing as the "
    "streamers fill their 2027 schedules, so check back.",
)

_STORY_FANTASY_ROUNDUP = _story(
    "every-fantasy-show-coming-in-2027",
    ["features", "release-dates"],
    ["mara", "priya"],
    ["ashfall-crown", "lanterns-of-kesh", "the-ninth-bell"],
    [
        _version(
            "first", 0,
            "Every fantasy show coming in 2027",
            "Dragons, canal monsters and a volcano with a grudge: the fantasy series we know are arriving next year, and when.",
            _body(_RF_INTRO, _RF_FIRST_HALF, _h2("Second half of 2027"), _RF_KESH, _RF_OUTRO_V1),
            reports=_reports("lanterns-of-kesh", status="filming", release_date=date(2027, 9, 1), release_window="late 2027"),
            shows=["ashfall-crown", "lanterns-of-kesh"],
        ),
        _version(
            "update", 12.25,
            "Every fantasy show coming in 2027 [Ninth Bell Update]",
            "Dragons, canal monsters, a volcano with a grudge and now a haunted bell: the fantasy series arriving next year, and when.",
            _body(_RF_INTRO, _RF_FIRST_HALF, _h2("Second half of 2027"), _RF_KESH, _RF_BELL, _RF_OUTRO_V2),
            label="Ninth Bell Update",
            note="Added Prime Video's newly announced The Ninth Bell to the second-half list.",
            seo_description="Every fantasy TV series confirmed for 2027, from Ashfall Crown season 2 to Lanterns of Kesh and The Ninth Bell.",
            shows=["ashfall-crown", "lanterns-of-kesh", "the-ninth-bell"],
        ),
    ],
    _image("Fantasy in 2027", _FANTASY_2027, "The fantasy series heading to streaming in 2027.",
           motifs=["volcano", "lanterns", "bell"]),
    topics=["Roundups"],
    days_ago=30,
)

# --- Two-show feature: The Salt Line and Moonlit Pharmacy (1 version) ---

_STORY_SEASIDE_KDRAMAS = _story(
    "salt-line-moonlit-pharmacy-seaside-kdramas",
    ["features", "tv-news"],
    ["priya"],
    ["the-salt-line", "moonlit-pharmacy"],
    [
        _version(
            "first", 0,
            "Two Korean dramas, one coastline: The Salt Line and Moonlit Pharmacy",
            "One is a quarantine thriller, the other a night-shift romance. Both are betting that viewers want to spend time by the sea.",
            _body(
                _p(
                    "Korean television has a new favorite backdrop. The two K-dramas we are most looking forward to, "
                    "Netflix's returning thriller The Salt Line and tvN's new romance Moonlit Pharmacy, are both set in "
                    "small coastal towns, and both treat the sea as something closer to a character than a setting.",
                ),
                _h2("The Salt Line: the sea as a border"),
                _p(
                    "In Shin Woo-kyung's thriller, the water is what keeps the sickness in and the survivors out. Season 1 "
                    "made the crossing between island and mainland its central question.",
                    "Season 2, now filming in Tongyeong, moves the story to the other side: a quarantine camp on the mainland "
                    "coast, within sight of the island the characters escaped. Netflix is aiming for late 2027.",
                ),
                _h2("Moonlit Pharmacy: the sea as a neighbor"),
                _p(
                    "Moonlit Pharmacy uses the same kind of setting for something much gentler. Its fictional town of Haewol "
                    "is a place where everyone knows which boats are out and when the storms are due, and the pharmacy at "
                    "its center stays open all night because somebody might need it. tvN premieres it on January 9.",
                ),
                _h2("Why now?"),
                _p(
                    "Both productions talk about wanting a break from Seoul. Director Lee Ha-jin says the capital",
                    "\u201chas been on screen so much that it has stopped looking like a real place,\u201d",
                    "and Shin chose her island because it felt like somewhere the rest of the country had forgotten.",
                    "After years of glass office towers and hilltop mansions, a run of fishing towns feels like fresh air.",
                ),
                _p(
                    "For the latest, see our " + _art("salt-line-season-2-release-date", "Salt Line season 2 tracker")
                    + " and our " + _art("moonlit-pharmacy-release-date", "Moonlit Pharmacy release guide") + ".",
                ),
            ),
            reports=_reports("the-salt-line", status="filming", release_date=date(2027, 9, 1), release_window="late 2027"),
        ),
    ],
    _image("Two Seaside Dramas", _SEASIDE, "The Salt Line and Moonlit Pharmacy both head for the coast.",
           motifs=["ferry", "pharmacy"]),
    topics=["Filming Locations"],
    days_ago=45,
)


STORIES = [
    _STORY_SALT_LINE_TRACKER,
    _STORY_SALT_LINE_CAST,
    _STORY_SALT_LINE_ENDING,
    _STORY_ASHFALL_TRACKER,
    _STORY_ASHFALL_TEASER,
    _STORY_ASHFALL_ORBITAL_CAST,
    _STORY_QUIET_LEDGER_TRACKER,
    _STORY_QUIET_LEDGER_REVIEW,
    _STORY_QUIET_LEDGER_SEASON_4,
    _STORY_MOONLIT_TRACKER,
    _STORY_MOONLIT_CAST,
    _STORY_MOONLIT_FIRST_LOOK,
    _STORY_ORBITAL_RENEWED,
    _STORY_ORBITAL_TRACKER,
    _STORY_ORBITAL_REVIEW,
    _STORY_UNDERSTUDIES_CANCELLED,
    _STORY_UNDERSTUDIES_REVIEW,
    _STORY_UNDERSTUDIES_SEASON_3,
    _STORY_LANTERNS_TRACKER,
    _STORY_LANTERNS_CAST,
    _STORY_LANTERNS_FIRST_LOOK,
    _STORY_NINTH_BELL_ANNOUNCED,
    _STORY_NINTH_BELL_GUIDE,
    _STORY_FANTASY_ROUNDUP,
    _STORY_SEASIDE_KDRAMAS,
]
