"""Group robots are set up in the admin; the outbox is shown there for operators to follow
deliveries and retry failed ones. Neither page shows a secret or a complainant's address."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from audit.admin import AuditedAdmin
from notices import outbox
from notices.kinds import staff_kinds
from notices.models import Outbox, OutboxState, Webhook, validate_http_url


def _kind_choices() -> list[tuple[str, str]]:
    return [(k.key, str(k.label)) for k in staff_kinds()]


def _language_choices() -> list[tuple[str, Any]]:
    return [("", _("The site's language")), *settings.LANGUAGES]


class WebhookForm(forms.ModelForm[Webhook]):
    url = forms.CharField(
        label=_("webhook address"),
        validators=[validate_http_url],
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_("The address the robot's settings show, with its key or access token."),
    )
    new_secret = forms.CharField(
        label=_("signing secret"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_(
            "DingTalk robots with the “sign” security setting only. Never shown again; leave"
            " empty to keep the current one."
        ),
    )
    language = forms.ChoiceField(label=_("language"), choices=_language_choices, required=False)
    clear_secret = forms.BooleanField(label=_("remove the signing secret"), required=False)
    kinds = forms.MultipleChoiceField(
        label=_("kinds of notice"),
        choices=_kind_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Webhook
        fields = ["name", "kind", "url", "kinds", "language", "active"]

    def save(self, commit: bool = True) -> Webhook:
        hook = super().save(commit=False)
        if self.cleaned_data.get("clear_secret"):
            hook.secret = ""
        elif self.cleaned_data.get("new_secret"):
            hook.secret = self.cleaned_data["new_secret"].strip()
        if commit:
            hook.save()
        return hook


@admin.register(Webhook)
class WebhookAdmin(AuditedAdmin):
    form = WebhookForm
    # The address carries the robot's access token: recorded as changed, never by value.
    audit_secret_fields = ("url", "secret")
    list_display = ("name", "kind", "host", "active", "has_secret")
    list_filter = ("kind", "active")

    @admin.display(description=_("host"))
    def host(self, obj: Webhook) -> str:
        return urlsplit(obj.url).hostname or ""

    @admin.display(description=_("signed"), boolean=True)
    def has_secret(self, obj: Webhook) -> bool:
        return bool(obj.secret)


@admin.register(Outbox)
class OutboxAdmin(admin.ModelAdmin[Outbox]):
    list_display = (
        "created", "channel", "kind", "subject", "state", "attempts", "next_attempt_at", "sent_at"
    )  # fmt: skip
    list_filter = ("state", "channel")
    readonly_fields = (
        "channel", "kind", "recipient", "webhook", "subject", "state", "attempts",
        "next_attempt_at", "last_error", "created", "sent_at",
    )  # fmt: skip
    fields = readonly_fields
    actions = ["retry_now"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Retry the failed messages now"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Outbox]) -> None:
        n = outbox.retry(queryset.filter(state=OutboxState.FAILED))
        self.message_user(request, _("Messages queued again: %(n)d.") % {"n": n}, messages.SUCCESS)
