from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from minsheng import views
from minsheng.admin_access import restrict_admin_to_administrators
from minsheng.converters import ReceiptCodeConverter

register_converter(ReceiptCodeConverter, "code")  # before the includes below use it

restrict_admin_to_administrators(admin.site)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The console shell: its home is the to-do list; each module mounts under /console/<module>/.
    path("console/", views.todo_list, name="console_home"),
    path("console/todo/", views.todo_list, name="todo"),
    path("console/inbox/", include("notices.urls")),
    path("console/grievances/", include("grievances.urls")),
    path("console/duty/", include("duty.urls")),
    path("console/assistance/", include("assistance.urls")),
    path("console/audit/", include("audit.urls")),
    path("console/search/", include("grievances.search_urls")),
    path("console/", include("grievances.legacy_urls")),  # the old addresses, redirected
    path("notices/", include("assistance.public_urls")),  # the portal's public notices
    path("", include("api.urls")),
    path("", include("portal.urls")),
]
