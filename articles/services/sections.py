"""Sections: the site's menu and its section pages."""
from __future__ import annotations

from articles import pagecache
from articles.models import Section



def section_create(*, name: str, slug: str, description: str = "", position: int = 0) -> Section:
    section = Section(name=name, slug=slug, description=description, position=position)
    section.full_clean()
    section.save()
    pagecache.purge(pagecache.NAV)
    return section


def section_save(section: Section) -> Section:
    """Save a new or changed section (the admin's form checked it). Every page's menu
    shows the sections, so every page is purged."""
    section.save()
    pagecache.purge(pagecache.NAV, pagecache.section_key(section.pk))
    return section


def section_delete(section: Section) -> None:
    pagecache.purge(pagecache.NAV, pagecache.section_key(section.pk))
    section.delete()
