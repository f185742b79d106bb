"""The citizen ID card's own print, restored where OCR garbled it.

Everything on a chip ID card (căn cước công dân, 2021 model, Circular 06/2021/TT-BCA)
but the holder's values is the same on every card: the state's name and motto, the
card's title, the bilingual labels, the issuing office. On a 1:1 photocopy this small
print on a guilloche background is what tesseract reads worst ("Date of bith",
"CAN CƯƠC CONG DAN", "DIRECTOR GEN RAL"), and a corrector that knows only syllables
cannot mend it (most misreads are valid syllables). A run of words that reads close
to one of these texts is that text, as capture products do with a template's fixed
print: its words take the printed spelling, in the read words' boxes.

Values are never touched: a text must be at least ``MIN_PRINT_LETTERS`` long and within
``MAX_DISTANCE`` of the read words (edit distance per letter), or ``MAX_BARE_DISTANCE``
with the marks left out, to stand in for them. Further off, print stands in only for a
whole line that holds no digit (``WHOLE_LINES``), for lines beside restored print
(``PRINT_SEQUENCES``), and for the words before a value known by its own shape (a date,
an address's first word, the sex and "Việt Nam"; ``LABEL_SHARE``), which stays as read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from itertools import groupby

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from ocr.model import Word, enclosing_box
from ocr.syllables import base_letters, is_syllable, skeleton
from ocr.text import fold_for_match, fuzzy_contains

STATE_HEADING = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "SOCIALIST REPUBLIC OF VIET NAM", "Independence - Freedom - Happiness")
"""The state's name and motto in both languages, atop the front of either card."""

CARD_PRINT: tuple[str, ...] = (
    *STATE_HEADING,
    "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card",
    "Số / No.:", "Họ và tên / Full name:", "Ngày sinh / Date of birth:", "Giới tính / Sex:",
    "Quốc tịch / Nationality:", "Quê quán / Place of origin:", "Nơi thường trú / Place of residence:",
    "Có giá trị đến:", "Date of expiry:", "Không thời hạn",
    "Đặc điểm nhân dạng / Personal identification:", "Ngày, tháng, năm / Date, month, year:",
    "CỤC TRƯỞNG CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
    "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER",
    "Ngón trỏ trái", "Ngón trỏ phải", "Left index finger", "Right index finger",
)
"""The chip card's fixed print, front and back, as the card spells it."""

IDENTITY_CARD_PRINT: tuple[str, ...] = (
    *STATE_HEADING, "CĂN CƯỚC", "IDENTITY CARD",
    "Số định danh cá nhân / Personal identification number:", "Họ, chữ đệm và tên khai sinh / Full name:",
    "Ngày, tháng, năm sinh / Date of birth:", "Giới tính / Sex:", "Quốc tịch / Nationality:",
    "Nơi cư trú / Place of residence:", "Nơi đăng ký khai sinh / Place of birth:",
    "Ngày, tháng, năm cấp / Date of issue:", "Ngày, tháng, năm hết hạn / Date of expiry:", "Không thời hạn",
    "BỘ CÔNG AN", "MINISTRY OF PUBLIC SECURITY",
)
"""The 2024 identity card's (thẻ căn cước, Circular 16/2024/TT-BCA) fixed print. Its
faces are restored with it alone, and only where read close to it (``MAX_DISTANCE``):
the rules for print read far off know the 2021 card's lines and where they stand."""
IDENTITY_CARD_MARKS = ("dang ky khai sinh", "place of birth", "date of issue", "het han",
                       "ministry of public security", "identification number", "chu dem va ten")
"""Words (folded) of the 2024 card's labels that no 2021 card prints: a face that reads
one of them is a 2024 card's. Not "BỘ CÔNG AN" (a holder's name may end in "CÔNG AN"), nor
"chữ đệm" alone (a name or a hamlet may hold "Chu Đê")."""
IDENTITY_LINES_OF_THEIR_OWN = frozenset({
    *STATE_HEADING, "CĂN CƯỚC", "IDENTITY CARD", "BỘ CÔNG AN", "MINISTRY OF PUBLIC SECURITY",
})
"""The 2024 card's print with a line of its own (as ``LINES_OF_THEIR_OWN``)."""
MARK_EDITS = 0.2

