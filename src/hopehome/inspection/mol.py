"""Reading the Ministry of Labor's violation open data (違反勞動法令事業單位名單).

Pure parsing, no database. It understands the formats the Ministry publishes (reference:
open-data.md §2–§3):

* the open-data API CSV with 9 columns (``…,罰鍰金額,備註說明``);
* the 8-column variant without 罰鍰金額 (就業服務法): the amount is unknown (``None``), not 0;
* the 勞工退休金條例 variant whose ``處分金額或滯納金`` column may be a late fee;
* the website bulk download (違反雇主清冊): a title line before the header, a multi-line header
  cell, rows shifted one column left with an empty 編號, ROC dates ``yyy/mm/dd`` and amounts
  written ``"20,000"``.

The variant is detected from the header row and columns are mapped by name through
:data:`HEADER_ALIASES`. Cells are read with a real CSV parser (quoted cells may hold line
breaks); text is HTML-unescaped while the raw value is kept. The name column, the article
column and the remarks column are parsed into their parts; every problem found in a row is a
:class:`CellProblem` (an error rejects the row, a warning only flags it for review).
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hopehome.core.dates import parse_date
from hopehome.core.text import canonical_place, fold

from .choices import LAW_ALIASES, AmountType, AppealStatus

# --- formats ----------------------------------------------------------------------------------
API_9 = "api9"
API_8 = "api8"
PENSION = "pension"
WEBSITE = "website"
VARIANT_LABELS = {
    API_9: _("開放資料 9 欄格式（含罰鍰金額）"),
    API_8: _("開放資料 8 欄格式（無罰鍰金額）"),
    PENSION: _("勞工退休金條例格式（處分金額或滯納金）"),
    WEBSITE: _("查詢網站下載格式（違反雇主清冊）"),
}

# The header of the open-data API CSV, in order (the export writes exactly this).
MOL_HEADER = (
    "主管機關", "公告日期", "處分日期", "處分字號", "事業單位名稱或負責人",
    "違法法規法條", "違反法規內容", "罰鍰金額", "備註說明",
)  # fmt: skip

# Field → header spellings seen in the Ministry's files and in older or local files.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "serial": ("編號", "序號", "項次"),
    "authority": ("主管機關", "縣市／單位別", "縣市/單位別", "縣市別", "縣市", "公布機關", "處分機關"),
    "announced_on": ("公告日期", "公布日期"),
    "decided_on": ("處分日期", "裁處日期"),
    "disposition_number": ("處分字號", "裁處書字號", "處分書字號", "裁處字號"),
    "name": (
        "事業單位名稱或負責人", "事業單位名稱(負責人)自然人姓名", "事業單位名稱(負責人)",
        "事業單位名稱", "雇主名稱", "事業單位或雇主名稱",
    ),
    "articles": ("違法法規法條", "違反法規法條", "違反法規條款", "違反法條", "違法法條"),
    "content": ("違反法規內容", "法條敘述", "違法內容", "違反內容"),
    "amount": ("罰鍰金額", "罰鍰金額(元)", "罰鍰"),
    "late_fee": ("處分金額或滯納金",),
    "remarks": ("備註說明", "備註"),
}  # fmt: skip
REQUIRED_FIELDS = ("authority", "decided_on", "disposition_number", "name", "articles")
FIELD_LABELS = {
    "authority": "主管機關", "announced_on": "公告日期", "decided_on": "處分日期",
    "disposition_number": "處分字號", "name": "事業單位名稱或負責人", "articles": "違法法規法條",
    "content": "違反法規內容", "amount": "罰鍰金額", "late_fee": "處分金額或滯納金",
    "remarks": "備註說明", "serial": "編號",
}  # fmt: skip
HEADER_SEARCH_ROWS = 20  # title lines allowed before the header
EARLIEST_DATE = date(2000, 1, 1)


def header_field(text: str) -> str | None:
    """The field a header cell names, or None: width, spaces and line breaks don't matter."""
    key = _header_key(text)
    return _HEADER_LOOKUP.get(key)


