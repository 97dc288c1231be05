"""The 就業服務法 §5 screen: wording in a vacancy that may discriminate against applicants.

Article 5(1) forbids an employer to discriminate against job seekers on grounds of race,
class, language, thought, religion, political party, birthplace, sex, sexual orientation,
age, marital status, appearance, facial features, disability, zodiac sign, blood type or
former union membership. Published violations show what such ads say: 「限女性」, 「45歲以下」,
「35歲以下的女性」, 「盡可能在27-35歲」, 「五官端正」, 「洗碗歐巴桑」.

The screen is a warning for the employer and the reviewer, never a block: each finding names
the ground (:class:`~hopehome.jobs.choices.ScreenCategory`), the phrase and the sentence it
is in. Rules are regular expressions over folded text (:func:`hopehome.core.text.fold`: full-
and half-width forms, 臺/台, lower case). Statements that welcome everybody (「男女不拘」,
「不限年齡」, 「歡迎中高齡者」, 「身障友善」) are not findings, nor is a legal minimum age
(「年滿18歲」, 「須年滿16歲」).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from hopehome.core.text import fold

from .choices import ScreenCategory

C = ScreenCategory

# Sentence boundaries: Chinese and Western full stops, question/exclamation marks, semicolons,
# line breaks and list bullets.
_SENTENCE_RE = re.compile(r"[^。！？；;!?\n\r•●▪■◆★☆]+")

_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}

# The legal minimum working age is 15 (16 for some work, 18 for hazardous work, 18 for full
# civil capacity); a lower bound up to 18 is a lawful requirement.
LEGAL_MINIMUM_AGE = 18

# A finding is dropped when the words around it say the opposite (welcome, no restriction).
_NEGATED_BEFORE = re.compile(r"(?:不限|不拘|不論|不分|無論|無關|歡迎|鼓勵)\s*$")
_NEGATED_AFTER = re.compile(
    r"^\s*(?:[、/或與及和]?\s*(?:未婚|已婚|單身|男性|女性|男生|女生|男|女))?\s*(?:皆可|均可|亦可|都可|不拘|不限|無限制|皆宜|不分|友善|(?:者|人士|之)?\s*(?:亦|也|均|皆)?\s*歡迎)"
)
_REFUSE = r"(?:勿|不(?!拘|限|論|分)|謝絕|婉拒|恕不|免(?!費))"


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1], 0)
    if "十" in text:
        tens, _sep, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 0) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)
    return _CN_DIGITS.get(text, 0)


def _above_legal_minimum(match: re.Match, text: str) -> bool:
    """「N歲以上」「年滿N歲」 is a finding only when N is above the legal minimum age and the
    text is not about the middle-aged and elderly the law lets employers favour."""
    if _number(match.group("n")) <= LEGAL_MINIMUM_AGE:
        return False
    return not re.match(r"\s*(?:之|的)?\s*(?:中高齡|高齡|銀髮)", text[match.end():])


def _upper_bound_over_minimum(match: re.Match, text: str) -> bool:
    """「N歲以下」 with N up to 18 speaks about minors (child-labour rules), not a ceiling."""
    return _number(match.group("n")) > LEGAL_MINIMUM_AGE


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern
    check: Callable[[re.Match, str], bool] | None = None


def _rules(category: str, *patterns: str, check=None) -> list[Rule]:
    return [Rule(category, re.compile(p), check) for p in patterns]


_SEX_WORD = r"(?:女|男)(?:性|生|士)?"
RULES: list[Rule] = [
    # --- sex ---------------------------------------------------------------------------------
    *_rules(
        C.SEX,
        rf"(?<![不無])(?:限定?|僅限|只限|只要|只收|需為|須為|需|須)\s*{_SEX_WORD}(?![男女])",
        r"(?<![男女婦])(?:女|男)(?:性|生)?\s*(?:優先|尤佳|為佳|較佳|者佳|佳|為主|為限)",
        r"(?:徵|誠徵|急徵|招募|招聘|應徵)\s*(?:求)?\s*(?:女|男)(?:性|生)?(?![男女])",
        r"(?<![男女婦])(?:女|男)(?:性|生)?(?:店員|服務生|作業員|工作員|助理|員工|櫃檯人員|櫃台人員|秘書|會計|司機|業務|門市)",
        r"(?:櫃台|櫃檯|行政|會計|助理|門市|總機|美容|服務|倉管|收銀)\s*(?:小姐|先生)",
        r"性別\s*[:：]?\s*(?:限)?\s*(?:女|男)(?:性|生)?(?![男女不皆])",
        r"輕熟女|美魔女",
        # a clause that is nothing but the sex (「男性」), or 「…的女性」
        r"(?:^|(?<=[,、:;(]))\s*(?:女|男)(?:性|生)?\s*(?=$|[,、;)])",
        r"(?:的|之)\s*(?:女|男)(?:性|生)(?![男女])",
    ),
    # --- age ---------------------------------------------------------------------------------
    *_rules(
        C.AGE,
        rf"{_NUM}\s*歲?\s*(?:[-~～〜至到—–]|以上\s*[-~至到])\s*{_NUM}\s*歲",
        rf"年(?:齡|紀)\s*(?:[:：]|限|需|須|要|在|約|介於)?\s*{_NUM}\s*(?:歲)?\s*(?:[-~～至到—–]\s*{_NUM}\s*(?:歲)?|以下|以內|之內|為限)",
        rf"限\s*{_NUM}\s*歲(?!\s*(?:以上|以下|以內|之內))",
        r"(?:年輕|青壯)(?!化|團隊|的團隊|有活力的團隊)",
        r"歐巴桑|歐吉桑|阿桑|歐里桑",
        r"(?:徵|誠徵|急徵|招募|需要|需|找)\s*[\u4e00-\u9fff]{0,4}(?:阿姨|大姐|大嬸|阿伯)",
        r"(?:清潔|洗碗|廚房|打掃|煮飯|幫廚|廚工|作業)(?:阿姨|大姐|大嬸|阿伯|媽媽)",
        r"(?:限|僅限)\s*應屆|應屆\s*(?:畢業生?)?\s*(?:為限|尤佳|優先|佳)",
        r"\d{2,3}\s*年次\s*(?:以後|之後|以前|之前|以下|以上|後|前)",
        rf"(?:中高齡|高齡|年長|年紀大|老人|長者)(?:者|人士)?\s*{_REFUSE}",
    ),
    Rule(C.AGE, re.compile(rf"(?<![\d.])(?P<n>{_NUM})\s*歲\s*(?:以下|以內|之內|之前|為限|左右|上下)"), _upper_bound_over_minimum),
    Rule(C.AGE, re.compile(rf"(?<![\d.])(?P<n>{_NUM})\s*歲\s*(?:以上|\+)(?!\s*[-~至到])"), _above_legal_minimum),
    Rule(C.AGE, re.compile(rf"(?:年滿|滿)\s*(?P<n>{_NUM})\s*歲(?!\s*(?:以上)?\s*[-~至到])"), _above_legal_minimum),
    # --- appearance --------------------------------------------------------------------------
    *_rules(
        C.APPEARANCE,
        r"五官(?!科)|容貌|相貌|外貌|面貌|長相",
        r"外型\s*(?:佳|亮麗|好|出眾|姣好|端正|清秀)",
        r"身材\s*(?:姣好|好|佳|勻稱|苗條|標準|適中|高挑|纖細|健美)",
        r"身高\s*(?:[:：]|需|須|限|要)?\s*\d{2,3}",
        r"體重\s*(?:[:：]|需|須|限|要|不超過|不得超過|在)?\s*\d{2,3}|體重\s*(?:適中|標準|限制)",
        r"(?:笑容|外型|外表)\s*甜美|甜美可人|美女|正妹|帥哥|俊美|顏值|漂亮的?(?:女|男)|氣質佳",
    ),
    # --- marital status and pregnancy --------------------------------------------------------
    *_rules(
        C.MARITAL,
        r"未婚|已婚|單身(?!宿舍|套房|公寓)|婚姻狀[況態]",
        r"(?:結)?婚後|結婚(?:即|需|須|後|者勿)",
        r"(?:無|沒有|未|不得|不可|不能|暫不)\s*(?:懷孕|生育|生產|生小孩)(?:計[畫劃])?",
        r"(?:懷孕|孕婦|孕期)(?:者|中)?\s*" + _REFUSE,
        r"(?:懷孕|生產|生育)(?:即|需|須|後需|後須)\s*(?:離職|辭職|自動離職)",
        r"生育計[畫劃]|生產計[畫劃]|懷孕計[畫劃]",
        r"(?:無|沒有)\s*(?:小孩|子女|小朋友)|(?:有|帶)\s*(?:小孩|子女)(?:者)?\s*" + _REFUSE,
    ),
    # --- birthplace, nationality, race, ethnicity -------------------------------------------
    *_rules(
        C.BIRTHPLACE,
        r"(?<![不無])(?:限|僅限|只限|需為|須為)\s*(?:本地|當地|在地|本市|台南|台南市|台灣|本國|本省|外省|中華民國|客家|閩南|漢|原住民)\s*(?:人|籍|國籍|族|出生|子弟)",
        r"(?:本地|當地|在地|台南|台灣|本省|外省|客家|閩南|漢)(?:人|籍|族)\s*(?:優先|尤佳|為佳|佳|為限)",
        r"(?:外籍|外國|原住民|新住民|外勞|移工|陸配|大陸|越南|印尼|泰國|菲律賓|東南亞)\s*(?:人士|人|籍|配偶|族群|朋友)?\s*(?:者)?\s*" + _REFUSE,
        r"客家人|閩南人|外省人|本省人",
        r"籍貫|出生地|(?:在|於)台(?:灣|南)出生",
    ),
    # --- disability --------------------------------------------------------------------------
    *_rules(
        C.DISABILITY,
        r"(?:身體|身心|四肢|肢體|五體)\s*健全",
        r"(?:無|沒有|非)\s*(?:任何)?\s*(?:身心障礙|身障|殘障|殘疾)(?!\s*(?:手冊|證明)?\s*(?:者|人士)?\s*(?:亦|也|均|皆)?\s*(?:可|歡迎))",
        r"(?:無|沒有)\s*任何\s*障礙",
        r"健康\s*無障礙|(?:身心|身體)\s*無障礙(?!\s*(?:空間|設施|設備|通行|廁所|環境|坡道|電梯|車位))",
        r"(?:身心障礙|身障|殘障|殘疾)\s*(?:人士|者|朋友)?\s*" + _REFUSE,
        r"(?:未|沒有|無)\s*(?:領有)?\s*(?:身心障礙|身障|殘障)\s*(?:手冊|證明)",
    ),
    # --- zodiac sign and blood type ----------------------------------------------------------
    *_rules(C.ZODIAC, r"星座|血型|生肖|(?<![a-z])(?:a|b|o|ab)\s*型(?:血|者|的人)"),
    # --- religion, thought and political party ----------------------------------------------
    *_rules(
        C.RELIGION,
        r"(?:限|僅限|需為|須為)\s*(?:基督|天主|佛|道|回|一貫道|摩門)(?:教)?(?:徒|信徒|教友)?",
        r"(?:基督徒|天主教徒|佛教徒|教友|信徒|基督教|天主教|佛教|一貫道)\s*(?:優先|尤佳|為佳|為限|佳)",
        r"宗教信仰|信仰\s*(?:限|需|須)",
        r"(?:限|僅限)\s*[\u4e00-\u9fff]{1,4}黨",
        r"[\u4e00-\u9fff]{0,4}黨(?:員|籍)?\s*(?:優先|尤佳|為佳|為限|勿|不(?!拘|限))",
        r"政治立場|政黨傾向|支持[\u4e00-\u9fff]{1,4}黨",
    ),
    # --- union membership --------------------------------------------------------------------
    *_rules(
        C.UNION,
        r"非\s*工會(?:會員)?",
        r"(?:不得|不可|不能|勿)\s*(?:加入|參加|參與|籌組|組織)\s*工會",
        r"(?:曾|以往|曾經)?\s*(?:參加|加入|參與)(?:過)?\s*工會(?:者)?\s*" + _REFUSE,
        r"工會\s*(?:會員|幹部|成員)(?:者)?\s*" + _REFUSE,
    ),
    # --- sexual orientation ------------------------------------------------------------------
    *_rules(
        C.ORIENTATION,
        r"(?:同性戀|同志|(?<![a-z])(?:gay|lgbt\w*|les)(?![a-z])|跨性別|雙性戀|拉子)\s*(?:者|人士)?\s*" + _REFUSE,
        r"限\s*異性戀|非\s*同性戀|異性戀\s*(?:為限|優先|尤佳|佳)|性傾向\s*(?:正常|限|需|須)|性向\s*正常",
    ),
]


def _negated(text: str, start: int, end: int) -> bool:
    return bool(_NEGATED_BEFORE.search(text[max(0, start - 4) : start]) or _NEGATED_AFTER.match(text[end : end + 8]))


def sentences(text: str | None) -> list[str]:
    """The sentences (clauses between 。！？； and line breaks) of ``text``, stripped."""
    return [s.strip() for s in _SENTENCE_RE.findall(text or "") if s.strip()]


def screen_text(text: str | None) -> list[dict]:
    """Findings in ``text``: ``[{"category", "phrase", "sentence"}]`` in reading order."""
    findings: list[dict] = []
    seen: set[tuple[str, str, str]] = set()
    for sentence in sentences(text):
        folded = fold(sentence)
        hits: list[tuple[int, int, str, str]] = []
        for rule in RULES:
            for match in rule.pattern.finditer(folded):
                start, end = match.span()
                if start == end:
                    continue
                if rule.check is not None and not rule.check(match, folded):
                    continue
                if _negated(folded, start, end):
                    continue
                hits.append((start, -end, str(rule.category), match.group(0).strip()))
        hits.sort()
        taken: list[tuple[int, int, str]] = []
        for start, neg_end, category, phrase in hits:
            end = -neg_end
            # one finding per stretch of text and ground (the earliest, longest phrase wins)
            if any(c == category and start < e and s < end for s, e, c in taken):
                continue
            taken.append((start, end, category))
            key = (category, phrase, sentence)
            if key in seen:
                continue
            seen.add(key)
            findings.append({"category": category, "phrase": phrase, "sentence": sentence})
    return findings


def screen_vacancy(vacancy) -> list[dict]:
    """Findings in a vacancy's title, description and requirements."""
    parts = [vacancy.title or "", vacancy.description or "", vacancy.requirements or ""]
    return screen_text("\n".join(parts))