LINES_OF_THEIR_OWN = frozenset({
    *STATE_HEADING,
    "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card",
    "CỤC TRƯỞNG CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
    "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER",
})
"""The print that has a line of its own on the card (the state's name and motto, the
title, the issuing office), with art beside it (the emblem, the QR code, the seal): a
scrap read on the same line ("VÀ Độc lập - Tự do - Hạnh phúc", "CĂN CƯỚC CÔNG DÂN one")
is that art."""
SCRAP_BESIDE = 3
"""A word with at most this many letters or digits beside such print is a scrap."""

MIN_PRINT_LETTERS = 8
MAX_DISTANCE = 0.25
"""Edit distance per letter of the print at most between the read words and the print."""
LABEL_DISTANCE = {"Left index finger": 0.35, "Right index finger": 0.35}
"""Print that stands alone, no value beside it, in words no value spells: the italic
fingerprint labels, which Debian's models misread most ("Left mdex írsger", "Le# ndex
ñnger": 5 edits in 17), are that print further off."""
MAX_BARE_DISTANCE = 0.1
"""The same, with the marks left out of both: the small print's marks are what OCR loses
most ("CAN CƯƠC CONGDAN"); without them, ten letters must be as good as read."""
MIN_HIDDEN_SIDE = 4
MIN_SHOWN = 0.5
"""A print with a hidden middle needs at least 4 letters read on each side and half of it read."""
ROOM_SHARE = 0.6
"""The room the hidden letters left: at least this share of their width at the read letters' pitch."""
SCRAP_LETTERS = 2
SPAN_SLACK = 1
"""The read words may be this many more or fewer than the print's (a word split or run together)."""


def restore_card_print(words: list[Word]) -> list[Word]:
    """``words`` (a face's, each line's together) with runs that read close to the card's
    fixed print spelled as printed. Lines keep their words' count where the print's and
    the read's agree; otherwise the run's words become the print's, sharing its box.
    The kind of mark that starts the identification line is spelt as the card spells it.
    A face of the 2024 identity card has its print restored only where read close to it."""
    if is_identity_card_face(words):  # a name is never print: "HỒ CÔNG AN" reads close to "BỘ CÔNG AN"
        return [word for _, grouped in groupby(words, key=lambda w: w.line)
                for line in (list(grouped),)
                for word in (line if _is_name(line) else
                             _restored_with(line, _IDENTITY_CARD_PRINT, IDENTITY_LINES_OF_THEIR_OWN, middles=False))]
    lines = []
    for _, grouped in groupby(words, key=lambda w: w.line):
        line = list(grouped)
        for rule in _LINE_RULES:
            line = rule(line)
        lines.append(line)
    return [word for line in _labels_above_values(_restored_in_sequence(lines)) for word in line]


def is_identity_card_face(words: list[Word]) -> bool:
    """Whether a face's words read as the 2024 identity card's (``IDENTITY_CARD_MARKS``)."""
    folded = fold_for_match(" ".join(word.text for word in words))
    return any(fuzzy_contains(folded, mark, MARK_EDITS) for mark in IDENTITY_CARD_MARKS)


WHOLE_LINES: tuple[str, ...] = (
    *sorted(LINES_OF_THEIR_OWN), "Họ và tên / Full name:", "Quê quán / Place of origin:", "Có giá trị đến:",
    "Date of expiry:", "Đặc điểm nhân dạng / Personal identification:", "Ngón trỏ trái Ngón trỏ phải",
    "Left index finger Right index finger", "Ngón trỏ trái", "Ngón trỏ phải", "Left index finger",
    "Right index finger")
"""Print that fills a line of the card on its own, no value beside it (a fingerprint
row's two labels read as one line or each on its own)."""
WHOLE_SHARE = 0.8
"""A line is such print when this share of its letters (marks aside) are the print's, in
the print's order, ..."""
WHOLE_COVER = 0.5
"""... they are at least half the print's letters, and no other such print shares as
many (or as many, and is as near their count)."""
MIN_WHOLE_LETTERS = 8
_WHOLE_LETTERS = {text: base_letters(text) for text in WHOLE_LINES}