def _header_key(text: str) -> str:
    value = unicodedata.normalize("NFKC", str(text or "")).replace("\ufeff", "")
    return re.sub(r"\s+", "", value).lower()


_HEADER_LOOKUP = {_header_key(name): key for key, names in HEADER_ALIASES.items() for name in names}


# --- problems ---------------------------------------------------------------------------------
class CellError(Exception):
    """A value that cannot be read; ``message`` says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class CellProblem:
    """An error (the row cannot be imported) or a warning (imported, flagged for review)."""

    field: str
    value: str
    message: str
    warning: bool = False


# --- reading the file -------------------------------------------------------------------------
ENCODINGS = ("utf-8-sig", "cp950", "big5hkscs")


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), else Big5 (cp950, then HKSCS)."""
    if b"\x00" in data[:4096]:
        raise ValidationError(_("這不是文字格式的 CSV 檔案。"), code="binary")
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ValidationError(
        _("無法辨識檔案的文字編碼，請另存為 UTF-8 或 Big5 編碼的 CSV 檔。"), code="encoding"
    )


def read_records(text: str) -> list[list[str]]:
    """Every CSV record (a quoted cell may span several lines)."""
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        raise ValidationError(_("CSV 檔案格式有誤，無法讀取。"), code="csv") from None


@dataclass
class Layout:
    """Where the header is and which cell holds each field."""

    variant: str
    header_row: int  # as the spreadsheet shows it (1-based)
    headers: list[str]
    index: dict[str, int]

    @property
    def amount_field(self) -> str | None:
        if "late_fee" in self.index:
            return "late_fee"
        return "amount" if "amount" in self.index else None

    @property
    def amount_type(self) -> str:
        return AmountType.LATE_FEE if self.variant == PENSION else AmountType.FINE

    def label(self, key: str) -> str:
        i = self.index.get(key)
        if i is not None and i < len(self.headers):
            return join_lines(self.headers[i]) or FIELD_LABELS.get(key, key)
        return FIELD_LABELS.get(key, key)


def find_layout(records: list[list[str]]) -> Layout:
    """Find the header among the first rows (title lines come first) and detect the variant."""
    best: tuple[int, dict[str, int]] | None = None
    for i, cells in enumerate(records[:HEADER_SEARCH_ROWS]):
        index: dict[str, int] = {}
        for j, cell in enumerate(cells):
            key = header_field(cell)
            if key is not None and key not in index:
                index[key] = j
        if len(index) >= 4:
            best = (i, index)
            break
    if best is None:
        raise ValidationError(
            _("找不到欄位名稱列：檔案前 %(n)d 列都不是勞動部違反勞動法令名單的欄位（例如「主管機關、公告日期、處分日期、處分字號」）。"),
            params={"n": HEADER_SEARCH_ROWS}, code="no_header",
        )  # fmt: skip
    i, index = best
    missing = [FIELD_LABELS[k] for k in REQUIRED_FIELDS if k not in index]
    if missing:
        raise ValidationError(
            _("第 %(row)d 列的欄位名稱缺少必要欄位：%(fields)s。"),
            params={"row": i + 1, "fields": "、".join(missing)}, code="missing_columns",
        )  # fmt: skip
    headers = records[i]
    name_header = _header_key(headers[index["name"]])
    if "serial" in index or name_header == _header_key("事業單位名稱(負責人)自然人姓名"):
        variant = WEBSITE
    elif "late_fee" in index:
        variant = PENSION
    elif "amount" in index:
        variant = API_9
    else:
        variant = API_8
    return Layout(variant=variant, header_row=i + 1, headers=headers, index=index)


def looks_like_date(text: str) -> bool:
    value = unicodedata.normalize("NFKC", text or "").strip()
    return bool(re.fullmatch(r"\d{2,4}[/.-]\d{1,2}[/.-]\d{1,2}|\d{7,8}", value))


