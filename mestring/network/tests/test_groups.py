"""Working groups and networks: who sees what (public, members, leaders, admins), meetings and files."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document as DocxDocument

from mestring.conftest import make_user
from mestring.network.models_groups import Attachment, Group, Meeting, Membership
from mestring.network.services_groups import MAX_ATTACHMENT_BYTES


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    settings.MEDIA_ROOT = str(tmp_path)


def docx_bytes(text: str) -> bytes:
    document = DocxDocument()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def leader(db):
    return make_user("leder@test.example")


@pytest.fixture
def member(db):
    return make_user("medlem@test.example")


@pytest.fixture
def open_group(db, leader, member, unit_a):
    """A public working group: a leader, a member by e-mail, Tromsø as a member unit."""
    group = Group.objects.create(name="Nasjonal arbeidsgruppe", slug="arbeidsgruppe", description="Praksiseksempler.",
                                 is_public=True)
    Membership.objects.create(group=group, person_name="Lea Leder", person_email=leader.email, user=leader,
                              role=Membership.Role.LEADER)
    Membership.objects.create(group=group, person_name="Mona Medlem", person_email=member.email)
    Membership.objects.create(group=group, unit=unit_a)
    return group


@pytest.fixture
def closed_group(db, member):
    group = Group.objects.create(name="Lukket nettverk", slug="lukket", kind=Group.Kind.NETWORK,
                                 description="Internt.", is_public=False)
    Membership.objects.create(group=group, person_name="Mona Medlem", person_email=member.email)
    return group


def make_meeting(group, title, *, public, minutes="Referat: vi ble enige om tre praksiseksempler."):
    return Meeting.objects.create(group=group, title=title, starts_at=timezone.now() - dt.timedelta(days=3),
                                  place="Oslo", agenda="1. Velkommen\n2. Praksiseksempler", minutes=minutes,
                                  is_public=public)


@pytest.fixture
def public_meeting(open_group):
    return make_meeting(open_group, "Åpent møte", public=True)


@pytest.fixture
def internal_meeting(open_group):
    return make_meeting(open_group, "Internt møte", public=False, minutes="Hemmelig budsjettdrøfting.")


def make_attachment(meeting, name, *, public, by, data=b"Plain text notes about kvalitetsarbeid."):
    from mestring.network import services_groups as services

    upload = services.Upload(name=name, size=len(data), data=data)
    return services.add_attachment(meeting=meeting, upload=upload, is_public=public, by=by)


@pytest.fixture
def files(public_meeting, internal_meeting, leader):
    return {"public": make_attachment(public_meeting, "offentlig.txt", public=True, by=leader),
            "members": make_attachment(public_meeting, "internt.txt", public=False, by=leader),
            "internal_meeting": make_attachment(internal_meeting, "i-internt-mote.txt", public=True, by=leader)}


def login(client, user):
    if user is not None:
        client.force_login(user)


# The public face ------------------------------------------------------------------------------------

def test_public_sees_public_groups_meetings_and_files_but_not_members(client, open_group, closed_group, files):
    listing = client.get(reverse("network:groups")).content.decode()
    assert "Nasjonal arbeidsgruppe" in listing and "Lukket nettverk" not in listing
    page = client.get(open_group.get_absolute_url()).content.decode()
    assert "Åpent møte" in page and "Internt møte" not in page
    assert "Mona Medlem" not in page and "medlem@test.example" not in page
    meeting = client.get(files["public"].meeting.get_absolute_url()).content.decode()
    assert "offentlig.txt" in meeting and "internt.txt" not in meeting
    assert "vi ble enige om tre praksiseksempler" in meeting


@pytest.mark.parametrize("who", [None, "outsider", "coordinator_b"])
def test_non_members_get_404_on_a_closed_group_and_on_members_only_things(client, request, who, closed_group,
                                                                           internal_meeting, files):
    login(client, request.getfixturevalue(who) if who else None)
    assert client.get(closed_group.get_absolute_url()).status_code == 404
    assert client.get(internal_meeting.get_absolute_url()).status_code == 404
    for key in ("members", "internal_meeting"):
        assert client.get(files[key].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["member", "leader", "coordinator_a", "admin_user"])
def test_members_see_the_space_with_minutes_files_and_member_list(client, request, who, open_group,
                                                                 internal_meeting, files):
    login(client, request.getfixturevalue(who))
    page = client.get(open_group.get_absolute_url()).content.decode()
    assert "Internt møte" in page and "Mona Medlem" in page and "medlem@test.example" in page
    meeting = client.get(internal_meeting.get_absolute_url()).content.decode()
    assert "Hemmelig budsjettdrøfting" in meeting
    response = client.get(files["members"].get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Plain text notes about kvalitetsarbeid."
    assert response["Cache-Control"] == "private, no-store"
    assert 'filename="internt.txt"' in response["Content-Disposition"]


def test_closed_group_is_open_to_its_member_and_to_admins(client, member, admin_user, closed_group):
    for user in (member, admin_user):
        client.force_login(user)
        assert client.get(closed_group.get_absolute_url()).status_code == 200


def test_public_file_downloads_for_anyone_with_its_stored_type(client, files):
    response = client.get(files["public"].get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_file_is_not_reachable_through_another_groups_address(client, member, files, closed_group):
    client.force_login(member)
    url = reverse("network:attachment", args=[closed_group.slug, files["members"].pk])
    assert client.get(url).status_code == 404


def test_former_member_loses_access(client, member, closed_group):
    Membership.objects.filter(group=closed_group).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(member)
    assert client.get(closed_group.get_absolute_url()).status_code == 404


def test_coordinator_of_a_member_unit_is_a_member_but_not_of_other_units(client, coordinator_a, coordinator_b,
                                                                          internal_meeting):
    client.force_login(coordinator_a)
    assert client.get(internal_meeting.get_absolute_url()).status_code == 200
    client.force_login(coordinator_b)
    assert client.get(internal_meeting.get_absolute_url()).status_code == 404


def test_my_groups_lists_closed_groups_for_members_only(client, member, outsider, closed_group):
    client.force_login(member)
    assert "Lukket nettverk" in client.get(reverse("network:groups")).content.decode()
    client.force_login(outsider)
    assert "Lukket nettverk" not in client.get(reverse("network:groups")).content.decode()


# Search ---------------------------------------------------------------------------------------

def test_search_finds_text_inside_a_members_file_only_for_members(client, member, public_meeting, leader):
    make_attachment(public_meeting, "plan.docx", public=False, by=leader,
                    data=docx_bytes("Handlingsplan for pårørendeskole i Nordland"))
    url = public_meeting.group.get_absolute_url() + "?q=PÅRØRENDESKOLE"
    assert "plan.docx" not in client.get(url).content.decode()
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "plan.docx" in page and "Handlingsplan for pårørendeskole" in page


def test_public_search_does_not_reveal_internal_minutes(client, open_group, internal_meeting, public_meeting):
    page = client.get(open_group.get_absolute_url() + "?q=budsjettdrøfting").content.decode()
    assert "Internt møte" not in page and "Ingen treff" in page


# Leaders edit their own group's meetings ------------------------------------------------------------

def meeting_data(**overrides):
    data = {"title": "Arbeidsmøte mars", "starts_at": "2027-03-10T10:00", "place": "", "is_digital": "on",
            "agenda": "1. Status\n2. Veien videre", "minutes": "", "is_public": ""}
    data.update(overrides)
    return data


def test_leader_creates_a_meeting_and_writes_minutes(client, leader, open_group):
    client.force_login(leader)
    assert client.get(reverse("network:meeting_new", args=[open_group.slug])).status_code == 200
    response = client.post(reverse("network:meeting_new", args=[open_group.slug]), meeting_data())
    meeting = Meeting.objects.get(title="Arbeidsmøte mars")
    assert response.status_code == 302 and meeting.is_digital and not meeting.is_public
    url = reverse("network:meeting_edit", args=[open_group.slug, meeting.pk])
    client.post(url, meeting_data(minutes="Vedtak: skrive veileder."))
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Vedtak: skrive veileder." in page


def test_staff_see_who_changed_the_minutes(client, leader, admin_user, public_meeting):
    client.force_login(leader)
    client.post(reverse("network:meeting_edit", args=[public_meeting.group.slug, public_meeting.pk]),
                meeting_data(title="Åpent møte", minutes="Nytt referat."))
    client.force_login(admin_user)
    page = client.get(public_meeting.get_absolute_url()).content.decode()
    assert "Endringslogg" in page and "leder@test.example" in page and "Nytt referat." in page


@pytest.mark.parametrize("who", ["member", "coordinator_a", "outsider", None])
def test_others_cannot_create_or_edit_meetings(client, request, who, open_group, public_meeting):
    login(client, request.getfixturevalue(who) if who else None)
    assert client.get(reverse("network:meeting_new", args=[open_group.slug])).status_code == 403
    edit = reverse("network:meeting_edit", args=[open_group.slug, public_meeting.pk])
    assert client.post(edit, meeting_data(title="Kapret")).status_code == 403
    public_meeting.refresh_from_db()
    assert public_meeting.title == "Åpent møte"


def test_leader_of_one_group_cannot_touch_another(client, leader, closed_group):
    meeting = make_meeting(closed_group, "Lukket møte", public=False)
    client.force_login(leader)
    assert client.post(reverse("network:meeting_edit", args=[closed_group.slug, meeting.pk]),
                       meeting_data()).status_code == 404
    assert client.get(reverse("network:meeting_new", args=[closed_group.slug])).status_code == 404


def test_meeting_needs_a_place_or_digital(client, leader, open_group):
    client.force_login(leader)
    response = client.post(reverse("network:meeting_new", args=[open_group.slug]), meeting_data(is_digital=""))
    assert response.status_code == 400
    assert "Oppgi et sted, eller merk møtet som digitalt." in response.content.decode()
    assert not Meeting.objects.filter(title="Arbeidsmøte mars").exists()


# Attachments: types, sizes, who may upload and remove ------------------------------------------------

def upload(client, meeting, name, data, public=False):
    url = reverse("network:attachment_upload", args=[meeting.group.slug, meeting.pk])
    payload = {"file": SimpleUploadedFile(name, data)}
    if public:
        payload["is_public"] = "on"
    return client.post(url, payload)


def test_leader_uploads_a_docx_and_its_text_is_kept_for_search(client, leader, public_meeting):
    client.force_login(leader)
    response = upload(client, public_meeting, "veileder.docx", docx_bytes("Veileder for samarbeid med FFO"))
    assert response.status_code == 302
    attachment = Attachment.objects.get(original_name="veileder.docx")
    assert "Veileder for samarbeid med FFO" in attachment.text
    assert attachment.content_type.endswith("wordprocessingml.document")
    assert not attachment.file.name.endswith("veileder.docx")  # stored under a random name


@pytest.mark.parametrize("name, data, message", [
    ("program.exe", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100, "har en filtype vi ikke tar imot"),
    ("falsk.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 50, "har en filtype vi ikke tar imot"),
    ("skadet.pdf", b"%PDF-1.4 this is not really a pdf", "er skadet og kan ikke leses som PDF"),
    ("arkiv.docx", b"PK\x03\x04garbage", "er skadet og kan ikke åpnes"),
    ("tom.txt", b"", "er tom"),
])
def test_bad_files_are_refused_with_a_norwegian_message(client, leader, public_meeting, name, data, message):
    client.force_login(leader)
    response = upload(client, public_meeting, name, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_too_large_file_is_refused(client, leader, public_meeting):
    client.force_login(leader)
    response = upload(client, public_meeting, "stor.txt", b"a" * (MAX_ATTACHMENT_BYTES + 1))
    assert response.status_code == 400 and "er for stor" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("who", ["member", "coordinator_a", "outsider", None])
def test_only_editors_upload_delete_or_publish_files(client, request, who, public_meeting, files):
    login(client, request.getfixturevalue(who) if who else None)
    assert upload(client, public_meeting, "x.txt", b"tekst").status_code == 403
    target = files["public"]
    slug = public_meeting.group.slug
    assert client.post(reverse("network:attachment_delete", args=[slug, target.pk])).status_code == 403
    assert client.post(reverse("network:attachment_visibility", args=[slug, target.pk]),
                       {"public": "0"}).status_code == 403
    assert Attachment.objects.count() == 3 and Attachment.objects.get(pk=target.pk).is_public


def test_leader_hides_then_deletes_a_file(client, leader, files):
    target = files["public"]
    slug = target.meeting.group.slug
    client.force_login(leader)
    client.post(reverse("network:attachment_visibility", args=[slug, target.pk]), {"public": "0"})
    client.logout()
    assert client.get(target.get_absolute_url()).status_code == 404
    client.force_login(leader)
    client.post(reverse("network:attachment_delete", args=[slug, target.pk]))
    assert not Attachment.objects.filter(pk=target.pk).exists()


def test_downloads_and_changes_need_the_right_method(client, leader, files):
    client.force_login(leader)
    target = files["public"]
    assert client.get(reverse("network:attachment_delete", args=[target.meeting.group.slug, target.pk])
                      ).status_code == 405
    assert client.post(target.get_absolute_url()).status_code == 405


# National administrators manage groups and members ---------------------------------------------------

STAFF_PAGES = [("network:staff_groups", False), ("network:staff_group_new", False),
               ("network:staff_group_edit", True), ("network:staff_group_members", True)]


@pytest.mark.parametrize("name, with_slug", STAFF_PAGES)
@pytest.mark.parametrize("who", ["coordinator_a", "leader", "interviewer", "outsider"])
def test_group_administration_is_for_national_admins(client, request, who, name, with_slug, open_group):
    client.force_login(request.getfixturevalue(who))
    url = reverse(name, args=[open_group.slug] if with_slug else [])
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "X"}).status_code == 403


@pytest.mark.parametrize("name, with_slug", STAFF_PAGES)
def test_admin_opens_every_administration_page(client, admin_user, name, with_slug, open_group):
    client.force_login(admin_user)
    assert client.get(reverse(name, args=[open_group.slug] if with_slug else [])).status_code == 200


def test_anonymous_is_sent_to_log_in_for_administration(client, open_group):
    response = client.get(reverse("network:staff_groups"))
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]


def test_admin_creates_a_group_and_adds_a_person_linked_to_their_log_in(client, admin_user, member):
    client.force_login(admin_user)
    response = client.post(reverse("network:staff_group_new"), {
        "name": "Nettverk for kommunale LM-tjenester", "slug": "kommunenettverk", "kind": "network",
        "description": "Åpent nettverk.", "is_public": "on"})
    assert response.status_code == 302
    group = Group.objects.get(slug="kommunenettverk")
    response = client.post(reverse("network:staff_group_members", args=[group.slug]), {
        "person_name": "Mona Medlem", "person_email": "MEDLEM@test.example", "role": "secretary",
        "starts_on": "2026-01-01"})
    assert response.status_code == 302
    membership = group.memberships.get()
    assert membership.user == member and membership.person_email == "medlem@test.example"
    page = client.get(reverse("network:staff_group_members", args=[group.slug])).content.decode()
    assert "Mona Medlem" in page and "Endringslogg" in page


@pytest.mark.parametrize("data, message", [
    ({"role": "member"}, "fyll ut nøyaktig ett av feltene"),
    ({"person_name": "Uten e-post", "role": "member"}, "Oppgi e-postadressen til personen."),
    ({"organisation": "FFO", "person_name": "To ting", "person_email": "a@b.no", "role": "member"},
     "fyll ut nøyaktig ett av feltene"),
    ({"organisation": "FFO", "role": "member", "starts_on": "2026-05-01", "ends_on": "2026-01-01"},
     "Medlemskapet kan ikke slutte før det begynner."),
])
def test_bad_membership_is_refused_and_nothing_saved(client, admin_user, open_group, data, message):
    client.force_login(admin_user)
    before = open_group.memberships.count()
    response = client.post(reverse("network:staff_group_members", args=[open_group.slug]), data)
    assert response.status_code == 400 and message in response.content.decode()
    assert open_group.memberships.count() == before


def test_admin_ends_and_removes_memberships(client, admin_user, member, open_group):
    client.force_login(admin_user)
    membership = open_group.memberships.get(person_email=member.email)
    url = reverse("network:staff_membership", args=[open_group.slug, membership.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"person_name": "Mona Medlem", "person_email": member.email, "role": "member",
                      "ends_on": (timezone.localdate() - dt.timedelta(days=1)).isoformat()})
    client.force_login(member)
    page = client.get(open_group.get_absolute_url()).content.decode()
    assert "Du er medlem" not in page and "Mona Medlem" not in page
    client.force_login(admin_user)
    client.post(reverse("network:staff_membership_delete", args=[open_group.slug, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("who", ["leader", "coordinator_a"])
def test_non_admins_cannot_edit_or_remove_memberships(client, request, who, open_group, member):
    membership = open_group.memberships.get(person_email=member.email)
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("network:staff_membership", args=[open_group.slug, membership.pk])).status_code == 403
    assert client.post(reverse("network:staff_membership_delete", args=[open_group.slug, membership.pk])
                       ).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_group_page_query_count_does_not_grow_with_meetings(client, member, open_group, django_assert_max_num_queries):
    for n in range(15):
        make_meeting(open_group, f"Møte {n}", public=bool(n % 2))
    client.force_login(member)
    with django_assert_max_num_queries(16):
        assert client.get(open_group.get_absolute_url()).status_code == 200
