"""A syllable-aware corrector for tesseract's Vietnamese output.

Vietnamese is written in a closed set of syllables (``ocr.syllables``). A word tesseract
read that is no valid syllable is a misreading, most often of a mark: a tone on â/ă/ê/ô/
ơ/ư, ư read as u, ơ as o, đ as d, ạ as a. For such a word the corrector looks for valid
syllables close to it under a confusion model of these errors: changing a tone or a
vowel's modifier is cheap, changing a base letter (or adding or dropping one) is dear.
The word is replaced only when one candidate is clearly the cheapest or, among the
cheapest, the only one tesseract's own per-character alternatives (LSTM choices) back;
otherwise it stays as read and its confidence drops. Syllables run together
("Giớitính") are cut apart when only one cut works. Measured figures: docs/accuracy.md.

Left alone: valid syllables (in either tone placement: "hòa" and "hoà"), words with
digits or inner punctuation (numbers, codes, dates), abbreviations (an ASCII word in
capitals that spells no syllable with any marks: UBND, CCCD; or a word without vowels:
SĐT, QĐ, đ) and other non-Vietnamese words ("Email": ASCII letters that spell no
syllable with any marks). Case is kept ("NGUYẼN" -> "NGUYỄN").

Digit fields take other fixes (O -> 0, l -> 1), only inside those fields: see
``ocr.identity.fix_digit_lookalikes``.
"""

from __future__ import annotations

import itertools
import logging
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum
from functools import lru_cache
from typing import Sequence

from ocr.hocr import CharChoices
from ocr.model import Word
from ocr.syllables import VOWELS, Tone, decompose, is_syllable, skeleton, syllable_table
from ocr.text import to_nfc

log = logging.getLogger(__name__)

TONE_COST = 0.3  # a tone mark read that is not there, or read as another
TONE_MISSED_COST = 0.1  # a tone mark not read: tesseract drops marks more than it invents them
TONE_MOVE_COST = 0.1  # the right tone on the wrong vowel ("thứơng")
MODIFIER_COST = 0.4  # a breve, circumflex or horn (or đ's bar) added, dropped or changed
BASE_COST = 1.0  # a base letter changed, added or dropped
MAX_COST = 1.2  # no candidate dearer than this is taken
MIN_PIECE = 2  # letters in each piece of a cut word (one-letter pieces cut noise apart)
SPLIT_COST = 0.6  # a mark fix cheaper than this beats cutting the word into syllables
MARGIN = 0.15  # the best candidate must be this much cheaper than the next
MIN_CONFIDENCE = 0.3  # tesseract's word confidence below which an invalid word is not mended
MIN_VIETNAMESE_SHARE = 0.5  # of a line's words that must be syllables for it to be corrected
UNSURE_FACTOR = 0.5  # confidence factor of an invalid word left as read
CORRECTED_FACTOR = 0.8  # confidence factor of a corrected word
BASE_LETTERS = "abcdeghiklmnopqrstuvxy"
SPLIT_CONFUSIONS = {"m": ("rn", "nn"), "rn": ("m",), "nn": ("m",), "d": ("cl",), "cl": ("d",),
                    "h": ("li",), "li": ("h",)}
"""Base-letter sequences tesseract reads for one another (counted as one base edit)."""

_TOKEN = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)


class CorrectionReason(StrEnum):
    VALID = "valid"  # a valid syllable
    NOT_A_WORD = "not_a_word"  # numbers, codes, punctuation, words with inner symbols
    ABBREVIATION = "abbreviation"  # ASCII capitals that spell no syllable: UBND, CCCD
    FOREIGN = "foreign"  # other ASCII words that spell no syllable: Email
    CORRECTED = "corrected"  # replaced by the one clearly best syllable
    SPLIT = "split"  # syllables run together, cut where only one cut makes them all valid
    AMBIGUOUS = "ambiguous"  # no valid syllable, several equally good: kept as read
    NO_CANDIDATE = "no_candidate"  # no valid syllable, none close: kept as read
    UNSURE_READING = "unsure_reading"  # no valid syllable, read too unsurely to mend


