"""Text folding for search: what the search index stores and what a query is turned into.

Two forms of every word are used:

* the **folded** form (``search_words``): compatibility-normalised (NFKC), tone marks and
  diacritics stripped (``đ`` -> ``d``), casefolded. "Nguyễn", "NGUYEN" and "nguyễn" all
  fold to ``nguyen``; "hoà", "hòa" and "HOÀ" to ``hoa``. The index matches on this form,
  so a query without accents finds every spelling.
* the **exact** form (``exact_words``): NFC, casefolded, tone mark put in one canonical
  place (old "hòa", "thúy", "khỏe" and new "hoà", "thuý", "khoẻ" agree), diacritics kept.
  It ranks hits: a query typed with accents puts names spelt with the same accents first.

Words are runs of letters and digits (``[^\\W_]+``); everything else separates them, so
"000.00.19.H55-240419-0001" is the words ``000 00 19 h55 240419 0001``. Both databases
receive the folded words joined by single spaces, which SQLite's unicode61 tokenizer and
PostgreSQL's 'simple' configuration split into the same tokens. Changing a fold changes
what the index holds: such a change needs a migration that rebuilds the index.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

log = logging.getLogger(__name__)

MAX_WORD = 100  # longer runs are OCR noise; PostgreSQL would refuse words over 2047 bytes

_WORD = re.compile(r"[^\W_]+")
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền sắc ngã hỏi nặng
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")
_OPEN_PAIRS_ON_SECOND = ("oa", "oe", "uy")  # "hoà", "khoẻ", "thuý" in the new placement
_SPACES = re.compile(r"\s+")
_WHITESPACE = re.compile(r"\s")


def search_words(text: str) -> list[str]:
    """The folded words of ``text``: no tone marks or diacritics, casefolded."""
    folded = _strip_marks(unicodedata.normalize("NFKC", text)).casefold()
    return [word for word in _WORD.findall(folded) if len(word) <= MAX_WORD]


def fold_for_search(text: str) -> str:
    """The folded words of ``text`` joined by single spaces: ``"Nguyễn Văn Hoà"`` ->
    ``"nguyen van hoa"``."""
    return " ".join(search_words(text))


def exact_words(text: str) -> list[str]:
    """The words of ``text`` with their accents, casefolded, tones in canonical places."""
    lowered = unicodedata.normalize("NFC", unicodedata.normalize("NFKC", text).casefold())
    return [canonical_tone(word) for word in _WORD.findall(lowered) if len(word) <= MAX_WORD]


def has_marks(text: str) -> bool:
    """Whether ``text`` carries any tone mark or diacritic (then accents can rank hits)."""
    return exact_words(text) != search_words(text)


def canonical_tone(word: str) -> str:
    """``word`` (NFC, lower case) with its tone mark where the new placement puts it.

    The place depends only on the word without its tone, so the old and new spellings
    of one syllable ("hòa"/"hoà", "thúy"/"thuý") give the same result. A word that is no
    single Vietnamese syllable (no or several tone marks, vowels apart) stays as it is.
    """
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) != 1:
        return word
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    at = _tone_position(bare)
    if at is None:
        return word
    return unicodedata.normalize("NFC", bare[:at + 1] + tones[0] + bare[at + 1:])


def _tone_position(syllable: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless syllable."""
    start = 0
    if syllable.startswith("qu") or (syllable.startswith("gi") and len(syllable) > 2
                                      and syllable[2] in _VOWELS):
        start = 2  # the u of "qu" and the i of "gi" belong to the consonant
    vowels = [i for i in range(start, len(syllable)) if syllable[i] in _VOWELS]
    if not vowels:
        vowels = [i for i, ch in enumerate(syllable) if ch in _VOWELS]  # "gì"
    if not vowels or vowels[-1] - vowels[0] + 1 != len(vowels):
        return None
    marked = [i for i in vowels if syllable[i] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # "người": on ơ
    if len(vowels) == 1 or vowels[-1] + 1 < len(syllable):
        return vowels[-1]  # one vowel, or a final consonant: "hoàng", "toán"
    if len(vowels) == 3:
        return vowels[1]  # "ngoài", "khuỷu"
    pair = syllable[vowels[0]:vowels[-1] + 1]
    return vowels[-1] if pair in _OPEN_PAIRS_ON_SECOND else vowels[0]


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """What the index keeps of a dossier or a record: folded words per part, and the
    names' exact words for ranking."""

    code: str = ""
    id_numbers: str = ""
    names: str = ""
    names_exact: str = ""
    body: str = ""


NAME_FIELD = "name"
ID_NUMBER_FIELD = "id_number"


def record_document(dossier_code: str, applicant_name: str | None,
                    applicant_id_number: str | None) -> SearchDocument:
    """The index document of a record: its code, applicant and ID number."""
    return _document(dossier_code, [applicant_name], [applicant_id_number], [])


def dossier_document(dossier_code: str | None, applicant_name: str | None,
                     applicant_id_number: str | None, fields: Iterable[tuple[str, str]],
                     page_texts: Iterable[str]) -> SearchDocument:
    """The index document of a dossier: its record's code, applicant and ID number, the
    names and ID numbers read from its pages (``fields`` as key and value), and the page
    text with every other field value as body. A name or number given twice is kept once."""
    fields = list(fields)
    names = [applicant_name, *(value for key, value in fields if key == NAME_FIELD)]
    numbers = [applicant_id_number, *(value for key, value in fields if key == ID_NUMBER_FIELD)]
    others = [value for key, value in fields if key not in (NAME_FIELD, ID_NUMBER_FIELD)]
    return _document(dossier_code, names, numbers, [*page_texts, *others])


def _document(dossier_code: str | None, names: Iterable[str | None],
              numbers: Iterable[str | None], texts: Iterable[str]) -> SearchDocument:
    exact = _unique(" ".join(exact_words(name)) for name in names if name)
    return SearchDocument(code=fold_for_search(dossier_code or ""),
                          id_numbers=" ".join(_unique(_digits(n) for n in numbers if n)),
                          names=" ".join(_unique(fold_for_search(name) for name in exact)),
                          names_exact=" ".join(exact),
                          body="\n".join(fold_for_search(text) for text in texts if text))


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isascii() and ch.isdigit())


