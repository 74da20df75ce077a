"""The questionnaire behind an unguessable link (`/s/<token>/`): no log-in, rate-limited, GET never writes.

Wrong, expired and revoked tokens get the same page, so a guess learns nothing.
"""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from mestring.mapping import selectors, services
from mestring.mapping.answers import Cleaned, payload_from_post, schema_for, widgets_for
from mestring.mapping.models import AccessToken, Questionnaire, Response

RATE = "120/m"
MISS_RATE = "20/m"


def limited(request) -> bool:
    return is_ratelimited(request, group="mapping-link", key="ip", rate=RATE, increment=True)


def resolve(request, token: str) -> AccessToken | HttpResponse:
    """The link, or the page to show instead (too many requests, or an unusable link)."""
    if limited(request) or is_ratelimited(request, group="mapping-link-miss", key="ip", rate=MISS_RATE):
        return render(request, "mapping/public/limited.html", status=429)
    link = selectors.token_for(token)
    if link is None:
        is_ratelimited(request, group="mapping-link-miss", key="ip", rate=MISS_RATE, increment=True)
        return render(request, "mapping/public/invalid.html", status=404)
    return link


def survey_for(link: AccessToken) -> Questionnaire | None:
    return selectors.survey_of(link.recipient.campaign)


@require_http_methods(["GET", "POST"])
def questionnaire(request, token: str):
    link = resolve(request, token)
    if isinstance(link, HttpResponse):
        return link
    survey = survey_for(link)
    if survey is None:
        return render(request, "mapping/public/invalid.html", status=404)
    response = selectors.response_for(link.recipient, survey)
    if request.method == "POST":
        return save(request, link, survey, token)
    if response is not None and response.status == Response.Status.SUBMITTED:
        return render(request, "mapping/public/receipt.html", receipt_context(link, survey, response))
    data = response.data if response else {}
    return render_form(request, link, survey, data, None, token, saved=response)


def save(request, link: AccessToken, survey: Questionnaire, token: str):
    """Plain form POST: save the draft, add a repeat row, or submit."""
    fields = schema_for(survey)
    action = request.POST.get("action", "save")
    extra_row = action.removeprefix("add-row:") if action.startswith("add-row:") else ""
    payload = payload_from_post(fields, request.POST, extra_row=extra_row)
    touch(link)
    try:
        response, cleaned = services.save_answers(questionnaire=survey, unit=link.recipient.unit, payload=payload,
                                                  submit=action == "submit", recipient=link.recipient)
    except services.AlreadySubmitted:
        return redirect("mapping_public:questionnaire", token=token)
    if response.status == Response.Status.SUBMITTED:
        return redirect("mapping_public:questionnaire", token=token)
    shown = payload if extra_row or cleaned.errors else response.data
    status = 400 if action == "submit" else 200
    return render_form(request, link, survey, shown, cleaned if action == "submit" else None, token,
                       saved=response, status=status)


def render_form(request, link, survey, data, cleaned: Cleaned | None, token: str, *, saved=None, status=200):
    fields = schema_for(survey)
    context = {"link": link, "recipient": link.recipient, "survey": survey, "token": token, "saved": saved,
               "widgets": widgets_for(fields, data, cleaned), "errors": cleaned.errors if cleaned else {}}
    return render(request, "mapping/public/form.html", context, status=status)


@require_POST
def autosave(request, token: str):
    """htmx autosave: store the draft, answer with a status line and which questions apply now."""
    link = resolve(request, token)
    if isinstance(link, HttpResponse):
        return link
    survey = survey_for(link)
    if survey is None:
        return render(request, "mapping/public/invalid.html", status=404)
    fields = schema_for(survey)
    touch(link)
    try:
        response, cleaned = services.save_answers(questionnaire=survey, unit=link.recipient.unit, submit=False,
                                                  payload=payload_from_post(fields, request.POST),
                                                  recipient=link.recipient)
    except services.AlreadySubmitted:
        return render(request, "mapping/public/_status.html", {"submitted": True})
    return render(request, "mapping/public/_status.html", {"response": response, "relevant": cleaned.relevant})


@require_POST
def opt_out(request, token: str):
    link = resolve(request, token)
    if isinstance(link, HttpResponse):
        return link
    services.opt_out(recipient=link.recipient)
    return render(request, "mapping/public/opted_out.html", {"recipient": link.recipient})


def touch(link: AccessToken) -> None:
    AccessToken.objects.filter(pk=link.pk).update(last_used_at=timezone.now())


def receipt_context(link, survey, response) -> dict:
    fields = schema_for(survey)
    return {"recipient": link.recipient, "survey": survey, "response": response,
            "widgets": widgets_for(fields, response.data, None)}
