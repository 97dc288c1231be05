"""Benchmark: vacancy search (台南工作好找) over one million published vacancies.

    .venv/bin/python benchmarks/jobs_search.py [--vacancies 1000000] [--db PATH]
    .venv/bin/python benchmarks/jobs_search.py --quick          # 50,000 vacancies
    .venv/bin/python benchmarks/jobs_search.py --reuse          # keep a loaded database
    .venv/bin/python benchmarks/jobs_search.py \\
        --postgres postgres://postgres@127.0.0.1:5432/hopehome_bench_jobs   # PostgreSQL

The script builds a separate database (SQLite by default: ``benchmarks/jobs.sqlite3``, deleted
and recreated; with ``--postgres`` the named database is dropped, created, and dropped again at
the end unless ``--keep``), migrates it and bulk-loads deterministic data with ``executemany``
(SQLite) or ``COPY`` (PostgreSQL): Tainan employers with valid UBNs, and published vacancies
with realistic titles (門市人員, 護理師, 作業員, Python工程師, 照顧服務員 …), descriptions and
requirements, in every district, of every employment type, monthly or hourly salaries above the
minimum wage, friendly flags and accessibility features; plus 3% older closed and expired ones,
which search must never return. ``search_tokens`` is ``index_text(title, description,
requirements, employer name)``, as the services write it. Dates are relative to the day of the
load: every published vacancy is still open at least a week later (``--reuse``).

The full-text index is built once after the load (SQLite: the FTS5 triggers are dropped during
the load, the index rebuilt and the triggers recreated; PostgreSQL: the stored ``search_vector``
column is filled and its GIN index created after the load) and its build time is printed.

It then times ``GET /api/v1/vacancies?…`` through Django's test client with production settings,
for a fixed mix of query classes (two-character frequent and rare terms, 4–6 characters, mixed
Latin and Chinese, one character, filters, a frequent term with a filter, the newest and salary
sorts), ``--runs`` (20) requests each after one warm-up, and prints the matches, p50/p95/max and
the queries of one request. Target: p95 ≤ 50 ms for every class.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

from _common import cpu_check, drop_postgres, open_database, percentile, prepare_bulk_load, ubns

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "benchmarks" / "jobs.sqlite3"
SEED = 20190801
BATCH = 10_000
TARGET_P95_MS = 50
CLOSED_SHARE = 0.03  # older closed, expired and rejected vacancies on top of the published ones
TABLE = "jobs_vacancy"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--vacancies", type=int, default=1_000_000, help="published vacancies (default 1,000,000)"
    )
    parser.add_argument("--quick", action="store_true", help="a smoke run with 50,000 vacancies")
    parser.add_argument(
        "--db",
        type=Path,
        default=DEFAULT_DB,
        help=f"SQLite file (default {DEFAULT_DB.relative_to(ROOT)})",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="run on this PostgreSQL database instead (dropped and recreated)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="with --postgres: keep the database at the end"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the database if it is already loaded"
    )
    parser.add_argument(
        "--runs", type=int, default=20, help="timed requests per query class (default 20)"
    )
    args = parser.parse_args()
    if args.quick:
        args.vacancies = 50_000
    if args.vacancies < 10_000:
        parser.error("--vacancies must be at least 10,000")
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    return args


# --- deterministic vocabulary -------------------------------------------------------------------
PLACES = (
    "台南", "府城", "安平", "永康", "新營", "仁德", "歸仁", "佳里", "麻豆", "善化", "新市", "安南", "七股", "學甲",
    "鹽水", "白河", "柳營", "後壁", "東山", "下營", "六甲", "官田", "西港", "將軍", "北門", "新化", "關廟", "龍崎",
    "玉井", "楠西", "左鎮", "安定", "南科", "台江", "赤崁", "億載", "大同", "中華", "長興", "永豐", "福興", "瑞昌",
    "臺灣", "南瀛", "鯤鯓", "曾文",
)  # fmt: skip
MIDDLE = (
    "",
    "",
    "",
    "",
    "宏",
    "興",
    "昌",
    "益",
    "發",
    "順",
    "泰",
    "隆",
    "勝",
    "鑫",
    "聯",
    "信",
    "鼎",
    "豐",
    "源",
    "嘉",
)
SUFFIXES = (
    ("股份有限公司", 35),
    ("有限公司", 45),
    ("企業社", 8),
    ("商行", 6),
    ("工程行", 3),
    ("行", 3),
)
INSTITUTIONS = {
    "護理之家",
    "長期照顧中心",
    "醫院",
    "診所",
    "補習班",
    "幼兒園",
    "日間照顧中心",
    "農會",
}
# Industry section → employer name cores.
CORES = {
    "A": ("農場", "農會", "養殖", "花卉園藝"),
    "C": ("精密機械", "金屬工業", "塑膠製品", "食品", "紡織", "電子", "化學", "印刷", "汽車零件", "五金製造", "光電"),
    "F": ("營造", "水電工程", "機電工程", "室內裝修", "鋼構工程"),
    "G": ("百貨", "超市", "藥局", "電器", "便利商店", "藥妝", "量販", "書局"),
    "H": ("物流", "貨運", "客運", "倉儲", "通運"),
    "I": ("餐飲", "大飯店", "烘焙坊", "小吃", "咖啡", "早午餐", "火鍋"),
    "J": ("數位", "資訊", "網路科技", "軟體"),
    "K": ("保險經紀人", "人壽保險代理人"),
    "M": ("會計師事務所", "設計", "顧問"),
    "N": ("保全", "人力派遣", "清潔服務", "公寓大廈管理維護"),
    "P": ("補習班", "幼兒園"),
    "Q": ("護理之家", "長期照顧中心", "醫院", "診所", "日間照顧中心"),
    "S": ("美髮", "汽車保養", "洗衣", "按摩"),
}  # fmt: skip
# Occupation → (weight, industry sections, titles with weights, salary band (monthly), hourly share).
OCCUPATIONS = {
    "sales": (17, "G", (("門市人員", 30), ("門市儲備幹部", 10), ("正職門市人員", 10), ("門市兼職人員", 10), ("超商店員", 10),
                         ("藥妝門市人員", 6), ("業務專員", 8), ("汽車銷售專員", 4), ("收銀員", 6), ("房仲業務", 3),
                         ("門市店長", 3)), (29_500, 45_000), 0.35),
    "food": (13, "I", (("餐廳外場服務員", 20), ("內場廚師助理", 14), ("廚師", 10), ("飲料店店員", 14), ("早餐店店員", 10),
                        ("烘焙助理", 8), ("洗碗人員", 6), ("咖啡師", 6), ("火鍋店外場人員", 6)), (29_500, 42_000), 0.5),
    "production": (15, "C", (("作業員", 30), ("包裝作業員", 14), ("品管作業員", 10), ("機台操作員", 10), ("生產線作業員", 12),
                              ("食品加工作業員", 8), ("電子組裝作業員", 8), ("品管人員", 5), ("CNC車床技術員", 3)),
                   (30_000, 42_000), 0.1),
    "care": (8, "Q", (("照顧服務員", 30), ("居家照顧服務員", 18), ("護理師", 20), ("護理佐理員", 8), ("長照個案管理員", 6),
                       ("日照中心照顧服務員", 10), ("專科護理師", 4), ("夜班護理師", 4)), (32_000, 55_000), 0.1),
    "health": (3, "Q", (("醫事檢驗師", 15), ("藥師", 20), ("物理治療師", 15), ("牙醫助理", 20), ("診所櫃台人員", 30)),
               (30_000, 70_000), 0.1),
    "admin": (7, "M", (("行政助理", 35), ("總機人員", 15), ("文書處理人員", 20), ("櫃台接待", 15), ("人事助理", 15)),
              (29_500, 38_000), 0.1),
    "customer_service": (4, "N", (("客服人員", 40), ("電話客服專員", 35), ("電話服務員", 25)), (29_500, 36_000), 0.2),
    "education": (3, "P", (("幼兒園教保員", 40), ("補習班老師", 30), ("安親班課輔老師", 30)), (30_000, 42_000), 0.3),
    "it": (2, "J", (("Python工程師", 18), ("後端工程師（Python）", 10), ("前端工程師", 16), ("軟體工程師", 20),
                     ("網路管理員", 10), ("資訊助理", 12), ("Java工程師", 8), ("韌體工程師", 6)), (36_000, 80_000), 0.0),
    "engineering": (3, "C", (("機械工程師", 25), ("電機技術員", 25), ("製程工程師", 20), ("研發助理", 15), ("設備工程師", 15)),
                    (34_000, 65_000), 0.0),
    "construction": (5, "F", (("水電技術員", 30), ("營造工地助理", 15), ("冷氣維修技師", 20), ("電焊工", 15), ("油漆工", 10),
                               ("室內裝修木工", 10)), (32_000, 55_000), 0.05),
    "logistics": (6, "H", (("物流理貨員", 25), ("倉儲人員", 20), ("堆高機操作員", 15), ("貨車司機", 15), ("外送員", 15),
                           ("送貨司機", 10)), (30_000, 50_000), 0.2),
    "cleaning": (6, "N", (("清潔人員", 35), ("保全人員", 30), ("大樓管理員", 20), ("環境清潔員", 15)), (29_500, 36_000), 0.3),
    "finance": (2, "K", (("會計助理", 35), ("出納人員", 20), ("保險業務員", 30), ("銀行櫃員", 15)), (30_000, 48_000), 0.0),
    "design": (1.5, "M", (("平面設計師", 40), ("社群小編", 30), ("行銷企劃", 30)), (30_000, 45_000), 0.1),
    "agriculture": (1, "A", (("農場工作人員", 40), ("漁塭作業員", 20), ("花卉栽培人員", 20), ("有機農場助理", 20)),
                    (29_500, 36_000), 0.4),
    "massage": (1, "S", (("視障按摩師", 35), ("美髮助理", 30), ("美甲師", 15), ("芳療師", 20)), (29_500, 45_000), 0.3),
    "other": (2.5, "N", (("工讀生", 40), ("活動工作人員", 30), ("臨時搬運工", 30)), (29_500, 34_000), 0.8),
}  # fmt: skip
DUTIES = {
    "sales": ("負責門市銷售、收銀結帳與商品陳列。", "協助門市盤點、補貨與環境整理。", "提供顧客商品諮詢與售後服務。",
              "開發新客戶並維繫既有客戶關係。"),
    "food": ("負責外場點餐、送餐與桌面整理。", "協助內場備料、清洗與出餐。", "依標準流程製作飲品與餐點。",
             "維持廚房與用餐區環境整潔。"),
    "production": ("依作業標準操作生產設備。", "負責產品包裝、貼標與出貨前檢查。", "執行品質檢驗並填寫紀錄表。",
                   "協助生產線物料搬運與整理。"),
    "care": ("協助長輩日常生活照顧、用餐與沐浴。", "陪同個案就醫並記錄身體狀況。", "執行護理評估、給藥與傷口護理。",
             "與家屬溝通照顧計畫。"),
    "health": ("協助醫師看診與病歷整理。", "負責掛號、批價與櫃台接待。", "執行檢驗、調劑或治療業務。"),
    "admin": ("處理公文收發、文書建檔與資料整理。", "接聽電話並轉接，接待來訪賓客。", "協助採購、請款與庶務工作。"),
    "customer_service": ("接聽客戶來電並解答問題。", "處理訂單查詢、退換貨與客訴。", "以電話關懷既有客戶。"),
    "education": ("帶領幼兒日常活動與生活照顧。", "負責國小學童課業輔導。", "設計課程並與家長溝通。"),
    "it": ("以 Python 與 Django 開發後端系統。", "維護公司網站與資料庫。", "撰寫前端網頁並串接 API。", "處理內部電腦與網路問題。"),
    "engineering": ("負責機台設備保養與故障排除。", "改善製程並撰寫標準作業程序。", "協助新產品開發與測試。"),
    "construction": ("負責住宅與商辦水電配管。", "冷氣安裝、保養與維修。", "協助工地現場管理與材料點收。"),
    "logistics": ("負責倉庫理貨、揀貨與出貨。", "駕駛貨車配送商品至台南各區。", "操作堆高機搬運棧板。"),
    "cleaning": ("負責辦公大樓與公共區域清潔。", "執行門禁管制與巡邏。", "收發住戶包裹並處理社區事務。"),
    "finance": ("處理帳務、傳票與報表。", "負責收付款與銀行往來。", "提供客戶保險規劃與理賠服務。"),
    "design": ("設計平面文宣與社群圖卡。", "經營品牌社群並撰寫貼文。", "規劃行銷活動與成效分析。"),
    "agriculture": ("協助作物種植、採收與分級包裝。", "負責魚塭餵養與水質管理。", "溫室花卉栽培與出貨。"),
    "massage": ("提供顧客按摩與舒壓服務。", "協助洗髮、吹整與環境整理。", "提供美甲與手足保養服務。"),
    "other": ("協助活動場地布置與現場引導。", "負責貨物搬運與上下架。", "支援各項臨時性工作。"),
}  # fmt: skip
GENERAL = ("公司提供完整教育訓練，無經驗可。", "享勞健保、勞退提撥與年終獎金。", "工作地點交通便利，提供員工停車位。",
           "月休八天，可排休。", "提供員工餐與制服。", "工作環境友善，歡迎二度就業。", "表現優異者可升任正職。",
           "歡迎中高齡朋友加入。", "本公司位於臺南市，近交流道。", "歡迎新住民朋友應徵。")  # fmt: skip
REQUIREMENTS = ("高中職以上。", "不拘學歷。", "具機車駕照及機車。", "可配合輪班。", "具服務熱忱、責任感。",
                "無經驗可，提供完整教育訓練。", "具相關工作經驗者佳。", "能配合假日出勤。", "具普通小型車駕照。",
                "具基本電腦文書能力。")  # fmt: skip
SPECIFIC_REQUIREMENTS = {
    "care": ("具照顧服務員結業證明書或技術士證。", "具護理師證書。"),
    "health": ("具相關醫事人員證書。",),
    "it": ("熟悉 Python、Django 與 PostgreSQL。", "熟悉 JavaScript 與 Vue。", "具 Linux 系統管理經驗。"),
    "logistics": ("具堆高機操作證照。", "具職業大貨車駕照。"),
    "construction": ("具室內配線技術士證。", "具冷凍空調技術士證。"),
    "finance": ("具會計相關科系畢業。", "具人身保險業務員證照。"),
    "massage": ("具按摩技術士證照，歡迎視障朋友。",),
}  # fmt: skip
# Rare phrases (a few hundred vacancies each): the "rare two-character" and "rare longer" queries.
RARE = (("點字", "可提供點字資料與螢幕報讀軟體。"), ("手語", "主管具手語能力，歡迎聽障朋友。"),
        ("潛水", "需協助潛水器材整理。"), ("陶藝", "協助陶藝教室課程準備。"), ("調酒", "晚班需協助調酒。"),
        ("導覽", "假日需支援古蹟導覽。"), ("擴視機", "提供擴視機等輔具。"), ("茶藝", "具茶藝經驗者佳。"),
        ("烘豆", "協助咖啡烘豆與包裝。"), ("帆船", "協助帆船體驗活動。"))  # fmt: skip
RARE_SHARE = 0.0003  # per phrase: about 300 vacancies in a million
TITLE_PREFIXES = (
    ("", 70),
    ("急徵", 6),
    ("誠徵", 6),
    ("兼職", 3),
    ("【{place}】", 10),
    ("臺南{place}", 5),
)
TITLE_SUFFIXES = (
    ("", 80),
    ("（可培訓）", 6),
    ("（月休8天）", 5),
    ("（無經驗可）", 6),
    ("（二度就業友善）", 3),
)
TYPES = {"full_time": 62, "part_time": 22, "summer": 5, "internship": 4, "temporary": 7}
SHIFTS = (
    "早班 08:00–17:00",
    "晚班 14:00–23:00",
    "09:00–18:00",
    "輪班制",
    "10:00–19:00，月休8天",
    "週一至週五 08:30–17:30",
)
DISTRICT_WEIGHTS = {"700": 6, "701": 8, "702": 6, "704": 6, "708": 4, "709": 8, "710": 12, "711": 4, "712": 2, "717": 5,
                    "721": 2, "722": 3, "730": 5, "741": 4, "744": 4, "745": 2}  # fmt: skip
FLAG_SHARES = {"friendly_youth": 0.25, "friendly_disability": 0.08, "friendly_middle_aged": 0.15,
               "friendly_new_immigrant": 0.06, "friendly_indigenous": 0.03, "access_step_free": 0.12,
               "access_screen_reader": 0.02, "access_assistive_devices": 0.03, "access_flexible_hours": 0.10}  # fmt: skip
MIN_MONTHLY, MIN_HOURLY = 29_500, 196


def weighted(pairs):
    items = list(pairs)
    return [k for k, _ in items], [w for _, w in items]


class Names:
    """Employer and contact names from one random stream."""

    def __init__(self, rng: random.Random):
        from hopehome.core.demo import FEMALE_CHARS, MALE_CHARS, SURNAMES

        self.rng = rng
        self.surnames, self.surname_weights = weighted(SURNAMES)
        self.given = MALE_CHARS + FEMALE_CHARS
        self.suffixes, self.suffix_weights = weighted(SUFFIXES)

    def person(self) -> str:
        rng = self.rng
        return (
            rng.choices(self.surnames, self.surname_weights)[0]
            + rng.choice(self.given)
            + rng.choice(self.given)
        )

    def company(self, section: str) -> str:
        rng = self.rng
        core = rng.choice(CORES[section])
        suffix = "" if core in INSTITUTIONS else rng.choices(self.suffixes, self.suffix_weights)[0]
        return rng.choice(PLACES) + rng.choice(MIDDLE) + core + suffix


# --- bulk loading -------------------------------------------------------------------------------
class Sink:
    """Writes rows (dicts) to a model's table; columns a row does not name get their default."""

    def __init__(self, connection):
        self.connection = connection
        self.vendor = connection.vendor

    def write(self, model, rows: list[dict]) -> int:
        if not rows:
            return 0
        pk = model._meta.pk.column
        first = rows[0]
        fields = [f for f in model._meta.concrete_fields if f.column != pk or pk in first]
        if self.vendor == "postgresql":
            fields = [f for f in fields if f.column != "search_vector"]  # generated by the database
        columns = [f.column for f in fields]
        defaults = {
            f.column: (f.get_default() if f.has_default() or not f.null else None) for f in fields
        }
        table = model._meta.db_table
        values = [tuple(row.get(c, defaults[c]) for c in columns) for row in rows]
        if self.vendor == "sqlite":
            sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" * len(columns))})'
            self.connection.connection.executemany(sql, values)
        else:
            with self.connection.cursor() as cursor:
                with cursor.cursor.copy(
                    f'COPY "{table}" ({", ".join(columns)}) FROM STDIN'
                ) as copy:
                    for row in values:
                        copy.write_row(row)
        return len(values)


