"""The demonstration dataset of 台南工作好找 (program 4): the 2019 year and a live job board.

* 150 Tainan employers across the industries and all 37 districts, each with a valid 統一編號
  (:func:`hopehome.core.demo.ubn`); most posted through their own employer account, the others
  through the bureau (``posted_by_staff``).
* About 3,000 vacancies published in 2019 — 護理師, 門市人員, 作業員, 照顧服務員, Python工程師,
  電話客服, 保全, 會計助理 and many more — with salaries never below the minimum wage in force
  on the posting date (:class:`~hopehome.core.models.MinimumWage`), friendly flags and
  accessibility features; a few were rejected with the reason. Today's board: a few hundred
  vacancies posted in the last 30 days and still open, a review queue with vacancies whose
  wording the §5 screen flagged (``screen_findings``), and employers waiting for verification.
* 800 job seekers (youth, people with disabilities and visual impairments, middle-aged, new
  immigrants, indigenous people …) with about 4,000 applications and their histories, the
  bureau's referrals (推介), hires, and advice requests — most answered within 3 working days
  (public holidays from :class:`~hopehome.core.models.Holiday` excluded), some late, a few open.
* Two logins with the demo password: ``employer@demo.hopehome.example`` (a verified employer
  with open vacancies, applications to handle, a draft and a flagged submission) and
  ``seeker@demo.hopehome.example`` (a young seeker with applications, saved jobs, a saved
  search and advice requests).

Everything is drawn from ``random.Random(2019)`` and today's date, so a reload gives the same
rows. Names are synthetic. The rows are written with ``bulk_create`` (the full-text index
follows through its triggers); the employers are created through
:func:`hopehome.core.services.create_organization` with their audit entries.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone, translation

from hopehome.core import demo as core_demo
from hopehome.core.choices import OrganizationKind
from hopehome.core.models import (
    AuditEntry,
    District,
    Holiday,
    Industry,
    MinimumWage,
    Organization,
    TargetGroup,
)
from hopehome.core.search import index_text
from hopehome.core.services import create_organization

from .choices import (
    AdviceStatus,
    AdviceTopic,
    ApplicationSource,
    ApplicationStatus,
    EmploymentType,
    Occupation,
    RefusalReason,
    SalaryType,
    VacancyStatus,
)
from .models import (
    HOURS_PER_MONTH,
    AdviceRequest,
    Application,
    ApplicationEvent,
    EmployerAccount,
    SavedJob,
    SavedSearch,
    SeekerProfile,
    Vacancy,
)

DEMO_YEAR = 2019
SEED = DEMO_YEAR
DOMAIN = "demo.hopehome.example"
EMPLOYER_LOGIN = f"employer@{DOMAIN}"
SEEKER_LOGIN = f"seeker@{DOMAIN}"
SEEKER_PREFIX = "seeker"  # seeker0001@… ; the demo seeker is seeker@…
EMPLOYER_PREFIX = "employer"  # employer001@… ; the demo employer is employer@…
EMPLOYERS = 150
STAFF_POSTED_EMPLOYERS = 25  # employers without an account: the bureau posts for them
UNVERIFIED_EMPLOYERS = 3  # signed up recently, waiting for verification
VACANCIES_2019 = 3000
REJECTED_2019 = 12
CURRENT_VACANCIES = 300
SEEKERS_2019 = 700
SEEKERS_RECENT = 100
APPLICATIONS_2019 = 3400
APPLICATIONS_CURRENT = 600
ADVICE_2019 = 520
ADVICE_RECENT = 45
ADVICE_OPEN = 6
YEAR_START, YEAR_END = date(DEMO_YEAR, 1, 1), date(DEMO_YEAR, 12, 31)
CLERK, CASE_MANAGER, SUPERVISOR = "clerk_emp", "case_manager_emp", "supervisor_emp"

# --- employers ----------------------------------------------------------------------------------
PLACES = ("府城", "安平", "赤崁", "台江", "大員", "延平", "億載", "運河", "竹溪", "五妃", "鯤鯓", "蕭壠",
          "麻達", "菁寮", "關子嶺", "虎頭埤", "烏山頭", "尖山埤", "南鯤", "北門", "七股", "曾文", "鹽水",
          "白河", "新營", "永康", "仁德", "歸仁", "善化", "新市", "佳里", "麻豆", "學甲", "玉井", "楠西",
          "新化", "關廟", "安定", "西港", "將軍")  # fmt: skip
MIDDLE = ("好", "新", "大", "立", "金", "恆", "永", "和", "群", "全", "安", "佳")
TRADES: dict[str, tuple[tuple[str, bool], ...]] = {
    # section: ((trade word, is an institution named without a company suffix), …)
    "A": (("農場", True), ("有機農場", True), ("漁產", False), ("畜牧場", True)),
    "C": (("精機", False), ("食品", False), ("紡織", False), ("電子", False), ("金屬", False),
          ("塑膠", False), ("光電", False), ("包裝", False), ("醬油", False), ("製冰", False)),
    "F": (("營造", False), ("水電工程", False), ("機電工程", False), ("室內裝修", False)),
    "G": (("百貨", False), ("超市", False), ("藥局", False), ("書局", False), ("生活百貨", False),
          ("3C", False), ("便利商店", False)),
    "H": (("物流", False), ("貨運", False), ("倉儲", False), ("快遞", False)),
    "I": (("餐飲", False), ("小吃", False), ("大飯店", False), ("咖啡", False), ("烘焙", False),
          ("牛肉湯", False), ("民宿", True)),
    "J": (("資訊", False), ("軟體", False), ("數位科技", False), ("網路", False)),
    "K": (("保險經紀人", False),),
    "M": (("設計", False), ("廣告", False), ("管理顧問", False)),
    "N": (("保全", False), ("清潔", False), ("公寓大廈管理維護", False), ("人力資源", False),
          ("客服中心", False)),
    "P": (("幼兒園", True), ("文理補習班", True), ("語文中心", True)),
    "Q": (("醫院", True), ("護理之家", True), ("長照中心", True), ("居家照顧服務", False), ("診所", True),
          ("復健科診所", True)),
    "R": (("遊樂園", False), ("休閒農場", False), ("健身中心", False)),
    "S": (("美髮", False), ("汽車保養", False), ("洗衣", False), ("視障按摩院", True)),
}  # fmt: skip
SECTION_WEIGHTS = {"A": 3, "C": 26, "F": 8, "G": 18, "H": 8, "I": 18, "J": 4, "K": 2, "M": 3, "N": 10,
                   "P": 5, "Q": 12, "R": 3, "S": 5}  # fmt: skip
SUFFIXES = (("股份有限公司", 40), ("有限公司", 45), ("企業社", 8), ("商行", 7))
URBAN = {"700": 9, "701": 10, "702": 7, "704": 8, "708": 5, "709": 9, "710": 12, "711": 4, "717": 5,
         "730": 4, "741": 3, "744": 4, "721": 3, "722": 3}  # fmt: skip
STREETS = ("中正路", "中山路", "民生路", "民族路", "成功路", "和平路", "建國路", "復興路", "中華路", "自由路",
           "工業一路", "工業二路")  # fmt: skip


@dataclass(frozen=True)
class Job:
    """A kind of vacancy the demo employers post."""

    titles: tuple[str, ...]
    occupation: str
    sections: str  # industry sections whose employers post it
    salary_type: str
    low: int  # 2019 salary range (monthly NT$ or hourly NT$); scaled with the minimum wage
    high: int
    types: tuple[str, ...]
    hours: tuple[str, ...]
    description: str
    requirements: tuple[str, ...]
    weight: int = 4
    friendly: str = ""  # flags more likely for this kind: y d m n i
    access: str = ""  # s r a f


FT, PT, SUMMER, INTERN, TEMP = (EmploymentType.FULL_TIME, EmploymentType.PART_TIME, EmploymentType.SUMMER,
                                EmploymentType.INTERNSHIP, EmploymentType.TEMPORARY)  # fmt: skip
M, H = SalaryType.MONTHLY, SalaryType.HOURLY
Occ = Occupation
JOBS: tuple[Job, ...] = (
    Job(("護理師", "病房護理師", "居家護理師"), Occ.CARE, "Q", M, 36000, 48000, (FT,),
        ("三班制，每班 8 小時", "白班 08:00–16:00", "小夜班 16:00–24:00"),
        "負責病人照護、給藥與生命徵象監測，協助醫師執行治療，撰寫護理紀錄並提供衛教。",
        ("具護理師證書。", "具急重症或長照機構經驗者佳。", "可配合輪班。"), 8, "m", "s"),
    Job(("照顧服務員", "居家照顧服務員", "日照中心照顧服務員"), Occ.CARE, "Q", M, 27000, 33000, (FT, PT),
        ("日班 08:00–17:00", "排班制，月休 8 天", "彈性排班"),
        "協助長者日常生活照顧：用餐、沐浴、翻身、移位與陪同就醫，記錄照顧情形並與家屬聯繫。",
        ("具照顧服務員結業證明書或單一級技術士證。", "有愛心與耐心。", "中高齡者歡迎。"), 9, "mn", "f"),
    Job(("門市人員", "門市儲備幹部", "門市銷售人員"), Occ.SALES, "GIS", M, 23500, 30000, (FT,),
        ("早班 07:00–15:00／晚班 15:00–23:00", "排班制，月休 8 天", "09:00–18:00"),
        "負責門市銷售、收銀結帳、商品上架與陳列、庫存盤點及顧客服務。",
        ("具服務熱忱，能與顧客良好溝通。", "可配合假日排班。", "無經驗可，有完整教育訓練。"), 10, "yn", "s"),
    Job(("門市兼職人員", "超商大夜班店員", "門市工讀生"), Occ.SALES, "GI", H, 150, 175, (PT, SUMMER),
        ("每週 3–5 天，每班 4–8 小時", "大夜班 23:00–07:00", "週末班"),
        "收銀結帳、商品補貨與環境整理，協助店長處理門市日常事務。",
        ("可配合排班。", "學生歡迎。"), 9, "yi", "f"),
    Job(("作業員", "包裝作業員", "生產線作業員", "品管作業員"), Occ.PRODUCTION, "C", M, 23500, 29000, (FT,),
        ("08:00–17:00，可配合加班", "兩班制（日／夜）", "08:00–17:00，週休二日"),
        "依作業標準操作生產設備，執行組裝、包裝、檢驗與產線清潔，記錄生產數量。",
        ("無經驗可，公司提供訓練。", "能配合加班。", "具堆高機證照者佳。"), 12, "mndi", "sa"),
    Job(("品管人員", "品保工程師"), Occ.PRODUCTION, "C", M, 28000, 38000, (FT,),
        ("08:00–17:00",), "執行進料、製程與出貨檢驗，量測儀器校驗並整理品質報表。",
        ("高職以上，理工科系佳。", "熟悉 Excel。"), 4, "", ""),
    Job(("Python工程師", "後端工程師（Python）", "資料工程師"), Occ.IT, "JM", M, 42000, 70000, (FT, INTERN),
        ("09:00–18:00，可遠端工作", "彈性上下班"),
        "以 Python 與 Django 開發網站後端與 API，撰寫自動化測試，維護 PostgreSQL 資料庫與部署流程。",
        ("熟悉 Python，有 Django 或 Flask 經驗。", "熟悉 Git 與 Linux。", "具資料分析經驗者佳。"), 5, "yd", "rf"),
    Job(("前端工程師", "網站維護工程師"), Occ.IT, "JM", M, 38000, 60000, (FT,),
        ("09:00–18:00",), "開發與維護網站前端介面，重視無障礙網頁設計（WCAG），與設計師協作。",
        ("熟悉 HTML、CSS、JavaScript。", "了解無障礙網頁規範者佳。"), 3, "yd", "rf"),
    Job(("電話客服人員", "客服專員", "電話客服（可遠距）"), Occ.CUSTOMER_SERVICE, "NJGK", M, 24500, 31000, (FT, PT),
        ("09:00–18:00", "排班制 08:00–22:00 間排 8 小時"),
        "接聽客戶來電，處理訂單查詢、退換貨與客訴，使用客服系統記錄來電內容。",
        ("口齒清晰，具電腦操作能力。", "使用螢幕報讀軟體者可。", "會台語者佳。"), 7, "dy", "rf"),
    Job(("保全人員", "駐衛保全", "社區保全"), Occ.CLEANING, "N", M, 27000, 34000, (FT,),
        ("12 小時輪班制", "日班 07:00–19:00"),
        "負責門禁管制、訪客登記、巡邏與監視系統監控，處理突發狀況並通報。",
        ("中高齡者歡迎。", "無不良紀錄。"), 7, "m", ""),
    Job(("大樓管理員", "社區總幹事"), Occ.CLEANING, "N", M, 26000, 36000, (FT,),
        ("日班 08:00–20:00",), "處理社區住戶事務、收發信件包裹、公設管理與廠商聯繫。",
        ("熟悉文書處理。", "有物業管理經驗佳。"), 3, "m", "s"),
    Job(("清潔人員", "房務員", "環境清潔員"), Occ.CLEANING, "NIQ", M, 23500, 27000, (FT, PT),
        ("08:00–16:00", "09:00–15:00（兼職）"),
        "負責辦公室、客房或病房的清潔與消毒，整理布品與補充備品。",
        ("動作細心。", "中高齡者歡迎。"), 6, "mnid", "f"),
    Job(("會計助理", "出納人員", "會計專員"), Occ.FINANCE, "CGJMNKHF", M, 25000, 34000, (FT,),
        ("08:30–17:30",), "處理日常帳務、傳票登錄、發票整理、應收應付帳款與零用金管理，協助月結。",
        ("熟悉 Excel 與會計軟體。", "具丙級會計事務技術士證照者佳。"), 6, "", "sr"),
    Job(("行政助理", "總機人員", "資料登打人員"), Occ.ADMIN, "CGHJMNPQK", M, 24000, 29000, (FT, PT, INTERN),
        ("08:30–17:30", "09:00–18:00"),
        "接聽電話、文件收發歸檔、資料登打與報表整理，協助主管處理行政庶務。",
        ("熟悉 Word 與 Excel，中文打字每分鐘 30 字以上。", "使用螢幕報讀軟體者可。"), 8, "dy", "rsa"),
    Job(("廚房助手", "內場廚師", "廚師"), Occ.FOOD, "I", M, 24000, 38000, (FT,),
        ("10:00–14:00、17:00–21:00", "排班制，月休 8 天"),
        "食材備料、烹調與出餐，維持廚房清潔與食品衛生。",
        ("具中餐烹調技術士證照者佳。", "無經驗可培訓。"), 7, "mn", ""),
    Job(("外場服務人員", "餐廳工讀生", "咖啡師"), Occ.FOOD, "I", H, 150, 180, (PT, SUMMER),
        ("每週排班 3 天以上，每班 4 小時", "假日班"),
        "帶位點餐、送餐收桌、結帳與環境整理。", ("學生歡迎。", "可配合假日班。"), 8, "yn", "f"),
    Job(("烘焙助手", "麵包師傅"), Occ.FOOD, "IC", M, 24000, 34000, (FT,),
        ("06:00–15:00",), "協助麵團製作、烘烤與包裝，保持工作區整潔。",
        ("對烘焙有興趣。", "具烘焙食品技術士證照者佳。"), 3, "y", ""),
    Job(("物流司機", "貨車司機", "外送專員"), Occ.LOGISTICS, "HG", M, 28000, 40000, (FT,),
        ("08:00–17:00", "排班制"), "依路線配送貨物，點交簽收並維護車輛。",
        ("具職業聯結車或普通大貨車駕照。", "熟悉台南路線。"), 6, "m", ""),
    Job(("倉管人員", "理貨員", "揀貨員"), Occ.LOGISTICS, "HGC", M, 24000, 30000, (FT, TEMP),
        ("08:00–17:00", "夜班 20:00–05:00"), "貨物進出庫點收、揀貨理貨與盤點，操作倉儲管理系統。",
        ("具堆高機操作證照者佳。", "可配合搬運。"), 6, "mi", "a"),
    Job(("臨時搬運工", "活動工作人員"), Occ.LOGISTICS, "HR", H, 158, 200, (TEMP,),
        ("依活動排班",), "協助活動場地布置、搬運與撤場。", ("體力佳。",), 2, "yi", ""),
    Job(("水電技術員", "冷氣安裝技術員", "機電維修人員"), Occ.CONSTRUCTION, "F", M, 30000, 45000, (FT,),
        ("08:00–17:00",), "負責住宅與商辦水電配管配線、設備安裝與維修。",
        ("具室內配線技術士證照。", "有相關經驗者佳。"), 5, "mi", ""),
    Job(("工地助理", "工務助理"), Occ.CONSTRUCTION, "F", M, 26000, 32000, (FT,),
        ("08:00–17:00",), "協助工地進度紀錄、材料點收與安全巡查，整理施工日誌。",
        ("具營造業安全衛生教育訓練證明者佳。",), 2, "y", ""),
    Job(("機械維修技術員", "設備工程師", "研發工程師"), Occ.ENGINEERING, "C", M, 32000, 52000, (FT,),
        ("08:00–17:00", "輪班制"), "負責生產設備保養、故障排除與改善，參與新製程導入。",
        ("機械、電機相關科系。", "會看工程圖。"), 6, "y", ""),
    Job(("幼兒園教保員", "課輔老師", "英文老師"), Occ.EDUCATION, "P", M, 27000, 34000, (FT, PT),
        ("07:30–17:00", "14:00–20:00"), "規劃與帶領課程活動、照顧幼兒或學生生活與學習，與家長溝通。",
        ("具教保員資格或相關科系。",), 4, "yn", ""),
    Job(("藥局助理", "醫事助理", "櫃台掛號人員"), Occ.HEALTH, "QG", M, 25000, 31000, (FT, PT),
        ("08:00–12:00、15:00–21:00 排班",), "處理掛號批價、協助藥品整理與衛教說明。",
        ("親切細心。", "熟悉電腦操作。"), 5, "mn", "s"),
    Job(("美髮助理", "設計師助理"), Occ.MASSAGE, "S", M, 23500, 30000, (FT,),
        ("10:00–20:00，月休 6 天",), "協助洗髮、護髮與染燙，維護店內整潔。", ("無經驗可教。",), 3, "y", ""),
    Job(("按摩師", "視障按摩師"), Occ.MASSAGE, "SQ", H, 200, 300, (FT, PT),
        ("11:00–23:00 排班",), "提供顧客按摩舒壓服務，依顧客需求調整手法。",
        ("具按摩技術士證照。", "視覺障礙者優先。"), 3, "dm", "sraf"),
    Job(("平面設計師", "網路行銷專員", "社群小編"), Occ.DESIGN, "MJGR", M, 28000, 40000, (FT, INTERN),
        ("09:00–18:00",), "設計文宣與網頁素材，經營社群平台並分析廣告成效。",
        ("熟悉 Illustrator、Photoshop。", "請附作品集。"), 4, "y", "f"),
    Job(("農場工作人員", "採收工", "養殖場工作人員"), Occ.AGRICULTURE, "A", M, 23500, 28000, (FT, TEMP, SUMMER),
        ("06:00–15:00",), "協助作物栽種、採收、分級包裝或魚塭日常管理。",
        ("能適應戶外工作。", "中高齡者歡迎。"), 3, "mi", ""),
    Job(("遊樂園暑期工讀生", "營隊工讀生", "暑期行政工讀生"), Occ.OTHER, "RPO", H, 150, 170, (SUMMER,),
        ("7–8 月，每週 5 天",), "協助遊客服務、設施引導、活動執行與場地維護。",
        ("年滿 16 歲。", "學生歡迎。"), 4, "y", ""),
    Job(("行政實習生", "研發實習生"), Occ.ADMIN, "CJM", M, 23500, 26000, (INTERN,),
        ("09:00–18:00，每週 3–5 天",), "協助專案資料整理、會議紀錄與專題研究。",
        ("大專院校在學生。",), 3, "y", "f"),
    Job(("業務專員", "保險業務"), Occ.SALES, "GKLH", M, 26000, 40000, (FT,),
        ("09:00–18:00",), "開發與維繫客戶，介紹產品並完成報價與簽約。",
        ("具機車駕照。", "有業務經驗佳。"), 4, "m", ""),
)  # fmt: skip

# §5 wordings the review queue flags: (category, phrase, sentence added to the requirements).
FLAGGED = (
    ("sex", "限女性", "限女性，需輪班。"),
    ("age", "45歲以下", "年齡45歲以下，體力佳。"),
    ("appearance", "五官端正", "五官端正、身高160公分以上。"),
    ("age", "歐巴桑", "誠徵清潔歐巴桑，早班為主。"),
    ("marital", "限未婚", "限未婚，可配合長期出差。"),
    ("birthplace", "限台南人", "限台南人，熟悉在地路線。"),
    ("sex", "限男性", "限男性，需搬運重物。"),
    ("disability", "身心健全", "須身心健全，無身心障礙。"),
)  # fmt: skip
REJECTIONS = (
    "工作內容僅寫「輕鬆高薪」，未具體說明工作項目與工作時間，請補充後重新送審。",
    "要求求職者先繳交保證金或訓練費用，與就業服務法規定不符，請刪除。",
    "職缺聯絡方式與事業單位登記資料不符，請確認聯絡人與電話後重新送審。",
)
ADVICE = {
    AdviceTopic.JOB_SEARCH: (
        ("我剛畢業，想在永康區找行政工作，應該從哪裡開始？",
         "建議先在「台南工作好找」以行政與永康區篩選，並儲存搜尋以收到新職缺通知；也歡迎預約本局就業服務台，由專人協助規劃求職方向。"),
        ("我今年 52 歲，被資遣後一直找不到工作，有什麼資源？",
         "中高齡求職者可申請就業服務台一對一諮詢與推介，並可參加中高齡職業訓練；我們已為您預約個案管理員，將以電話與您聯繫。"),
        ("我是視障者，想找可以用螢幕報讀軟體的工作。",
         "搜尋頁可勾選「工作工具支援螢幕報讀」篩選職缺；本局身障就業個管員也可協助媒合並評估職務再設計（輔具、視力協助員），將與您聯繫。"),
    ),
    AdviceTopic.RESUME: (
        ("履歷自傳要寫多長？沒有工作經驗要寫什麼？",
         "自傳約 500–800 字，著重與職缺相關的課業、專題、社團或打工經驗，並說明您能為公司做什麼；可攜履歷到就業服務台由專人協助修改。"),
        ("轉換跑道的履歷要怎麼寫？",
         "請將過去經驗轉換為新職務需要的能力（溝通、排程、客戶服務等），並列出相關訓練或證照；可參考本局職訓課程補強技能。"),
    ),
    AdviceTopic.INTERVIEW: (
        ("下週第一次面試，需要準備什麼？",
         "請事先了解公司與職缺內容，準備自我介紹與離職原因的說明，攜帶履歷與證照影本，提前 10 分鐘到達。祝面試順利！"),
        ("面試時被問到婚姻和生育計畫，這樣合法嗎？",
         "雇主不得以婚姻、懷孕等理由差別待遇（就業服務法第5條），您可以不回答；如遇歧視情形可向本局申訴，我們會依法處理。"),
    ),
    AdviceTopic.TRAINING: (
        ("想學電腦文書，有免費課程嗎？",
         "本局職訓就服中心開辦失業者職前訓練，文書處理課程符合資格者可免費參訓，開課資訊請見職業訓練頁面。"),
        ("想考照顧服務員證照，要去哪裡上課？",
         "本市照顧服務員訓練課程每季開班，結訓後可報考單一級技術士，詳細課程請洽職訓就服中心。"),
    ),
    AdviceTopic.RIGHTS: (
        ("打工時薪可以低於基本工資嗎？",
         "不行。時薪不得低於當年度最低工資（基本工資），加班另依勞動基準法計給；如有違法情形可向本局勞動條件科申訴。"),
        ("試用期可以不保勞健保嗎？",
         "不可以，試用期間雇主也應自到職日起為勞工投保勞保、健保並提繳勞工退休金。"),
    ),
    AdviceTopic.ACCOMMODATION: (
        ("我有低視能，公司可以申請擴視機嗎？",
         "可以。雇主或您本人可向本局申請職務再設計，補助擴視機、螢幕報讀軟體等輔具，每人每年最高新臺幣十萬元；我們將安排評估。"),
    ),
    AdviceTopic.OTHER: (
        ("找到工作後，可以申請交通補助嗎？",
         "符合資格的失業者經推介就業且工作地點距離較遠者，可申請搬遷或租屋補助；請攜帶相關證明至就業服務台洽詢。"),
    ),
}  # fmt: skip
SKILLS = {
    Occ.ADMIN: "文書處理、Excel、中文打字每分鐘 40 字", Occ.CUSTOMER_SERVICE: "電話禮儀、客訴處理、台語流利",
    Occ.SALES: "門市收銀、商品陳列", Occ.FOOD: "中餐烹調丙級、食品衛生", Occ.CARE: "照顧服務員單一級、CPR",
    Occ.HEALTH: "掛號批價、藥品整理", Occ.EDUCATION: "教保員資格、兒童美語", Occ.IT: "Python、Django、SQL、Git",
    Occ.ENGINEERING: "AutoCAD、設備保養", Occ.PRODUCTION: "品管檢驗、堆高機操作證", Occ.CONSTRUCTION: "室內配線乙級",
    Occ.LOGISTICS: "職業大貨車駕照、倉儲系統", Occ.CLEANING: "環境清潔、保全訓練", Occ.FINANCE: "會計事務丙級、記帳",
    Occ.DESIGN: "Illustrator、Photoshop、社群經營", Occ.AGRICULTURE: "農機操作", Occ.MASSAGE: "按摩技術士",
    Occ.OTHER: "活動企劃",
}  # fmt: skip
REFERRAL_NOTES = (
    "經本局就業服務台推介，求職者具相關經驗，請惠予面試。",
    "本局身障就業個案管理員推介，求職者已完成職前準備，如需職務再設計可洽本局。",
    "中高齡求職者，經就業諮詢後推介，穩定度高。",
)
SEEKER_MESSAGES = ("您好，我對這個職缺很有興趣，期待有面試機會。", "我有相關經驗，可以配合排班。", "", "", "")


# --- helpers ------------------------------------------------------------------------------------
TZ = timezone.get_default_timezone()


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), TZ)


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment, TZ).date()


class _Calendar:
    """Working days (Monday–Friday, minus the Holiday table, plus its make-up days)."""

    def __init__(self):
        self.special = dict(Holiday.objects.values_list("date", "is_working_day"))

    def is_working(self, day: date) -> bool:
        return self.special.get(day, day.weekday() < 5)

    def add_working_days(self, start: date, days: int) -> date:
        current, left = start, days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working(current):
                left -= 1
        return current

    def working_days(self, start: date, end: date) -> list[date]:
        return [start + timedelta(days=i) for i in range((end - start).days + 1)
                if self.is_working(start + timedelta(days=i))]  # fmt: skip


class _Wages:
    def __init__(self):
        self.rows = list(MinimumWage.objects.order_by("effective_from").values_list("effective_from", "monthly", "hourly"))

    def on(self, day: date) -> tuple[int, int]:
        monthly, hourly = 23100, 150
        for start, m, h in self.rows:
            if start <= day:
                monthly, hourly = m, h
        return monthly, hourly


def occupation_label(value: str) -> str:
    with translation.override("zh-hant"):
        return str(Occupation(value).label)


def vacancy_search_text(vacancy: Vacancy, employer_name: str, district_name: str) -> str:
    """The vacancy's index tokens, as the services keep them."""
    return index_text(vacancy.title, vacancy.description, vacancy.requirements, employer_name,
                      district_name, occupation_label(vacancy.occupation))  # fmt: skip


