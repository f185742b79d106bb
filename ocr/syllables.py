"""The closed set of Vietnamese syllables, generated from the orthography rules.

A written syllable is onset + rhyme + tone. The rhyme is an optional medial (o/u), a
nucleus and an optional coda; the tone is a mark on one vowel of the rhyme. The rules
(and nothing else: no word list) generate every written form:

- **Nucleus and coda.** Each nucleus takes a fixed set of codas (``NUCLEUS_CODAS``):
  ``ch``/``nh`` only after a, ê, i (y after a medial); ``c``/``ng`` never after ê, i;
  ă and â never end a syllable. The glide codas are written ``y``/``u`` after ă and â
  ("tay", "sau", "cây", "câu"; the ă of "ay"/"au" is written a), ``o`` after a and e
  ("cao", "kéo") and ``i``/``u`` elsewhere. The diphthongs iê, uô, ươ are written ia,
  ua, ưa when open ("mía", "múa", "mưa"), and iê as yê with no onset ("yên").
- **Medial.** Written o before a, ă, e ("hoa", "hoặc", "khoẻ") and u before â, ê, i
  (then written y: "tuy", "khuya", "tuyên"), ơ ("thuở"); never after labial onsets
  (b, m, p, ph, v) nor gi, and with c/k it is always written ``qu`` ("quốc", "quyền").
- **Onset spelling.** k, gh, ngh before i, y, e, ê, iê; c, g, ng elsewhere; gi merges
  with a rhyme's leading i ("gì", "gìn", "giếng").
- **Tone.** Six tones; syllables closed by a stop (-p, -t, -c, -ch) take only sắc or
  nặng. The mark goes on the vowel with a diacritic (ơ of ươ), else on the last vowel
  before a coda, else on the main vowel of an open rhyme.

Tone placement. Both placements in use are valid: the **modern** one puts the mark of
the open rhymes oa, oe, uy on their second vowel ("hoà", "khoẻ", "thuỷ"), the **old**
one on the first ("hòa", "khỏe", "thủy"). :func:`canonical` maps both to the modern
form, the one the 1984 Ministry rule and most current dictionaries use; text is never
rewritten to it (papers print "CỘNG HÒA"), it is only the key for comparing.

Size: the rules give 3,456 toneless syllables and 16,079 written forms with tones
(15,824 once the two placements are merged): more than the 6-7k syllables in use,
because they also make possible-but-unused ones ("nuâng"). Everything is NFC and lower
case; look-ups fold case.
"""

from __future__ import annotations

import logging
import unicodedata
from enum import StrEnum
from functools import lru_cache

log = logging.getLogger(__name__)


class Tone(StrEnum):
    """The six tones, valued by their combining mark."""

    NGANG = ""
    HUYEN = "\u0300"  # à
    SAC = "\u0301"  # á
    HOI = "\u0309"  # ả
    NGA = "\u0303"  # ã
    NANG = "\u0323"  # ạ


STOP_TONES = (Tone.SAC, Tone.NANG)
STOPS = ("p", "t", "c", "ch")
VOWELS = frozenset("aăâeêioôơuưy")
MODIFIED_VOWELS = frozenset("ăâêôơư")  # vowels with a breve, circumflex or horn
OLD_PLACEMENT_RHYMES = ("oa", "oe", "uy")  # open rhymes whose mark moved in 1984

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n",
          "ng", "ngh", "nh", "p", "ph", "r", "s", "t", "th", "tr", "v", "x")
"""Written onsets; ``qu`` is c/k with the medial u, generated with the rhymes."""
LABIAL_ONSETS = frozenset({"b", "m", "p", "ph", "v"})
FRONT_ONSETS = {"k": "c", "gh": "g", "ngh": "ng"}  # front spelling -> the spelling elsewhere

NUCLEUS_CODAS: dict[str, tuple[str, ...]] = {
    # nucleus: codas ("" = open, "i"/"u" = the glides, spelled by glide_spelling)
    "a": ("", "c", "ch", "i", "m", "n", "ng", "nh", "u", "p", "t"),
    "ă": ("c", "m", "n", "ng", "p", "t", "i", "u"),
    "â": ("c", "m", "n", "ng", "p", "t", "i", "u"),
    "e": ("", "c", "m", "n", "ng", "u", "p", "t"),
    "ê": ("", "ch", "m", "n", "nh", "p", "t", "u"),
    "i": ("", "ch", "m", "n", "nh", "p", "t", "u"),
    "iê": ("", "c", "m", "n", "ng", "p", "t", "u"),
    "o": ("", "c", "i", "m", "n", "ng", "p", "t"),
    "oo": ("c", "ng"),  # the long o of "xoong", "moóc"
    "ô": ("", "c", "i", "m", "n", "ng", "p", "t"),
    "ơ": ("", "i", "m", "n", "p", "t"),
    "u": ("", "c", "i", "m", "n", "ng", "p", "t"),
    "uô": ("", "c", "i", "m", "n", "ng", "t"),
    "ư": ("", "c", "i", "ng", "t", "u"),
    "ươ": ("", "c", "i", "m", "n", "ng", "p", "t", "u"),
}
MEDIAL_CODAS: dict[tuple[str, str], tuple[str, ...]] = {
    # (medial, nucleus): codas the pair takes ("oă" never opens; "uơ" only in "thuở", "huơ")
    ("o", "a"): NUCLEUS_CODAS["a"],
    ("o", "ă"): ("c", "m", "n", "ng", "t", "i"),  # "oay" is o + ă + i
    ("o", "e"): ("", "n", "t", "u"),
    ("u", "â"): ("n", "ng", "t", "i"),
    ("u", "ê"): ("", "ch", "nh"),
    ("u", "i"): ("", "ch", "n", "nh", "p", "t", "u"),
    ("u", "iê"): ("", "n", "t"),
    ("u", "ơ"): ("",),
}
QU_NUCLEI = ("a", "ă", "â", "e", "ê", "i", "iê", "ơ")
"""Nuclei after ``qu`` (c/k + medial u): "qua", "quăng", "quân", "que", "quê", "quy", "quyết", "quơ"."""
QU_EXTRA = ("ôc",)  # "quốc": the one rounded nucleus after qu, in Sino-Vietnamese