def _unique(values: Iterable[str]) -> list[str]:
    return [value for value in dict.fromkeys(values) if value]


# --- queries ----------------------------------------------------------------------------

_CODE_LIKE = re.compile(r"[0-9A-Za-z]+(?:[.\-][0-9A-Za-z]+)*")
_SEQUENCE = re.compile(r"\d{4,8}")
_ID_NUMBER = re.compile(r"\d{9}|\d{12}")


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What an officer typed, read for the index.

    ``words`` are folded; every one must match, the last one as the start of a word.
    ``exact`` are the same words with their accents when the query had any (else empty).
    ``code_like``: the query may be a dossier code or part of one ("0001",
    "240419-0001", "000.00.19.H55-2404"). ``id_number``: 9 or 12 digits.
    """

    words: tuple[str, ...]
    exact: tuple[str, ...] = ()
    code_like: bool = False
    id_number: str | None = None


def parse_query(text: str) -> SearchQuery:
    """Read a query: ``"Nguyễn Văn Hòa"`` -> words ``nguyen van hoa`` (exact ``nguyễn văn
    hoà``); ``"019 085 012345"`` -> an ID number; ``"240419-0001"`` -> a code's end."""
    stripped = text.strip()
    words = tuple(search_words(stripped))
    compact = stripped.replace(" ", "")
    id_number = compact if _ID_NUMBER.fullmatch(compact) else None
    if id_number is not None:
        words = (id_number,)
    code_like = id_number is None and bool(_CODE_LIKE.fullmatch(stripped)) and any(
        ch.isdigit() for ch in stripped) and ("-" in stripped or "." in stripped
                                              or bool(_SEQUENCE.fullmatch(stripped)))
    exact = tuple(exact_words(stripped)) if has_marks(stripped) else ()
    return SearchQuery(words=words, exact=exact, code_like=code_like, id_number=id_number)


# --- snippets -------------------------------------------------------------------------

SNIPPET_BEFORE = 60
SNIPPET_AFTER = 100


def snippet(texts: Sequence[str], words: Sequence[str], *, prefix_last: bool = True) -> str:
    """A short piece of one of ``texts`` (as written, on one line) around the query
    ``words`` (folded): where they all stand together, else where the first of them
    that occurs does, in the first text that has it; "" when none occurs.

    A word matches at the start of a word of the text, whole, except the last query
    word, which may be the start of a longer word when ``prefix_last``.
    """
    if not words:
        return ""
    texts = [unicodedata.normalize("NFC", text) for text in texts if text]
    folded = [_fold_same_length(text) for text in texts]
    for pattern in _snippet_patterns(words, prefix_last):
        for text, folded_text in zip(texts, folded):
            match = pattern.search(folded_text)
            if match:
                return _cut(text, match.start(), match.end())
    return ""


def _snippet_patterns(words: Sequence[str], prefix_last: bool) -> list[re.Pattern[str]]:
    """All the words one after the other, then each word alone, in query order."""
    ends = [r"(?![^\W_])"] * len(words)
    if prefix_last:
        ends[-1] = ""
    alone = [r"(?<![^\W_])" + re.escape(word) + end for word, end in zip(words, ends)]
    together = [r"[\W_]+".join(alone)] if len(words) > 1 else []
    return [re.compile(pattern) for pattern in [*together, *alone]]


def _cut(text: str, start: int, end: int) -> str:
    left = max(0, start - SNIPPET_BEFORE)
    right = min(len(text), end + SNIPPET_AFTER)
    if left > 0:
        left = _word_start(text, left)
    if right < len(text):
        right = _word_end(text, right)
    piece = _SPACES.sub(" ", text[left:right]).strip()
    return ("…" if left > 0 else "") + piece + ("…" if right < len(text) else "")


class _CharFolds(dict[int, str]):
    """Each character's fold (accents dropped, casefolded) when it is one character,
    else the character itself; filled as characters are met (a table for str.translate)."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = _strip_marks(ch).casefold()
        self[code] = folded = folded if len(folded) == 1 else ch
        return folded


_CHAR_FOLDS = _CharFolds()


def _fold_same_length(text: str) -> str:
    """``text`` folded character by character, so positions in it are positions in ``text``."""
    return text.translate(_CHAR_FOLDS)


def _word_start(text: str, at: int) -> int:
    """``at`` moved forward past the rest of a cut word (at most 20 characters)."""
    space = _WHITESPACE.search(text, at, min(len(text), at + 20))
    return space.end() if space else at


def _word_end(text: str, at: int) -> int:
    """``at`` moved back to the start of a cut word (at most 20 characters)."""
    spaces = list(_WHITESPACE.finditer(text, max(0, at - 20), at))
    return spaces[-1].start() if spaces else at