@dataclass(frozen=True, slots=True)
class Correction:
    """What became of one word: its text, and the factor its confidence is multiplied by."""

    text: str
    changed: bool
    reason: CorrectionReason
    confidence_factor: float = 1.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A valid syllable (lower case) and the cost of reading it for the word as read."""

    text: str
    cost: float


def correct_word(token: str, alternatives: Sequence[CharChoices] = (), *,
                 confidence: float = 1.0) -> Correction:
    """``token`` (one OCR word, punctuation around it allowed) checked and, when it is a
    misread syllable with one clearly best valid reading, corrected.

    ``alternatives`` are tesseract's choices per character of ``token`` (ignored unless
    there is one group per character); ``confidence`` is tesseract's for the word: below
    ``MIN_CONFIDENCE`` an invalid word is noise more often than a misread syllable.
    """
    token = to_nfc(token)
    lead, core, trail = _TOKEN.match(token).groups()
    if not needs_checking(core):
        return Correction(token, False, _why_left_alone(core))
    choices = tuple(alternatives[len(lead):len(lead) + len(core)]) if len(alternatives) == len(token) else ()
    ranked = rank_candidates(core, base_edits=not core.isascii())
    decided = decide(core, ranked, choices, sure=confidence >= MIN_CONFIDENCE)
    if decided.changed:
        log.debug("corrected %r -> %r (%s)", core, decided.text, decided.reason)
    return Correction(lead + decided.text + trail, decided.changed, decided.reason,
                      decided.confidence_factor)


def _why_left_alone(core: str) -> CorrectionReason:
    if not core or not core.isalpha():
        return CorrectionReason.NOT_A_WORD
    if is_syllable(core):
        return CorrectionReason.VALID
    if core.isupper() or not _has_vowel(core):
        return CorrectionReason.ABBREVIATION
    return CorrectionReason.FOREIGN


def decide(core: str, ranked: list[Candidate], choices: Sequence[CharChoices] = (), *,
           sure: bool = True) -> Correction:
    """What to make of an invalid ``core`` given its ranked candidates: a cheap mark fix,
    else a cut into syllables run together, else a dearer fix; only when unambiguous.
    Unless tesseract was ``sure`` of the word, only the cut is made (a word run together
    is read with a low confidence; other unsure words are mostly noise)."""
    unsure = Correction(core, False, CorrectionReason.UNSURE_READING, UNSURE_FACTOR)
    cheap = [c for c in ranked if c.cost <= SPLIT_COST]
    if cheap:
        return _clear_winner(core, cheap, choices) if sure else unsure
    cuts = split_syllables(core) if not core.isascii() else []
    if len(cuts) > 1:
        cuts = [cut for cut in cuts if _starts_at_capitals(core, cut)] or cuts
    if len(cuts) == 1:
        return Correction(" ".join(cuts[0]), True, CorrectionReason.SPLIT, CORRECTED_FACTOR)
    if cuts:
        return Correction(core, False, CorrectionReason.AMBIGUOUS, UNSURE_FACTOR)
    if not sure:
        return unsure
    affordable = [c for c in ranked if c.cost <= MAX_COST]
    if not affordable:
        return Correction(core, False, CorrectionReason.NO_CANDIDATE, UNSURE_FACTOR)
    return _clear_winner(core, affordable, choices)


def _starts_at_capitals(core: str, cut: tuple[str, ...]) -> bool:
    """Whether ``cut`` starts a syllable at every capital inside ``core`` that follows a
    small letter ("HàNội" is "Hà Nội", not "HàN ội"), and there is such a capital: no
    syllable holds one, so a word run together with its capital shows where it was cut."""
    capitals = {i for i in range(1, len(core)) if core[i].isupper() and core[i - 1].islower()}
    starts = set(itertools.accumulate(len(piece) for piece in cut[:-1]))
    return bool(capitals) and capitals <= starts


def _clear_winner(core: str, ranked: list[Candidate], choices: Sequence[CharChoices]) -> Correction:
    """The cheapest candidate if no other comes within ``MARGIN`` of it; among several that
    close, the one tesseract's alternatives back clearly (:func:`choice_support`)."""
    tier = [c for c in ranked if c.cost < ranked[0].cost + MARGIN]
    if len(tier) > 1:
        supports = ((choice_support(core.lower(), c.text, choices), c) for c in tier)
        backed = sorted(((s, c) for s, c in supports if s is not None), key=lambda pair: -pair[0])
        if not (len(backed) == 1 or (len(backed) > 1 and backed[0][0] >= 2 * backed[1][0] > 0)):
            return Correction(core, False, CorrectionReason.AMBIGUOUS, UNSURE_FACTOR)
        tier = [backed[0][1]]
    return Correction(match_case(tier[0].text, core), True, CorrectionReason.CORRECTED,
                      CORRECTED_FACTOR)