def align(cells: list[str], layout: Layout) -> list[str]:
    """Undo the website download's shift: rows that leave 編號 out sit one column to the left.

    A row is shifted when its 公告日期/處分日期 cells are not dates but the cells one to the
    left are; it is then padded with an empty 編號.
    """
    if layout.variant != WEBSITE or "serial" not in layout.index:
        return cells
    date_keys = [k for k in ("announced_on", "decided_on") if k in layout.index]

    def dates_at(shift: int) -> int:
        count = 0
        for key in date_keys:
            j = layout.index[key] + shift
            if 0 <= j < len(cells) and looks_like_date(cells[j]):
                count += 1
        return count

    if dates_at(0) < len(date_keys) and dates_at(-1) > dates_at(0):
        return ["", *cells]
    return cells


# --- text -------------------------------------------------------------------------------------
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def join_lines(text: str | None) -> str:
    """Join a hard-wrapped cell: no space between Chinese characters, one space otherwise."""
    value = (text or "").replace("\r\n", "\n").replace("\r", "\n")

    def joiner(m: re.Match) -> str:
        before, after = m.string[m.start() - 1 : m.start()], m.string[m.end() : m.end() + 1]
        if not before or not after:
            return ""
        if re.match(rf"[{_CJK}\u3000-\u303f\uff00-\uffef(（)）;；,，、]", before) or re.match(
            rf"[{_CJK}\u3000-\u303f\uff00-\uffef(（)）;；,，、]", after
        ):
            return ""
        return " "

    return re.sub(r"[ \t]*\n\s*", joiner, value).strip()


def clean_text(text: str | None) -> str:
    """A cell as readable text: HTML entities decoded, lines joined, spaces trimmed."""
    return join_lines(html.unescape(text or ""))


def lost_characters(text: str) -> bool:
    """Stray ``?``, tabs or replacement characters mark characters the source system lost."""
    return bool(re.search(r"[?？\t\ufffd]", html.unescape(text or "")))


# --- dates and amounts ------------------------------------------------------------------------
def parse_tw_date(value: str, *, today: date | None = None) -> date:
    """A date written ``YYYYMMDD``, ``yyymmdd``, ``yyy/mm/dd``, ``yyy年m月d日`` or ISO.

    Years below 1000 are ROC years (+1911). The date must exist and lie between 2000-01-01 and
    one year from today; otherwise :class:`CellError`.
    """
    text = unicodedata.normalize("NFKC", value or "").strip()
    if not text:
        raise CellError(_("日期空白。"))
    try:
        result = parse_date(text)
    except ValidationError as e:
        if e.code == "impossible_date":
            raise CellError(_("「%(value)s」不是存在的日期。") % {"value": text[:20]}) from None
        raise CellError(
            _("「%(value)s」不是可辨識的日期（例如 20191210、108/12/10 或 108年12月10日）。")
            % {"value": text[:20]}
        ) from None
    today = today or timezone.localdate()
    latest = today + timedelta(days=366)
    if not EARLIEST_DATE <= result <= latest:
        raise CellError(
            _("日期 %(date)s 不在合理範圍內（2000-01-01 至 %(latest)s）。")
            % {"date": result.isoformat(), "latest": latest.isoformat()}
        )
    return result


MAX_AMOUNT = 2_000_000_000


def parse_amount(value: str | None) -> int | None:
    """NT$ as an integer: ``"20,000"``, ``20000元``, spaces allowed; empty → None (unknown)."""
    text = unicodedata.normalize("NFKC", value or "")
    text = re.sub(r"[\s,元]|NT\$|新臺幣|新台幣", "", text)
    if not text:
        return None
    if text.endswith(".0") or text.endswith(".00"):
        text = text.split(".")[0]
    if not text.isdigit():
        raise CellError(
            _("「%(value)s」不是金額（應為整數元，例如 20000 或 20,000）。")
            % {"value": (value or "")[:20]}
        )
    amount = int(text)
    if amount > MAX_AMOUNT:
        raise CellError(_("金額 %(value)s 過大，請確認。") % {"value": value})
    return amount