def _as_whole_print(line: list[Word]) -> list[Word]:
    """A line that reads as most of a print of :data:`WHOLE_LINES` (hard copies lose a
    word or two and garble the rest: "Oặc đếm nhân dạng ( Persooal ier%c", "FOf VAGEMENT
    OF SOCIAL ORDER") as that print. A line with a digit holds a value: left as read."""
    read = " ".join(word.text for word in line)
    letters = base_letters(read)
    if (read in WHOLE_LINES or len(letters) < MIN_WHOLE_LETTERS or any(ch.isdigit() for ch in read)
            or "<<" in read):  # the zone's name line ("HO<<CONG<AN<<<<", "CÔNG DÂN" in order)
        return line
    ranked = sorted((LCSseq.similarity(letters, printed), -abs(len(printed) - len(letters)), text)
                    for text, printed in _WHOLE_LETTERS.items())  # letters shared in order; nearness of count
    *_, runner_up, (shared, nearness, best) = ranked
    cover = shared / len(_WHOLE_LETTERS[best])
    if shared < WHOLE_SHARE * len(letters) or cover < WHOLE_COVER or runner_up[:2] == (shared, nearness):
        return line
    if all_syllables(line) and (shared < SYLLABLES_SHARE * len(letters) or cover < SYLLABLES_COVER):
        return line  # a name or a place: as read, unless it is nearly all of the print
    if _value_after_label(line, read, best):
        return line
    return _as_printed(line, best)


SYLLABLES_SHARE, SYLLABLES_COVER = 0.9, 0.75
"""A line of Vietnamese syllables only is a name or a place as often as half-read print
("NGÔ TRỌNG TRÍ" holds half the fingerprints' row "Ngón trỏ trái Ngón trỏ phải", in
order): it is print only when nearly all of it is the print's and it holds most of the print."""
_VALUE_AFTER_COLON = re.compile(r":\W*\w")


def all_syllables(line: list[Word]) -> bool:
    """Whether every word of ``line`` that holds a letter is a syllable, the glue round it
    (``WORD_GLUE``) left out: a name or a place, not print."""
    words = [word.text.strip(WORD_GLUE) for word in line]
    return all(is_syllable(word) for word in words if any(ch.isalpha() for ch in word))


def _value_after_label(line: list[Word], read: str, label: str) -> bool:
    """Whether ``line`` (its text ``read``) goes on past a colon or the label's last word
    ("Quê quán: Hà Nội", "Quê quán / Place of origin Hà Nội"): the rest is the label's value."""
    if not label.endswith(":"):
        return False
    last = base_letters(label.split()[-1])
    return bool(_VALUE_AFTER_COLON.search(read)) or any(base_letters(word.text) == last for word in line[:-1])


PRINT_SEQUENCES: tuple[tuple[str, ...], ...] = (
    ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "SOCIALIST REPUBLIC OF VIET NAM",
     "Independence - Freedom - Happiness", "CĂN CƯỚC CÔNG DÂN", "Citizen Identity Card"),
    ("CỤC TRƯỞNG CỤC CẢNH SÁT", "QUẢN LÝ HÀNH CHÍNH VỀ TRẬT TỰ XÃ HỘI",
     "DIRECTOR GENERAL OF THE POLICE DEPARTMENT", "FOR ADMINISTRATIVE MANAGEMENT OF SOCIAL ORDER"),
)
"""Print that stands in lines of its own one under another: the front's heading, the
back's issuing office."""
_NEIGHBOURS = {text: (sequence[at - 1] if at else None, sequence[at + 1] if at + 1 < len(sequence) else None)
               for sequence in PRINT_SEQUENCES for at, text in enumerate(sequence)}
IN_ORDER_SHARE = 0.8
"""A line beside restored print is the print that stands there when this share of its
letters (marks aside) are the print's, in the print's order ("OF THE POUCE DEPARTMENT",
"NAGEL MENT OF ORDER": the seal's ring and faded toner took the rest), ..."""
MIN_PRINT_SHARE = 0.3
"""... and it holds at least this share of the print's letters."""
MIN_IN_ORDER_LETTERS = 6