def correct_words(words: Sequence[Word], choices: Sequence[Sequence[CharChoices]] = ()) -> list[Word]:
    """``words`` corrected (:func:`correct_word`, with each word's alternatives from
    ``choices`` when given), their confidences multiplied by the corrections' factors.

    A line whose words are mostly not Vietnamese syllables (an English, French or
    Spanish sentence: "El rápido zorro") is left as read: cutting "rápido" into
    "rá pi do" would be a mistake the line's other words warn of."""
    out = list(words)
    for start, end in _line_spans(words):
        if not looks_vietnamese([w.text for w in words[start:end]]):
            continue
        for index in range(start, end):
            word = words[index]
            alternatives = choices[index] if index < len(choices) else ()
            fixed = correct_word(word.text, alternatives, confidence=word.confidence)
            if fixed.changed or fixed.confidence_factor != 1.0:
                out[index] = Word(fixed.text, word.bbox, word.confidence * fixed.confidence_factor,
                                  word.line)
    return out


def looks_vietnamese(tokens: Sequence[str]) -> bool:
    """Whether at least ``MIN_VIETNAMESE_SHARE`` of the words with vowels among ``tokens``
    are valid syllables (true for fewer than two such words: too little to judge)."""
    cores = [_TOKEN.match(to_nfc(t)).group(2) for t in tokens]
    worded = [core for core in cores if core.isalpha() and _has_vowel(core)]
    if len(worded) < 2:
        return True
    return sum(is_syllable(core) for core in worded) >= MIN_VIETNAMESE_SHARE * len(worded)