def glide_spelling(nucleus: str, coda: str) -> str:
    """The written glide coda: y/u after ă and â, o after a and e, i/u elsewhere."""
    if coda == "i":
        return "y" if nucleus in ("ă", "â") else "i"
    if coda == "u":
        return "o" if nucleus in ("a", "e") else "u"
    return coda


def spell_rhyme(medial: str, nucleus: str, coda: str, *, onset: str) -> str:
    """The written rhyme of ``medial + nucleus + coda`` after ``onset``."""
    written_coda = glide_spelling(nucleus, coda)
    if nucleus == "ă" and coda in ("i", "u"):
        nucleus = "a"  # "tay", "sau": ă written a before a glide
    if nucleus == "iê":
        if not coda:
            nucleus = "ya" if medial else "ia"
        elif medial or not onset:
            nucleus = "yê"
    elif nucleus == "uô" and not coda:
        nucleus = "ua"
    elif nucleus == "ươ" and not coda:
        nucleus = "ưa"
    elif nucleus == "i" and medial:
        nucleus = "y"
    return medial + nucleus + written_coda


def toneless_syllables() -> frozenset[str]:
    """Every toneless written syllable the rules allow."""
    forms: set[str] = set()
    for onset in ONSETS:
        for nucleus, codas in NUCLEUS_CODAS.items():
            for coda in codas:
                forms.update(_join(onset, spell_rhyme("", nucleus, coda, onset=onset)))
        if onset in LABIAL_ONSETS or onset in ("c", "k", "gi", "gh", "ngh"):
            continue
        for (medial, nucleus), codas in MEDIAL_CODAS.items():
            for coda in codas:
                forms.update(_join(onset, spell_rhyme(medial, nucleus, coda, onset=onset)))
    for nucleus in QU_NUCLEI:
        for coda in NUCLEUS_CODAS[nucleus]:
            rhyme = spell_rhyme("", nucleus, coda, onset="qu")
            forms.add("qu" + rhyme.replace("i", "y", 1) if rhyme.startswith("i") else "qu" + rhyme)
            if rhyme == "i":
                forms.add("qui")  # the older spelling of "quy", still common
    forms.update("qu" + rhyme for rhyme in QU_EXTRA)
    forms.update(_open_y())
    return frozenset(forms)


def _open_y() -> set[str]:
    """Open i written y, alone or after an onset ("y", "kỹ", "lý", "mỹ", "tỷ")."""
    return {onset + "y" for onset in ONSETS
            if onset not in ("c", "g", "gh", "gi", "ng", "ngh")}


def _join(onset: str, rhyme: str) -> set[str]:
    """The syllable ``onset + rhyme`` if the onset's spelling rules allow it."""
    front = rhyme[0] in "ieêy"
    if onset in FRONT_ONSETS and not front:
        return set()
    if onset in FRONT_ONSETS.values() and front:
        return set()
    if onset == "gi":
        if rhyme.startswith("i") or rhyme.startswith("yê"):
            rhyme = rhyme[1:] if rhyme.startswith("i") else "ê" + rhyme[2:]
    return {onset + rhyme}


def split_syllable(toneless: str) -> tuple[str, str, str]:
    """(onset, vowels, coda) of a toneless written syllable, ``qu`` and ``gi`` as onsets."""
    index = 0
    while index < len(toneless) and toneless[index] not in VOWELS:
        index += 1
    onset = toneless[:index]
    if onset == "q" and toneless[index:index + 1] == "u":
        onset, index = "qu", index + 1
    elif onset == "g" and toneless[index:index + 1] == "i" and _has_vowel(toneless[index + 1:]):
        onset, index = "gi", index + 1
    end = index
    while end < len(toneless) and toneless[end] in VOWELS:
        end += 1
    return onset, toneless[index:end], toneless[end:]


def _has_vowel(text: str) -> bool:
    return any(ch in VOWELS for ch in text)


