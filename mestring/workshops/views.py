"""Workshop pages: facilitator pages under /arbeid/verksted/, note pages behind each table's link."""
from __future__ import annotations

from auditlog.signals import accessed
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from mestring.core.audit import history_for
from mestring.workshops import access, exports, selectors, services
from mestring.workshops.forms import (HeadingForm, HostForm, ImportForm, MergeForm, MoveForm, NoteForm, QuestionForm,
                                      RoundForm, StatusForm, WorkshopForm)
from mestring.workshops.models import Note, Workshop
from mestring.workshops.notes_file import IMPORT_COLUMNS, ColumnError, parse, read_records
from mestring.workshops.posters import qr_data_uri, table_url


def worker_required(view):
    """Logged in and with a role; which workshops they see is decided per object."""
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.is_worker:
            raise PermissionDenied
        return view(request, *args, **kwargs)
    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def back_to(workshop, anchor: str = ""):
    return redirect(reverse("workshops:detail", args=[workshop.pk]) + anchor)


def flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@worker_required
def workshop_list(request):
    return render(request, "workshops/list.html", {"workshops": selectors.workshops_for(request.user)})


@worker_required
def workshop_create(request):
    form = WorkshopForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        workshop = services.create_workshop(user=request.user, title=data["title"], unit=data["unit"],
                                            held_on=data["held_on"], place=data["place"], event=data["event"],
                                            questions=data["questions"], rounds=data["rounds"] or 0)
        messages.success(request, _("Dialogkaféen er opprettet."))
        return back_to(workshop)
    return render(request, "workshops/create.html", {"form": form})


@worker_required
def workshop_detail(request, pk: int):
    workshop = access.get_workshop_for_user(request.user, pk)
    return render(request, "workshops/detail.html", {
        "workshop": workshop, "questions": selectors.workshop_tables(workshop), "rounds": workshop.rounds.all(),
        "question_form": QuestionForm(), "round_form": RoundForm(), "statuses": workshop.Status.choices,
        "history": history_for(request.user, workshop)})


