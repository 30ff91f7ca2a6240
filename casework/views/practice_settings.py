"""The council's practice settings: its visiting standard and the cohort sizes it rehearses with."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from inspection_readiness.councils import current_council
from inspection_readiness.roles import require_role

from .. import practice
from ..forms import (
    PracticeSettingsForm,
)
from ._common import posted


@require_role(*practice.PRACTICE_SETTERS)
def practice_settings(request: HttpRequest) -> HttpResponse:
    council = current_council()
    settings_now = practice.practice_settings_for(council)
    form = PracticeSettingsForm(
        posted(request),
        initial={field: getattr(settings_now, field) for field in practice.PRACTICE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        practice.update_practice_settings(
            council=council, changed_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Your council's practice settings are saved.")
        return redirect("casework:practice_settings")
    return render(
        request, "casework/practice_settings.html", {"form": form, "practice": settings_now}
    )