class Loader:
    """Deterministic employers and vacancies; ids are assigned here, in posting order."""

    def __init__(self, published: int, sink: Sink, today: date):
        self.published = published
        self.sink = sink
        self.today = today
        self.rng = random.Random(SEED)
        self.names = Names(self.rng)
        tz = "+00:00" if sink.vendor == "postgresql" else ""
        self.stamp = lambda d: f"{d.isoformat()} 01:00:00{tz}"

    def run(self) -> dict[str, int]:
        from hopehome.core.models import District, Industry

        self.districts = {d.postcode: d.pk for d in District.objects.all()}
        self.industries = {
            i.code: i.pk for i in Industry.objects.filter(revision="11", level="section")
        }
        self.district_codes = sorted(self.districts)
        self.district_weights = [DISTRICT_WEIGHTS.get(p, 1) for p in self.district_codes]
        self.district_names = {d.postcode: d.name_zh for d in District.objects.all()}
        self.employers()
        return {"organizations": len(self.orgs_all), "vacancies": self.vacancies()}

    def employers(self) -> None:
        from hopehome.core.models import Organization
        from hopehome.core.text import fold

        rng = self.rng
        n_orgs = max(self.published // 25, 2_000)
        ubn = ubns(30_000_000)
        sections = sorted(CORES)
        section_weights = [
            max(1, sum(o[0] for o in OCCUPATIONS.values() if o[1] == s)) for s in sections
        ]
        self.orgs: dict[str, list[tuple[int, str, str]]] = {s: [] for s in sections}
        self.orgs_all = []
        rows = []
        now = self.stamp(self.today)
        for i in range(1, n_orgs + 1):
            section = (
                sections[i % len(sections)]
                if i <= len(sections)
                else rng.choices(sections, section_weights)[0]
            )
            name = self.names.company(section)
            postcode = rng.choices(self.district_codes, self.district_weights)[0]
            org = (i, name, postcode)
            self.orgs[section].append(org)
            self.orgs_all.append(org)
            rows.append({"id": i, "created_at": now, "updated_at": now, "kind": "employer", "name": name,
                         "ubn": next(ubn), "industry_id": self.industries[section], "district_id": self.districts[postcode],
                         "address": "", "responsible_person": self.names.person(), "is_bureau_unit": False,
                         "name_key": fold(name), "employee_count": rng.randint(3, 400)})  # fmt: skip
            if len(rows) >= BATCH:
                self.sink.write(Organization, rows)
                rows.clear()
        self.sink.write(Organization, rows)

    def _vacancy(self, vid: int, status: str, posted: date, expires: date) -> dict:
        from hopehome.core.search import index_text

        rng = self.rng
        occupation = rng.choices(self.occ_keys, self.occ_weights)[0]
        _, section, titles, (low, high), hourly_share = OCCUPATIONS[occupation]
        org_id, org_name, org_postcode = rng.choice(self.orgs[section])
        postcode = (
            org_postcode
            if rng.random() < 0.7
            else rng.choices(self.district_codes, self.district_weights)[0]
        )
        place = self.district_names[postcode].removesuffix("區")
        title = rng.choices(*self.titles[occupation])[0]
        prefix = rng.choices(*self.prefixes)[0].format(place=place)
        suffix = rng.choices(*self.suffixes)[0]
        title = prefix + title + suffix
        kind = rng.choices(self.type_keys, self.type_weights)[0]
        hourly = kind in ("part_time", "summer", "temporary") or rng.random() < hourly_share * 0.3
        if hourly:
            salary_min = rng.randrange(MIN_HOURLY, MIN_HOURLY + 90, 5)
            salary_max = salary_min + rng.choice((0, 10, 20, 40)) or None
            monthly_equivalent = salary_min * 174
        else:
            salary_min = rng.randrange(max(low, MIN_MONTHLY), high + 1, 500)
            salary_max = salary_min + rng.choice((0, 2_000, 5_000, 10_000)) or None
            monthly_equivalent = salary_min
        duties = DUTIES[occupation]
        sentences = rng.sample(duties, k=min(len(duties), rng.randint(1, 3))) + rng.sample(
            GENERAL, k=rng.randint(1, 3)
        )
        requirements = rng.sample(REQUIREMENTS, k=rng.randint(1, 3))
        specific = SPECIFIC_REQUIREMENTS.get(occupation)
        if specific and rng.random() < 0.6:
            requirements.insert(0, rng.choice(specific))
        flags = {name: rng.random() < share for name, share in FLAG_SHARES.items()}
        if rng.random() < RARE_SHARE * len(RARE):
            word, sentence = rng.choice(RARE)
            sentences.append(sentence)
            if word in ("點字", "擴視機"):
                flags["access_screen_reader"] = flags["access_assistive_devices"] = True
        description = "".join(sentences)
        requirement_text = "".join(requirements)
        tokens = index_text(title, description, requirement_text, org_name)
        stamp = self.stamp(posted)
        closed = status == "closed"
        return {
            "id": vid, "created_at": stamp, "updated_at": stamp, "employer_id": org_id, "title": title,
            "description": description, "occupation": occupation, "industry_id": self.industries[section],
            "district_id": self.districts[postcode], "address": f"臺南市{self.district_names[postcode]}中正路{vid % 300 + 1}號",
            "employment_type": kind, "salary_type": "hourly" if hourly else "monthly", "salary_min": salary_min,
            "salary_max": salary_max, "monthly_equivalent": monthly_equivalent, "working_hours": rng.choice(SHIFTS),
            "openings": rng.choice((1, 1, 1, 2, 2, 3, 5)), "requirements": requirement_text, **flags,
            "contact_name": self.names.person(), "contact_phone": f"06-{rng.randrange(2000000, 7999999)}",
            "contact_email": "", "posted_on": posted.isoformat(), "expires_on": expires.isoformat(), "status": status,
            "rejection_reason": "退回：薪資低於基本工資。" if status == "rejected" else "", "screen_findings": "[]",
            "submitted_at": stamp, "published_at": None if status == "rejected" else stamp,
            "closed_at": self.stamp(posted + timedelta(days=10)) if closed else None, "reviewed_by_id": None,
            "created_by_id": None, "posted_by_staff": rng.random() < 0.05, "search_tokens": tokens,
        }  # fmt: skip

    def vacancies(self) -> int:
        from hopehome.jobs.models import Vacancy

        rng = self.rng
        self.occ_keys = list(OCCUPATIONS)
        self.occ_weights = [OCCUPATIONS[k][0] for k in self.occ_keys]
        self.titles = {k: weighted(OCCUPATIONS[k][2]) for k in OCCUPATIONS}
        self.prefixes = weighted(TITLE_PREFIXES)
        self.suffixes = weighted(TITLE_SUFFIXES)
        self.type_keys, self.type_weights = weighted(TYPES.items())
        today = self.today
        closed = int(self.published * CLOSED_SHARE)
        rows: list[dict] = []
        n = 0
        # Older vacancies first (lower ids): closed, expired and rejected ones, posted 61–150 days ago.
        old_days = sorted(rng.randint(61, 150) for _ in range(closed))[::-1]
        for days in old_days:
            n += 1
            posted = today - timedelta(days=days)
            status = rng.choices(("closed", "expired", "rejected"), (45, 50, 5))[0]
            rows.append(
                self._vacancy(n, status, posted, posted + timedelta(days=rng.randint(30, 60)))
            )
            if len(rows) >= BATCH:
                self.sink.write(Vacancy, rows)
                rows.clear()
        # Published ones posted in the last 50 days, every one open at least 7 more days.
        new_days = sorted((rng.randint(0, 50) for _ in range(self.published)), reverse=True)
        for days in new_days:
            n += 1
            posted = today - timedelta(days=days)
            expires = posted + timedelta(days=rng.randint(max(30, days + 7), 60))
            rows.append(self._vacancy(n, "published", posted, expires))
            if len(rows) >= BATCH:
                self.sink.write(Vacancy, rows)
                rows.clear()
                if n % 100_000 < BATCH:
                    print(f"  … {n:,} vacancies", flush=True)
        self.sink.write(Vacancy, rows)
        return n


# --- the full-text index ------------------------------------------------------------------------
def _search_migration():
    import importlib

    return importlib.import_module("hopehome.jobs.migrations.0003_search_performance")


def _salary_migration():
    import importlib

    return importlib.import_module("hopehome.jobs.migrations.0005_salary_search_index")


def drop_search_index(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_fts_{suffix}")
            for sql in _salary_migration().SQLITE_REVERSE:  # the salary-ordered index
                cursor.execute(sql)
        else:
            cursor.execute(f"DROP INDEX IF EXISTS {TABLE}_search_gin")
            cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_vector")


def build_search_index(connection) -> float:
    """Fill the FTS5 tables (by id, and in salary order: migration 0005) and recreate their
    triggers (SQLite); add the stored tsvector column and its GIN index as migration 0003 does
    (PostgreSQL)."""
    from hopehome.core.search import index_sql

    t = time.perf_counter()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {TABLE}_fts({TABLE}_fts) VALUES('rebuild')")
            for sql in index_sql("sqlite", TABLE)[0]:
                if sql.startswith("CREATE TRIGGER"):
                    cursor.execute(sql)
            salary = _salary_migration()
            for sql in (*salary.SQLITE_FORWARD, *salary.SQLITE_TRIGGERS):
                cursor.execute(sql)
        else:
            for sql in _search_migration().POSTGRES_FORWARD:
                cursor.execute(sql)
    return time.perf_counter() - t


def load(published: int) -> tuple[dict, float, float]:
    from django.db import connection, transaction
    from django.utils import timezone

    sink = Sink(connection)
    prepare_bulk_load(connection)
    drop_search_index(connection)
    t = time.perf_counter()
    with transaction.atomic():
        counts = Loader(published, sink, timezone.localdate()).run()
        if connection.vendor == "postgresql":
            from django.core.management.color import no_style

            from hopehome.core.models import Organization
            from hopehome.jobs.models import Vacancy

            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Organization, Vacancy]):
                    cursor.execute(sql)
    loaded = time.perf_counter() - t
    index_time = build_search_index(connection)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            cursor.execute("VACUUM (ANALYZE)")  # as autovacuum leaves it: visibility map set
    return counts, loaded, index_time