def _restored_in_sequence(lines: list[list[Word]]) -> list[list[Word]]:
    """``lines`` (a face's, in reading order) with each line that stands next to restored
    print of :data:`PRINT_SEQUENCES` and reads as a part of the print that stands there
    on the card, as that print; repeated so that a restored line vouches for the next."""
    texts = [" ".join(word.text for word in line) for line in lines]
    changed = True
    while changed:
        changed = False
        for at, line in enumerate(lines):
            if (not line or texts[at] in _NEIGHBOURS or any(ch.isdigit() for ch in texts[at])
                    or all_syllables(line)):  # a name (the signer's, under the office) is syllables
                continue
            for side, neighbour in ((1, at - 1), (0, at + 1)):  # the print above, the print below
                if 0 <= neighbour < len(lines) and texts[neighbour] in _NEIGHBOURS:
                    expected = _NEIGHBOURS[texts[neighbour]][side]
                    if expected and _part_of(texts[at], expected):
                        lines[at], texts[at] = _as_printed(line, expected), expected
                        changed = True
                        break
    return lines


def _part_of(read: str, print_text: str) -> bool:
    """Whether the read letters (marks aside) are mostly the print's, in its order."""
    read_letters, print_letters = base_letters(read), base_letters(print_text)
    if len(read_letters) < max(MIN_IN_ORDER_LETTERS, MIN_PRINT_SHARE * len(print_letters)):
        return False
    return LCSseq.similarity(read_letters, print_letters) >= IN_ORDER_SHARE * len(read_letters)


def _labels_above_values(lines: list[list[Word]]) -> list[list[Word]]:
    """``lines`` (a face's, in reading order) with each line that reads as a garbled label
    (see ``LABEL_SHARE``) of :data:`LABELS_ABOVE` as that label, where the line below is a
    value of the kind the label announces; a line with a number (two digits in a word)
    holds a value: left as read (a digit misread for a letter, "L4)", is no number)."""
    out = list(lines)
    for at, (line, below) in enumerate(zip(lines, lines[1:])):
        if not line or not below or any(sum(ch.isdigit() for ch in word.text) >= 2 for word in line):
            continue
        label = _garbled_label(line, cover=ABOVE_COVER)
        if (label in LABELS_ABOVE and LABELS_ABOVE[label](below)
                and not _value_after_label(line, " ".join(word.text for word in line), label)):
            out[at] = _as_printed(line, label)
    return out


def _is_name(line: list[Word]) -> bool:
    """Two or more words in capitals, each a syllable: the holder's name."""
    words = [word.text.strip(_GLUE) for word in line]
    return len(words) >= 2 and all(word.isupper() and is_syllable(word) for word in words)


def starts_place(line: list[Word]) -> bool:
    return skeleton(line[0].text.strip(_GLUE)) in _ADDRESS_START


def starts_mark(line: list[Word]) -> bool:
    """The identification line: a kind of mark, a letter or marks off ("Nốt ruồi", "Seo chấm")."""
    return _mark_kind(line) is not None


MARK_KINDS = ("Nốt ruồi", "Sẹo chấm")
"""How the back's identification line starts ("Nốt ruồi C:2cm dưới trước dái tai phải",
"Sẹo chấm C:1cm ..."): the kinds of mark the police write, in words a tesseract misread
leaves valid syllables ("Seo chấm", "Nốt tười")."""
MARK_KIND_EDITS = 1  # base letters the two words may be off, their marks aside


def _with_mark_kind(line: list[Word]) -> list[Word]:
    """A line whose first two words read a letter or their marks off a kind of mark, followed
    by the mark's size ("C:2cm"), with those two words spelt as the card spells them."""
    if len(line) < 3 or not line[2].text[:1].upper() == "C" or not any(ch.isdigit() for ch in line[2].text):
        return line
    kind = _mark_kind(line)
    if kind is None:
        return line
    return [replace(word, text=text) for word, text in zip(line[:2], kind.split())] + line[2:]


def _mark_kind(line: list[Word]) -> str | None:
    """The kind of mark the line's first two words read as, a letter or marks off."""
    read = skeleton(" ".join(word.text for word in line[:2]))
    return next((kind for kind in MARK_KINDS if Levenshtein.distance(read, skeleton(kind)) <= MARK_KIND_EDITS), None)


