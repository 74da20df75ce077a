"""The knowledge base: public search, document, practice-example and project pages (/nettverk/kunnskap/,
/nettverk/prosjekter/) and the staff forms that keep them (/arbeid/nettverk/kunnskap/)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mestring.accounts.access import role_required, staff_required
from mestring.accounts.models import Role
from mestring.core.audit import history_for
from mestring.network import knowledge
from mestring.network import knowledge_search as search
from mestring.network.access_knowledge import (get_document_for_user, get_practice_for_user, get_practice_to_edit,
                                               get_project_for_user, may_add_practice, may_edit_practice,
                                               may_manage_knowledge)
from mestring.network.forms_knowledge import (DocumentForm, PracticeExampleForm, ProjectContactForm, ProjectForm,
                                              SearchForm)
from mestring.network.models_knowledge import Project, SearchEntry

PAGE_SIZE = 20
CONTENT_TYPES = {"pdf": "application/pdf", "txt": "text/plain; charset=utf-8",
                 "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
admin_required = role_required(Role.NATIONAL_ADMIN)


# Public pages ---------------------------------------------------------------------------------

@require_GET
def knowledge_search(request):
    form = SearchForm(request.GET or None, years=search.years(request.user))
    filters = search.Filters()
    if form.is_valid():
        data = form.cleaned_data
        filters = search.Filters(query=data["q"], kind=data["kind"], tag=data["tag"], year=data["year"])
    page = Paginator(search.search(request.user, filters), PAGE_SIZE).get_page(request.GET.get("side"))
    results = search.with_sources(page.object_list)
    for entry in results:
        entry.snippet = search.highlight(search.snippet_source(entry), filters.query) if filters.query else None
    params = request.GET.copy()
    params.pop("side", None)
    context = {"form": form, "page": page, "results": results, "filters": filters, "params": params.urlencode(),
               "may_manage": may_manage_knowledge(request.user), "may_add_practice": may_add_practice(request.user)}
    return render(request, "network/knowledge/search.html", context, status=400 if form.errors else 200)


def _similar(request, obj) -> list[SearchEntry]:
    return search.with_sources(search.similar_to(getattr(obj, "search_entry", None), request.user))


@require_GET
def document_detail(request, pk):
    document = get_document_for_user(request.user, pk)
    projects = [p for p in document.projects.all() if p.is_public or search.sees_internal(request.user)]
    context = {"document": document, "tags": document.tags.all(), "projects": projects,
               "similar": _similar(request, document), "may_manage": may_manage_knowledge(request.user),
               "history": history_for(request.user, document)}
    return render(request, "network/knowledge/document.html", context)


@require_GET
def document_file(request, pk):
    document = get_document_for_user(request.user, pk)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.original_name,
                            content_type=CONTENT_TYPES[document.file_format])
    # Staff-only files must not be kept by shared caches.
    response["Cache-Control"] = "public, max-age=3600" if document.is_public else "private, no-store"
    return response


@require_GET
def practice_detail(request, pk):
    example = get_practice_for_user(request.user, pk)
    context = {"example": example, "partners": example.partners.all(), "tags": example.tags.all(),
               "similar": _similar(request, example), "may_edit": may_edit_practice(request.user, example),
               "history": history_for(request.user, example)}
    return render(request, "network/knowledge/practice.html", context)


@require_GET
def project_list(request):
    status = request.GET.get("status", "")
    projects = Project.objects.prefetch_related("units").order_by("-starts_on", "name")
    if not search.sees_internal(request.user):
        projects = projects.filter(is_public=True)
    if status in Project.Status.values:
        projects = projects.filter(status=status)
    return render(request, "network/knowledge/projects.html", {
        "projects": projects, "status": status, "statuses": Project.Status.choices,
        "may_manage": may_manage_knowledge(request.user)})


@require_GET
def project_detail(request, pk):
    project = get_project_for_user(request.user, pk)
    documents = [d for d in project.documents.all() if d.is_public or search.sees_internal(request.user)]
    context = {"project": project, "units": project.units.all(), "contacts": project.contacts.all(),
               "documents": documents, "may_manage": may_manage_knowledge(request.user),
               "contact_form": ProjectContactForm(), "history": history_for(request.user, project)}
    return render(request, "network/knowledge/project.html", context)


# Staff forms ----------------------------------------------------------------------------------

@admin_required
@require_http_methods(["GET", "POST"])
def document_form(request, pk=None):
    document = get_document_for_user(request.user, pk) if pk else None
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document)
    if request.method == "POST" and form.is_valid():
        saved = knowledge.save_document(document=form.save(commit=False), tag_names=form.cleaned_data["tag_names"],
                                        upload=form.cleaned_data["file"], by=request.user)
        messages.success(request, _("Dokumentet er lagret. Teksten i filen blir søkbar når den er lest."))
        return redirect(saved)
    return render(request, "network/knowledge/document_form.html", {"form": form, "document": document},
                  status=400 if form.errors else 200)


@admin_required
@require_POST
def document_delete(request, pk):
    document = get_document_for_user(request.user, pk)
    knowledge.delete_document(document=document)
    messages.success(request, _("Dokumentet «%(title)s» er slettet.") % {"title": document.title})
    return redirect("network:knowledge")


@staff_required
@require_http_methods(["GET", "POST"])
def practice_form(request, pk=None):
    if pk is None and not may_add_practice(request.user):
        raise PermissionDenied
    example = get_practice_to_edit(request.user, pk) if pk else None
    form = PracticeExampleForm(request.POST or None, instance=example, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = knowledge.save_practice(example=form.save(commit=False), tag_names=form.cleaned_data["tag_names"],
                                        partners=form.cleaned_data["partners"], by=request.user)
        messages.success(request, _("Praksiseksempelet er lagret."))
        return redirect(saved)
    return render(request, "network/knowledge/practice_form.html", {"form": form, "example": example},
                  status=400 if form.errors else 200)


@admin_required
@require_http_methods(["GET", "POST"])
def project_form(request, pk=None):
    project = get_project_for_user(request.user, pk) if pk else None
    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        saved = knowledge.save_project(project=form.save(commit=False), units=form.cleaned_data["units"],
                                       documents=form.cleaned_data["documents"])
        messages.success(request, _("Prosjektet er lagret."))
        return redirect(saved)
    return render(request, "network/knowledge/project_form.html", {"form": form, "project": project},
                  status=400 if form.errors else 200)


@admin_required
@require_POST
def project_contact_add(request, pk):
    project = get_project_for_user(request.user, pk)
    form = ProjectContactForm(request.POST)
    if form.is_valid():
        knowledge.add_contact(project=project, contact=form.save(commit=False))
        messages.success(request, _("Kontaktpersonen er lagt til."))
        return redirect(project)
    context = {"project": project, "units": project.units.all(), "contacts": project.contacts.all(),
               "documents": project.documents.all(), "may_manage": True, "contact_form": form,
               "history": history_for(request.user, project)}
    return render(request, "network/knowledge/project.html", context, status=400)

