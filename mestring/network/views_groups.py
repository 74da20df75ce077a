"""Pages for working groups and networks (public face and members' space) and the contact directory."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mestring.accounts.access import role_required, staff_required
from mestring.accounts.models import Role
from mestring.core.audit import history_for
from mestring.network import access_groups as access
from mestring.network import selectors_groups as selectors
from mestring.network import services_groups as services
from mestring.network.access_groups import Access
from mestring.network.forms_groups import (AttachmentForm, DirectoryEntryForm, DirectoryFilterForm, GroupForm,
                                           GroupSearchForm, MeetingForm, MembershipForm)
from mestring.network.models_groups import DIRECTORY_PURPOSE, Group, Meeting, Membership

admin_required = role_required(Role.NATIONAL_ADMIN)


def _flags(level: Access) -> dict:
    """What the templates show and offer at the user's level in a group."""
    return {"is_member": level >= Access.MEMBER, "is_editor": level >= Access.EDITOR, "is_admin": level == Access.ADMIN}


# Groups: public face and members' space ------------------------------------------------------------

@require_GET
def group_list(request):
    mine = selectors.groups_of(request.user) if request.user.is_authenticated else []
    return render(request, "network/groups/list.html", {"groups": selectors.public_groups(), "mine": mine})


@require_GET
def group_detail(request, slug):
    group, level = access.get_group_for_user(request.user, slug)
    search = GroupSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    found_meetings, found_files = selectors.search_group(group, level, query)
    context = {"group": group, **_flags(level), "search": search, "query": query,
               "meetings": selectors.meetings_for(group, level),
               "members": selectors.members(group) if level >= Access.MEMBER else None,
               "found_meetings": found_meetings,
               "found_files": [(f, selectors.snippet(f.text, query)) for f in found_files]}
    return render(request, "network/groups/detail.html", context)


@require_GET
def meeting_detail(request, slug, pk):
    group, level, meeting = access.get_meeting_for_user(request.user, slug, pk)
    context = {"group": group, **_flags(level), "meeting": meeting,
               "attachments": access.visible_attachments(meeting, level).select_related("uploaded_by"),
               "upload_form": AttachmentForm(),
               "history": history_for(request.user, meeting) if level >= Access.EDITOR else None}
    return render(request, "network/groups/meeting.html", context)


@require_http_methods(["GET", "POST"])
def meeting_form(request, slug, pk=None):
    """Leaders, secretaries and national admins plan meetings and write agenda and minutes."""
    if pk is None:
        group, level = access.get_group_for_user(request.user, slug)
        meeting = Meeting(group=group)
    else:
        group, level, meeting = access.get_meeting_for_user(request.user, slug, pk)
    access.require(level, Access.EDITOR)
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Møtet er lagret."))
        return redirect(meeting.get_absolute_url())
    return render(request, "network/groups/meeting_form.html", {"group": group, "meeting": meeting, "form": form},
                  status=400 if form.errors else 200)


@require_POST
def attachment_upload(request, slug, pk):
    group, level, meeting = access.get_meeting_for_user(request.user, slug, pk)
    access.require(level, Access.EDITOR)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            upload = services.Upload.from_file(form.cleaned_data["file"])
            services.add_attachment(meeting=meeting, upload=upload, is_public=form.cleaned_data["is_public"],
                                    by=request.user)
        except services.AttachmentRefused as refused:
            form.add_error("file", refused.message)
        else:
            messages.success(request, _("Vedlegget er lastet opp."))
            return redirect(meeting.get_absolute_url())
    context = {"group": group, **_flags(level), "meeting": meeting, "upload_form": form,
               "attachments": meeting.attachments.select_related("uploaded_by"),
               "history": history_for(request.user, meeting)}
    return render(request, "network/groups/meeting.html", context, status=400)


@require_GET
def attachment_download(request, slug, pk):
    group, level, attachment = access.get_attachment_for_user(request.user, slug, pk)
    response = FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
    public = attachment.is_public and attachment.meeting.is_public and group.is_public
    response["Cache-Control"] = "public, max-age=300" if public else "private, no-store"
    return response


@require_POST
def attachment_delete(request, slug, pk):
    group, level, attachment = access.get_attachment_for_user(request.user, slug, pk)
    access.require(level, Access.EDITOR)
    meeting = attachment.meeting
    services.delete_attachment(attachment=attachment)
    messages.success(request, _("Vedlegget «%(name)s» er slettet.") % {"name": attachment.original_name})
    return redirect(meeting.get_absolute_url())


@require_POST
def attachment_visibility(request, slug, pk):
    group, level, attachment = access.get_attachment_for_user(request.user, slug, pk)
    access.require(level, Access.EDITOR)
    services.set_attachment_public(attachment=attachment, is_public=request.POST.get("public") == "1")
    messages.success(request, _("Synligheten for «%(name)s» er endret.") % {"name": attachment.original_name})
    return redirect(attachment.meeting.get_absolute_url())


# Groups: national administrators ----------------------------------------------------------------