NUMBER_LABEL = "Số / No.:"
"""The card number's label: too short to stand in for read words on its own (see
``MIN_PRINT_LETTERS``), it is restored only before the number itself."""
_NUMBER = re.compile(r"\W*(\d{12})\W?")
_NUMBER_LABEL_LETTERS = "sono"


def _with_number_label(line: list[Word]) -> list[Word]:
    """A line that is the card number after a few words that read close to its label
    ("số/No.", "Số No :", "sø/ xo.", "no:") with the label as printed, and the number's
    digits as read (a colon the label lost to it left out)."""
    at = next((index for index, word in enumerate(line) if _NUMBER.fullmatch(word.text)), None)
    if not at or at > 4 or at != len(line) - 1:
        return line
    letters = "".join(ch for ch in skeleton(" ".join(w.text for w in line[:at])) if ch.isalpha())
    distance = Levenshtein.distance(letters[-len(_NUMBER_LABEL_LETTERS) - 1:], _NUMBER_LABEL_LETTERS)
    if distance > 2 or (distance == 2 and not letters.endswith(("o", "ø"))):  # "No." read, "Số" not
        return line
    number = line[at]
    return _as_printed(line[:at], NUMBER_LABEL) + [replace(number, text=_NUMBER.fullmatch(number.text).group(1))]


DATED_LABELS = ("Ngày sinh / Date of birth:", "Ngày, tháng, năm / Date, month, year:")
"""Labels the card prints a date after, on their line: the front's birth date, the back's
issue date."""
ADDRESS_LABELS = ("Nơi thường trú / Place of residence:", "Quê quán / Place of origin:")
"""Labels an address may follow on their line (the residence's first words do)."""
LABELS = tuple(text for text in CARD_PRINT if text.endswith(":")) + ("Có giá trị đến / Date of expiry:",)
"""Every label of the card (the expiry's two read as one line too): the rivals a garbled
label is ranked against."""
LABEL_SHARE = 0.6
"""A garbled label before a value is the label when this share of its letters (marks
aside) are the label's, in order, ..."""
LABEL_COVER = 0.45
"""... they are at least this share of the label's letters, and no other label shares as many."""
MIN_LABEL_LETTERS = 6
_LABEL_LETTERS = {text: base_letters(text) for text in LABELS}
DATE_TAIL = re.compile(r"\d{1,2}\W?\d{1,2}\W?\d{4}\W?")
_ADDRESS_START = frozenset(skeleton(word) for word in (
    "số", "tổ", "thôn", "xóm", "ấp", "bản", "khu", "khối", "xã", "phường", "thị", "đường", "phố", "ngõ", "ngách",
    "hẻm", "kiệt"))
"""Words an address starts with (its house, street, hamlet or ward)."""
_HOUSE_NUMBER = re.compile(r"\d+[\d/]*")
_ADDRESS_LABEL_ENDS = frozenset(base_letters(label.split()[-1]) for label in ADDRESS_LABELS)
_ADDRESS_ONLY = frozenset({"phuong", "huyen", "tinh", "pho", "duong", "ngo"})
"""Address words no label of the card holds, even garbled: words before them are an address."""


def _dated_label(line: list[Word]) -> list[Word]:
    """A line that ends in a date (one word) after words that read as a garbled dated label
    ("Ngày szửy/ Doze of bet. 19/07/2000") with the label as printed and the date as read."""
    if len(line) < 2 or not DATE_TAIL.fullmatch(line[-1].text):
        return line
    label = _garbled_label(line[:-1])
    return _as_printed(line[:-1], label) + line[-1:] if label in DATED_LABELS else line


def _address_label(line: list[Word]) -> list[Word]:
    """A line whose first words read as a garbled label an address follows ("thường trú ý
    Phece 0Ÿ cosxieree. Số 59 ...") with the label as printed and the address as read:
    the address starts at the first of its own words ("Số", "Tổ", "xã", ...) or a house
    number after which the words before read as the label. A label read to its end (its
    colon, or its last word: "residence") ends the search: what follows is the value."""
    for at in range(1, len(line)):
        before = line[at - 1].text
        if skeleton(before.strip(_GLUE)) in _ADDRESS_ONLY:
            break  # the words so far are an address's ("Hội Thương, phường Pleiku, tỉnh ...")
        if before.endswith(":") or base_letters(before) in _ADDRESS_LABEL_ENDS:
            break
        start = line[at].text.strip(_GLUE)
        if skeleton(start) not in _ADDRESS_START and not _HOUSE_NUMBER.fullmatch(start):
            continue
        label = _garbled_label(line[:at])
        if label is not None:
            return _as_printed(line[:at], label) + line[at:] if label in ADDRESS_LABELS else line
    return line