def normalise_disposition(value: str | None) -> str:
    """A 處分字號 without line breaks or spaces (``"新北府勞業字第\\n1110868770號"`` is one number)."""
    text = unicodedata.normalize("NFKC", html.unescape(value or ""))
    return re.sub(r"\s+", "", text)


# --- the name column --------------------------------------------------------------------------
HIGH = "high"
LOW = "low"

# Words that mark a business rather than a person.
BUSINESS_WORDS = (
    "公司", "企業", "商行", "商號", "行號", "實業", "工程", "工作室", "事務所", "中心", "協會",
    "學會", "公會", "工會", "基金會", "委員會", "管理處", "餐飲", "餐廳", "小吃", "診所", "醫院",
    "學校", "補習班", "幼兒園", "托嬰", "旅社", "旅館", "飯店", "藥局", "商店", "超市", "團體",
)  # fmt: skip
BUSINESS_ENDINGS = tuple("行社店館司廠坊堂屋號舖鋪所院處局署校班室站團廳")
# A trailing parenthesis group that belongs to the name rather than naming a person.
NAME_QUALIFIERS = re.compile(r"(型|辦理|分公司|分店|門市|營業所|分所|分院|籌備處|總店)$")
RESPONSIBLE_LABEL = re.compile(r"^(?:負責人|代表人|法定代理人|清算人)\s*[:：]\s*(.+)$")


@dataclass(frozen=True)
class NameParts:
    """A parsed 事業單位名稱或負責人 value."""

    raw: str
    unit: str
    person: str
    confidence: str = HIGH
    shape: str = ""


def _tidy_name(text: str) -> str:
    value = unicodedata.normalize("NFKC", html.unescape(text or ""))
    value = join_lines(value.replace("\t", " "))
    value = re.sub(r"\s+", " ", value)
    value = re.sub(r"\(\s+", "(", value)
    value = re.sub(r"\s+\)", ")", value)
    value = re.sub(rf"(?<=[{_CJK}])\s+(?=[{_CJK}(])", "", value)
    return value.strip()


def _looks_like_business(text: str) -> bool:
    return any(w in text for w in BUSINESS_WORDS) or text.endswith(BUSINESS_ENDINGS)


def _looks_like_person(text: str) -> bool:
    """Two to four Chinese characters (a middle dot allowed) that don't name a business."""
    return bool(re.fullmatch(rf"[{_CJK}·・]{{2,4}}", text)) and not _looks_like_business(text)


def _split_last_group(text: str) -> tuple[str, str] | None:
    """``(base, group)`` when the text ends with a balanced top-level ``(…)`` group."""
    if not text.endswith(")"):
        return None
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        ch = text[i]
        if ch == ")":
            depth += 1
        elif ch == "(":
            depth -= 1
            if depth == 0:
                return text[:i].strip(), text[i + 1 : -1].strip()
    return None


def _format_person(group: str) -> str:
    """``包安祖(Andrew John Paul)`` → ``包安祖 (Andrew John Paul)``."""
    return re.sub(r"\s*\(", " (", group).strip()


def _split_ji(text: str) -> tuple[str, str] | None:
    """``person 即 trade name`` (a sole proprietorship is legally the person)."""
    m = re.match(rf"^\(?([{_CJK}·・]{{2,4}})\)?\s*即\s*(.+)$", text)
    if not m or not _looks_like_person(m[1]):
        return None
    return m[1], m[2].strip()