def screen_findings(vacancy: Vacancy, flagged: tuple[str, str, str] | None) -> list[dict]:
    """The §5 screen's findings: the screening module's when it is installed, else the known
    wording this dataset put in."""
    try:
        from .screening import screen_vacancy
    except ImportError:
        screen_vacancy = None
    if screen_vacancy is not None:
        return screen_vacancy(vacancy)
    if flagged is None:
        return []
    category, phrase, sentence = flagged
    return [{"category": category, "phrase": phrase, "sentence": sentence}]


def employer_specs(postcodes: list[str]) -> list[tuple[str, str, str]]:
    """(name, section, postcode) of the demo employers; every district has one at least.

    Drawn from its own random stream, so that :func:`remove` finds the same names."""
    rng = random.Random(SEED)
    postcodes = list(postcodes)
    rng.shuffle(postcodes)
    specs = [("府城好味餐飲股份有限公司", "I", "700")]
    taken = {specs[0][0]}
    sections, weights = list(SECTION_WEIGHTS), list(SECTION_WEIGHTS.values())
    urban, uweights = list(URBAN), list(URBAN.values())
    while len(specs) < EMPLOYERS:
        section = rng.choices(sections, weights)[0]
        trade, institution = rng.choice(TRADES[section])
        suffix = "" if institution else rng.choices([s for s, _ in SUFFIXES], [w for _, w in SUFFIXES])[0]
        name = rng.choice(PLACES) + rng.choice(MIDDLE) + trade + suffix
        if name in taken:
            continue
        taken.add(name)
        index = len(specs) - 1
        postcode = postcodes[index] if index < len(postcodes) else rng.choices(urban, uweights)[0]
        specs.append((name, section, postcode))
    return specs