LABELS_ABOVE = {"Họ và tên / Full name:": _is_name, "Quê quán / Place of origin:": starts_place,
                "Đặc điểm nhân dạng / Personal identification:": starts_mark}
"""Labels on a line of their own above their value, and what that value looks like."""
ABOVE_COVER = 0.55
"""Such a label must be read past its Vietnamese half: "Họ và tên" alone (47% of the
label's letters) may be all another card model prints."""
SEX_LABEL, NATIONALITY_LABEL = "Giới tính / Sex:", "Quốc tịch / Nationality:"
SEXES = ("Nam", "Nữ")
NATIONALITY = ("Việt", "Nam")


def _sex_and_nationality(line: list[Word]) -> list[Word]:
    """The front's line "Giới tính / Sex: Nữ Quốc tịch / Nationality: Việt Nam" with the
    labels read far off ("Quốc th ( Nax?xrsa4ey") as printed, where the sex and "Việt Nam"
    are read as printed to stand between and after them."""
    words = [word.text.strip(_GLUE) for word in line]
    if len(line) < 4 or tuple(words[-2:]) != NATIONALITY:
        return line
    sex = next((at for at in range(len(line) - 3, -1, -1) if words[at] in SEXES), None)
    if sex is None:
        return line
    out = list(line)
    if sex + 1 < len(line) - 2 and _garbled_label(line[sex + 1:-2]) == NATIONALITY_LABEL:
        out = line[:sex + 1] + _as_printed(line[sex + 1:-2], NATIONALITY_LABEL) + line[-2:]
    if (sex and not " ".join(word.text for word in line[:sex]).endswith(SEX_LABEL)
            and _garbled_label(line[:sex]) == SEX_LABEL):
        out = _as_printed(line[:sex], SEX_LABEL) + out[sex:]
    return out


def _garbled_label(words: list[Word], cover: float = LABEL_COVER) -> str | None:
    """The label ``words`` read as, far off as they may be (see ``LABEL_SHARE``); ``None``
    when they are too few letters, read as printed already, or as no label alone."""
    read = " ".join(word.text for word in words)
    letters = base_letters(read)
    if read in LABELS or len(letters) < MIN_LABEL_LETTERS:
        return None
    ranked = sorted((LCSseq.similarity(letters, printed), text) for text, printed in _LABEL_LETTERS.items())
    (runner_up, _), (shared, best) = ranked[-2:]
    if shared == runner_up or shared < LABEL_SHARE * len(letters) or shared < cover * len(_LABEL_LETTERS[best]):
        return None
    return best


EXPIRY_LABELS = ("Có giá trị đến:", "Date of expiry:")
"""The two labels under the front's photo, above the expiry date."""
MIN_LABEL_SHARE = 0.4
MIN_LABEL_LIKENESS = 85
MAX_LABEL_STRETCH = 2.0
"""A line more than twice a label's length is other print that holds it: the 2024 card's
"Ngày, tháng, năm hết hạn / Date of expiry:" is no "Date of expiry:" read long."""


def _completed_label(line: list[Word], labels: tuple[str, ...] = EXPIRY_LABELS) -> list[Word]:
    """A line that is part of one of ``labels`` (print on a line of its own, in words no
    other line of the 2021 card holds), read short ("Date of", "giả trị", "Có trị đến:"), as
    the label is printed: at least ``MIN_LABEL_SHARE`` of its letters read, as close to a
    stretch of it as ``MIN_LABEL_LIKENESS`` (rapidfuzz's partial ratio). A value (digits)
    stays as read."""
    read = " ".join(w.text for w in line)
    if not line or any(ch.isdigit() for ch in read) or read in CARD_PRINT:
        return line
    folded = _folded(read)
    for label in labels:
        if (MIN_LABEL_SHARE * len(label) <= len(folded) <= MAX_LABEL_STRETCH * len(label)
                and fuzz.partial_ratio(folded, _folded(label)) >= MIN_LABEL_LIKENESS):
            return _as_printed(line, label)
    return line


