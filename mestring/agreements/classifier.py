"""Rules that propose how far an agreement covers learning and mastery (scale in scale.py).

Every proposal carries the passages it rests on and a plain-Norwegian reason, so an analyst can
check it. The rules look for the field's own terms (bokmål and nynorsk), never for bare "læring"
or "mestring", and set aside sentences about students, staff training or crises unless they name
a learning and mastery offer themselves.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from mestring.agreements import sections

I = re.IGNORECASE
M = r"mei?string"  # bokmål mestring, nynorsk meistring

TOPICS = {
    "lærings- og mestring": re.compile(rf"lærings?-?\s*og\s+{M}", I),
    "LMS": re.compile(r"\bLMS\b|\bLM-\w+"),
    "pasient- og pårørendeopplæring": re.compile(
        r"(pasient|pårørende|pårørande|bruker|brukar)(-\s*og\s*(pasient|pårørende|pårørande))?opplæring", I),
    "opplæring av pasienter og pårørende": re.compile(
        r"opplæring\s+(av|til|for)\s+(pasient|pårørende|pårørande|bruker|brukar)", I),
    "mestringstilbud": re.compile(rf"{M}s(kurs|tilbud|tilbod|senter|tjenest|teneste|grupp)\w*", I),
    "kurs i mestring": re.compile(rf"kurs\s+i\s+{M}|\bKi[BD]\b", I),
    "egenmestring": re.compile(rf"(egen|eigen){M}", I),
    "helsepedagogikk": re.compile(r"helsepedagogi\w*", I),
    "frisklivssentral": re.compile(r"frisklivs\w*", I),
    "kurs for pasienter": re.compile(
        r"\bkurs\w*\s+(for|til)\s+(personer|personar|pasienter|pasientar|pårørende|pårørande|brukere|brukarar)", I),
}

# Look-alikes: set aside unless the sentence itself names a learning and mastery offer.
TRAPS = {
    "studenter og praksis": re.compile(r"student\w*|praksis(plass|stud|periode)\w*|lærling\w*|læringsmål|"
                                       r"læringsarena\w*|læringsutbytte|utdanning\w*", I),
    "opplæring av ansatte": re.compile(r"(opplæring|kompetanseheving|fagdag\w*|e-læring\w*|hospitering)\b.{0,60}"
                                       r"\b(ansatte|tilsette|personell\w*|helsepersonell)|"
                                       r"\b(ansatte|personell)\b.{0,40}(opplæring|kompetanse)", I),
    "krise og beredskap": re.compile(r"krise\w*|beredskap\w*|hendelse\w*|katastrofe\w*|debrif\w*", I),
}

# "kan" in a relative or conditional clause ("kurs for dem som kan ha nytte av det") is no hedge.
SOFT = re.compile(r"\b(bør|(?<!som )(?<!der )(?<!hvis )(?<!dersom )(?<!om )(kan|kunne)|vurdere\w*|ønsker|ønskjer|ønskelig|på sikt|se nærmere|sjå nærare|tilstrebe|"
                  r"ved behov|er kjent med|viser til|ser behov|er enige om at|er einige om at|er viktig)\b", I)
PARTY = re.compile(r"\b(helseforetak\w*|helseføretak\w*|sykehus\w*|sjukehus\w*|spesialisthelsetjenest\w*|"
                   r"spesialisthelsetenest\w*|kommunen|kommunane|kommunene|partene|partane|LMS|"
                   r"lærings- og mei?stringssenter\w*|distriktspsykiatrisk\w*|DPS|frisklivssentral\w*|"
                   r"UNN|helse [A-ZÆØÅ]\w+|\w+ kommune)\b", I)
ASSIGN = re.compile(r"\b(ansvar\w*|ansvarleg|skal (tilby|tilbod|gi|gje|ivareta|sørge|sørgje|arrangere|gjennomføre|ha)"
                    r"|tilbyr|ivaretar|sørger for)\b", I)

# Words that refer back to an offer named earlier in the same section ("kursene", "tilbudene").
REFERS = re.compile(r"\b(kurs\w*|tilbud\w*|tilbod\w*|opplæring\w*)", I)

ELEMENTS = {
    "competence": re.compile(r"(felles|sammen|saman)\W+(\w+\W+){0,3}?(kompetanse\w*|opplæring|kurs|fagdag\w*|"
                             r"hospiter\w*)\W+(\w+\W+){0,3}?helsepedagogi|felles\W+(\w+\W+){0,3}?helsepedagogi", I),
    "joint": re.compile(r"(i fellesskap|sammen|felles|saman)\W+(\w+\W+){0,6}?(utvikl|gjennomfør|planlegg|arranger|"
                        r"\w*kurs)\w*|samarbeid\w*\s+om\s+(utvikling|gjennomføring|kurs|\w*kurs)", I),
    "contact": re.compile(r"kontaktperson\w*|kontaktpunkt\w*|koordinator\w*|nettverk\w*", I),
    "users": re.compile(r"bruke?a?rrepresentant\w*|erfaringskonsulent\w*|erfarne brukere|brukermedvirkning|"
                        r"brukarmedverknad|(pasient|bruker)- og (bruker|pasient)organisasjon\w*", I),
    "referral": re.compile(r"henvis\w*|tilvis\w*|informere\W+(\w+\W+){0,3}?om\W+(\w+\W+){0,3}?\w*tilbud", I),
    "followup": re.compile(r"evaluer\w*|oppfølging(?!\s+av\s+(del)?avtal)|følge opp", I),
}

ELEMENT_WORDS = {
    "joint": "felles utvikling eller gjennomføring av kurs",
    "contact": "kontaktpunkter eller nettverk",
    "competence": "felles kompetansebygging i helsepedagogikk",
    "users": "brukermedvirkning i tilbudene",
    "referral": "henvisningsrutiner",
    "followup": "oppfølging eller evaluering",
}
LEVEL_WORDS = {0: "ikke nevnt", 1: "nevnt uten ansvar", 2: "ansvar fordelt", 3: "konkret samarbeid"}


@dataclass(frozen=True)
class Evidence:
    level: int
    text: str
    start: int
    end: int
    number: str
    reason: str


@dataclass
class Proposal:
    level: int
    evidence: list[Evidence]
    explanation: str
    set_aside: list[tuple[str, str, str]] = field(default_factory=list)  # (quote, number, why)

    def as_json(self) -> dict:
        return {"level": self.level, "evidence": [e.text for e in self.evidence]}


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int
    part: sections.Part


def sentences(text: str) -> list[Sentence]:
    """Sentences of every clause, row and paragraph; table rows and headings stay whole."""
    found = []
    for part in sections.split(text):
        raw = text[part.start:part.end].replace("\n", " ")
        if part.kind in ("row", "heading", "title"):
            found.append(Sentence(" ".join(raw.split()), part.start, part.end, part))
            continue
        for match in re.finditer(r"\S.*?(?:[.!?](?=\s+[A-ZÆØÅ0-9§])|$)", raw):
            found.append(Sentence(" ".join(match.group().split()), part.start + match.start(),
                                  part.start + match.end(), part))
    return found


def topic_of(text: str) -> str | None:
    return next((name for name, rx in TOPICS.items() if rx.search(text)), None)


def trap_of(text: str) -> str | None:
    return next((name for name, rx in TRAPS.items() if rx.search(text)), None)


def classify(text: str) -> Proposal:
    evidence: list[Evidence] = []
    set_aside: list[tuple[str, str, str]] = []
    context: dict[str, str] = {}  # top-level section -> topic named earlier in it
    for s in sentences(text):
        own = topic_of(s.text)
        inherited = heading_topic(s.part) or (context.get(s.part.top) if REFERS.search(s.text) else None)
        if own and s.part.kind not in ("heading", "title"):
            context[s.part.top] = own
        trap = trap_of(s.text)
        if trap and not own:
            if inherited or looks_like_topic(s.text):
                set_aside.append((s.text, s.part.number, trap))
            continue
        found = judge(s, own, inherited)
        if found:
            evidence.append(found)
    return proposal(evidence, set_aside)


def heading_topic(part: sections.Part) -> str | None:
    return next((t for t in map(topic_of, part.chain) if t), None)


def looks_like_topic(text: str) -> bool:
    """Words an unwary reader would take for learning and mastery: worth telling the analyst."""
    return bool(re.search(rf"læring|{M}|\bmestre|brukerrepresentant|opplæring", text, I))


def judge(s: Sentence, own: str | None, inherited: str | None) -> Evidence | None:
    topic = own or inherited
    if not topic:
        return None
    if s.part.kind in ("heading", "title"):
        return make(1, s, f"overskriften nevner {own}") if own else None
    committed = not SOFT.search(s.text)
    if committed:
        for key, rx in ELEMENTS.items():
            if rx.search(s.text):
                return make(3, s, ELEMENT_WORDS[key])
        if assigns(s):
            return make(2, s, f"ansvar for {topic} er lagt til en part")
    if own:
        why = f"nevner {own}" + ("" if committed else " med uforpliktende ordlyd")
        return make(1, s, why)
    return None


def assigns(s: Sentence) -> bool:
    if s.part.kind == "row":
        return bool(PARTY.search(s.part.table_header)) or bool(ASSIGN.search(s.text))
    return bool(PARTY.search(s.text) and ASSIGN.search(s.text))


def make(level: int, s: Sentence, reason: str) -> Evidence:
    return Evidence(level, s.text, s.start, s.end, s.part.number, reason)


def proposal(evidence: list[Evidence], set_aside: list[tuple[str, str, str]]) -> Proposal:
    level = max((e.level for e in evidence), default=0)
    ordered = sorted(evidence, key=lambda e: (-e.level, e.start))
    return Proposal(level, ordered, explain(level, ordered, set_aside), set_aside)


def where(number: str) -> str:
    return f" (punkt {number})" if number else ""


def explain(level: int, evidence: list[Evidence], set_aside: list[tuple[str, str, str]]) -> str:
    lines = [f"Foreslått nivå {level} – {LEVEL_WORDS[level]}."]
    if level == 0:
        lines.append("Avtalen nevner ikke lærings- og mestringstilbud, pasient- og pårørendeopplæring "
                     "eller andre ord fra fagfeltet.")
    for lvl, intro in ((3, "Konkret samarbeid"), (2, "Ansvar fordelt"), (1, "Nevnt")):
        reasons = unique(f"{e.reason}{where(e.number)}" for e in evidence if e.level == lvl)
        if reasons:
            lines.append(f"{intro}: " + "; ".join(reasons) + ".")
    if level == 1:
        lines.append("Ingen setning sier med forpliktende ord hvem som skal gjøre hva.")
    if set_aside:
        quoted = "; ".join(f"«{shorten(q)}»{where(n)} – {why}" for q, n, why in set_aside[:4])
        lines.append(f"Ikke regnet med fordi det gjelder noe annet: {quoted}.")
    return " ".join(lines)


def unique(items) -> list[str]:
    return list(dict.fromkeys(items))


def shorten(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