# --- the builder --------------------------------------------------------------------------------
@dataclass
class _Employer:
    org: Organization
    section: str
    user: object | None = None
    account: EmployerAccount | None = None


class _Builder:
    def __init__(self, users: dict, today: date | None = None):
        self.rng = random.Random(SEED + 1)
        self.names = core_demo.NameGenerator(self.rng)
        self.users = users
        self.today = today or timezone.localdate()
        self.now = timezone.now()
        self.calendar = _Calendar()
        self.wages = _Wages()
        self.districts = {d.postcode: d for d in District.objects.all()}
        self.industries = {i.code: i for i in Industry.objects.filter(revision="11")}
        self.groups = {g.code: g for g in TargetGroup.objects.all()}
        self.workdays_2019 = self.calendar.working_days(YEAR_START, YEAR_END)
        self.password = make_password(core_demo.DEMO_PASSWORD)
        self.counts: Counter[str] = Counter()

    # --- employers ---------------------------------------------------------------------------
    def employers(self) -> list[_Employer]:
        rng = self.rng
        actor = self.users[SUPERVISOR]
        specs = employer_specs(sorted(self.districts))
        existing = {o.name: o for o in Organization.objects.filter(name__in=[s[0] for s in specs])}
        used = set(Organization.objects.exclude(ubn=None).values_list("ubn", flat=True))
        out = []
        for name, section, postcode in specs:
            district = self.districts[postcode]
            ubn = core_demo.ubn(rng)
            while ubn in used:
                ubn = core_demo.ubn(rng)
            used.add(ubn)
            address = f"臺南市{district.name_zh}{rng.choice(STREETS)}{rng.randint(1, 500)}號"
            contact = self.names.name(rng.choice("MF"))
            employees = rng.randint(5, 30) if section in "IS" else rng.randint(10, 400)
            org = existing.get(name) or create_organization(
                actor, name=name, kind=OrganizationKind.EMPLOYER, ubn=ubn,
                industry=self.industries.get(section), district=district, address=address,
                responsible_person=contact, employee_count=employees, context="demo dataset",
            )  # fmt: skip
            out.append(_Employer(org, section))
        self.counts["organizations"] = len(out) - len(existing)
        return out

    def accounts(self, employers: list[_Employer]) -> None:
        """Employer accounts: the demo login for the first, none for the staff-posted ones."""
        rng = self.rng
        User = get_user_model()
        with_account = employers[: EMPLOYERS - STAFF_POSTED_EMPLOYERS]
        users, accounts = [], []
        for i, emp in enumerate(with_account):
            email = EMPLOYER_LOGIN if i == 0 else f"{EMPLOYER_PREFIX}{i:03d}@{DOMAIN}"
            recent = i >= len(with_account) - UNVERIFIED_EMPLOYERS
            joined = (_at(self.today - timedelta(days=rng.randint(1, 6)), rng.randint(9, 20))
                      if recent else _at(date(2018, rng.randint(6, 12), rng.randint(1, 28)), rng.randint(9, 17)))  # fmt: skip
            contact = self.names.name(rng.choice("MF"))
            user = User(username=email, email=email, first_name=contact, date_joined=joined,
                        password=self.password if i == 0 else "!demo-unusable")  # fmt: skip
            users.append(user)
            accounts.append(EmployerAccount(
                organization=emp.org, contact_name=contact, phone=f"06-{rng.randint(2000000, 7999999)}",
                is_verified=not recent, verified_at=None if recent else joined + timedelta(days=1),
                verified_by=None if recent else self.users[CLERK], created_at=joined,
            ))  # fmt: skip
        User.objects.bulk_create(users)
        for user, account, emp in zip(users, accounts, with_account, strict=True):
            account.user = user
            emp.user, emp.account = user, account
        EmployerAccount.objects.bulk_create(accounts)
        self.counts["employer_accounts"] = len(accounts)

    # --- vacancies ---------------------------------------------------------------------------
    def salary(self, job: Job, day: date) -> tuple[int, int | None]:
        rng = self.rng
        monthly, hourly = self.wages.on(day)
        if job.salary_type == SalaryType.MONTHLY:
            scale = monthly / 23100
            low = max(monthly, round(rng.randint(job.low, job.high) * scale / 500) * 500)
            step = 500
        else:
            scale = hourly / 150
            low = max(hourly, round(rng.randint(job.low, job.high) * scale / 5) * 5)
            step = 5
        high = None if rng.random() < 0.25 else low + step * rng.randint(1, 12)
        return low, high

    def vacancy(self, emp: _Employer, job: Job, posted_on: date, *, status: str) -> Vacancy:
        rng = self.rng
        etype = rng.choice(job.types)
        if etype == SUMMER and not (5 <= posted_on.month <= 8) and len(job.types) > 1:
            etype = rng.choice([t for t in job.types if t != SUMMER])
        title = rng.choice(job.titles)
        low, high = self.salary(job, posted_on)
        requirements = " ".join(rng.sample(job.requirements, k=rng.randint(1, len(job.requirements))))
        district = emp.org.district
        if rng.random() < 0.15:  # branch elsewhere in the city
            district = self.districts[rng.choice(list(URBAN))]
        flags = {
            "friendly_youth": ("y" in job.friendly and rng.random() < 0.6) or etype in (SUMMER, INTERN) or rng.random() < 0.08,
            "friendly_disability": ("d" in job.friendly and rng.random() < 0.45) or rng.random() < 0.06,
            "friendly_middle_aged": ("m" in job.friendly and rng.random() < 0.55) or rng.random() < 0.06,
            "friendly_new_immigrant": ("n" in job.friendly and rng.random() < 0.35) or rng.random() < 0.03,
            "friendly_indigenous": ("i" in job.friendly and rng.random() < 0.3) or rng.random() < 0.02,
            "access_step_free": ("s" in job.access and rng.random() < 0.5) or rng.random() < 0.12,
            "access_screen_reader": "r" in job.access and rng.random() < 0.45,
            "access_assistive_devices": ("a" in job.access and rng.random() < 0.4) or rng.random() < 0.02,
            "access_flexible_hours": ("f" in job.access and rng.random() < 0.5) or etype == PT and rng.random() < 0.4,
        }  # fmt: skip
        account = emp.account
        contact = account.contact_name if account else self.names.name(rng.choice("MF"))
        v = Vacancy(
            employer=emp.org, title=title, description=job.description, occupation=job.occupation,
            industry=emp.org.industry, district=district,
            address=emp.org.address if district == emp.org.district else f"臺南市{district.name_zh}{rng.choice(STREETS)}{rng.randint(1, 300)}號",
            employment_type=etype, salary_type=job.salary_type, salary_min=low, salary_max=high,
            monthly_equivalent=low * (HOURS_PER_MONTH if job.salary_type == SalaryType.HOURLY else 1),
            working_hours=rng.choice(job.hours), openings=rng.choices((1, 2, 3, 5, 10), (40, 30, 15, 10, 5))[0],
            requirements=requirements, contact_name=contact,
            contact_phone=account.phone if account else f"06-{rng.randint(2000000, 7999999)}",
            contact_email=account.user.email if account else "",
            posted_on=posted_on, expires_on=posted_on + timedelta(days=rng.choice((30, 45, 60, 60))),
            status=status, posted_by_staff=account is None,
            created_by=account.user if account else self.users[CLERK], **flags,
        )  # fmt: skip
        if job.occupation == Occ.PRODUCTION and v.openings < 3 and rng.random() < 0.4:
            v.openings = rng.choice((5, 10, 20))
        return v

    def pick_job(self, emp: _Employer, posted_on: date) -> Job:
        jobs = [j for j in JOBS if emp.section in j.sections] or list(JOBS)
        if self.rng.random() < 0.12:  # every employer needs an accountant or a clerk now and then
            jobs = [j for j in JOBS if j.occupation in (Occ.ADMIN, Occ.FINANCE, Occ.CLEANING, Occ.CUSTOMER_SERVICE)]
        if not 4 <= posted_on.month <= 8:  # summer jobs are posted in spring and summer
            jobs = [j for j in jobs if j.types != (SUMMER,)] or [JOBS[2]]
        return self.rng.choices(jobs, [j.weight for j in jobs])[0]

    def stamp(self, v: Vacancy, *, publish: bool = True) -> None:
        """Submission, review and publication times around ``posted_on``."""
        rng = self.rng
        day_before = v.posted_on - timedelta(days=1)
        while not self.calendar.is_working(day_before):
            day_before -= timedelta(days=1)
        v.submitted_at = _at(day_before, rng.randint(9, 16), rng.randint(0, 59))
        v.created_at = v.submitted_at - timedelta(minutes=rng.randint(10, 600))
        if publish:
            v.published_at = min(_at(v.posted_on, rng.randint(8, 11), rng.randint(0, 59)), self.now - timedelta(minutes=5))
            v.reviewed_by = self.users[rng.choice((CLERK, CLERK, SUPERVISOR))]

    def index(self, v: Vacancy) -> None:
        v.search_tokens = vacancy_search_text(v, v.employer.name, v.district.name_zh)

    def vacancies(self, employers: list[_Employer]) -> tuple[list[Vacancy], list[Vacancy]]:
        """(the 2019 vacancies, today's) — unsaved."""
        rng = self.rng
        weights = [3 if emp.section in "CGINQ" else 1 for emp in employers]
        weights[0] = 8
        posting_days = [d for d in self.workdays_2019 if d <= date(DEMO_YEAR, 12, 20)]
        year: list[Vacancy] = []
        for i in range(VACANCIES_2019):
            emp = rng.choices(employers, weights)[0]
            posted_on = rng.choice(posting_days)
            v = self.vacancy(emp, self.pick_job(emp, posted_on), posted_on, status=VacancyStatus.EXPIRED)
            if i < REJECTED_2019:
                flagged = FLAGGED[i % len(FLAGGED)] if i % 3 else None
                if flagged:
                    v.requirements += " " + flagged[2]
                v.status = VacancyStatus.REJECTED
                v.rejection_reason = (
                    f"條件要求含「{flagged[1]}」，違反就業服務法第5條就業歧視禁止規定，請刪除後重新送審。"
                    if flagged else REJECTIONS[i % len(REJECTIONS)]
                )
                v.screen_findings = screen_findings(v, flagged)
                self.stamp(v, publish=False)
                v.reviewed_by = self.users[SUPERVISOR]
            else:
                self.stamp(v)
            year.append(v)
        current: list[Vacancy] = []
        recent = [self.today - timedelta(days=d) for d in range(1, 30)]
        recent = [d for d in recent if self.calendar.is_working(d)] or recent
        live = [e for e in employers if not (e.account and not e.account.is_verified)]
        live_weights = [3 if emp.section in "CGINQ" else 1 for emp in live]
        for i in range(CURRENT_VACANCIES):
            emp = employers[0] if i < 6 else rng.choices(live, live_weights)[0]
            posted_on = rng.choice(recent)
            v = self.vacancy(emp, self.pick_job(emp, posted_on), posted_on, status=VacancyStatus.PUBLISHED)
            v.expires_on = min(v.posted_on + timedelta(days=60), max(v.expires_on, self.today + timedelta(days=7)))
            self.stamp(v)
            current.append(v)
        # today's review queue: flagged wordings, clean submissions, an unverified employer's first post
        unverified = [e for e in employers if e.account and not e.account.is_verified]
        queue = [(employers[0], FLAGGED[0])]
        queue += [(rng.choice(live[1:]), flagged) for flagged in FLAGGED[1:]]
        queue += [(rng.choice(live[1:]), None) for _ in range(5)]
        queue += [(emp, None) for emp in unverified]
        for emp, flagged in queue:
            posted = self.today + timedelta(days=rng.randint(0, 2))
            v = self.vacancy(emp, self.pick_job(emp, posted), posted, status=VacancyStatus.PENDING)
            if flagged:
                v.requirements += " " + flagged[2]
            v.screen_findings = screen_findings(v, flagged)
            v.submitted_at = self.now - timedelta(hours=rng.randint(1, 40))
            v.created_at = v.submitted_at - timedelta(minutes=rng.randint(10, 300))
            current.append(v)
        draft = self.vacancy(employers[0], JOBS[2], self.today + timedelta(days=3), status=VacancyStatus.DRAFT)
        draft.created_at = self.now - timedelta(hours=3)
        current.append(draft)
        for v in (*year, *current):
            self.index(v)
        return year, current

    # --- seekers -----------------------------------------------------------------------------
    def seekers(self) -> list[SeekerProfile]:
        rng = self.rng
        User = get_user_model()
        profiles, users = [], []
        occupations = [o.value for o in Occupation if o != Occ.OTHER]
        postcodes = list(self.districts)
        total = SEEKERS_2019 + SEEKERS_RECENT
        for i in range(total):
            recent = i >= SEEKERS_2019
            joined_day = (self.today - timedelta(days=rng.randint(5, 90)) if recent
                          else date(2018, 10, 1) + timedelta(days=rng.randint(0, 395)))  # fmt: skip
            reference = joined_day
            band = rng.choices(("youth", "adult", "middle"), (42, 30, 28))[0]
            age = {"youth": rng.randint(17, 29), "adult": rng.randint(30, 44), "middle": rng.randint(45, 64)}[band]
            birth = date(reference.year - age, rng.randint(1, 12), rng.randint(1, 28))
            if (birth.month, birth.day) > (reference.month, reference.day):
                birth = birth.replace(year=birth.year - 1)  # ``age`` on the day they signed up
            groups = []
            if band == "youth" and rng.random() < 0.75:
                groups.append("youth")
            if band == "middle" and rng.random() < 0.6:
                groups.append("middle_aged")
            immigrant = rng.random() < 0.06
            if immigrant:
                groups.append("new_immigrant")
            if rng.random() < 0.05:
                groups.append("indigenous")
            disabled = rng.random() < 0.11
            visual = disabled and rng.random() < 0.22
            if disabled:
                groups.append("disabled")
            if visual:
                groups.append("visually_impaired")
            if rng.random() < 0.04:
                groups.append("low_income")
            sex = rng.choice("MF")
            name = self.names.immigrant_name() if immigrant else self.names.name(sex)
            wanted = rng.sample(occupations, k=rng.randint(1, 3))
            if visual:
                wanted = rng.sample([Occ.CUSTOMER_SERVICE, Occ.MASSAGE, Occ.ADMIN, Occ.IT], k=2)
            if i == 0:  # the demo seeker
                name, birth, groups, wanted = "林小晴", date(self.today.year - 23, 4, 12), ["youth"], [Occ.ADMIN, Occ.CUSTOMER_SERVICE]
            email = SEEKER_LOGIN if i == 0 else f"{SEEKER_PREFIX}{i:04d}@{DOMAIN}"
            joined = _at(joined_day, rng.randint(8, 22), rng.randint(0, 59))
            users.append(User(username=email, email=email, first_name=name, date_joined=joined,
                              password=self.password if i == 0 else "!demo-unusable"))  # fmt: skip
            types = rng.sample([FT, PT, INTERN, SUMMER, TEMP], k=rng.randint(1, 2)) if band == "youth" else [FT]
            minimum = self.wages.on(joined_day)[0]
            profile = SeekerProfile(
                display_name=name, phone=core_demo.mobile(rng), birth_date=birth,
                desired_occupations=[str(o) for o in wanted], desired_types=[str(t) for t in types],
                desired_salary=rng.choice((None, minimum, minimum + 2000, minimum + 5000, minimum + 10000)),
                skills="、".join(SKILLS[Occupation(o)] for o in wanted[:2]),
                needs_step_free=disabled and rng.random() < 0.3,
                needs_screen_reader=visual,
                needs_assistive_devices=visual and rng.random() < 0.7,
                needs_flexible_hours=(disabled or band == "middle") and rng.random() < 0.2,
                accommodation_notes="使用螢幕報讀軟體（NVDA）與擴視機，需可放大字體的工作環境。" if visual else "",
                digest_enabled=rng.random() < 0.6, created_at=joined,
            )  # fmt: skip
            profile._groups = groups
            profile._districts = rng.sample(postcodes, k=rng.randint(1, 3))
            profile._joined = joined_day
            profiles.append(profile)
        User.objects.bulk_create(users)
        for user, profile in zip(users, profiles, strict=True):
            profile.user = user
        SeekerProfile.objects.bulk_create(profiles)
        Groups = SeekerProfile.target_groups.through
        Districts = SeekerProfile.desired_districts.through
        Groups.objects.bulk_create([
            Groups(seekerprofile_id=p.pk, targetgroup_id=self.groups[code].pk)
            for p in profiles for code in p._groups if code in self.groups
        ])  # fmt: skip
        Districts.objects.bulk_create([
            Districts(seekerprofile_id=p.pk, district_id=self.districts[code].pk) for p in profiles for code in p._districts
        ])  # fmt: skip
        self.counts["seekers"] = len(profiles)
        return profiles

    # --- applications ------------------------------------------------------------------------
    def _times(self, start: datetime, steps: int, limit: datetime) -> list[datetime]:
        """``steps`` increasing times after ``start``, a few days apart, none after ``limit``."""
        out, t = [], start
        for _ in range(steps):
            t = t + timedelta(hours=self.rng.randint(6, 24 * 6))
            out.append(t)
        if out and out[-1] > limit:
            span = max((limit - start).total_seconds(), 60.0)
            factor = span / (out[-1] - start).total_seconds()
            out = [start + (o - start) * factor for o in out]
        return out

    def applications(self, seekers, year_vacancies, current_vacancies, employers) -> None:
        rng = self.rng
        owner = {e.org.pk: e for e in employers}
        referrers = [self.users[CASE_MANAGER], self.users[CASE_MANAGER], self.users[SUPERVISOR]]
        published_2019 = [v for v in year_vacancies if v.status != VacancyStatus.REJECTED]
        live = [v for v in current_vacancies if v.status == VacancyStatus.PUBLISHED]
        by_occupation_2019: dict[str, list[Vacancy]] = defaultdict(list)
        for v in published_2019:
            by_occupation_2019[v.occupation].append(v)
        by_occupation_live: dict[str, list[Vacancy]] = defaultdict(list)
        for v in live:
            by_occupation_live[v.occupation].append(v)
        seekers_2019 = seekers[1:SEEKERS_2019]
        seekers_live = seekers[SEEKERS_2019:] * 3 + seekers[1:SEEKERS_2019]
        priority = [s for s in seekers_2019 if {"disabled", "middle_aged", "new_immigrant", "indigenous"} & set(s._groups)]
        pairs: set[tuple[int, int]] = set()
        hired_count: Counter[int] = Counter()
        hired_seekers: set[int] = set()
        apps: list[Application] = []
        events: list[list[ApplicationEvent]] = []
        last_day = {id(v): min(v.expires_on, YEAR_END) for v in published_2019}

        def choose(pool_by_occ, pool, seeker):
            if rng.random() < 0.75:
                options = [v for o in seeker.desired_occupations for v in pool_by_occ.get(o, ())]
                if options:
                    return rng.choice(options)
            return rng.choice(pool)

        # the demo seeker's own history on today's board
        demo_seeker = seekers[0]
        plan = [(demo_seeker, v, status) for v, status in zip(
            [v for v in live if v.occupation in (Occ.ADMIN, Occ.CUSTOMER_SERVICE)][:4],
            (ApplicationStatus.NEW, ApplicationStatus.INTERVIEW, ApplicationStatus.REFUSED, ApplicationStatus.PROCESSING),
            strict=False,
        )]  # fmt: skip
        for seeker, vacancy, status in plan:
            self._application(seeker, vacancy, status, None, owner, apps, events, live_mode=True)
            pairs.add((id(seeker), id(vacancy)))
        attempts = 0
        while len(apps) < APPLICATIONS_2019 + len(plan) and attempts < APPLICATIONS_2019 * 5:
            attempts += 1
            referral = rng.random() < 0.1
            seeker = rng.choice(priority if referral and rng.random() < 0.7 else seekers_2019)
            vacancy = choose(by_occupation_2019, published_2019, seeker)
            start = max(vacancy.posted_on, seeker._joined)
            if start > last_day[id(vacancy)] or (id(seeker), id(vacancy)) in pairs:
                continue
            pairs.add((id(seeker), id(vacancy)))
            outcome = rng.choices(
                (ApplicationStatus.HIRED, ApplicationStatus.REFUSED, ApplicationStatus.EXPIRED, ApplicationStatus.CANCELLED),
                (20 if referral else 12, 45, 34 if not referral else 20, 8),
            )[0]  # fmt: skip
            if outcome == ApplicationStatus.HIRED and id(seeker) in hired_seekers and rng.random() < 0.7:
                outcome = ApplicationStatus.CANCELLED  # already working: withdraws the application
            if outcome == ApplicationStatus.HIRED:
                if hired_count[id(vacancy)] >= vacancy.openings:
                    outcome = ApplicationStatus.REFUSED
                else:
                    hired_count[id(vacancy)] += 1
                    hired_seekers.add(id(seeker))
            day = start + timedelta(days=rng.randint(0, (last_day[id(vacancy)] - start).days))
            self._application(seeker, vacancy, outcome, rng.choice(referrers) if referral else None, owner, apps,
                              events, created=_at(day, rng.randint(8, 22), rng.randint(0, 59)))  # fmt: skip
        target = len(apps) + APPLICATIONS_CURRENT
        attempts = 0
        while len(apps) < target and attempts < APPLICATIONS_CURRENT * 5:
            attempts += 1
            referral = rng.random() < 0.08
            seeker = rng.choice(seekers_live)
            vacancy = choose(by_occupation_live, live, seeker)
            if (id(seeker), id(vacancy)) in pairs:
                continue
            pairs.add((id(seeker), id(vacancy)))
            status = rng.choices(
                (ApplicationStatus.NEW, ApplicationStatus.PROCESSING, ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED,
                 ApplicationStatus.REFUSED, ApplicationStatus.CANCELLED),
                (40, 20, 15, 6, 13, 6),
            )[0]  # fmt: skip
            if status == ApplicationStatus.HIRED:
                if hired_count[id(vacancy)] >= vacancy.openings:
                    status = ApplicationStatus.INTERVIEW
                else:
                    hired_count[id(vacancy)] += 1
            self._application(seeker, vacancy, status, rng.choice(referrers) if referral else None, owner, apps, events,
                              live_mode=True)  # fmt: skip
        Application.objects.bulk_create(apps, batch_size=500)
        flat = []
        for app, history in zip(apps, events, strict=True):
            for event in history:
                event.application = app
                flat.append(event)
        ApplicationEvent.objects.bulk_create(flat, batch_size=1000)
        self.counts["applications"] = len(apps)
        self.counts["application_events"] = len(flat)
        self._close_filled(published_2019, apps)

    def _application(self, seeker, vacancy, outcome, referrer, owner, apps, events, *, created=None, live_mode=False):
        rng = self.rng
        emp = owner.get(vacancy.employer_id)
        handler = emp.user if emp and emp.user else self.users[CLERK]
        if created is None:
            earliest = max(vacancy.published_at, _at(seeker._joined, 8))
            span = max((self.now - earliest).total_seconds() - 3600, 60)
            created = earliest + timedelta(seconds=rng.randint(0, int(span)))
            if outcome == ApplicationStatus.NEW and (self.now - created).days > 10:
                created = max(earliest, self.now - timedelta(days=rng.randint(0, 10), hours=rng.randint(1, 20)))
        created = max(created, vacancy.published_at + timedelta(minutes=rng.randint(20, 240)))
        if live_mode:
            created = min(created, self.now - timedelta(minutes=30))
        limit = self.now - timedelta(minutes=10) if live_mode else created + timedelta(days=50)
        steps = {
            ApplicationStatus.NEW: [],
            ApplicationStatus.PROCESSING: [ApplicationStatus.PROCESSING],
            ApplicationStatus.INTERVIEW: [ApplicationStatus.PROCESSING, ApplicationStatus.INTERVIEW],
            ApplicationStatus.HIRED: [ApplicationStatus.PROCESSING, ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED],
            ApplicationStatus.REFUSED: rng.choice(([ApplicationStatus.PROCESSING, ApplicationStatus.REFUSED],
                                                   [ApplicationStatus.PROCESSING, ApplicationStatus.INTERVIEW, ApplicationStatus.REFUSED],
                                                   [ApplicationStatus.REFUSED])),
            ApplicationStatus.CANCELLED: rng.choice(([ApplicationStatus.CANCELLED],
                                                     [ApplicationStatus.PROCESSING, ApplicationStatus.CANCELLED])),
            ApplicationStatus.EXPIRED: [],
        }[outcome]  # fmt: skip
        if outcome == ApplicationStatus.HIRED and rng.random() < 0.25:
            steps = [ApplicationStatus.INTERVIEW, ApplicationStatus.HIRED]
        app = Application(
            vacancy=vacancy, seeker=seeker,
            source=ApplicationSource.REFERRAL if referrer else ApplicationSource.SEEKER, referred_by=referrer,
            message=rng.choice(REFERRAL_NOTES) if referrer else rng.choice(SEEKER_MESSAGES),
            status=outcome, created_at=created, last_action_at=created,
        )  # fmt: skip
        history = [ApplicationEvent(at=created, actor=referrer or seeker.user, from_status="",
                                    to_status=ApplicationStatus.NEW, note=app.message if referrer else "")]  # fmt: skip
        previous = ApplicationStatus.NEW
        for status, at in zip(steps, self._times(created, len(steps), limit), strict=True):
            actor = seeker.user if status == ApplicationStatus.CANCELLED else handler
            note = ""
            if status == ApplicationStatus.INTERVIEW:
                app.interview_at = _at(_local_date(at) + timedelta(days=rng.randint(2, 6)), rng.choice((10, 14, 15)))
                note = "已安排面試。"
            elif status == ApplicationStatus.HIRED:
                app.hired_on = _local_date(at)
                note = "錄取，請於報到日攜帶證件報到。"
            elif status == ApplicationStatus.REFUSED:
                app.refusal_reason = rng.choices(
                    [r.value for r in RefusalReason], (30, 25, 15, 8, 10, 5, 5, 2))[0]  # fmt: skip
                app.show_reason_to_seeker = rng.random() < 0.6
                if app.refusal_reason == RefusalReason.OTHER:
                    app.refusal_note = "本次以具夜班經驗者優先。"
            history.append(ApplicationEvent(at=at, actor=actor, from_status=previous, to_status=status, note=note))
            previous = status
            app.last_action_at = at
        if outcome == ApplicationStatus.EXPIRED:  # as the daily job closes it
            expired_at = app.last_action_at + timedelta(days=60, hours=rng.randint(2, 23))
            history.append(ApplicationEvent(at=expired_at, actor=None, from_status=previous,
                                            to_status=ApplicationStatus.EXPIRED, note="60 天未處理，系統自動結案。"))  # fmt: skip
            app.last_action_at = expired_at
        apps.append(app)
        events.append(history)

    def _close_filled(self, vacancies: list[Vacancy], apps: list[Application]) -> None:
        """A 2019 vacancy whose openings were all filled was closed after the last hire; about
        one in five of the others was closed by the employer before it expired (after its last
        application); the rest expired."""
        rng = self.rng
        last_hire: dict[int, datetime] = {}
        last_applied: dict[int, datetime] = {}
        hires: Counter[int] = Counter()
        for app in apps:
            pk = app.vacancy_id
            last_applied[pk] = max(last_applied.get(pk, app.created_at), app.created_at)
            if app.status == ApplicationStatus.HIRED and app.hired_on:
                hires[pk] += 1
                last_hire[pk] = max(last_hire.get(pk, app.last_action_at), app.last_action_at)
        changed = []
        for v in vacancies:
            if v.status == VacancyStatus.REJECTED:
                continue
            if hires[v.pk] >= v.openings:
                v.status, v.closed_at = VacancyStatus.CLOSED, last_hire[v.pk] + timedelta(hours=2)
            elif rng.random() < 0.2:
                after = _local_date(last_applied[v.pk]) if v.pk in last_applied else v.posted_on
                close_on = after + timedelta(days=rng.randint(1, 10))
                if close_on >= v.expires_on:
                    continue
                v.status, v.closed_at = VacancyStatus.CLOSED, _at(close_on, 17)
            else:
                continue
            changed.append(v)
        Vacancy.objects.bulk_update(changed, ["status", "closed_at"], batch_size=500)

    # --- advice ------------------------------------------------------------------------------
    def advice(self, seekers: list[SeekerProfile]) -> None:
        rng = self.rng
        answerers = [self.users[CLERK], self.users[CLERK], self.users[CASE_MANAGER]]
        topics = list(ADVICE)
        weights = [30, 15, 15, 12, 12, 8, 8]
        rows: list[AdviceRequest] = []

        def make(seeker, asked: datetime, mode: str):
            topic = rng.choices(topics, weights)[0]
            question, answer = rng.choice(ADVICE[topic])
            asked_day = _local_date(asked)
            due = self.calendar.add_working_days(asked_day, 3)
            r = AdviceRequest(seeker=seeker, topic=topic, question=question, asked_at=asked, due_on=due,
                              created_at=asked)  # fmt: skip
            if mode in ("on_time", "late"):
                if mode == "on_time":
                    days = self.calendar.working_days(asked_day, due)
                    day = rng.choice(days) if days else due
                else:
                    day = due + timedelta(days=rng.randint(1, 6))
                at = _at(day, rng.randint(9, 17), rng.randint(0, 59))
                if at <= asked:
                    at = asked + timedelta(minutes=rng.randint(20, 180))
                if at >= self.now:
                    at = self.now - timedelta(minutes=rng.randint(5, 60))
                r.status, r.answer, r.answered_at = AdviceStatus.ANSWERED, answer, at
                r.answered_by = rng.choice(answerers)
                r.answered_within_target = _local_date(at) <= due
            elif mode == "withdrawn":
                r.status = AdviceStatus.WITHDRAWN
            rows.append(r)

        pool_2019 = seekers[1:SEEKERS_2019]
        for _ in range(ADVICE_2019):
            seeker = rng.choice(pool_2019)
            day = rng.choice([d for d in self.workdays_2019 if d >= seeker._joined] or [YEAR_END])
            mode = rng.choices(("on_time", "late", "withdrawn"), (86, 12, 2))[0]
            make(seeker, _at(day, rng.randint(8, 22), rng.randint(0, 59)), mode)
        pool_live = seekers[SEEKERS_2019:]
        for _ in range(ADVICE_RECENT):
            seeker = rng.choice(pool_live)
            asked = self.now - timedelta(days=rng.randint(6, 40), hours=rng.randint(0, 12))
            make(seeker, asked, rng.choices(("on_time", "late"), (90, 10))[0])
        for i in range(ADVICE_OPEN):  # the queue today: some due soon, two overdue
            seeker = seekers[0] if i == 0 else rng.choice(pool_live)
            asked = self.now - timedelta(days=(8 if i in (1, 2) else rng.randint(0, 2)), hours=rng.randint(1, 6))
            make(seeker, asked, "open")
        make(seekers[0], self.now - timedelta(days=12), "on_time")
        AdviceRequest.objects.bulk_create(rows, batch_size=500)
        self.counts["advice"] = len(rows)

    # --- saved jobs and searches -------------------------------------------------------------
    def saved(self, seekers: list[SeekerProfile], current: list[Vacancy]) -> None:
        rng = self.rng
        live = [v for v in current if v.status == VacancyStatus.PUBLISHED]
        rows, pairs = [], set()
        for v in [v for v in live if v.occupation in (Occ.ADMIN, Occ.CUSTOMER_SERVICE, Occ.IT)][4:7]:
            rows.append(SavedJob(seeker=seekers[0], vacancy=v, saved_at=self.now - timedelta(days=rng.randint(0, 5))))
            pairs.add((seekers[0].pk, v.pk))
        for _ in range(250):
            s, v = rng.choice(seekers[SEEKERS_2019:]), rng.choice(live)
            if (s.pk, v.pk) in pairs:
                continue
            pairs.add((s.pk, v.pk))
            rows.append(SavedJob(seeker=s, vacancy=v, saved_at=max(v.published_at, self.now - timedelta(days=rng.randint(0, 20)))))
        SavedJob.objects.bulk_create(rows)
        SavedSearch.objects.bulk_create([
            SavedSearch(seeker=seekers[0], name="永康區行政工作", params={"q": "行政", "district": "710"},
                        last_sent_at=self.now - timedelta(days=1)),
            SavedSearch(seeker=seekers[0], name="可遠距的客服", params={"q": "客服", "access": ["flexible_hours"]}),
        ])  # fmt: skip
        self.counts["saved_jobs"] = len(rows)


