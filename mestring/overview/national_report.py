"""The national report for a year as a PDF: introduction, key figures, map, charts, tables, method."""
from __future__ import annotations

from django.utils import timezone
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Table as Layout

from mestring.overview import report_pdf as pdf
from mestring.overview.reports import Table, report_tables


def national_report_pdf(data: dict) -> bytes:
    year = data["year"]
    tables = {t.key: t for t in report_tables(data)}
    style = pdf.styles()
    story = front_matter(data, style) + key_figures(data, tables, style) + geography(data, tables, style)
    story += groups(data, tables, style) + language_digital(data, tables, style) + development(data, tables, style)
    story += without_offer(tables, style) + kommune_table(tables, style) + method(style)
    return pdf.render(story, title=f"Lærings- og mestringstilbud i Norge {year}: nasjonal rapport",
                      subject=f"Nasjonal oversikt over lærings- og mestringstilbud og aktivitet i {year}",
                      keywords=["lærings- og mestringstilbud", "likeverdig tilgang", str(year)],
                      footer=f"Nasjonal rapport {year}", with_toc=True)


def paragraphs(texts: list[str], style) -> list:
    return [Paragraph(pdf.escape(text), style["body"]) for text in texts]


def front_matter(data: dict, style) -> list:
    year, t = data["year"], data["totals"]
    made = timezone.localtime().strftime("%d.%m.%Y")
    return [
        Paragraph(pdf.escape(f"Lærings- og mestringstilbud i Norge {year}"), style["title"]),
        Paragraph(pdf.escape(f"Nasjonal rapport om tilbud og aktivitet. Laget {made}."), style["body"]),
        pdf.spacer(6), Paragraph("Innhold", style["h1"]), pdf.table_of_contents(style), PageBreak(),
        pdf.heading("1 Innledning", style["h1"], 0),
        *paragraphs([
            "Lærings- og mestringstilbud gir pasienter, brukere og pårørende kunnskap og ferdigheter til å leve "
            "med sykdom, og blir utviklet og holdt sammen med erfarne brukere. Målet er likeverdig tilgang, "
            "uansett alder, kjønn, bosted, etnisitet og diagnose.",
            f"Denne rapporten viser hva lærings- og mestringstjenestene i kommunene og helseforetakene holdt av "
            f"kurs i {year}, hvor mange som deltok, og hvor i landet tilbudet er tynt. Tallene kommer fra "
            f"tjenestenes egne aktivitetsrapporter ({number(t['runs'])} rapporterte kurs), fra "
            f"tjenesteregisteret og fra SSBs folketall.",
            "Kapittel 2 gir nøkkeltallene for landet. Kapittel 3 viser fordelingen på kommuner, fylker og "
            "helseforetak med et kart. Kapittel 4 og 5 viser diagnosegrupper, målgrupper, språk, digitale kurs og "
            "brukermedvirkning. Kapittel 6 viser utviklingen over fem år, og kapittel 7 lister kommunene uten "
            "tilbud. Til slutt kommer tabellen for alle kommuner og en beskrivelse av metoden. Alle tabeller finnes "
            "også i regnearket som hører til rapporten.",
        ], style)]


def number(value, kind: str = "int") -> str:
    return pdf.number(value, kind)


def render_table(table: Table, style, *, widths=None, limit: int | None = None) -> list:
    rows = table.rows[:limit] if limit else table.rows
    first_numeric = next((i for i, c in enumerate(table.columns) if c.kind != "text"), len(table.columns))
    cells = [[number(row.get(c.key), c.kind) for c in table.columns] for row in rows]
    if not cells:
        return [Paragraph("Ingen rader for dette året.", style["body"])]
    flowables = [pdf.data_table([c.header for c in table.columns], cells, style, widths=widths,
                                numeric_from=first_numeric)]
    if table.note:
        flowables.append(Paragraph(pdf.escape(table.note), style["small"]))
    return flowables


