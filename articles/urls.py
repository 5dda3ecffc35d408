from django.urls import path, re_path

from articles import feeds
from articles.views import crawlers, discovery, health, search, stories

app_name = "articles"

urlpatterns = [
    path("", stories.HomeView.as_view(), name="home"),
    path("favicon.ico", stories.favicon, name="favicon"),
    path("healthz", health.healthz, name="healthz"),
    path("robots.txt", crawlers.robots_txt, name="robots"),
    path("sitemap.xml", crawlers.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", crawlers.sitemap, name="sitemap_section"),
    path("news-sitemap.xml", crawlers.news_sitemap, name="news_sitemap"),
    path("feed/", feeds.latest_rss, name="feed"),
    path("feed/atom/", feeds.latest_atom, name="feed_atom"),
    path("search/", search.search_page, name="search"),
    path("articles/<slug:slug>/", stories.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/updates/", stories.ArticleUpdatesView.as_view(), name="updates"),
    path("articles/<slug:slug>/v<int:number>/", stories.ArticleVersionView.as_view(), name="version"),
    path(
        "articles/<slug:slug>/v<int:number>/changes/",
        stories.ArticleChangesView.as_view(),
        name="changes",
    ),
    path("sections/<slug:slug>/", stories.SectionView.as_view(), name="section"),
    path("sections/<slug:slug>/feed/", feeds.section_rss, name="section_feed"),
    path("sections/<slug:slug>/feed/atom/", feeds.section_atom, name="section_feed_atom"),
    path("authors/<str:username>/", stories.AuthorView.as_view(), name="author"),
    # Show and topic slugs may hold non-ASCII letters (taggit's unicode slugs).
    path("shows/", discovery.show_list, name="shows"),
    path("shows/<str:slug>/", discovery.show_detail, name="show"),
    path("shows/<str:slug>/feed/", feeds.show_rss, name="show_feed"),
    path("shows/<str:slug>/feed/atom/", feeds.show_atom, name="show_feed_atom"),
    path("topics/<str:slug>/", discovery.topic_detail, name="topic"),
    path("archive/", discovery.archive_index, name="archive"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/$",
        discovery.archive_month,
        name="archive_month",
    ),
]
