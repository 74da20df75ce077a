"""Staff pages of the questionnaire builder: questions, order, preview and XLSForm download."""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from mestring.accounts.access import role_required
from mestring.accounts.models import Role
from mestring.core.audit import history_for
from mestring.mapping import access, builder, forms, selectors
from mestring.mapping.answers import clean_answers, payload_from_post, schema_for, widgets_for

admin_only = role_required(Role.NATIONAL_ADMIN)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@admin_only
@require_http_methods(["GET", "POST"])
def questionnaire_create(request, slug: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    form = forms.QuestionnaireForm(request.POST or None, campaign=campaign)
    if request.method == "POST" and form.is_valid():
        questionnaire = builder.create_questionnaire(campaign=campaign, **form.cleaned_data)
        messages.success(request, _("Skjemaet er opprettet. Legg til spørsmål."))
        return redirect("mapping:questionnaire", slug=slug, purpose=questionnaire.purpose)
    return render(request, "mapping/questionnaire_create.html", {"campaign": campaign, "form": form},
                  status=400 if form.errors else 200)


@admin_only
def questionnaire_detail(request, slug: str, purpose: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    questionnaire = access.get_questionnaire_for_user(request.user, campaign, purpose)
    problems = builder.question_problems(questionnaire)
    context = {"campaign": campaign, "questionnaire": questionnaire, "problems": problems,
               "rows": selectors.question_rows(questionnaire, problems),
               "answer_count": questionnaire.responses.count(), "history": history_for(request.user, questionnaire)}
    return render(request, "mapping/questionnaire_detail.html", context)


@admin_only
@require_http_methods(["GET", "POST"])
def question_edit(request, slug: str, purpose: str, pk: int | None = None):
    campaign = access.get_campaign_for_user(request.user, slug)
    questionnaire = access.get_questionnaire_for_user(request.user, campaign, purpose)
    question = access.get_question_for_user(request.user, questionnaire, pk) if pk else None
    form = forms.QuestionForm(request.POST or None, questionnaire=questionnaire, question=question,
                              initial=forms.QuestionForm.initial_for(question))
    if request.method == "POST" and form.is_valid():
        try:
            saved = builder.save_question(questionnaire=questionnaire, question=question, data=form.question_data())
        except builder.BuilderRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Spørsmålet «%(name)s» er lagret.") % {"name": saved.name})
            return redirect("mapping:questionnaire", slug=slug, purpose=purpose)
    context = {"campaign": campaign, "questionnaire": questionnaire, "question": question, "form": form,
               "history": history_for(request.user, question) if question else None}
    return render(request, "mapping/question_edit.html", context, status=400 if form.errors else 200)


@admin_only
@require_POST
def question_move(request, slug: str, purpose: str, pk: int):
    campaign = access.get_campaign_for_user(request.user, slug)
    questionnaire = access.get_questionnaire_for_user(request.user, campaign, purpose)
    question = access.get_question_for_user(request.user, questionnaire, pk)
    builder.move_question(question=question, up=request.POST.get("direction") == "up")
    return redirect("mapping:questionnaire", slug=slug, purpose=purpose)


@admin_only
@require_POST
def question_delete(request, slug: str, purpose: str, pk: int):
    campaign = access.get_campaign_for_user(request.user, slug)
    questionnaire = access.get_questionnaire_for_user(request.user, campaign, purpose)
    question = access.get_question_for_user(request.user, questionnaire, pk)
    try:
        builder.delete_question(question=question)
    except builder.BuilderRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Spørsmålet «%(name)s» er slettet.") % {"name": question.name})
    return redirect("mapping:questionnaire", slug=slug, purpose=purpose)


@admin_only
def questionnaire_preview(request, slug: str, purpose: str):
    """The form as the respondent sees it; its buttons re-show it (GET) with skip logic and checks applied."""
    campaign = access.get_campaign_for_user(request.user, slug)
    questionnaire = access.get_questionnaire_for_user(request.user, campaign, purpose)
    fields = schema_for(questionnaire)
    action = request.GET.get("action", "")
    extra_row = action.removeprefix("add-row:") if action.startswith("add-row:") else ""
    payload = payload_from_post(fields, request.GET, extra_row=extra_row) if action else {}
    cleaned = clean_answers(fields, payload, final=True) if action == "check" else None
    context = {"campaign": campaign, "questionnaire": questionnaire, "widgets": widgets_for(fields, payload, cleaned),
               "errors": cleaned.errors if cleaned else {}, "checked": action == "check"}
    return render(request, "mapping/questionnaire_preview.html", context)


@admin_only
def questionnaire_xlsform(request, slug: str, purpose: str):
    campaign = access.get_campaign_for_user(request.user, slug)
    questionnaire = access.get_questionnaire_for_user(request.user, campaign, purpose)
    try:
        content = builder.export_xlsform(questionnaire)
    except builder.BuilderRefused as exc:
        messages.error(request, str(exc))
        return redirect("mapping:questionnaire", slug=slug, purpose=purpose)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{campaign.slug}-{purpose}-xlsform.xlsx"'
    return response