def key_figures(data: dict, tables: dict[str, Table], style) -> list:
    t, year = data["totals"], data["year"]
    text = (f"I {year} holdt tjenestene {number(t['runs'])} kurs med {number(t['participants'])} deltakere: "
            f"{number(t['patients'])} pasienter og brukere og {number(t['relatives'])} pårørende. Det er "
            f"{number(t['per_10k'], 'decimal')} deltakere per 10 000 innbyggere. Erfarne brukere underviste i "
            f"{number(t['user_share'], 'decimal')} prosent av kursene, og {number(t['digital_share'], 'decimal')} "
            f"prosent var digitale.")
    return [PageBreak(), pdf.heading("2 Nøkkeltall", style["h1"], 0), Paragraph(pdf.escape(text), style["body"]),
            *render_table(tables["key"], style, widths=[110 * mm, 40 * mm])]


def geography(data: dict, tables: dict[str, Table], style) -> list:
    values = {r["code"]: r["participants_per_10k"] for r in data["kommuner"]}
    drawing, legend = pdf.choropleth(values, caption_unit="per 10 000")
    legend_box = pdf.legend_drawing(legend, pdf.WIDTH * 0.36)
    map_row = Layout([[drawing, legend_box]], colWidths=[pdf.WIDTH * 0.63, pdf.WIDTH * 0.37], hAlign="LEFT")
    map_row.setStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM")])
    fylker = sorted(data["fylker"], key=lambda r: -(r["participants_per_10k"] or 0))
    return [
        PageBreak(), pdf.heading("3 Geografisk fordeling", style["h1"], 0),
        pdf.heading("3.1 Deltakere per 10 000 innbyggere, kommuner", style["h2"], 1),
        Paragraph("Kartet viser deltakere i kurs holdt i kommunen per 10 000 innbyggere, i dagens "
                  "kommunegrenser. Mørkere blå betyr flere deltakere. Grå kommuner hadde ingen rapporterte "
                  "deltakere. Tallene for hver kommune står i kapittel 8.", style["body"]),
        map_row,
        pdf.heading("3.2 Fylker", style["h2"], 1),
        pdf.bar_chart([r["name"] for r in fylker], [r["participants_per_10k"] for r in fylker],
                      title="Deltakere per 10 000 innbyggere, fylker"),
        *render_table(tables["fylker"], style),
        pdf.heading("3.3 Helseforetak", style["h2"], 1),
        *render_table(tables["hfs"], style),
    ]


def groups(data: dict, tables: dict[str, Table], style) -> list:
    diagnosis = [r for r in data["diagnosis"] if r["runs"]][:15]
    target = [r for r in data["target"] if r["runs"]][:15]
    return [
        PageBreak(), pdf.heading("4 Diagnosegrupper og målgrupper", style["h1"], 0),
        pdf.heading("4.1 Diagnosegrupper", style["h2"], 1),
        pdf.bar_chart([r["label"] for r in diagnosis], [r["participants"] for r in diagnosis],
                      title="Deltakere etter diagnosegruppe"),
        *render_table(tables["diagnosis"], style),
        pdf.heading("4.2 Målgrupper", style["h2"], 1),
        pdf.bar_chart([r["label"] for r in target], [r["participants"] for r in target],
                      title="Deltakere etter målgruppe"),
        *render_table(tables["target"], style),
    ]


def language_digital(data: dict, tables: dict[str, Table], style) -> list:
    t = data["totals"]
    return [
        pdf.heading("5 Språk, digitale kurs og brukermedvirkning", style["h1"], 0),
        Paragraph(pdf.escape(
            f"{number(t['minority_share'], 'decimal')} prosent av kursene ble holdt på et annet språk enn norsk, "
            f"{number(t['digital_share'], 'decimal')} prosent var digitale, og i "
            f"{number(t['user_share'], 'decimal')} prosent underviste erfarne brukere sammen med fagpersoner."),
            style["body"]),
        *render_table(tables["language"], style), pdf.spacer(3),
        *render_table(tables["digital"], style),
    ]


def development(data: dict, tables: dict[str, Table], style) -> list:
    series = data["series"]
    return [KeepTogether([
        pdf.heading("6 Utvikling over fem år", style["h1"], 0),
        Paragraph("Tallene for hele landet avhenger ikke av kommunegrensene. Fordelt på kommuner regnes "
                  "eldre år om til dagens grenser (se kapittel 9).", style["body"]),
        pdf.bar_chart([str(r["year"]) for r in series], [r["participants"] for r in series], horizontal=False,
                      title="Deltakere per år"),
        *render_table(tables["series"], style)])]


