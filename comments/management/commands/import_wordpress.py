"""manage.py import_wordpress FILE: move a desk from WordPress (see the README)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, transaction
from django.utils import timezone
from taggit.models import Tag
from tqdm import tqdm

from articles import wxr
from articles.models import WordPressPost
from articles.wordpress import Options, Report, SkipItem, StoryImporter, plan
from comments.wordpress import import_comments

REPORT_WIDTH = 50


class _DryRunDone(Exception):
    """Unwinds the dry run's transaction: nothing it did is kept."""


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools › Export, WXR 1.0 to 1.2): posts become stories "
        "with their comments, authors, categories (sections), tags (topics or shows) and "
        "pictures, and every old address redirects to its story. Safe to run again: what "
        "came over before is not duplicated."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The export (an .xml file).")
        parser.add_argument("--dry-run", action="store_true",
                            help="Report what would be imported; change nothing.")
        parser.add_argument("--pages", action="store_true",
                            help="Import pages as stories too (they are skipped otherwise).")
        parser.add_argument("--shows-from-tags", default="", metavar="TAG,TAG",
                            help="Tags (names or slugs, comma separated) that are shows, "
                                 "not topics.")
        parser.add_argument("--shows-from-category", default="", metavar="NAME",
                            help="A category whose subcategories are shows.")
        parser.add_argument("--media-dir", type=Path, metavar="DIR",
                            help="A copy of the site's wp-content/uploads folder, for the "
                                 "pictures. Without it, stories come over without them.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file.")
        media_dir: Path | None = options["media_dir"]
        if media_dir is not None and not media_dir.is_dir():
            raise CommandError(f"--media-dir {media_dir} is not a folder.")
        settings = Options(
            shows_from_tags={name.strip().lower() for name in
                             options["shows_from_tags"].split(",") if name.strip()},
            shows_from_category=options["shows_from_category"].strip(),
            media_dir=media_dir, pages=options["pages"], dry_run=options["dry_run"])
        try:
            site, entries = wxr.read(path)
            made = plan(site, entries, pages=settings.pages)
            site, entries = wxr.read(path)
        except wxr.NotWxr as error:
            raise CommandError(f"Nothing was imported: {error}") from error

        report = Report()
        topics_before = Tag.objects.count()
        redirects_before = WordPressPost.objects.filter(site=site.url).exclude(old_path="").count()
        try:
            with transaction.atomic():
                self._run(site, entries, made, settings, report)
                report.counts["topics"] = Tag.objects.count() - topics_before
                report.counts["redirects"] = WordPressPost.objects.filter(
                    site=site.url).exclude(old_path="").count() - redirects_before
                if settings.dry_run:
                    raise _DryRunDone
        except _DryRunDone:
            pass
        except wxr.NotWxr as error:  # broken further down than the first pass could tell
            raise CommandError(f"Nothing was imported: {error}") from error
        self._print_report(site, report, dry_run=settings.dry_run)

    def _run(self, site: wxr.Site, entries: Any, made: Any, settings: Options,
             report: Report) -> None:
        importer = StoryImporter(site, made, settings, report)
        now = timezone.now()
        bar = tqdm(total=made.items, unit=" posts", file=sys.stderr, disable=None,
                   desc="Importing", dynamic_ncols=True)
        with bar:
            for entry in entries:
                if isinstance(entry, wxr.Author):
                    importer.add_author(entry)
                elif isinstance(entry, wxr.Term):
                    importer.add_term(entry)
                else:
                    self._item(entry, importer, report, now)
                    bar.update(1)
                    bar.set_postfix(stories=report.counts["stories"],
                                    comments=sum(n for kind, n in report.counts.items()
                                                 if kind.startswith("comments: ")),
                                    refresh=False)

    def _item(self, item: wxr.Item, importer: StoryImporter, report: Report, now: Any) -> None:
        kind = item.post_type or "item"
        if kind == "attachment":
            report.counts["attachments (pictures are read with their posts)"] += 1
            return
        if kind == "page" and not importer.options.pages:
            report.skip("page", item.wp_id, "a page (--pages imports pages too)")
            return
        if kind not in ("post", "page"):
            report.skip(kind, item.wp_id, f"a “{kind}”, not a post")
            return
        try:
            with transaction.atomic():
                article = importer.post(item, now=now)
                if article is None:  # came over before; a later export may bring new comments
                    article = WordPressPost.objects.get(site=importer.site.url,
                                                        wp_id=item.wp_id).article
                landed = import_comments(article, item.comments, site=importer.site.url,
                                         users=importer.user_ids, report=report, now=now)
        except SkipItem as reason:
            report.skip(kind, item.wp_id, str(reason))
        except ValidationError as error:
            report.skip(kind, item.wp_id, _messages(error))
        except (PermissionDenied, DatabaseError, ValueError) as error:
            report.skip(kind, item.wp_id, f"{type(error).__name__}: {error}")
        else:
            for state, count in landed.items():
                report.counts[f"comments: {state}"] += count

    def _print_report(self, site: wxr.Site, report: Report, *, dry_run: bool) -> None:
        write = self.stdout.write
        counts = report.counts
        heading = "Would import" if dry_run else "Imported"
        write(f"{heading} from {site.title or site.url} ({site.url}, WXR {site.wxr_version}):")
        rows = [("stories", counts["stories"])]
        rows += [(f"  {state}", counts[f"stories: {state}"])
                 for state in ("published", "scheduled", "draft") if counts[f"stories: {state}"]]
        rows += [(name, counts[name]) for name in ("sections", "topics", "shows", "users")]
        rows += [(f"comments: {state}", counts[f"comments: {state}"])
                 for state in ("approved", "pending", "spam", "trash")]
        rows += [("redirects", counts["redirects"]), ("images", counts["images"])]
        rows += [(name, counts[name]) for name in (
            "already imported", "comments already imported",
            "attachments (pictures are read with their posts)") if counts[name]]
        rows.append(("skipped", len(report.skipped)))
        for name, count in rows:
            write(f"  {name:<{REPORT_WIDTH}}{count:>9,}")
        if report.skipped:
            write("Skipped, with the reason:")
            for kind, wp_id, reason in report.skipped:
                write(f"  {kind} {wp_id}: {reason}")
        if report.missing_images:
            write(f"Pictures not brought over ({len(report.missing_images)}):")
            for missing in report.missing_images:
                write(f"  {missing}")
        if dry_run:
            write("Dry run: nothing was changed.")


def _messages(error: ValidationError) -> str:
    """"standfirst: This field cannot be blank." rather than a bare message."""
    if hasattr(error, "error_dict"):
        return "; ".join(f"{field}: {' '.join(messages)}" if field != "__all__"
                         else " ".join(messages) for field, messages in error.message_dict.items())
    return " ".join(error.messages)
