"""Demo knowledge base for `mestring load_demo`: documents generated as real PDF, DOCX and text files,
practice examples and projects. Idempotent: items are found again by title."""
from __future__ import annotations

import datetime as dt
import io

from django.db import transaction

from mestring.core.documents import extract
from mestring.network import knowledge
from mestring.network.models_knowledge import Document, PracticeExample, Project, ProjectContact
from mestring.structure.models import Unit

DOCUMENTS = [
    dict(title="Veileder for pårørendearbeid i kommunale lærings- og mestringstjenester", kind="guide", year=2025,
         fmt="pdf", is_public=True, tags=["pårørende", "demens", "veileder"],
         organisation="Nasjonal kompetansetjeneste for læring og mestring innen helse",
         description="Hvordan kommunen kan tilby kurs og samtalegrupper for pårørende, med eksempler og sjekklister.",
         text=["Pårørende er en viktig ressurs og har selv behov for støtte.",
               "Kommunen bør tilby pårørendeskole og samtalegrupper for pårørende til personer med demens.",
               "Kursene planlegges sammen med brukerrepresentanter og pårørendeorganisasjoner.",
               "Avlastning under kurset gjør det mulig for flere pårørende å delta."]),
    dict(title="Årsrapport 2025: lærings- og mestringstilbud i Nord-Norge", kind="report", year=2025, fmt="docx",
         is_public=True, tags=["kartlegging", "diabetes"], organisation="Universitetssykehuset Nord-Norge HF",
         description="Oversikt over kurs, deltakere og samarbeid med kommunene i 2025.",
         text=["I 2025 ble det holdt 142 kurs med til sammen 1 870 deltakere.",
               "De fleste kursene handlet om diabetes type 2, kols og psykisk helse.",
               "Samarbeidet med kommunene er styrket gjennom felles kursholderopplæring."]),
    dict(title="Presentasjon: brukermedvirkning i kursutvikling", kind="presentation", year=2024, fmt="pdf",
         is_public=True, tags=["brukermedvirkning"], organisation="Mental Helse",
         description="Lysark fra nettverkskonferansen om hvordan erfaringskonsulenter deltar i alle ledd.",
         text=["Brukermedvirkning betyr at erfaringskonsulenter deltar fra planlegging til evaluering.",
               "Likeverdig samarbeid mellom fagpersoner og brukerrepresentanter gir bedre kurs."]),
    dict(title="Mal for delavtale om læring og mestring", kind="template", year=2026, fmt="txt", is_public=False,
         tags=["samarbeidsavtale"], organisation="Nasjonal kompetansetjeneste for læring og mestring innen helse",
         description="Forslag til tekst om læring og mestring i delavtaler mellom helseforetak og kommune.",
         text=["Partene skal samarbeide om lærings- og mestringstilbud for pasienter og pårørende.",
               "Helseforetaket tilbyr kursholderopplæring; kommunen sørger for lokale tilbud.",
               "Avtalen evalueres årlig i det faglige samarbeidsutvalget."]),
    dict(title="Kartlegging av kurstilbud for personer med kols", kind="report", year=2024, fmt="txt",
         is_public=True, tags=["kols", "kartlegging"], organisation="Helse Nord RHF",
         description="Hvilke kommuner tilbyr kurs for personer med kols, og hvor mange deltar.",
         text=["Kartleggingen viser at 38 av 75 kommuner tilbyr kurs for personer med kols.",
               "Kursene ledes oftest av sykepleier og fysioterapeut sammen med en brukerrepresentant."]),
]

PRACTICE = [
    dict(title="Pårørendeskole for pårørende til personer med demens", unit=("kommune", "5501"), year=2025,
         partners=[("hf", "universitetssykehuset-nord-norge")], other_partners="Nasjonalforeningen for folkehelsen",
         organisation_form="Kommunens lærings- og mestringstjeneste har ansvaret; demensteamet og "
                           "pårørendeorganisasjonen planlegger sammen.",
         target_groups="Pårørende til personer med demens", tags=["pårørende", "demens"],
         what_was_done="Fem kurskvelder med undervisning, samtalegrupper og erfaringsutveksling for pårørende. "
                       "Avlastning ble tilbudt under kurset.",
         what_worked="Avlastning gjorde at flere kunne delta; en pårørende som kursholder ga trygghet.",
         contact_name="Kari Koordinator", contact_email="koordinator.tromso@mestring.example"),
    dict(title="Felles diabeteskurs for fire kommuner", unit=("kommune", "1804"), year=2024,
         partners=[("kommune", "5501")], other_partners="Diabetesforbundet",
         organisation_form="Interkommunalt samarbeid med felles kursholdere og felles påmelding.",
         target_groups="Personer med diabetes type 2", tags=["diabetes"],
         what_was_done="Kurs over fire dager med lege, ernæringsfysiolog og brukerrepresentant.",
         what_worked="Felles påmelding ga nok deltakere til kurs hver høst.",
         contact_name="Bodø kommune, lærings- og mestringstjenesten", contact_email=""),
    dict(title="Mestringskurs for kols med fysisk trening", unit=("kommune", "5501"), year=2026, partners=[],
         other_partners="LHL", organisation_form="Frisklivssentralen og hjemmetjenesten samarbeider.",
         target_groups="Personer med kols og deres pårørende", tags=["kols"],
         what_was_done="Seks ukers kurs med trening to ganger i uken og undervisning om pust og medisiner.",
         what_worked="Treningen i grupper ga motivasjon til å fortsette etter kurset.",
         contact_name="Kari Koordinator", contact_email="koordinator.tromso@mestring.example"),
]