# --- the query mix ------------------------------------------------------------------------------
def query_classes(runs: int) -> list[tuple[str, list[dict]]]:
    """Query classes, each with the GET parameters of its runs (terms vary run by run)."""
    k = max(runs, 5)

    def cycle(values):
        values = list(values)
        return [values[i % len(values)] for i in range(k)]

    def q(values, **extra):
        return [{"q": v, **extra} for v in cycle(values)]

    districts = ("710", "709", "701", "700", "704", "730", "741", "717")
    types = ("full_time", "part_time")
    return [
        ("q 2 chars, frequent (門市/作業)", q(["門市", "作業"])),
        ("q 2 chars, rare (點字/手語/潛水…)", q([word for word, _ in RARE if len(word) == 2])),
        ("q 4–6 chars (照顧服務員/堆高機操作員…)", q(["照顧服務員", "堆高機操作員", "電子組裝", "品管作業員", "居家照顧服務員", "室內配線"])),
        ("q mixed (Python工程師)", q(["Python工程師", "python工程師", "Ｐｙｔｈｏｎ工程師"])),
        ("q 1 char (店/護/工)", q(["店", "護", "工", "貨"])),
        ("filter: district + type", [{"district": d, "employment_type": t} for d in districts for t in types][:k]),
        ("filter: salary floor", [{"salary_min": s} for s in cycle((35_000, 40_000, 45_000, 50_000, 60_000))]),
        ("filter: access feature", [{"access": a} for a in cycle(("screen_reader", "assistive_devices", "step_free"))]),
        ("q frequent + filter (門市 + district/type)",
         [{"q": w, "district": d, "employment_type": "full_time"} for w in ("門市", "作業", "照顧") for d in districts][:k]),
        ("sort: newest (no q)", [{"sort": "newest", "page": p} for p in cycle((1, 2, 3, 10))]),
        ("sort: salary (with filters)", [{"sort": "salary", **extra} for extra in cycle(
            ({}, {"district": "710"}, {"occupation": "it"}, {"salary_min": 40_000, "employment_type": "part_time"}))]),
        ("sort: salary + frequent q (門市/作業)", [{"sort": "salary", "q": w} for w in cycle(("門市", "作業"))]),
    ]  # fmt: skip