@require_POST
@worker_required
def workshop_status(request, pk: int):
    workshop = access.get_workshop_for_user(request.user, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.set_status(workshop=workshop, status=form.cleaned_data["status"])
        messages.success(request, _("Status er endret til «%(s)s».") % {"s": workshop.get_status_display()})
    return back_to(workshop)


@require_POST
@worker_required
def question_add(request, pk: int):
    workshop = access.get_workshop_for_user(request.user, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        services.add_question(workshop=workshop, text=form.cleaned_data["text"], tables=form.cleaned_data["tables"])
        messages.success(request, _("Spørsmålet er lagt til."))
    else:
        messages.error(request, _("Spørsmålet må ha tekst (høyst 400 tegn) og 1–10 bord."))
    return back_to(workshop, "#questions-h")


@require_POST
@worker_required
def round_add(request, pk: int):
    workshop = access.get_workshop_for_user(request.user, pk)
    form = RoundForm(request.POST)
    if form.is_valid():
        services.add_round(workshop=workshop, minutes=form.cleaned_data["minutes"])
        messages.success(request, _("Runden er lagt til."))
    else:
        messages.error(request, _("En runde må vare 1–240 minutter."))
    return back_to(workshop, "#rounds-h")


@require_POST
@worker_required
def table_add(request, pk: int):
    question = access.get_question_for_user(request.user, pk)
    services.add_table(question=question)
    messages.success(request, _("Bordet er lagt til."))
    return back_to(question.workshop, "#questions-h")


@require_POST
@worker_required
def table_host(request, pk: int):
    table = access.get_table_for_user(request.user, pk)
    form = HostForm(request.POST)
    if form.is_valid():
        services.set_host(table=table, host_name=form.cleaned_data["host_name"])
        messages.success(request, _("Bordvert er lagret for %(t)s.") % {"t": table})
    else:
        messages.error(request, _("Navnet på bordverten kan ha høyst 120 tegn."))
    return back_to(table.question.workshop, f"#table-{table.pk}")


@worker_required
def gallery(request, pk: int):
    """All tables' posters; the list refreshes itself every few seconds (htmx), or on reload."""
    workshop = access.get_workshop_for_user(request.user, pk)
    template = "workshops/_gallery.html" if request.htmx else "workshops/gallery.html"
    return render(request, template, {"workshop": workshop, "questions": selectors.workshop_tables(workshop)})


@worker_required
def posters(request, pk: int):
    """Printable posters and table cards, each with the QR code of its table's note page."""
    workshop = access.get_workshop_for_user(request.user, pk)
    cards = [(table, table_url(request, table), qr_data_uri(table_url(request, table)))
             for question in selectors.workshop_tables(workshop) for table in question.tables.all()]
    return render(request, "workshops/posters.html", {"workshop": workshop, "cards": cards})


@worker_required
def import_notes(request, pk: int):
    workshop = access.get_workshop_for_user(request.user, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = parse(read_records(upload.name, upload.read()), IMPORT_COLUMNS)
            notes = services.import_notes(workshop=workshop, rows=rows)
        except ColumnError as error:
            errors = [str(error)]
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("%(n)s notater er importert.") % {"n": len(notes)})
            return back_to(workshop)
    return render(request, "workshops/import.html", {"workshop": workshop, "form": form, "errors": errors},
                  status=400 if errors else 200)


@require_POST
@worker_required
def note_main(request, pk: int):
    note = access.get_note_for_user(request.user, pk)
    services.set_main(note=note, is_main=request.POST.get("main") != "0")
    return back_to(note.table.question.workshop, f"#table-{note.table_id}")


@worker_required
def duplicates(request, pk: int):
    question = access.get_question_for_user(request.user, pk)
    items = selectors.statements(question)
    return render(request, "workshops/duplicates.html", {
        "question": question, "workshop": question.workshop, "suggestions": selectors.suggestions(question),
        "exact_pending": selectors.exact_pending(question), "merged": [s for s in items if s.group]})


@require_POST
@worker_required
def auto_merge(request, pk: int):
    question = access.get_question_for_user(request.user, pk)
    groups = services.run_auto_merge(question=question, user=request.user)
    messages.success(request, _("%(n)s grupper med identisk tekst er slått sammen.") % {"n": len(groups)})
    return redirect("workshops:duplicates", question.pk)


@require_POST
@worker_required
def merge(request, pk: int):
    question = access.get_question_for_user(request.user, pk)
    note_ids = list(Note.objects.filter(table__question=question).values_list("pk", flat=True))
    form = MergeForm(request.POST, note_ids=note_ids)
    if not form.is_valid():
        messages.error(request, _("Velg minst to notater og hvilken tekst som skal beholdes."))
        return redirect("workshops:duplicates", question.pk)
    try:
        services.merge_notes(question=question, note_ids=form.cleaned_data["notes"],
                             kept_note_id=form.cleaned_data["kept"], user=request.user)
        messages.success(request, _("Notatene er slått sammen."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("workshops:duplicates", question.pk)


@require_POST
@worker_required
def unmerge(request, pk: int):
    group = access.get_group_for_user(request.user, pk)
    question = group.question
    services.undo_merge(group=group)
    messages.success(request, _("Sammenslåingen er angret."))
    return redirect("workshops:duplicates", question.pk)


@worker_required
def categorise(request, pk: int):
    question = access.get_question_for_user(request.user, pk)
    items = [s for s in selectors.statements(question) if not s.is_main]
    headings = list(question.headings.all())
    return render(request, "workshops/categorise.html", {
        "question": question, "workshop": question.workshop, "headings": headings, "heading_form": HeadingForm(),
        "sorted": [(h, [s for s in items if s.heading_id == h.pk]) for h in headings],
        "unsorted": [s for s in items if s.heading_id is None],
        "proposals": selectors.heading_proposals(question, discarded=discarded_proposals(request, question.pk))})


def discarded_proposals(request, question_pk: int) -> frozenset[str]:
    return frozenset(request.session.get(f"workshops-discarded-{question_pk}", []))


@require_POST
@worker_required
def proposal_discard(request, pk: int):
    """Hide a suggested heading for this facilitator (kept in the session; nothing else changes)."""
    question = access.get_question_for_user(request.user, pk)
    key = f"workshops-discarded-{question.pk}"
    request.session[key] = sorted(set(request.session.get(key, [])) | {request.POST.get("title", "")[:200]})
    return redirect("workshops:categorise", question.pk)


@require_POST
@worker_required
def heading_add(request, pk: int):
    question = access.get_question_for_user(request.user, pk)
    form = HeadingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Overskriften må ha tekst (høyst 200 tegn)."))
        heading = services.add_heading(question=question, title=form.cleaned_data["title"])
        services.sort_under(heading=heading, note_ids=[int(v) for v in request.POST.getlist("note") if v.isdigit()])
        messages.success(request, _("Overskriften «%(t)s» er lagt til.") % {"t": heading.title})
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("workshops:categorise", question.pk)


@require_POST
@worker_required
def heading_rename(request, pk: int):
    heading = access.get_heading_for_user(request.user, pk)
    form = HeadingForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Overskriften må ha tekst (høyst 200 tegn)."))
        services.rename_heading(heading=heading, title=form.cleaned_data["title"])
        messages.success(request, _("Overskriften er endret."))
    except ValidationError as error:
        flash_errors(request, error)
    return redirect("workshops:categorise", heading.question_id)


@require_POST
@worker_required
def heading_delete(request, pk: int):
    heading = access.get_heading_for_user(request.user, pk)
    question_id = heading.question_id
    services.delete_heading(heading=heading)
    messages.success(request, _("Overskriften er fjernet; utsagnene er usortert igjen."))
    return redirect("workshops:categorise", question_id)


@require_POST
@worker_required
def note_move(request, pk: int):
    note = access.get_note_for_user(request.user, pk)
    form = MoveForm(request.POST)
    heading = None
    if form.is_valid() and form.cleaned_data["heading"]:
        heading = access.get_heading_for_user(request.user, form.cleaned_data["heading"])
    try:
        services.move_statement(note=note, heading=heading)
    except ValidationError as error:
        flash_errors(request, error)
    if request.htmx:
        return HttpResponse(status=204)
    return redirect(reverse("workshops:categorise", args=[note.table.question_id]) + f"#note-{note.pk}")


@worker_required
def summary(request, pk: int):
    workshop = access.get_workshop_for_user(request.user, pk)
    return render(request, "workshops/summary.html", {"workshop": workshop, "questions": selectors.summary(workshop)})


DOWNLOADS = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "oppsummering.docx"),
    "pdf": ("application/pdf", "oppsummering.pdf"),
    "csv": ("text/csv; charset=utf-8", "notater.csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "notater.xlsx"),
    "qdpx": ("application/zip", "prosjekt.qdpx"),
}
MAKERS = {"docx": exports.summary_docx, "pdf": exports.summary_pdf, "csv": exports.raw_csv, "xlsx": exports.raw_xlsx,
          "qdpx": exports.qdpx}


@worker_required
def download(request, pk: int, fmt: str):
    """The summary as DOCX/PDF, or all raw notes with group and heading as CSV/XLSX."""
    workshop = access.get_workshop_for_user(request.user, pk)
    content_type, name = DOWNLOADS[fmt]
    if fmt in ("csv", "xlsx", "qdpx"):  # raw notes carry the hosts' names: who exported them is logged
        accessed.send(sender=Workshop, instance=workshop)
    response = HttpResponse(MAKERS[fmt](workshop), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="dialogkafe-{workshop.pk}-{name}"'
    return response


# Public note pages: the table's unguessable link is the only key.

def table_key(group, request) -> str:
    return request.resolver_match.kwargs["token"]


@ratelimit(key=table_key, rate="40/m", method="POST", block=False)
def note_page(request, token: str):
    table = access.get_open_table(token)
    workshop = table.question.workshop
    form = NoteForm(request.POST or None, workshop=workshop)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return render(request, "workshops/note_page.html", {"table": table, "form": form, "limited": True},
                          status=429)
        if not workshop.is_open:
            return render(request, "workshops/note_page.html", {"table": table, "form": form}, status=403)
        if form.is_valid():
            try:
                services.add_note(table=table, text=form.cleaned_data["text"], round=form.cleaned_data.get("round"))
                messages.success(request, _("Notatet er lagt på plakaten."))
                return redirect("workshops:note_page", token)
            except ValidationError as error:
                form.add_error("text", error)
    return render(request, "workshops/note_page.html", {"table": table, "form": form,
                                                         "notes": table.notes.order_by("-is_main", "pk")})


@require_POST
@ratelimit(key=table_key, rate="40/m", method="POST", block=False)
def note_page_main(request, token: str, note_pk: int):
    """The table host marks the table's main statement from the same link."""
    table = access.get_open_table(token)
    if getattr(request, "limited", False) or not table.question.workshop.is_open:
        raise PermissionDenied
    services.set_main(note=get_object_or_404(table.notes, pk=note_pk))
    messages.success(request, _("Hovedutsagnet er valgt."))
    return redirect("workshops:note_page", token)


def poster(request, token: str):
    """The table's live poster (for a screen by the table); the notes refresh themselves."""
    table = access.get_open_table(token)
    template = "workshops/_poster_notes.html" if request.htmx else "workshops/poster.html"
    return render(request, template, {"table": table, "notes": table.notes.order_by("-is_main", "pk")})