def render(fmt: str, title: str, lines: list[str]) -> bytes:
    if fmt == "pdf":
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        out = io.BytesIO()
        pdf = canvas.Canvas(out, pagesize=A4, pageCompression=1)
        pdf.setTitle(title)
        pdf.setFont("Helvetica-Bold", 14)
        pdf.drawString(60, 790, title[:80])
        pdf.setFont("Helvetica", 11)
        for n, line in enumerate(lines):
            pdf.drawString(60, 760 - 20 * n, line)
        pdf.showPage()
        pdf.save()
        return out.getvalue()
    if fmt == "docx":
        import docx

        document = docx.Document()
        document.add_heading(title, level=1)
        for line in lines:
            document.add_paragraph(line)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    return ("\n\n".join([title, *lines]) + "\n").encode()


def _unit(kind: str, code: str) -> Unit | None:
    return Unit.objects.current().filter(kind=kind, code=code).first()


def create_demo_documents(admin) -> list[Document]:
    documents = []
    for spec in DOCUMENTS:
        existing = Document.objects.filter(title=spec["title"]).first()
        if existing:
            documents.append(existing)
            continue
        data = render(spec["fmt"], spec["title"], spec["text"])
        document = Document(title=spec["title"], kind=spec["kind"], year=spec["year"], is_public=spec["is_public"],
                            organisation=spec["organisation"], description=spec["description"])
        knowledge.save_document(document=document, tag_names=spec["tags"], by=admin,
                                upload=(f"{spec['kind']}-{spec['year']}.{spec['fmt']}", spec["fmt"], data))
        # The demo must be searchable without a running worker: read the text here (the queued job then skips).
        knowledge.record_extraction(document=document, extracted=extract(data, filename=document.original_name))
        documents.append(document)
    return documents


def create_demo_practice(admin) -> None:
    for spec in PRACTICE:
        unit = _unit(*spec["unit"])
        if unit is None or PracticeExample.objects.filter(title=spec["title"]).exists():
            continue
        fields = {k: v for k, v in spec.items() if k not in ("unit", "partners", "tags")}
        example = PracticeExample(unit=unit, is_published=True, **fields)
        partners = [u for u in (_unit(*p) for p in spec["partners"]) if u]
        knowledge.save_practice(example=example, tag_names=spec["tags"], partners=partners, by=admin)


def create_demo_projects(documents: list[Document]) -> None:
    tromso, unn = _unit("kommune", "5501"), _unit("hf", "universitetssykehuset-nord-norge")
    specs = [("Pårørendeskolen i nord", Project.Status.ONGOING, dt.date(2025, 1, 1), None, [tromso, unn],
              "Et samarbeid om felles pårørendeskole for pårørende til personer med demens i Nord-Norge.",
              documents[:1], ("Kari Koordinator", "Prosjektleder", "koordinator.tromso@mestring.example")),
             ("Kartlegging av kolstilbud", Project.Status.FINISHED, dt.date(2023, 9, 1), dt.date(2024, 12, 31),
              [unn], "Kartla kurstilbudet for personer med kols i alle kommuner i regionen.", documents[4:5],
              ("Ola Koordinator", "Rådgiver", "koordinator.unn@mestring.example"))]
    for name, status, start, end, units, description, docs, contact in specs:
        if Project.objects.filter(name=name).exists():
            continue
        project = Project(name=name, status=status, starts_on=start, ends_on=end, description=description,
                          is_public=True)
        knowledge.save_project(project=project, units=[u for u in units if u], documents=docs)
        ProjectContact.objects.create(project=project, name=contact[0], role=contact[1], email=contact[2])


@transaction.atomic
def create_demo_knowledge() -> None:
    from mestring.accounts.models import User

    admin = User.objects.filter(role_assignments__role="national_admin").order_by("pk").first()
    if admin is None:
        return  # load_demo creates the demo users first
    documents = create_demo_documents(admin)
    create_demo_practice(admin)
    create_demo_projects(documents)
