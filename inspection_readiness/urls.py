from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from .forms import SetPasswordForm, SignInForm
from .views import (
    activity,
    admin_sign_in,
    dashboard,
    directory,
    health,
    jobs,
    lockouts,
    password_reset,
    second_factor,
    users,
)

handler403 = "inspection_readiness.views.errors.permission_denied"

account_patterns = [
    path("", users.user_list, name="user_list"),
    path("invite/", users.user_invite, name="user_invite"),
    path("<int:pk>/", users.user_detail, name="user_detail"),
    path("<int:pk>/role/", users.user_change_role, name="user_change_role"),
    path("<int:pk>/deactivate/", users.user_set_active, {"active": False}, name="user_deactivate"),
    path("<int:pk>/reactivate/", users.user_set_active, {"active": True}, name="user_reactivate"),
    path(
        "<int:pk>/resend-invitation/",
        users.user_resend_invitation,
        name="user_resend_invitation",
    ),
    path(
        "<int:pk>/reset-second-factor/",
        second_factor.reset,
        name="user_reset_second_factor",
    ),
    path("lockouts/", lockouts.lockout_list, name="lockout_list"),
    path("lockouts/lift/", lockouts.lockout_lift, name="lockout_lift"),
]

auth_patterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("second-factor/", second_factor.verify, name="second_factor_verify"),
    path("second-factor/set-up/", second_factor.enrol, name="second_factor_enrol"),
    path("how-you-sign-in/", second_factor.account, name="second_factor_account"),
    path("council/sign-in/", directory.start, name="directory_sign_in"),
    path("council/callback/", directory.callback, name="directory_callback"),
    path(
        "password-reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    # The privacy notice and accessibility statement: readable without signing in.
    path("", include("transparency.urls")),
    path("account/", include(auth_patterns)),
    path("account/notifications/", include("notifications.urls")),
    path("users/", include((account_patterns, "accounts"))),
    path("activity/", activity.activity, name="activity"),
    path("activity/export/", activity.export_activity, name="activity_export"),
    path("jobs/", jobs.job_list, name="job_list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", jobs.job_status, name="job_status"),
    path("jobs/<int:pk>/retry/", jobs.job_retry, name="job_retry"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("frameworks/", include("frameworks.urls")),
    path("annex-a/", include("annex_a.urls")),
    path("casework/", include("casework.urls")),
    path("self-evaluation/", include("judgements.urls")),
    path("data-pack/", include("datapack.urls")),
    path("inspections/", include("inspections.urls")),
    path("retention/", include("retention.urls")),
    # The admin signs people in through the service's own sign-in page (throttled by django-axes).
    path("admin/login/", admin_sign_in.admin_sign_in),
    path("admin/", admin.site.urls),
]