def _line_spans(words: Sequence[Word]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for index in range(1, len(words) + 1):
        if index == len(words) or words[index].line != words[start].line:
            spans.append((start, index))
            start = index
    return spans


def needs_checking(token: str) -> bool:
    """Whether :func:`correct_word` would look for candidates for ``token`` (letters that
    spell no syllable, and not plainly an abbreviation or a foreign word)."""
    _, core, _ = _TOKEN.match(to_nfc(token)).groups()
    if not core or not core.isalpha() or is_syllable(core) or not _has_vowel(core):
        return False
    return not core.isascii() or skeleton(core) in skeleton_index()


def _has_vowel(core: str) -> bool:
    return any(letter in VOWELS for letter in skeleton(core))


def correct_text(text: str) -> str:
    """``text`` with every word corrected (:func:`correct_word`), spacing kept."""
    return re.sub(r"\S+", lambda m: correct_word(m.group()).text, text)


def split_syllables(core: str, max_parts: int = 3) -> list[tuple[str, ...]]:
    """The cuts of ``core`` into the fewest valid syllables of two letters or more
    (2..``max_parts`` of them), at most two cuts: one for "Dântộc" (["Dân", "tộc"]), two
    for "Quanhệ" ("Quan hệ", "Qua nhệ"), none for a word that is no run of syllables."""
    for parts in range(2, max_parts + 1):
        cuts = _cuts(core, parts)
        if cuts:
            return cuts[:2]
    return []


def _cuts(text: str, parts: int) -> list[tuple[str, ...]]:
    if parts == 1:
        return [(text,)] if len(text) >= MIN_PIECE and is_syllable(text) else []
    found = []
    for end in range(MIN_PIECE, len(text)):
        if is_syllable(text[:end]):
            found.extend((text[:end],) + rest for rest in _cuts(text[end:], parts - 1))
            if len(found) > 1:
                break
    return found


def rank_candidates(core: str, *, base_edits: bool = True) -> list[Candidate]:
    """Valid syllables near ``core`` (letters only), cheapest first; of the two tone
    placements of one syllable only the cheaper. With ``base_edits`` also those one
    base-letter edit away."""
    lower = core.lower()
    skeletons = {skeleton(lower): 0.0}
    if base_edits:
        for neighbour in skeleton_neighbours(skeleton(lower)):
            skeletons.setdefault(neighbour, BASE_COST)
    index, table = skeleton_index(), syllable_table()
    found: dict[str, Candidate] = {}  # canonical form -> its cheapest spelling
    for skel, base in skeletons.items():
        for form in index.get(skel, ()):
            cost = round(base + mark_cost(lower, form), 4)
            key = table[form]
            if key not in found or cost < found[key].cost:
                found[key] = Candidate(form, cost)
    return sorted(found.values(), key=lambda c: (c.cost, c.text))


@lru_cache(maxsize=1)
def skeleton_index() -> dict[str, tuple[str, ...]]:
    """Base letters -> every valid written syllable (both tone placements) with them."""
    index: dict[str, list[str]] = {}
    for form in syllable_table():
        index.setdefault(skeleton(form), []).append(form)
    return {key: tuple(sorted(forms)) for key, forms in index.items()}


def skeleton_neighbours(skel: str) -> set[str]:
    """Base-letter strings one edit from ``skel`` (a substitution, insertion, deletion
    or a split confusion such as rn/m) that spell some syllable."""
    index = skeleton_index()
    out: set[str] = set()
    for i in range(len(skel) + 1):
        head, tail = skel[:i], skel[i:]
        if tail:
            out.add(head + tail[1:])
            out.update(head + letter + tail[1:] for letter in BASE_LETTERS)
        out.update(head + letter + tail for letter in BASE_LETTERS)
        for seen, instead in SPLIT_CONFUSIONS.items():
            if tail.startswith(seen):
                out.update(head + other + tail[len(seen):] for other in instead)
    out.discard(skel)
    return {s for s in out if s in index}


def mark_cost(token: str, form: str) -> float:
    """The cost of the marks that differ between ``token`` and ``form`` (both lower case):
    modifiers per aligned letter, and the tone once for the syllable. Letters are aligned
    from the start when the lengths match, else by their base letters."""
    modifiers = sum(MODIFIER_COST for a, b in _aligned(token, form) if decompose(a)[1] != decompose(b)[1])
    return modifiers + tone_cost(token, form)


def tone_cost(token: str, form: str) -> float:
    """A spurious or different tone costs ``TONE_COST``, a missed one ``TONE_MISSED_COST``,
    the right one on another vowel ``TONE_MOVE_COST``."""
    read = [(i, decompose(ch)[2]) for i, ch in enumerate(token)
            if decompose(ch)[2] is not Tone.NGANG and decompose(ch)[0] in VOWELS]
    stray = sum(1 for ch in token if decompose(ch)[2] is not Tone.NGANG and decompose(ch)[0] not in VOWELS)
    wanted = [(i, decompose(ch)[2]) for i, ch in enumerate(form) if decompose(ch)[2] is not Tone.NGANG]
    spurious = TONE_COST * stray  # a mark on a consonant ("Ñ") is never a tone
    if not wanted:
        return spurious + TONE_COST * len(read)
    (place, tone), = wanted
    if not read:
        return spurious + TONE_MISSED_COST
    same = [i for i, t in read if t is tone]
    if not same:
        return spurious + TONE_COST * len(read)
    moved = len(token) == len(form) and place not in same
    return spurious + (TONE_MOVE_COST if moved else 0.0) + TONE_COST * (len(read) - 1)


def choice_support(token: str, form: str, choices: Sequence[CharChoices]) -> float | None:
    """How far tesseract's alternatives back reading ``form`` for ``token``: ``None``
    unless at every place where the two differ only in marks, tesseract weighed
    ``form``'s letter; else the lowest confidence it gave those letters (0..1).
    Base-letter changes are never backed: measured, the alternatives mislead there."""
    if not choices or len(choices) != len(token) or len(form) != len(token):
        return None
    support = 1.0
    for read, wanted, weighed in zip(token, form, choices):
        if read == wanted:
            continue
        if decompose(read)[0].lower() != decompose(wanted)[0]:
            return None
        confidence = max((p for char, p in weighed if char.lower() == wanted), default=None)
        if confidence is None:
            return None
        support = min(support, confidence)
    return support


def _aligned(token: str, form: str) -> list[tuple[str, str]]:
    """Letter pairs of ``token`` and ``form``: by place, or by matching base letters."""
    if len(token) == len(form):
        return list(zip(token, form))
    pairs: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, skeleton(token), skeleton(form), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(token[i1:i2], form[j1:j2]))
    return pairs


def match_case(form: str, read: str) -> str:
    """``form`` in ``read``'s case: letter by letter when the lengths match, else all
    capitals, capitalised or lower case as ``read`` is."""
    if len(form) == len(read):
        return "".join(f.upper() if r.isupper() else f for f, r in zip(form, read))
    if read.isupper() and len(read) > 1:
        return form.upper()
    return form[:1].upper() + form[1:] if read[:1].isupper() else form