@admin_required
@require_GET
def staff_groups(request):
    return render(request, "network/groups/staff_list.html", {"groups": selectors.all_groups()})


@admin_required
@require_http_methods(["GET", "POST"])
def staff_group_form(request, slug=None):
    group = get_object_or_404(Group, slug=slug) if slug else None
    form = GroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, _("Gruppen er lagret."))
        return redirect("network:staff_group_members", slug=group.slug)
    return render(request, "network/groups/staff_group_form.html",
                  {"form": form, "group": group, "history": history_for(request.user, group) if group else None},
                  status=400 if form.errors else 200)


def _members_page(request, group, form, status=200):
    context = {"group": group, "form": form, "memberships": selectors.all_memberships(group),
               "today": timezone.localdate(), "history": history_for(request.user, group)}
    return render(request, "network/groups/staff_members.html", context, status=status)


@admin_required
@require_http_methods(["GET", "POST"])
def staff_group_members(request, slug):
    group = get_object_or_404(Group, slug=slug)
    form = MembershipForm(request.POST or None, instance=Membership(group=group))
    if request.method == "POST":
        if form.is_valid():
            services.save_membership(membership=form.instance)
            messages.success(request, _("%(name)s er lagt til.") % {"name": form.instance.display_name})
            return redirect("network:staff_group_members", slug=group.slug)
        return _members_page(request, group, form, status=400)
    return _members_page(request, group, form)


@admin_required
@require_http_methods(["GET", "POST"])
def staff_membership_form(request, slug, pk):
    membership = get_object_or_404(Membership.objects.select_related("group"), pk=pk, group__slug=slug)
    form = MembershipForm(request.POST or None, instance=membership)
    if request.method == "POST" and form.is_valid():
        services.save_membership(membership=form.instance)
        messages.success(request, _("Medlemskapet er lagret."))
        return redirect("network:staff_group_members", slug=slug)
    return render(request, "network/groups/staff_membership_form.html",
                  {"form": form, "membership": membership, "group": membership.group,
                   "history": history_for(request.user, membership)}, status=400 if form.errors else 200)


@admin_required
@require_POST
def staff_membership_delete(request, slug, pk):
    membership = get_object_or_404(Membership, pk=pk, group__slug=slug)
    membership.delete()
    messages.success(request, _("%(name)s er fjernet fra gruppen.") % {"name": membership.display_name})
    return redirect("network:staff_group_members", slug=slug)


# Contact directory ------------------------------------------------------------------------------

def _filtered(request, *, public_only: bool):
    form = DirectoryFilterForm(request.GET or None)
    entries = selectors.filter_directory(selectors.directory(public_only=public_only), **form.filters())
    return form, entries


@require_GET
def directory_public(request):
    form, entries = _filtered(request, public_only=True)
    return render(request, "network/groups/directory_public.html",
                  {"form": form, "entries": entries[:500], "purpose": DIRECTORY_PURPOSE})


@staff_required
@require_GET
def directory_staff(request):
    form, entries = _filtered(request, public_only=False)
    own_units = access.directory_units(request.user) if access.may_edit_directory(request.user) else None
    context = {"form": form, "entries": entries[:1000], "purpose": DIRECTORY_PURPOSE,
               "may_edit": access.may_edit_directory(request.user),
               "editable_ids": set(access.editable_entries(request.user).values_list("pk", flat=True)),
               "registry_contacts": selectors.registry_contacts_for(own_units)
               if own_units is not None and not request.user.is_national_admin else [],
               "exports": selectors.recent_exports() if request.user.is_national_admin else None,
               "query_string": request.GET.urlencode()}
    return render(request, "network/groups/directory_staff.html", context)


@staff_required
@require_GET
def directory_export(request, fmt):
    form, entries = _filtered(request, public_only=False)
    content = services.export_directory(entries=entries, fmt=fmt, by=request.user, filters=form.describe())
    kind = "text/csv; charset=utf-8" if fmt == "csv" else \
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="kontaktkatalog-{timezone.localdate()}.{fmt}"'
    response["Cache-Control"] = "no-store"
    return response


@role_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def directory_entry_form(request, pk=None):
    entry = access.get_entry_for_user(request.user, pk) if pk else None
    units = access.directory_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = DirectoryEntryForm(request.POST or None, instance=entry, units=units)
    if request.method == "POST" and form.is_valid():
        services.save_entry(entry=form.instance, by=request.user)
        messages.success(request, _("Kontaktpersonen er lagret."))
        return redirect("network:directory_staff")
    return render(request, "network/groups/directory_form.html",
                  {"form": form, "entry": entry, "purpose": DIRECTORY_PURPOSE,
                   "history": history_for(request.user, entry) if entry else None},
                  status=400 if form.errors else 200)


@role_required(Role.COORDINATOR)
@require_POST
def directory_entry_delete(request, pk):
    entry = access.get_entry_for_user(request.user, pk)
    entry.delete()
    messages.success(request, _("%(name)s er fjernet fra kontaktkatalogen.") % {"name": entry.name})
    return redirect("network:directory_staff")