def time_classes(client, classes, runs: int) -> list[dict]:
    """p50/p95 of GET /api/v1/vacancies?… per class, with the matches and queries of one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get(params):
        path = "/api/v1/vacancies?" + urlencode(params)
        t = time.perf_counter()
        response = client.get(path)
        took = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise SystemExit(
                f"GET {path} returned {response.status_code}: {response.content[:300]!r}"
            )
        return took, response.json()

    out = []
    for label, params_list in classes:
        with CaptureQueriesContext(connection) as captured:
            get(params_list[0])  # warm-up
        n_queries = len(captured.captured_queries)
        timings, counts = [], []
        for i in range(runs):
            took, body = get(params_list[i % len(params_list)])
            timings.append(took)
            counts.append((body["count"], body["count_capped"]))
        shown = sorted(counts)[len(counts) // 2]
        out.append({"label": label, "matches": shown, "p50": statistics.median(timings),
                    "p95": percentile(timings, 0.95), "max": max(timings), "queries": n_queries})  # fmt: skip
        print(f"  {label}: done", flush=True)
    return out


# --- main ---------------------------------------------------------------------------------------
def main() -> None:
    args = parse_args()
    url, reuse, label = open_database(args, DEFAULT_DB)

    import logging
    import sqlite3

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    logging.getLogger("django.request").setLevel(logging.CRITICAL)
    connection.ensure_connection()
    engine = f"SQLite {sqlite3.sqlite_version}"
    if connection.vendor == "postgresql":
        version = connection.cursor().connection.info.server_version
        engine = f"PostgreSQL {version // 10000}.{version % 100}"
    print(f"Hope Home benchmark: vacancy search ({'PostgreSQL' if args.postgres else 'SQLite'})")
    print(
        f"machine           {platform.machine()}, {os.cpu_count()} CPU(s), Python {platform.python_version()}, {engine}"
    )
    print(cpu_check())
    print(f"database          {label}")
    try:
        if reuse:
            t = time.perf_counter()
            call_command("migrate", verbosity=0)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM (ANALYZE)")
            print(
                f"load              skipped (--reuse); migrate and ANALYZE {time.perf_counter() - t:.1f} s"
            )
        else:
            t = time.perf_counter()
            call_command("migrate", verbosity=0)
            print(f"migrate           {time.perf_counter() - t:.1f} s")
            counts, loaded, index_time = load(args.vacancies)
            total = counts["vacancies"]
            print(f"load              {loaded:.1f} s  ({total / loaded:,.0f} vacancies/s)")
            kind = (
                "FTS5 rebuild, and the salary-ordered FTS5 index filled"
                if connection.vendor == "sqlite"
                else "stored tsvector column + GIN index"
            )
            print(f"search index      {index_time:.1f} s  ({kind})")
        report(args, Client(), connection)
    finally:
        if args.postgres and not args.keep:
            connection.close()
            drop_postgres(url)
            print(f"database          {url.rsplit('/', 1)[-1]} dropped")


def report(args, client, connection) -> None:
    from django.db.models import Count

    from hopehome.core.models import Organization
    from hopehome.jobs.models import Vacancy
    from hopehome.jobs.queries import open_vacancies

    by_status = dict(Vacancy.objects.order_by().values_list("status").annotate(n=Count("id")))
    print(f"rows              organizations {Organization.objects.count():,}, vacancies "
          + ", ".join(f"{k} {v:,}" for k, v in sorted(by_status.items())) + f"; open {open_vacancies().count():,}")  # fmt: skip
    if connection.vendor == "sqlite":
        size = Path(connection.settings_dict["NAME"]).stat().st_size
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            size = cursor.fetchone()[0]
    print(f"database size     {size / 1e6:,.0f} MB")

    classes = query_classes(args.runs)
    print(f"\nGET /api/v1/vacancies?…  ({args.runs} timed requests per class after one warm-up)")
    rows = time_classes(client, classes, args.runs)
    width = max(len(r["label"]) for r in rows)
    print(
        f"{'query class'.ljust(width)}  {'matches':>9}  {'p50 ms':>8}  {'p95 ms':>8}  {'max ms':>8}  {'queries':>7}"
    )
    for r in rows:
        count, capped = r["matches"]
        shown = f"{count:,}" + ("+" if capped else "")
        print(
            f"{r['label'].ljust(width)}  {shown:>9}  {r['p50']:8.1f}  {r['p95']:8.1f}  {r['max']:8.1f}  {r['queries']:>7}"
        )
    print("                  matches: the count of the median run; n+: more than n (capped)")
    over = [r["label"] for r in rows if r["p95"] > TARGET_P95_MS]
    worst = max(rows, key=lambda r: r["p95"])
    print(f"target            p95 ≤ {TARGET_P95_MS} ms for every class (worst {worst['p95']:.1f} ms, {worst['label']}): "
          f"{'met' if not over else 'NOT met for ' + '; '.join(over)}")  # fmt: skip


if __name__ == "__main__":
    main()