def _restored_line(line: list[Word]) -> list[Word]:
    """``line`` with its runs that read close to the 2021 card's print spelled as printed,
    a print's hidden middle too (see :func:`_restored_with`)."""
    return _restored_with(line, _PRINT, LINES_OF_THEIR_OWN, middles=True)


def _restored_with(line: list[Word], prints: tuple[tuple[str, str, str, int], ...], own_lines: frozenset[str],
                   *, middles: bool) -> list[Word]:
    """``line`` with its runs that read close to one of ``prints`` spelled as printed
    (``middles``: also a print read at its start and end, its middle hidden); beside print
    of ``own_lines`` (a line of its own on the card), scraps dropped."""
    matches: list[tuple[float, int, int, str]] = []
    texts = [_folded(word.text) for word in line]
    for print_text, folded, bare, size in prints:
        most = LABEL_DISTANCE.get(print_text, MAX_DISTANCE)
        for first in range(len(line)):
            for count in range(max(1, size - SPAN_SLACK), size + SPAN_SLACK + 1):
                if first + count > len(line):
                    break
                read = " ".join(texts[first:first + count])
                distance = Levenshtein.normalized_distance(read, folded)
                if distance <= most or Levenshtein.normalized_distance(skeleton(read), bare) <= MAX_BARE_DISTANCE:
                    matches.append((distance, first, first + count, print_text))
    if middles:
        matches += _hidden_middles(line, texts)
    taken = [False] * len(line)
    chosen: list[tuple[int, int, str]] = []
    for distance, first, stop, print_text in sorted(matches):
        if not any(taken[first:stop]):
            taken[first:stop] = [True] * (stop - first)
            chosen.append((first, stop, print_text))
    alone = any(print_text in own_lines for _, _, print_text in chosen)
    out = list(line)
    for first, stop, print_text in sorted(chosen, reverse=True):
        out[first:stop] = _as_printed(line[first:stop], print_text)
    if alone:  # what else the line holds is art read as scraps, or words of more letters (kept)
        scraps = {id(word) for word, printed in zip(line, taken)
                  if not printed and sum(ch.isalnum() for ch in word.text) <= SCRAP_BESIDE}
        out = [word for word in out if id(word) not in scraps]
    return out


def _hidden_middles(line: list[Word], texts: list[str]) -> list[tuple[float, int, int, str]]:
    """Runs that read as a print's start and its end with the middle missing, where
    the line leaves room for the missing letters: art erased from the face (the seal's
    ring over the issuing office) takes the letters it touches. Scraps in the room
    (fewer than ``SCRAP_LETTERS`` letters a word) count as nothing. Ranked after every
    close match."""
    found: set[tuple[float, int, int, str]] = set()
    for print_text, folded, _, _ in _PRINT:
        for first in range(len(line)):
            for cut in range(first + 1, len(line)):  # the head: texts[first:cut]
                head = _without_marks_of_dust(" ".join(texts[first:cut]))
                if len(head) < MIN_HIDDEN_SIDE or _far(head, folded[:len(head)]):
                    continue
                middle = next((end for end in range(cut, len(line)) if not _is_scrap(texts[end])), None)
                if middle is None:
                    break
                for stop in range(middle + 1, len(line) + 1):  # the tail: texts[middle:stop]
                    if _leaves_room(line, texts, (first, cut, middle, stop), folded):
                        found.add((MAX_DISTANCE, first, stop, print_text))
    return list(found)


