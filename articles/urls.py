from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("articles/<slug:slug>/updates/", views.ArticleUpdatesView.as_view(), name="updates"),
    path("articles/<slug:slug>/v<int:number>/", views.ArticleVersionView.as_view(), name="version"),
    path(
        "articles/<slug:slug>/v<int:number>/changes/",
        views.ArticleChangesView.as_view(),
        name="changes",
    ),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("authors/<str:username>/", views.AuthorView.as_view(), name="author"),
]
