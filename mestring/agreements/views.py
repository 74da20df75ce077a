"""Staff pages for the agreement review under /arbeid/avtaler/ (national admins and analysts)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from mestring.agreements import exports, scale, selectors, services
from mestring.agreements.access import analyst_required, get_agreement_for_user
from mestring.agreements.forms import AgreementForm, QueueFilter, ReviewForm, SearchForm, UploadForm
from mestring.agreements.models import DocumentVersion
from mestring.structure import maps


@require_GET
@analyst_required
def queue(request):
    form = QueueFilter(request.GET or None)
    status = (form.cleaned_data["status"] or "alle") if form.is_valid() else "alle"
    rows = [(a, selectors.state(a), selectors.confirmed_level(a)) for a in selectors.queue(status)]
    return render(request, "agreements/queue.html", {"form": form, "rows": rows})


@analyst_required
def create(request):
    form = AgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        agreement = services.create_agreement(**form.cleaned_data)
        messages.success(request, _("Avtalen er registrert. Last opp dokumentene."))
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/create.html", {"form": form})


def edit(request, pk: int):
    agreement = get_agreement_for_user(request.user, pk)
    initial = {"title": agreement.title, "hf": agreement.hf, "signed_on": agreement.signed_on,
               "valid_from": agreement.valid_from, "valid_to": agreement.valid_to, "revised_on": agreement.revised_on,
               "municipalities": ", ".join(agreement.municipalities.values_list("code", flat=True))}
    form = AgreementForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.update_agreement(agreement=agreement, **form.cleaned_data)
        messages.success(request, _("Endringene er lagret."))
        return redirect("agreements:detail", pk=agreement.pk)
    return render(request, "agreements/create.html", {"form": form, "agreement": agreement})


def review_form(agreement, data=None) -> ReviewForm:
    proposed = [e["text"] for e in agreement.proposed_evidence]
    initial = {"level": agreement.proposed_level, "evidence": [str(i) for i in range(len(proposed))]}
    return ReviewForm(data, proposed=proposed, initial=initial)


@require_GET
def detail(request, pk: int):
    agreement = get_agreement_for_user(request.user, pk)
    return render_detail(request, agreement, review_form(agreement), UploadForm())


def render_detail(request, agreement, form, upload_form, status=200):
    reviews = list(agreement.reviews.select_related("analyst"))
    return render(request, "agreements/detail.html", {
        "agreement": agreement, "documents": agreement.documents.prefetch_related("versions"),
        "reviews": reviews, "form": form, "upload_form": upload_form, "history": selectors.audit_trail(agreement),
        "state": selectors.state(agreement), "confirmed": selectors.confirmed_level(agreement),
    }, status=status)


@require_POST
def upload(request, pk: int):
    agreement = get_agreement_for_user(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        files = [services.Upload.from_file(f) for f in form.cleaned_data["files"]]
        try:
            versions = services.upload_documents(agreement=agreement, files=files, kind=form.cleaned_data["kind"],
                                                 actor=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("files", message)
        else:
            messages.success(request, _("%(n)s fil(er) lastet opp. Teksten hentes ut i bakgrunnen.") % {"n": len(versions)})
            return redirect("agreements:detail", pk=agreement.pk)
    return render_detail(request, agreement, review_form(agreement), form, status=400)


@require_POST
def review(request, pk: int):
    agreement = get_agreement_for_user(request.user, pk)
    form = review_form(agreement, request.POST)
    if form.is_valid():
        try:
            services.review_agreement(agreement=agreement, analyst=request.user, level=form.cleaned_data["level"],
                                      evidence=form.chosen_evidence(), comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            form.add_error(None, exc.messages[0])
        else:
            messages.success(request, _("Vurderingen er lagret."))
            return redirect("agreements:detail", pk=agreement.pk)
    return render_detail(request, agreement, form, UploadForm(), status=400)


@require_GET
def version(request, pk: int, version_id: int):
    agreement = get_agreement_for_user(request.user, pk)
    found = get_object_or_404(DocumentVersion.objects.select_related("document"), pk=version_id,
                              document__agreement=agreement)
    return render(request, "agreements/version.html", {
        "agreement": agreement, "version": found, "chunks": selectors.highlighted(found, agreement),
        "sections": found.sections.exclude(kind="title").filter(kind="heading")})


@require_GET
@analyst_required
def disagreements(request):
    return render(request, "agreements/disagreements.html", {"agreements": selectors.disagreements()})


@require_GET
@analyst_required
def search(request):
    form = SearchForm(request.GET or None)
    results = selectors.search_sections(form.cleaned_data["q"]) if form.is_valid() else []
    return render(request, "agreements/search.html", {"form": form, "results": results})


@require_GET
@analyst_required
def overview(request):
    pairs = selectors.pairs()
    base, areas, legend = maps.category_map(selectors.map_categories(pairs))
    return render(request, "agreements/overview.html", {
        "groups": selectors.by_trust(pairs), "missing": selectors.municipalities_without_agreement(),
        "levels": scale.LEVELS, "base": base, "areas": areas, "legend": legend})


@require_GET
@analyst_required
def export(request, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404
    content, content_type = exports.FORMATS[fmt](selectors.pairs())
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="avtaler-lm-dekning.{fmt}"'
    return response


@require_GET
@analyst_required
def checklist(request):
    return render(request, "agreements/checklist.html", {
        "levels": scale.LEVELS, "elements": selectors.checklist_examples()})