def without_offer(tables: dict[str, Table], style) -> list:
    count = len(tables["without"].rows)
    return [PageBreak(), pdf.heading("7 Kommuner uten tilbud og avstand til tilbud", style["h1"], 0),
            pdf.heading("7.1 Kommuner der ingen kurs ble holdt", style["h2"], 1),
            Paragraph(pdf.escape(f"I {number(count)} kommuner ble det ikke holdt noe rapportert kurs i året. "
                                 "Innbyggerne kan likevel ha brukt tilbud i nabokommuner eller i helseforetaket."),
                      style["body"]),
            *render_table(tables["without"], style),
            pdf.heading("7.2 Største avstander til nærmeste tilbud", style["h2"], 1),
            Paragraph("For hver kommune og diagnosegruppe: avstanden i luftlinje fra kommunens "
                      "befolkningsvektede midtpunkt til nærmeste sted der et kurs i gruppen ble holdt. Tabellen "
                      "viser de største avstandene.", style["body"]),
            *render_table(tables["gaps"], style)]


def kommune_table(tables: dict[str, Table], style) -> list:
    return [PageBreak(), pdf.heading("8 Alle kommuner", style["h1"], 0), *render_table(tables["kommuner"], style)]


def method(style) -> list:
    return [
        PageBreak(), pdf.heading("9 Metode", style["h1"], 0),
        *paragraphs([
            "Aktivitet: hver tjeneste rapporterer hvert kurs som startet i året, med antall deltakere (pasienter "
            "og brukere, pårørende), samlinger, timer, språk, om kurset var digitalt og om erfarne brukere "
            "underviste. Hvert kurs kan bare rapporteres én gang, så ingen deltakere telles to ganger.",
            "Sted: et kurs telles i kommunen der det ble holdt: kursets eget sted, ellers tilbudets første sted, "
            "ellers kommunen eller bydelen som driver tjenesten (en bydel telles i sin kommune). Et kurs i et "
            "helseforetak uten kjent sted telles bare for helseforetaket. Et helseforetak vises med sitt "
            "opptaksområde: egne kurs og kursene i kommunene som hører til det. Deltakernes bostedskommune er "
            "ikke med i tallene.",
            "Kurstilbud: et tilbud telles i et år når minst ett kurs av tilbudet ble holdt og rapportert.",
            "Per 10 000 innbyggere: antall deltakere (eller kurstilbud) delt på folketallet 1. januar samme år "
            "ifølge SSB, ganget med 10 000. Når SSB ikke har tall for året, brukes siste år før.",
            "Dagens grenser: alle tall vises i kommunegrensene fra 2024. Et kurs registrert på en kommune som "
            "senere er slått sammen eller delt, telles i den av dagens kommuner som fikk størst del av folketallet. "
            "I utviklingen over fem år fordeles slike tall etter SSBs omregningsvekter (andel av folketallet som "
            "havnet i hver av dagens kommuner); derfor kan deltakertall der ha desimaler.",
            "Kommuner uten tilbud: kommuner der ingen rapporterte kurs ble holdt i året.",
            "Avstand: luftlinje fra kommunens befolkningsvektede midtpunkt til nærmeste sted der et kurs i "
            "diagnosegruppen startet i året (digitale kurs er ikke med). Midtpunktet er gjennomsnittet av "
            "posisjonene til kommunens tettsteder med minst 500 innbyggere i GeoNames, vektet med innbyggertallet; "
            "innbyggerne utenfor disse stedene (SSBs folketall minus stedenes sum) legges midt på kommunens største "
            "flate, og en kommune uten slike steder får midten av flaten. Det er et grovt mål: folk som bor spredt "
            "er samlet i ett punkt, og reisevei, ferge og kollektivtilbud kan gjøre reisen mye lengre.",
            "Kilder: aktivitetsrapportene og tjenesteregisteret i mestring; folketall fra SSB; kommune- og "
            "fylkesgrenser fra Kartverket (CC BY 4.0); tettsteder og innbyggertall til midtpunktene © GeoNames, "
            "geonames.org (CC BY 4.0).",
            "Tilgjengelighet: rapporten har ekte tekst, norsk språkmerking, bokmerker og innholdsfortegnelse, og "
            "hver figur har en tabell med de samme tallene. Verktøyet som lager PDF-en kan ikke merke "
            "dokumentstrukturen (tagget PDF). Regnearket har de samme tabellene.",
        ], style)]