def tone_index(toneless: str, *, old: bool = False) -> int:
    """Where the tone mark goes in ``toneless`` (modern placement unless ``old``)."""
    onset, vowels, coda = split_syllable(toneless)
    start = len(onset)
    modified = [i for i, ch in enumerate(vowels) if ch in MODIFIED_VOWELS]
    if modified:
        return start + modified[-1]
    if coda or len(vowels) == 1:
        return start + len(vowels) - 1
    if len(vowels) == 3:
        return start + 1
    if vowels in OLD_PLACEMENT_RHYMES and not old:
        return start + 1
    return start


def with_tone(toneless: str, tone: Tone, *, old: bool = False) -> str:
    """``toneless`` with ``tone`` marked on its tone vowel, NFC."""
    if tone is Tone.NGANG:
        return toneless
    index = tone_index(toneless, old=old)
    return unicodedata.normalize("NFC", toneless[:index + 1] + tone.value + toneless[index + 1:])


def allowed_tones(toneless: str) -> tuple[Tone, ...]:
    """Every tone, or only sắc and nặng after a stop coda."""
    return STOP_TONES if toneless.endswith(STOPS) else tuple(Tone)


@lru_cache(maxsize=1)
def syllable_table() -> dict[str, str]:
    """Every valid written syllable (lower case, NFC) -> its canonical (modern) form."""
    table: dict[str, str] = {}
    for toneless in toneless_syllables():
        for tone in allowed_tones(toneless):
            modern = with_tone(toneless, tone)
            table[modern] = modern
            table.setdefault(with_tone(toneless, tone, old=True), modern)
    log.debug("%d syllable forms generated", len(table))
    return table


def is_syllable(token: str) -> bool:
    """Whether ``token`` (any case, any normal form) is a valid Vietnamese syllable."""
    return _key(token) in syllable_table()


def canonical(token: str) -> str | None:
    """The canonical lower-case form of a syllable ("Hòa" -> "hoà"); ``None`` if invalid."""
    return syllable_table().get(_key(token))


def placed_like(word: str, model: str) -> str:
    """``word`` with its tone mark where ``model``'s placement puts it: a mark on the
    second vowel of oa, oe, uy is the modern placement ("Thuý"), on the first the old one
    ("Thủy"); "Thủy" placed like "Thuý" is "Thuỷ". ``word`` as it is where ``model``
    shows neither (no mark, a rhyme both placements mark alike) or ``word`` has no such
    rhyme."""
    old = _placement(model)
    if old is None:
        return word
    toneless, marks = _without_tone(word)
    if len(marks) != 1:
        return word
    lower = toneless.lower()
    if tone_index(lower) == tone_index(lower, old=True):
        return word
    placed = with_tone(lower, marks[0][1], old=old)
    return "".join(ch.upper() if was.isupper() else ch for ch, was in zip(placed, toneless))


def _placement(word: str) -> bool | None:
    """Whether ``word`` shows the old placement (True), the modern one (False), or neither."""
    toneless, marks = _without_tone(word.lower())
    if len(marks) != 1:
        return None
    if not split_syllable(toneless)[1] or tone_index(toneless) == tone_index(toneless, old=True):
        return None
    at = marks[0][0]
    if at == tone_index(toneless, old=True):
        return True
    return False if at == tone_index(toneless) else None


def _without_tone(word: str) -> tuple[str, list[tuple[int, Tone]]]:
    """``word`` (NFC, its case kept) with its tone marks taken off and its other marks
    kept, and where each tone mark stood (letter index, tone)."""
    letters = [decompose(ch) for ch in unicodedata.normalize("NFC", word)]
    toneless = "".join(("đ" if base == "d" else "Đ") if modifier == "đ"
                       else unicodedata.normalize("NFC", base + modifier) for base, modifier, _ in letters)
    return toneless, [(at, tone) for at, (_, _, tone) in enumerate(letters) if tone is not Tone.NGANG]


def _key(token: str) -> str:
    return unicodedata.normalize("NFC", token).lower()


def decompose(char: str) -> tuple[str, str, Tone]:
    """(base letter, modifier, tone) of one letter: "ầ" -> ("a", "\\u0302", Tone.HUYEN).

    The modifier is the breve, circumflex or horn ("" for none); đ is ("d", "đ", NGANG).
    """
    if char in "đĐ":
        return ("d" if char == "đ" else "D"), "đ", Tone.NGANG
    parts = unicodedata.normalize("NFD", char)
    base, modifier, tone = parts[:1], "", Tone.NGANG
    for mark in parts[1:]:
        if mark in _TONE_MARKS:
            tone = _TONE_MARKS[mark]
        else:
            modifier += mark
    return base, modifier, tone


_TONE_MARKS = {tone.value: tone for tone in Tone if tone.value}


def skeleton(text: str) -> str:
    """``text`` with every mark removed and đ as d, lower case: the base letters."""
    return "".join(decompose(ch)[0] for ch in unicodedata.normalize("NFC", text)).lower()


def base_letters(text: str) -> str:
    """``text``'s letters and digits alone, as :func:`skeleton` gives them (no spaces,
    no punctuation): what two reads of one print are compared by."""
    return "".join(ch for ch in skeleton(text) if ch.isalnum())