# --- load / remove --------------------------------------------------------------------------------
def is_loaded() -> bool:
    return EmployerAccount.objects.filter(user__username=EMPLOYER_LOGIN).exists()


def load(users: dict) -> dict[str, int]:
    """Write the dataset (call inside one transaction). Returns counts."""
    builder = _Builder(users)
    employers = builder.employers()
    builder.accounts(employers)
    year, current = builder.vacancies(employers)
    Vacancy.objects.bulk_create([*year, *current], batch_size=500)
    builder.counts["vacancies"] = len(year) + len(current)
    seekers = builder.seekers()
    builder.applications(seekers, year, current, employers)
    builder.advice(seekers)
    builder.saved(seekers, current)
    return dict(builder.counts)


def _demo_users():
    pattern = Q(username__endswith=f"@{DOMAIN}") & (
        Q(username__startswith=SEEKER_PREFIX) | Q(username__startswith=EMPLOYER_PREFIX)
    )
    return get_user_model().objects.filter(pattern)


@transaction.atomic
def remove() -> dict[str, int]:
    """Delete the demo rows; other records are left alone.

    Demo employers that other records refer to are kept.
    """
    users = _demo_users()
    seekers = SeekerProfile.objects.filter(user__in=users)
    postcodes = sorted(District.objects.values_list("postcode", flat=True))
    names = [name for name, _section, _postcode in employer_specs(postcodes)]
    orgs = list(Organization.objects.filter(name__in=names))
    vacancies = Vacancy.objects.filter(employer__in=orgs)
    apps = Application.objects.filter(Q(seeker__in=seekers) | Q(vacancy__in=vacancies))
    counts = {"applications": apps.count()}
    ApplicationEvent.objects.filter(application__in=apps).delete()
    apps.delete()
    counts["advice"] = AdviceRequest.objects.filter(seeker__in=seekers).delete()[1].get("jobs.AdviceRequest", 0)
    counts["vacancies"] = vacancies.delete()[1].get("jobs.Vacancy", 0)
    counts["seekers"] = seekers.count()
    users.delete()
    removed = []
    for org in orgs:
        pk = org.pk
        try:
            with transaction.atomic():
                org.delete()
        except ProtectedError:
            continue
        removed.append(str(pk))
    AuditEntry.objects.filter(object_type=Organization._meta.label_lower, object_id__in=removed).delete()
    counts["organizations"] = len(removed)
    return counts
