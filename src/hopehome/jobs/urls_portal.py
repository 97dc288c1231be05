"""The job seeker app (台南工作好找), mounted at /jobs/ (namespace ``jobs``)."""

from django.urls import path

from .views import accounts, portal

urlpatterns = [
    path("", portal.search, name="search"),
    path("manifest.webmanifest", portal.manifest, name="manifest"),
    path("sw.js", portal.service_worker, name="service_worker"),
    path("offline/", portal.offline, name="offline"),
    # accounts
    path("login/", accounts.login, name="login"),
    path("logout/", accounts.logout, name="logout"),
    path("signup/", accounts.signup, name="signup"),
    # vacancies
    path("<int:pk>/", portal.detail, name="detail"),
    path("<int:pk>/apply/", portal.apply, name="apply"),
    path("<int:pk>/save/", portal.save_job, name="save"),
    path("<int:pk>/unsave/", portal.unsave_job, name="unsave"),
    path("searches/save/", portal.save_search, name="save_search"),
    # the seeker's own records
    path("me/profile/", portal.profile, name="profile"),
    path("me/recommendations/", portal.recommendations, name="recommendations"),
    path("me/applications/", portal.applications, name="applications"),
    path("me/applications/<int:pk>/", portal.application_detail, name="application"),
    path("me/applications/<int:pk>/sent/", portal.applied, name="applied"),
    path("me/applications/<int:pk>/cancel/", portal.cancel_application, name="cancel_application"),
    path("me/saved/", portal.saved, name="saved"),
    path("me/searches/", portal.saved_searches, name="saved_searches"),
    path("me/searches/<int:pk>/delete/", portal.delete_saved_search, name="delete_saved_search"),
    path("me/advice/", portal.advice, name="advice"),
    path("me/advice/<int:pk>/", portal.advice_detail, name="advice_detail"),
    path("me/advice/<int:pk>/withdraw/", portal.withdraw_advice, name="withdraw_advice"),
]