def parse_name(raw: str | None) -> NameParts:
    """Split the name column into unit and responsible person (reference open-data.md §3.2).

    Shapes: ``unit(person)``, ``unit(負責人：person)``, nested groups (the last top-level group
    is the person), ``person即trade name``, a person alone, a unit alone. Ambiguous shapes
    (``應國馨(峇驛商行)``: a person with the trade name in parentheses), lost characters and
    unbalanced parentheses get ``confidence = "low"`` for review.
    """
    raw = raw or ""
    text = _tidy_name(raw)
    confidence = LOW if lost_characters(raw) else HIGH
    if text.count("(") != text.count(")") or text.startswith("("):
        confidence = LOW
    unit = person = ""
    shape = ""
    rest: str | None = text
    split = _split_last_group(text)
    if split is not None:
        base, group = split
        label = RESPONSIBLE_LABEL.match(group)
        if label:
            person, rest, shape = label[1].strip(), base, "labelled"
        elif not group:
            rest = base
        elif NAME_QUALIFIERS.search(group):
            rest, shape, confidence = text, "qualified", LOW
        elif not base:
            person, rest, shape, confidence = group, "", "person_in_parentheses", LOW
        elif _looks_like_person(base) and _looks_like_business(group):
            person, unit, rest, shape, confidence = base, group, None, "person_trade_name", LOW
        else:
            person, rest, shape = _format_person(group), base, "unit_person"
    if rest:
        ji = _split_ji(rest)
        if ji is not None:
            owner, trade = ji
            if person and fold(person) != fold(owner):
                unit, confidence = rest, LOW
            else:
                person, unit = owner, trade
            shape = shape or "ji"
        elif not person and _looks_like_person(rest):
            person, shape = rest, "person"
            if len(rest) > 3:
                confidence = LOW
        else:
            unit = rest
            shape = shape or "unit"
    return NameParts(raw=raw, unit=unit, person=person, confidence=confidence, shape=shape)


