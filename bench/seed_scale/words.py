"""Plausible words in bulk for the benchmark desk: show names and facts, stories, readers
and their comments.

Everything comes from small vocabularies and one seeded `random.Random`, so the same seed
gives the same desk. Text is cut from pools built once (sentences, paragraphs, comments), so
a story costs a few dozen random picks however long its body is. Story bodies are already in
the shape `articles.sanitize.clean_story_html` gives, and the plain text of each block is
built beside its HTML, as `articles.sanitize.html_to_text` would find it: the seeder can
fill the search index without parsing 100,000 bodies.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import accumulate

from articles.models import ShowStatus

PLATFORMS = ["Netflix", "Prime Video", "Apple TV+", "Disney+", "HBO", "Hulu", "Peacock",
             "Paramount+", "BBC One", "Channel 4", "ITV", "Crunchyroll", "Viki", "Sky Atlantic"]
COUNTRIES = ["United States", "United Kingdom", "South Korea", "Japan", "Spain", "Denmark",
             "France", "Germany", "Canada", "Australia", "Ireland", "Mexico", "India"]
GENRES = ["Drama", "Thriller", "Comedy", "Sci-fi", "Fantasy", "Crime", "Horror", "Romance",
          "Mystery", "Animation", "Documentary", "Period drama"]

SECTIONS = [
    ("TV News", "The day's television news: renewals, casting, dates and deals."),
    ("Reviews", "Our critics on what is worth your evenings."),
    ("Features", "Longer reads about the shows people talk about."),
    ("Interviews", "Casts and crews in their own words."),
    ("Streaming", "What is arriving on, and leaving, the streaming services."),
    ("Recaps", "Episode by episode, spoilers included."),
    ("Casting", "Who is joining which show, and as whom."),
    ("Release Dates", "When the shows you follow come back."),
    ("Trailers", "First looks, teasers and full trailers."),
    ("Opinion", "Arguments about television, made at length."),
    ("Explainers", "Endings, timelines and lore, untangled."),
    ("International", "Series from beyond the English-speaking world."),
]

TOPICS = ["KDrama", "Anime", "True Crime", "Period Drama", "Sci-Fi", "Fantasy", "Comedy",
          "Thriller", "Reboots", "Spin-offs", "Finales", "Renewals", "Cancellations",
          "Casting News", "Trailers", "Awards", "Streaming Prices", "Box Sets", "Miniseries",
          "Nordic Noir", "Reality TV", "Documentary", "Animation", "Horror", "Book Adaptations",
          "Showrunners", "Soundtracks", "Ratings", "Binge Watch", "Holiday Specials"]

FIRST_NAMES = ["Ada", "Bilal", "Carmen", "Dmitri", "Esme", "Farid", "Greta", "Hana", "Ines",
               "Joon", "Keira", "Luca", "Maya", "Nikhil", "Olu", "Pia", "Quentin", "Rosa",
               "Sven", "Tara", "Umar", "Vera", "Wes", "Xiu", "Yara", "Zane", "Amara", "Bruno",
               "Chloe", "Dario", "Elif", "Femi", "Gus", "Hollis", "Ivo", "Jade", "Kofi",
               "Lena", "Mateo", "Noor"]
LAST_NAMES = ["Abbott", "Bauer", "Castillo", "Dunn", "Eriksen", "Fujita", "Garber", "Hale",
              "Ibarra", "Jensen", "Kwon", "Lindqvist", "Moreau", "Nakamura", "Osei", "Park",
              "Quinn", "Rossi", "Sato", "Tran", "Ueda", "Varga", "Walsh", "Xu", "Yilmaz",
              "Zielinski", "Achebe", "Brennan", "Costa", "Delgado", "Ekwueme", "Fischer",
              "Gallo", "Holm", "Iwata", "Jovanovic", "Kaur", "Lund", "Mensah", "Novak"]

# Show names: "The Salt Line", "Glass Harbour", "The Quiet Orchard of Vell"...
_SHOW_ADJECTIVES = ["Salt", "Glass", "Quiet", "Iron", "Silver", "Broken", "Hollow", "Northern",
                    "Velvet", "Burning", "Drowned", "Last", "Paper", "Crimson", "Winter",
                    "Golden", "Lost", "Wild", "Hidden", "Endless", "Bitter", "Lonely", "Copper",
                    "Midnight", "Painted", "Sleeping", "Restless", "Savage", "Gentle", "Black",
                    "Distant", "Fallen", "Bright", "Long", "Open", "Sunken", "Frozen", "Amber",
                    "Scarlet", "Stone"]
_SHOW_NOUNS = ["Line", "Harbour", "Orchard", "Crown", "Ferry", "Ledger", "Station", "Lantern",
               "Garden", "Tide", "Kingdom", "Signal", "Island", "Road", "Pharmacy", "Archive",
               "Hotel", "Valley", "Circuit", "Parish", "Bridge", "Engine", "Mirror", "Season",
               "Court", "Frontier", "Lighthouse", "Market", "Republic", "Academy", "Theatre",
               "Quarry", "Estate", "Observatory", "Canal", "Inheritance", "Precinct", "Circus",
               "Reservoir", "Manor"]
_SHOW_PLACES = ["Vell", "Amberley", "Kestrel Bay", "Norrvik", "Santa Lucia", "Oakhurst", "Dunmore",
                "Port Ellis", "Hadley", "Marrow Creek", "Yellow Rock", "Saltmere"]

_ROLES = ["detective", "ferry captain", "pharmacist", "rival heir", "village doctor", "spy",
          "headteacher", "lighthouse keeper", "journalist", "queen", "smuggler", "chef"]
_SHOW_PREMISES = [
    "A {role} in {place} finds a secret that the whole town has agreed to forget.",
    "Three siblings inherit a crumbling {noun} and the debts that come with it.",
    "When a {role} vanishes from {place}, an unlikely pair starts asking questions.",
    "A small crew runs the last {noun} on the coast, one bad winter at a time.",
    "The staff of a {noun} in {place} keep each other's secrets, until they cannot.",
    "A disgraced {role} returns home to {place} for one more season.",
]
_SYNOPSIS_TAILS = [
    "Critics called the first season patient, funny and unexpectedly moving.",
    "It became a word-of-mouth hit and is now one of the service's most watched series.",
    "Each season tells a new story with a returning cast.",
    "The writers have said they know exactly how it ends.",
    "It is based on a best-selling novel that readers have loved for years.",
]

_HEADLINES = [
    "{show} season {season}: everything we know so far",
    "When will {show} season {season} arrive?",
    "{show} renewed for season {season} at {platform}",
    "Filming begins on {show} season {season}",
    "{show} adds {person} as a {role} for season {season}",
    "{show} season {season} trailer: first look at the new episodes",
    "{show} review: {adjective} television that earns its ending",
    "The {show} finale, explained",
    "Why {show} is the most {adjective} show on {platform} right now",
    "{show} creator on season {season}: we wanted to start again",
    "{show} season {season} gets a release window",
    "{person} joins {show} in a {role} role",
    "Is {show} coming back? What the cast has said",
    "{show} season {season} episode guide",
]
_HEADLINES_WITHOUT_SHOW = [
    "The {number} best {genre} series to stream this {season_word}",
    "New on {platform} this week: {number} shows worth your evening",
    "{platform} raises prices again: what changes for viewers",
    "Every {genre} series returning this {season_word}",
    "The {number} television finales people still argue about",
    "What is leaving {platform} next month",
    "The {genre} renaissance: why studios are betting on it again",
    "{number} {genre} shows you missed last year",
]
_ADJECTIVES = ["gripping", "tender", "strange", "ambitious", "funny", "unsettling", "generous",
               "beautiful", "patient", "furious", "clever", "moving"]
_SEASON_WORDS = ["spring", "summer", "autumn", "winter"]

_STANDFIRSTS = [
    "Everything we know about the return of {show}: the cast, the story and when it lands "
    "on {platform}.",
    "The cast of {show} is back together, and the new season looks bigger than the last.",
    "{platform} has confirmed more episodes of {show}. Here is what happens next.",
    "Our critic on the new season of {show}, and why it is worth the long wait.",
    "The people behind {show} talk about the season ahead and the ending they have planned.",
    "Dates, casting news and the first pictures from the set of {show}.",
]
_STANDFIRSTS_WITHOUT_SHOW = [
    "Our pick of the {genre} series worth your time, from new arrivals to old favourites.",
    "What changes for viewers of {platform}, and what stays the same.",
    "A guide to the {genre} shows coming back, with dates where we have them.",
]
_INTROS = [
    "{show} is back on the schedule at {platform}, and the wait looks shorter than many "
    "feared.",
    "Fans of {show} have waited a long time for news, and this week they finally got some.",
    "{platform} confirmed the plans for {show} in a short statement on Tuesday.",
    "Few series have grown an audience as quietly as {show} has.",
    "The first season of {show} ended on a cliffhanger, and the second will start right "
    "after it.",
]
_INTROS_WITHOUT_SHOW = [
    "Television keeps getting bigger, and {platform} keeps adding to the pile.",
    "The schedules are full of {genre} series this year, and not all of them are good.",
    "Viewers of {platform} will see some changes in the coming weeks.",
]
_INTRO_TAILS = [
    "Here is everything we know so far.",
    "We have gathered what has been confirmed, and what is only rumoured.",
    "Read on for the dates, the cast and what the writers have promised.",
    "This guide is updated whenever something new is confirmed.",
]

_SUBHEADINGS = ["What happens next?", "Who is in the cast?", "Where can I watch it?",
                "Is there a trailer?", "What we know about the story", "When does filming start?",
                "How many episodes will there be?", "What the critics said", "Behind the scenes",
                "The story so far", "Will there be another season?", "What the cast has said"]

_SENTENCES = [
    "The {ordinal} season was filmed over {number} months in {place}.",
    "{person} has said the new episodes are darker than anything that came before.",
    "The writers' room reopened in {month}, and scripts for the whole season are finished.",
    "A spokesperson for {platform} would not confirm a date, but said more news was coming.",
    "The series is made by the same team that produced the {adjective} first season.",
    "Most of the main cast is returning, including {person} as the {role}.",
    "Production was paused for {number} weeks after a storm damaged the set in {place}.",
    "Early reviews called the opening episode {adjective} and {other_adjective}.",
    "The showrunner has promised answers to the questions the last finale left open.",
    "A new {role} arrives in the first episode, played by {person}.",
    "Viewing figures for the last season were the highest the series has had.",
    "The trailer runs just under two minutes and gives away very little.",
    "Filming moved to {place} for the second half of the season.",
    "{person} directs {number} of the episodes, a first for the series.",
    "The season will have {number} episodes, each about an hour long.",
    "Fans have spent months piecing together clues from the set pictures.",
    "The composer is back, and the main theme has been recorded again with a full orchestra.",
    "Nothing about the ending has been confirmed, and the cast is not saying.",
    "The new episodes pick up {number} years after the events of the finale.",
    "The series was one of the most watched on {platform} in {month}.",
    "Several scenes were shot at night on the harbour, which the crew remembers as cold.",
    "The costume department made more than {hundreds} pieces for the new season.",
    "Critics were split on the pacing, but almost all of them praised the acting.",
    "The story is told from the point of view of the {role} this time.",
    "A behind-the-scenes special will follow the final episode.",
    "Some of the episodes will be released weekly rather than all at once.",
]
_ORDINALS = ["first", "second", "third", "fourth", "fifth"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]

UPDATE_NOTES = [
    "Added the confirmed release date.",
    "The cast list now includes the new arrivals.",
    "Added the trailer and the first pictures from the set.",
    "Filming has wrapped; we have added what the cast said.",
    "The season now has an episode count.",
    "Added the platform's statement about the delay.",
]
_UPDATE_PARAGRAPHS = [
    "Since this story was first published, {platform} has confirmed the date.",
    "This week the cast shared the first pictures from the set.",
    "Filming wrapped last week, according to a post from the director.",
    "The episode count is now confirmed, and so is the running time.",
]

_COMMENT_OPENERS = [
    "Been waiting for this news for ages.",
    "Finally, some actual dates!",
    "I binged the whole first season in two nights and regret nothing.",
    "This is the only site that keeps these pages up to date, thank you.",
    "Not convinced by the new casting, but I will give it a chance.",
    "The last finale still lives in my head rent free.",
    "Honestly the slow episodes were my favourite part.",
    "My family watches this together every week.",
    "I hope they keep the same writers.",
    "Please do not drag this out for another three seasons.",
    "The music alone is worth the subscription.",
    "Great summary, clearer than the official announcement.",
]
_COMMENT_DETAILS = [
    "The {role} deserved far more screen time.",
    "If it moves to {platform} I am cancelling everything else.",
    "That scene in the {noun} was the best hour of television this year.",
    "Anyone else think the {role} knew all along?",
    "The pacing dipped in the middle but the ending made up for it.",
    "I would watch a whole spin-off about the {role}.",
    "Still annoyed they cut the {noun} storyline.",
    "The first episode is the weakest, so stick with it.",
    "They shot some of it near where I grew up, which was surreal to see.",
    "I really hope the season is longer than {number} episodes this time.",
]
_REPLIES = [
    "Agreed, completely.",
    "I read that ending differently, I think it was meant to be hopeful.",
    "Same here, the wait is the worst part.",
    "Good point, I had not thought about that.",
    "They confirmed the composer is back, if that helps.",
    "I think the window will slip again, to be honest.",
    "Ha, my partner said exactly the same thing.",
    "Really? I thought the middle episodes were the strongest.",
    "Give it until episode three, it gets so much better.",
    "This is why I love the comments here.",
]
_USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Mobile Safari/537.36",
]

# Sizes of the pools text is cut from: large enough that neighbouring stories and
# comments rarely read alike, small enough to build in a blink.
_SENTENCE_POOL = 1500
_PARAGRAPH_POOL = 2000
_COMMENT_POOL = 3000
_READER_POOL = 4000


@dataclass(frozen=True)
class Block:
    """One block of a story body: its HTML and its text as the search index stores it."""

    html: str
    text: str


@dataclass(frozen=True)
class StoryText:
    headline: str
    standfirst: str
    blocks: tuple[Block, ...]

    @property
    def body(self) -> str:
        return "".join(block.html for block in self.blocks)

    @property
    def body_text(self) -> str:
        return "\n\n".join(block.text for block in self.blocks)


@dataclass(frozen=True)
class ShowFacts:
    name: str
    platform: str
    country: str
    genre: str
    synopsis: str
    status: str
    season: int
    release_date: date | None
    release_window: str


@dataclass(frozen=True)
class Reader:
    name: str
    email: str
    url: str


class Words:
    """Draws plausible text from the vocabularies above with one seeded `random.Random`."""

    def __init__(self, chooser: random.Random) -> None:
        self.chooser = chooser
        self.people = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES]
        sentences = [self._sentence() for _ in range(_SENTENCE_POOL)]
        self.paragraphs = [self._paragraph(sentences) for _ in range(_PARAGRAPH_POOL)]
        self.comments = [self._comment() for _ in range(_COMMENT_POOL)]
        self.replies = [self._reply() for _ in range(_COMMENT_POOL)]
        self.readers = [self._reader(number) for number in range(_READER_POOL)]
        self.user_agents = _USER_AGENTS

    # --- shows ----------------------------------------------------------------------------

    def show_names(self, count: int) -> list[str]:
        """`count` show names, distinct even ignoring case."""
        names: list[str] = []
        taken: set[str] = set()
        misses = 0
        while len(names) < count:
            name = self._show_name()
            if name.lower() in taken:
                misses += 1
                if misses < 50:
                    continue
                # The vocabulary runs out of fresh names past a few thousand shows.
                name = f"{name} {len(names) + 1}"
            misses = 0
            taken.add(name.lower())
            names.append(name)
        return names

    def _show_name(self) -> str:
        pick = self.chooser.choice
        shape = self.chooser.random()
        if shape < 0.5:
            return f"The {pick(_SHOW_ADJECTIVES)} {pick(_SHOW_NOUNS)}"
        if shape < 0.8:
            return f"{pick(_SHOW_ADJECTIVES)} {pick(_SHOW_NOUNS)}"
        return f"The {pick(_SHOW_NOUNS)} of {pick(_SHOW_PLACES)}"

    def show_facts(self, name: str, today: date) -> ShowFacts:
        pick = self.chooser.choice
        status = pick(ShowStatus.values)
        release_date: date | None = None
        release_window = ""
        if status in (ShowStatus.RELEASED, ShowStatus.ENDED, ShowStatus.CANCELLED):
            release_date = today - timedelta(days=self.chooser.randint(30, 1500))
        elif status == ShowStatus.RELEASE_DATE_SET:
            release_date = today + timedelta(days=self.chooser.randint(10, 200))
        elif self.chooser.random() < 0.6:
            year = today.year + self.chooser.randint(1, 2)
            part, month = pick([("early", 1), ("mid", 5), ("late", 9)])
            release_window = f"{part} {year}"
            release_date = date(year, month, 1)
        premise = pick(_SHOW_PREMISES).format(role=pick(_ROLES), place=pick(_SHOW_PLACES),
                                              noun=pick(_SHOW_NOUNS).lower())
        return ShowFacts(
            name=name, platform=pick(PLATFORMS), country=pick(COUNTRIES), genre=pick(GENRES),
            synopsis=f"{premise} {pick(_SYNOPSIS_TAILS)}", status=status,
            season=self.chooser.randint(1, 6), release_date=release_date,
            release_window=release_window,
        )

    # --- stories --------------------------------------------------------------------------

    def story(self, shows: list[str], platform: str) -> StoryText:
        """A story about `shows` (the first is its subject), or a general one without."""
        pick = self.chooser.choice
        fill = {
            "platform": platform, "person": pick(self.people), "role": pick(_ROLES),
            "adjective": pick(_ADJECTIVES), "season": self.chooser.randint(2, 6),
            "number": self.chooser.randint(3, 12), "genre": pick(GENRES).lower(),
            "season_word": pick(_SEASON_WORDS),
        }
        if shows:
            fill["show"] = shows[0]
            headline, standfirst, intro = _HEADLINES, _STANDFIRSTS, _INTROS
        else:
            headline, standfirst, intro = (_HEADLINES_WITHOUT_SHOW, _STANDFIRSTS_WITHOUT_SHOW,
                                           _INTROS_WITHOUT_SHOW)
        headline_text = _capitalised(pick(headline).format(**fill))
        opening = f"{pick(intro).format(**fill)} {pick(_INTRO_TAILS)}"
        blocks = [Block(f"<p>{opening}</p>", opening)]
        paragraphs = self.chooser.sample(self.paragraphs, self.chooser.randint(5, 9))
        headings = self.chooser.sample(_SUBHEADINGS, 2)
        for position, paragraph in enumerate(paragraphs):
            if position in (2, 5):
                heading = headings[position // 5]
                blocks.append(Block(f"<h2>{heading}</h2>", heading))
            blocks.append(paragraph)
        return StoryText(headline=headline_text, standfirst=pick(standfirst).format(**fill),
                         blocks=tuple(blocks))

    def update(self, text: StoryText, platform: str, at: datetime) -> tuple[str, str, StoryText]:
        """The label, public note and words of a later public update of `text`."""
        added = self.chooser.choice(_UPDATE_PARAGRAPHS).format(platform=platform)
        updated = StoryText(headline=text.headline, standfirst=text.standfirst,
                            blocks=(Block(f"<p><strong>Update:</strong> {added}</p>",
                                          f"Update: {added}"), *text.blocks))
        return f"{_MONTHS[at.month - 1]} Update", self.chooser.choice(UPDATE_NOTES), updated

    # --- readers --------------------------------------------------------------------------

    def comment_body(self, reply: bool) -> str:
        return self.chooser.choice(self.replies if reply else self.comments)

    def reader(self) -> Reader:
        return self.chooser.choice(self.readers)

    # --- pools ----------------------------------------------------------------------------

    def _fill(self, template: str) -> str:
        pick = self.chooser.choice
        return template.format(
            person=pick(self.people), role=pick(_ROLES), place=pick(_SHOW_PLACES),
            platform=pick(PLATFORMS), month=pick(_MONTHS), number=self.chooser.randint(2, 12),
            hundreds=self.chooser.randint(2, 9) * 100, ordinal=pick(_ORDINALS),
            adjective=pick(_ADJECTIVES), other_adjective=pick(_ADJECTIVES),
            noun=pick(_SHOW_NOUNS).lower(),
        )

    def _sentence(self) -> Block:
        text = self._fill(self.chooser.choice(_SENTENCES))
        roll = self.chooser.random()
        if roll < 0.06:
            return Block(f"<em>{text}</em>", text)
        if roll < 0.1:
            words = text.split(" ")
            return Block(f"<strong>{' '.join(words[:3])}</strong> {' '.join(words[3:])}", text)
        return Block(text, text)

    def _paragraph(self, sentences: list[Block]) -> Block:
        chosen = self.chooser.sample(sentences, self.chooser.randint(3, 5))
        html = " ".join(sentence.html for sentence in chosen)
        text = " ".join(sentence.text for sentence in chosen)
        if self.chooser.random() < 0.04:
            return Block(f"<blockquote><p>{html}</p></blockquote>", text)
        return Block(f"<p>{html}</p>", text)

    def _comment(self) -> str:
        parts = [self.chooser.choice(_COMMENT_OPENERS)]
        for _ in range(self.chooser.choice([0, 1, 1, 2])):
            parts.append(self._fill(self.chooser.choice(_COMMENT_DETAILS)))
        if self.chooser.random() < 0.15:
            return parts[0] + "\n\n" + " ".join(parts[1:] or [self.chooser.choice(_REPLIES)])
        return " ".join(parts)

    def _reply(self) -> str:
        reply = self.chooser.choice(_REPLIES)
        if self.chooser.random() < 0.4:
            reply = f"{reply} {self._fill(self.chooser.choice(_COMMENT_DETAILS))}"
        return reply

    def _reader(self, number: int) -> Reader:
        first, last = self.chooser.choice(FIRST_NAMES), self.chooser.choice(LAST_NAMES)
        handle = f"{first}.{last}{number}".lower()
        url = f"https://{handle.replace('.', '')}.example" if self.chooser.random() < 0.1 else ""
        return Reader(name=f"{first} {last}", email=f"{handle}@example.org", url=url)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def comment_counts(chooser: random.Random, stories: int, total: int) -> list[int]:
    """How many of `total` comments each of `stories` stories gets: most a few or none, a
    handful several hundred (a capped Lomax tail). The counts add up to `total` exactly."""
    if stories == 0:
        return []
    weights = [min(max(chooser.paretovariate(1.3) - 1, 1e-9), 300.0) for _ in range(stories)]
    scale = total / sum(weights)
    shares = [weight * scale for weight in weights]
    counts = [int(share) for share in shares]
    left = total - sum(counts)
    # The largest leftover fractions get the comments that rounding down dropped.
    by_fraction = sorted(range(stories), key=lambda index: counts[index] - shares[index])
    for index in by_fraction[:left]:
        counts[index] += 1
    return counts


def weighted_picker(chooser: random.Random, count: int) -> list[float]:
    """Cumulative weights that make a few of `count` items (shows) far more popular than the
    rest, for `random.choices(..., cum_weights=...)`."""
    return list(accumulate(chooser.paretovariate(1.5) for _ in range(count)))