def _leaves_room(line: list[Word], texts: list[str], spans: tuple[int, int, int, int], folded: str) -> bool:
    """Whether the head ``texts[first:cut]`` and the tail ``texts[middle:stop]`` are the
    print ``folded`` with its middle hidden: enough of it read, the tail its end, and room
    between the two for the hidden letters at the read letters' pitch."""
    first, cut, middle, stop = spans
    head, tail = _without_marks_of_dust(" ".join(texts[first:cut])), " ".join(texts[middle:stop])
    hidden = len(folded) - len(head) - len(tail)
    if (len(tail) < MIN_HIDDEN_SIDE or len(head) + len(tail) < MIN_SHOWN * len(folded) or hidden < 2
            or _far(tail, folded[-len(tail):])):
        return False
    shown = line[first:cut] + line[middle:stop]
    pitches = sorted((w.bbox[2] - w.bbox[0]) / max(1, len(w.text)) for w in shown)
    letter = pitches[len(pitches) // 2]  # a word boxed over its neighbours does not widen it
    return line[middle].bbox[0] - line[cut - 1].bbox[2] >= ROOM_SHARE * hidden * letter


def _without_marks_of_dust(text: str) -> str:
    """A run's text without the marks dust or the seal's edge left at its words' starts
    ("-ADMIM")."""
    return " ".join(word.lstrip("-_.,'`~") or word for word in text.split(" "))


def _far(read: str, printed: str) -> bool:
    return Levenshtein.normalized_distance(read, printed) > MAX_DISTANCE


def _is_scrap(text: str) -> bool:
    return sum(ch.isalnum() for ch in text) < SCRAP_LETTERS


def _as_printed(read: list[Word], print_text: str) -> list[Word]:
    """``read`` spelt as ``print_text``; a value the last word held after the print's
    closing colon ("Sex:.Nữ": tesseract read label and value as one word) stays, a
    word of its own."""
    glued = _glued_value(read[-1], print_text)
    if glued is not None:
        last = read[-1]
        label_end = replace(last, text=last.text.partition(":")[0] + ":",
                            bbox=(last.bbox[0], last.bbox[1], glued.bbox[0], last.bbox[3]))
        return _as_printed(read[:-1] + [label_end], print_text) + [glued]
    printed = print_text.split()
    if len(printed) == len(read):
        return [replace(word, text=text) for word, text in zip(read, printed)]
    return printed_words(print_text, enclosing_box(w.bbox for w in read), min(w.confidence for w in read),
                         read[0].line)


def printed_words(print_text: str, box: tuple[int, int, int, int], confidence: float,
                  line: tuple[int, int, int]) -> list[Word]:
    """``print_text``'s words on one line, ``box`` shared out by their letters."""
    left, top, right, bottom = box
    printed = print_text.split()
    total = len(" ".join(printed))
    words, at = [], 0
    for text in printed:
        x0 = left + (right - left) * at // total
        x1 = left + (right - left) * (at + len(text)) // total
        at += len(text) + 1
        words.append(Word(text, (x0, top, max(x1, x0 + 1), bottom), confidence, line))
    return words


_GLUE = ".,;:·'` "
WORD_GLUE = _GLUE + "()[]/-‘’\""  # what a word of a name or place may be read with round it


def _glued_value(word: Word, print_text: str) -> Word | None:
    """What ``word`` holds after its colon, when ``print_text`` ends in one and the word
    goes on past it with a letter or digit; in the word's box, by its share of letters."""
    if not print_text.endswith(":") or ":" not in word.text[:-1]:
        return None
    tail = word.text.partition(":")[2].lstrip(_GLUE)
    if not any(ch.isalnum() for ch in tail):
        return None
    left, top, right, bottom = word.bbox
    cut = left + (right - left) * (len(word.text) - len(tail)) // len(word.text)
    return Word(tail, (cut, top, right, bottom), word.confidence, word.line)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def _prints(texts: tuple[str, ...]) -> tuple[tuple[str, str, str, int], ...]:
    return tuple((text, _folded(text), skeleton(text), len(text.split()))
                 for text in texts if len(text) >= MIN_PRINT_LETTERS)


_PRINT = _prints(CARD_PRINT)
"""The print long enough to stand in for read words: as printed, folded, without
marks, its word count."""
_IDENTITY_CARD_PRINT = _prints(IDENTITY_CARD_PRINT)


_LINE_RULES = (_restored_line, _with_number_label, _completed_label, _dated_label, _address_label,
               _sex_and_nationality, _with_mark_kind, _as_whole_print)
"""What :func:`restore_card_print` does to each line, in this order."""