# --- articles ---------------------------------------------------------------------------------
_NUM = r"[0-9一二三四五六七八九十百零〇兩]+"
_CITATION = re.compile(
    rf"(?P<act>[^;,、第\s\d]*)\s*第\s*(?P<num>{_NUM})\s*(?:[-－—]\s*(?P<dash>{_NUM})\s*)?條"
    rf"(?:\s*之\s*(?P<zhi>{_NUM}))?(?P<rest>(?:\s*第\s*{_NUM}\s*[項款目])*)"
)
_SEPARATORS = re.compile(r"^[\s;,、及和與暨或]*$")
_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def _number(text: str) -> int:
    """Arabic or Chinese numerals (up to 999) as an integer."""
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for ch in text:
        if ch in _ZH_DIGITS:
            current = _ZH_DIGITS[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


@dataclass(frozen=True)
class Article:
    """One cited article: the act, the article in one canonical form, and the raw text."""

    law: str
    article: str
    raw: str

    @property
    def key(self) -> tuple[str, str]:
        return self.law, self.article


def law_for(name: str) -> str | None:
    """The act a name means (aliases and renamed acts, e.g. 性別工作平等法 = 性別平等工作法)."""
    key = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    key = re.sub(r"^(中華民國|及|和|與|暨|或)", "", key)
    law = LAW_ALIASES.get(key)
    if law is None:
        law = {fold(k): v for k, v in LAW_ALIASES.items()}.get(fold(key))
    return str(law) if law is not None else None


def canonical_article(num: str, sub: str | None, rest: str) -> str:
    """``第38-1條`` and ``第38條之1`` are the same article: written ``第38條之1`` (+ 項/款/目)."""
    text = f"第{_number(num)}條"
    if sub:
        text += f"之{_number(sub)}"
    for m in re.finditer(rf"第\s*({_NUM})\s*([項款目])", rest or ""):
        text += f"第{_number(m[1])}{m[2]}"
    return text


def parse_articles(text: str | None) -> list[Article]:
    """The articles of a cell: several joined by ``;``/``；`` (a space or line break allowed).

    A citation without an act (``勞動基準法第24條;第39條``) takes the act of the one before.
    Raises :class:`CellError` for text that is not a citation or names an unknown act.
    """
    value = join_lines(unicodedata.normalize("NFKC", html.unescape(text or "")))
    if not value:
        raise CellError(_("未填違反的法規條文。"))
    articles: list[Article] = []
    act_law: str | None = None
    position = 0
    for m in _CITATION.finditer(value):
        between = value[position : m.start()]
        if not _SEPARATORS.match(between):
            raise CellError(_("無法辨識條文「%(text)s」。") % {"text": between.strip()[:40]})
        position = m.end()
        act = m["act"].strip()
        act = re.sub(r"^[;,、及和與暨或\s]+", "", act)
        if act:
            act_law = law_for(act)
            if act_law is None:
                raise CellError(_("未知的法規名稱「%(act)s」。") % {"act": act[:40]})
        elif act_law is None:
            raise CellError(
                _("條文「%(text)s」未寫明法規名稱。") % {"text": m.group(0).strip()[:40]}
            )
        article = canonical_article(m["num"], m["dash"] or m["zhi"], m["rest"])
        if _number(m["num"]) == 0:
            raise CellError(_("無法辨識條文「%(text)s」。") % {"text": m.group(0).strip()[:40]})
        raw = m.group(0).strip().lstrip(";,、及和與暨或 ")
        articles.append(Article(law=act_law, article=article, raw=raw[:200]))
    if not articles or not _SEPARATORS.match(value[position:]):
        leftover = value[position:].strip() or value
        if not articles and law_for(value) is not None:
            raise CellError(_("「%(text)s」只有法規名稱，缺少條次。") % {"text": value[:40]})
        raise CellError(_("無法辨識條文「%(text)s」。") % {"text": leftover[:40]})
    return articles


def split_descriptions(text: str | None, count: int) -> tuple[list[str], bool]:
    """The description of each of ``count`` articles, and whether they could be matched.

    Several descriptions are joined by ``;``/``；`` or put on separate lines, in the order of
    the articles. When the parts don't match the articles, each article gets the whole text.
    """
    value = html.unescape(text or "").replace("\r\n", "\n").strip()
    whole = join_lines(value)
    if count <= 1:
        return [whole.rstrip(";；").strip()] * max(count, 1), True
    for pattern in (r"[;；]", r"\n"):
        parts = [join_lines(p).strip() for p in re.split(pattern, value)]
        parts = [p for p in parts if p]
        if len(parts) == count:
            return parts, True
    return [whole] * count, not whole


# --- remarks → appeal status ------------------------------------------------------------------
S = AppealStatus
# (pattern, appeal status). The first pattern that matches the remark wins. A status of None
# means the remark is a note (for example the legal basis of a reduced fine), not an appeal
# state. Raw remarks are always kept; anything no pattern matches is flagged for review.
REMARK_RULES: tuple[tuple[str, str | None], ...] = (
    (r"^(無|none|n/?a|-)?$", S.NONE_REPORTED),
    (r"行政罰法", None),
    (r"逾.{0,4}訴願期|逾期.{0,4}訴願|未(提起|提出)訴願", S.FINAL_NO_TIMELY_APPEAL),
    (r"部分撤銷|原處分變更|變更原處分|減輕|改處", S.REDUCED),
    (r"撤銷", S.REVOKED),
    (r"原處分維持|駁回|訴願決定|判決確定", S.UPHELD),
    (r"行政救濟|行政訴訟|訴訟|上訴", S.LITIGATION_PENDING),
    (r"訴願|審議", S.APPEAL_PENDING),
    (r"專案|處以罰鍰|依.{1,20}(法|條例)", None),
)  # fmt: skip
_REMARK_PATTERNS = [(re.compile(p, re.IGNORECASE), s) for p, s in REMARK_RULES]
# Dates embedded in remarks: ROC yyymmdd, yyy/m/d, yyy年m月d日, or Gregorian YYYYMMDD.
_REMARK_DATES = (
    re.compile(r"(?<!\d)(\d{2,3})年(\d{1,2})月(\d{1,2})日"),
    re.compile(r"(?<!\d)(\d{2,4})[/.-](\d{1,2})[/.-](\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(20\d{2})(\d{2})(\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(\d{3})(\d{2})(\d{2})(?!\d)"),
)


@dataclass(frozen=True)
class Remark:
    """What a 備註說明 value says: the appeal status, a date it names, and whether it's a note."""

    text: str
    status: str
    on: date | None = None
    note: bool = False
    recognised: bool = True


def remark_date(text: str) -> date | None:
    for pattern in _REMARK_DATES:
        m = pattern.search(text)
        if not m:
            continue
        y, mo, d = (int(g) for g in m.groups())
        if y < 1000:
            y += 1911
        try:
            return date(y, mo, d)
        except ValueError:
            return None
    return None


def parse_remarks(text: str | None) -> Remark:
    """The appeal status in a remark (reference open-data.md §3.4), with its embedded date."""
    value = join_lines(unicodedata.normalize("NFKC", html.unescape(text or "")))
    for pattern, status in _REMARK_PATTERNS:
        if pattern.search(value):
            if status is None:
                return Remark(value, S.NONE_REPORTED, note=True)
            on = remark_date(value) if status != S.NONE_REPORTED else None
            return Remark(value, status, on=on)
    return Remark(value, S.NONE_REPORTED, note=True, recognised=False)


# Which of several remarks of one decision wins: the furthest along.
STATUS_ORDER = (
    S.NONE_REPORTED, S.APPEAL_PENDING, S.LITIGATION_PENDING, S.FINAL_NO_TIMELY_APPEAL,
    S.UPHELD, S.REDUCED, S.REVOKED,
)  # fmt: skip


# --- a row ------------------------------------------------------------------------------------
@dataclass
class MolRow:
    """One data row, parsed. ``problems`` holds its errors and warnings."""

    row: int
    cells: list[str]
    raw: dict[str, str] = field(default_factory=dict)
    authority: str = ""
    raw_authority: str = ""
    announced_on: date | None = None
    decided_on: date | None = None
    disposition_number: str = ""
    name: NameParts | None = None
    articles: list[Article] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    content: str = ""
    amount: int | None = None
    amount_type: str = AmountType.FINE
    remarks: str = ""
    remark: Remark | None = None
    row_hash: str = ""
    problems: list[CellProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(not p.warning for p in self.problems)

    @property
    def key(self) -> tuple[str, str]:
        return self.authority, self.disposition_number

    @property
    def signature(self) -> tuple:
        """What the row says apart from its 公告日期 (a re-announcement is the same row)."""
        return (
            self.authority, self.decided_on, self.disposition_number, self.raw_name_key,
            tuple(a.key for a in self.articles), self.content, self.amount, self.remarks,
        )  # fmt: skip

    @property
    def raw_name_key(self) -> str:
        return fold(_tidy_name(self.name.raw)) if self.name else ""


HASHED_FIELDS = ("authority", "announced_on", "decided_on", "disposition_number", "name",
                 "articles", "content", "amount", "remarks")  # fmt: skip


def row_hash(raw: dict[str, str], amount_type: str) -> str:
    """SHA-256 of the row's values in a fixed order, whatever the layout of the file."""
    values = [
        re.sub(r"[ \t]*\r?\n[ \t]*", "\n", raw.get(k, "") or "").strip() for k in HASHED_FIELDS
    ]
    payload = json.dumps([amount_type, *values], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


MAX_LENGTHS = {"authority": 100, "disposition_number": 100, "name": 300, "unit": 200, "person": 100}


def parse_row(
    number: int, cells: list[str], layout: Layout, *, today: date | None = None
) -> MolRow:
    """Read one data row; every unreadable value becomes an error, doubtful ones warnings."""
    cells = align(cells, layout)
    raw = {key: (cells[i] if i < len(cells) else "") for key, i in layout.index.items()}
    if layout.amount_field == "late_fee":
        raw["amount"] = raw.get("late_fee", "")
    r = MolRow(row=number, cells=cells, raw=raw, amount_type=layout.amount_type)
    problems = r.problems

    def error(key: str, message) -> None:
        problems.append(CellProblem(layout.label(key), raw.get(key, ""), str(message)))

    def warn(key: str, message) -> None:
        problems.append(
            CellProblem(layout.label(key), raw.get(key, ""), str(message), warning=True)
        )

    # Authority: the official 臺 form; the spelling in the file is kept.
    r.raw_authority = clean_text(raw.get("authority", ""))
    r.authority = canonical_place(r.raw_authority)
    if not r.authority:
        warn("authority", _("未填主管機關。"))
    elif len(r.authority) > MAX_LENGTHS["authority"]:
        error("authority", _("主管機關超過 100 字。"))

    # Dates.
    for key in ("decided_on", "announced_on"):
        value = raw.get(key, "")
        if key == "announced_on" and not (value or "").strip():
            if "announced_on" in layout.index:
                warn(key, _("未填公告日期。"))
            continue
        try:
            setattr(r, key, parse_tw_date(value, today=today))
        except CellError as e:
            error(key, e.message)
    if r.announced_on and r.decided_on and r.announced_on < r.decided_on:
        warn(
            "announced_on",
            _("公告日期早於處分日期（%(decided)s），已照原資料匯入，請查核。")
            % {"decided": r.decided_on.isoformat()},
        )

    # 處分字號.
    r.disposition_number = normalise_disposition(raw.get("disposition_number", ""))
    if not r.disposition_number:
        error("disposition_number", _("未填處分字號。"))
    elif len(r.disposition_number) > MAX_LENGTHS["disposition_number"]:
        error("disposition_number", _("處分字號超過 100 字。"))

    # Name.
    raw_name = raw.get("name", "") or ""
    r.name = parse_name(raw_name)
    if not raw_name.strip():
        error("name", _("未填事業單位名稱或負責人。"))
    elif (
        len(raw_name.strip()) > MAX_LENGTHS["name"]
        or len(r.name.unit) > MAX_LENGTHS["unit"]
        or len(r.name.person) > MAX_LENGTHS["person"]
    ):
        error("name", _("事業單位名稱或負責人過長。"))
    elif not re.search(rf"[{_CJK}A-Za-z]", r.name.unit + r.name.person):
        error("name", _("事業單位名稱或負責人無法辨識。"))
    elif lost_characters(raw_name):
        warn("name", _("名稱含有「?」、定位字元或無法顯示的字元（可能為來源系統缺字），請查核。"))
    elif r.name.confidence == LOW:
        warn("name", _("名稱格式不明確（例如負責人與商號的位置），已標記待查核。"))

    # Articles and their descriptions.
    try:
        r.articles = parse_articles(raw.get("articles", ""))
    except CellError as e:
        error("articles", e.message)
    seen: set[tuple[str, str]] = set()
    for a in r.articles:
        if a.key in seen:
            error("articles", _("同一列重複列出「%(article)s」。") % {"article": a.raw})
        seen.add(a.key)
    r.content = clean_text(raw.get("content", ""))
    if r.articles:
        r.descriptions, matched = split_descriptions(raw.get("content", ""), len(r.articles))
        if not matched:
            warn("content", _("違反法規內容的段數與條文數不符，各條文都記錄整段內容。"))

    # Amount: a missing column or an empty cell is "not published", never 0.
    if layout.amount_field is not None:
        try:
            r.amount = parse_amount(raw.get("amount", ""))
        except CellError as e:
            error(layout.amount_field, e.message)

    # Remarks → appeal status.
    r.remarks = clean_text(raw.get("remarks", ""))
    r.remark = parse_remarks(raw.get("remarks", ""))
    if not r.remark.recognised:
        warn("remarks", _("備註無法對應救濟狀態，已保留原文並標記待查核。"))
    elif r.remark.on and r.decided_on and r.remark.on < r.decided_on:
        warn("remarks", _("備註中的日期早於處分日期，未列入裁處歷程，請查核。"))
        r.remark = replace(r.remark, on=None)

    r.row_hash = row_hash(raw, r.amount_type)
    return r


def parse_file(data: bytes, *, today: date | None = None) -> tuple[Layout, list[MolRow]]:
    """Decode, find the header and parse every non-blank data row."""
    if not data:
        raise ValidationError(_("檔案是空的。"), code="empty")
    records = read_records(decode(data))
    layout = find_layout(records)
    today = today or timezone.localdate()
    rows = [
        parse_row(number, cells, layout, today=today)
        for number, cells in enumerate(records[layout.header_row :], start=layout.header_row + 1)
        if any((c or "").strip() for c in cells)
    ]
    return layout, rows
