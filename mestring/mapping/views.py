"""Staff pages for mapping campaigns (national administrators) and call lists (interviewers)."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.core.audit import history_for
from mestring.mapping import access, exports, forms, registry_recipients, selectors, services
from mestring.mapping.answers import payload_from_post, schema_for, widgets_for
from mestring.mapping.models import Campaign, Questionnaire, Response
from mestring.mapping.recipients_import import RecipientsInvalid, import_recipients
from mestring.mapping.registry_diff import FIELDS, registry_diff
from mestring.mapping.selectors import COUNT_LABELS
from mestring.mapping.xlsform import XLSFormInvalid, import_xlsform

admin_only = role_required(Role.NATIONAL_ADMIN)


@admin_only
@require_http_methods(["GET", "POST"])
def campaign_list(request):
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        campaign = services.create_campaign(created_by=request.user, **form.cleaned_data)
        messages.success(request, _("Kartleggingen er opprettet med %(n)s enheter.") % {"n": campaign.units.count()})
        return redirect("mapping:campaign", slug=campaign.slug)
    return render(request, "mapping/campaign_list.html", {"campaigns": Campaign.objects.all(), "form": form},
                  status=400 if form.errors else 200)


@admin_only
def campaign_detail(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    counts = selectors.coverage(campaign).counts()
    context = {"campaign": campaign, "counts": [(COUNT_LABELS[k], v) for k, v in counts.items()],
               "phases": campaign.phases.all(), "questionnaires": campaign.questionnaires.all(),
               "history": history_for(request.user, campaign)}
    return render(request, "mapping/campaign_detail.html", context)


@admin_only
@require_http_methods(["GET", "POST"])
def questionnaire_import(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    form = forms.XLSFormUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            questionnaire = import_xlsform(campaign=campaign, purpose=form.cleaned_data["purpose"],
                                           content=form.cleaned_data["file"].read())
        except XLSFormInvalid as exc:
            problems = exc.problems
        else:
            messages.success(request, _("Skjemaet er importert med %(n)s spørsmål.")
                             % {"n": questionnaire.questions.count()})
            return redirect("mapping:questionnaire", slug=slug, purpose=questionnaire.purpose)
    status = 400 if problems or form.errors else 200
    return render(request, "mapping/questionnaire_import.html",
                  {"campaign": campaign, "form": form, "problems": problems}, status=status)


@admin_only
@require_http_methods(["GET", "POST"])
def recipients(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            stored = import_recipients(campaign=campaign, filename=upload.name, content=upload.read())
        except RecipientsInvalid as exc:
            problems = exc.problems
        else:
            messages.success(request, _("%(n)s mottakere er lagret.") % {"n": stored})
            return redirect("mapping:recipients", slug=slug)
    context = {"campaign": campaign, "form": form, "problems": problems,
               "recipients": selectors.recipients_with_state(campaign)}
    return render(request, "mapping/recipients.html", context, status=400 if problems or form.errors else 200)


@admin_only
def recipient_detail(request, slug: str, pk: int):
    campaign = access.get_campaign_for_user(request.user, slug)
    recipient = access.get_recipient_for_user(request.user, campaign, pk)
    return render(request, "mapping/recipient_detail.html", recipient_context(request, campaign, recipient))


def recipient_context(request, campaign, recipient, **extra) -> dict:
    survey = selectors.survey_of(campaign)
    return {"campaign": campaign, "recipient": recipient, "messages_log": selectors.messages_for(recipient),
            "tokens": recipient.tokens.all(), "response": selectors.response_for(recipient, survey) if survey else None,
            "history": history_for(request.user, recipient), **extra}


@admin_only
@require_POST
def recipient_action(request, slug: str, pk: int):
    """Reissue or revoke the link, reopen the answer, or record a bounce."""
    campaign = access.get_campaign_for_user(request.user, slug)
    recipient = access.get_recipient_for_user(request.user, campaign, pk)
    action = request.POST.get("action")
    if action == "reissue":
        token = services.reissue_link(recipient=recipient)
        return render(request, "mapping/recipient_detail.html",
                      recipient_context(request, campaign, recipient, new_link=services.link_url(token)))
    if action == "revoke":
        services.revoke_links(recipient=recipient)
        messages.success(request, _("Alle lenker for mottakeren er trukket tilbake."))
    elif action == "reopen":
        response = selectors.response_for(recipient, selectors.survey_of(campaign))
        if response is not None and response.status == Response.Status.SUBMITTED:
            services.reopen_response(response=response)
            messages.success(request, _("Svaret er åpnet igjen og kan endres gjennom lenken."))
    elif action == "bounce":
        services.record_bounce(recipient=recipient, detail=_("Registrert av %(user)s") % {"user": request.user})
        messages.success(request, _("E-post i retur er registrert; mottakeren får ikke flere e-poster."))
    else:
        return HttpResponse(status=400)
    return redirect("mapping:recipient", slug=slug, pk=pk)


@admin_only
@require_http_methods(["GET", "POST"])
def mailings(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    templates = {t.kind: t for t in campaign.templates.all()}
    kind = request.POST.get("template")
    template_forms = {k: forms.TemplateForm(request.POST if kind == k else None, instance=t, prefix=k)
                      for k, t in templates.items()}
    if request.method == "POST" and kind in template_forms and template_forms[kind].is_valid():
        template_forms[kind].save()
        messages.success(request, _("Teksten er lagret."))
        return redirect("mapping:mailings", slug=slug)
    context = {"campaign": campaign, "template_forms": template_forms.items(), "send_form": forms.MailingForm(),
               "mailings": selectors.mailing_summaries(campaign)}
    return render(request, "mapping/mailings.html", context, status=400 if kind else 200)


@admin_only
@require_POST
def send_mailing(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    form = forms.MailingForm(request.POST)
    if form.is_valid():
        mailing = services.queue_mailing(campaign=campaign, kind=form.cleaned_data["kind"], created_by=request.user)
        messages.success(request, _("%(n)s e-poster er lagt i kø.") % {"n": mailing.messages.count()})
    return redirect("mapping:mailings", slug=slug)


@admin_only
@require_http_methods(["GET", "POST"])
def answers(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    form = forms.ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return export_response(request, campaign, form.cleaned_data)
    responses = Response.objects.filter(questionnaire__campaign=campaign).select_related("unit", "questionnaire")
    return render(request, "mapping/answers.html", {"campaign": campaign, "form": form,
                                                    "responses": responses.order_by("questionnaire", "unit__code")})


@admin_only
@require_http_methods(["GET", "POST"])
def review(request, slug: str, pk: int):
    """Registry value vs answer per field; POST applies the ticked fields and marks the answer reviewed."""
    campaign = access.get_campaign_for_user(request.user, slug)
    response = access.get_submitted_response_for_user(request.user, campaign, pk)
    if request.method == "POST":
        accept = set(request.POST.getlist("accept")) & set(FIELDS)
        update = services.apply_to_registry(response=response, accept=accept, by=request.user)
        messages.success(request, _("Registeret er oppdatert.") if update else
                         _("Svaret er merket som kontrollert; registeret er uendret."))
        return redirect("mapping:review", slug=slug, pk=pk)
    context = {"campaign": campaign, "response": response, "diff": registry_diff(response),
               "updates": response.registry_updates.select_related("applied_by")}
    return render(request, "mapping/review.html", context)


def export_response(request, campaign, data) -> HttpResponse:
    questionnaire = get_object_or_404(Questionnaire, campaign=campaign, purpose=data["purpose"])
    content = exports.export_answers(campaign=campaign, questionnaire=questionnaire, user=request.user,
                                     file_format=data["file_format"], labels=data["labels"],
                                     personal=data["personal"])
    kind = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" if data["file_format"] == "xlsx"
            else "text/csv; charset=utf-8")
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-{data["purpose"]}.{data["file_format"]}"'
    return response


@admin_only
@require_http_methods(["GET", "POST"])
def call_lists(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    form = forms.CallListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        call_list = services.build_call_list(campaign=campaign, **form.cleaned_data)
        messages.success(request, _("Listen har %(n)s enheter.") % {"n": call_list.targets.count()})
        return redirect("mapping:call_list", slug=slug, pk=call_list.pk)
    return render(request, "mapping/call_lists.html",
                  {"campaign": campaign, "form": form, "lists": selectors.call_list_summaries(campaign)},
                  status=400 if form.errors else 200)


@admin_only
@require_http_methods(["GET", "POST"])
def call_list_detail(request, slug: str, pk: int):
    campaign = access.get_campaign_for_user(request.user, slug)
    call_list = get_object_or_404(campaign.call_lists, pk=pk)
    form = forms.AssignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        targets = list(call_list.targets.filter(assigned_to__isnull=True, done=False)[:form.cleaned_data["count"]])
        services.assign_targets(targets=targets, interviewer=form.cleaned_data["interviewer"])
        messages.success(request, _("%(n)s enheter er tildelt.") % {"n": len(targets)})
        return redirect("mapping:call_list", slug=slug, pk=pk)
    targets = call_list.targets.select_related("unit", "assigned_to").order_by("unit__code")
    return render(request, "mapping/call_list_detail.html",
                  {"campaign": campaign, "call_list": call_list, "form": form, "targets": targets},
                  status=400 if form.errors else 200)


@role_required(Role.INTERVIEWER)
def my_calls(request):
    return render(request, "mapping/my_calls.html", {"targets": selectors.due_targets(request.user)})


@role_required(Role.INTERVIEWER)
@require_http_methods(["GET", "POST"])
def call_target(request, pk: int):
    """One call: the form filled on the phone (kept as a draft, submitted when completed) and the outcome."""
    target = access.get_call_target_for_user(request.user, pk)
    questionnaire = selectors.form_for_call(target)
    form = forms.AttemptForm(request.POST or None)
    cleaned = None
    if request.method == "POST" and form.is_valid():
        cleaned = save_call_answers(request, target, questionnaire, submit=form.cleaned_data["outcome"] == "completed")
        if cleaned is None or not cleaned.errors:
            services.record_attempt(target=target, interviewer=request.user, **form.cleaned_data)
            messages.success(request, _("Samtalen er registrert."))
            return redirect("mapping:my_calls")
    response = selectors.call_response(target, questionnaire)
    data = payload_from_post(schema_for(questionnaire), request.POST) if cleaned else (response.data if response else {})
    widgets = widgets_for(schema_for(questionnaire), data, cleaned) if questionnaire else []
    context = {"target": target, "form": form, "widgets": widgets, "questionnaire": questionnaire,
               "response": response, "attempts": selectors.attempts_for(target),
               "errors": cleaned.errors if cleaned else {}}
    return render(request, "mapping/call_target.html", context, status=400 if request.method == "POST" else 200)


def save_call_answers(request, target, questionnaire, *, submit: bool):
    """Keep what was noted during the call; None when there is no form or it was submitted before."""
    if questionnaire is None:
        return None
    payload = payload_from_post(schema_for(questionnaire), request.POST)
    try:
        _response, cleaned = services.save_answers(questionnaire=questionnaire, unit=target.unit, payload=payload,
                                                   submit=submit, channel=Response.Channel.PHONE,
                                                   interviewer=request.user)
    except services.AlreadySubmitted:
        return None
    return cleaned


@admin_only
@require_http_methods(["GET", "POST"])
def recipients_from_registry(request, slug: str):
    """Proposed recipients from the registry's contacts; POST stores only the ticked rows."""
    campaign = access.get_campaign_for_user(request.user, slug)
    if request.method == "POST":
        unit_ids = {int(v) for v in request.POST.getlist("unit") if v.isdigit()}
        stored = registry_recipients.apply_proposals(campaign=campaign, unit_ids=unit_ids)
        messages.success(request, _("%(n)s mottakere er lagret fra registeret.") % {"n": stored})
        return redirect("mapping:recipients", slug=slug)
    proposals = registry_recipients.propose_recipients(campaign)
    context = {"campaign": campaign, "proposals": proposals, "new": proposals.count(registry_recipients.NEW),
               "changed": proposals.count(registry_recipients.CHANGED)}
    return render(request, "mapping/recipients_from_registry.html", context)
