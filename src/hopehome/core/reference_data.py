"""Reference rows shipped by data migrations (reference: tainan.md, the seed report)."""

DISTRICTS = [
    ("700", "中西區", "West Central District"), ("701", "東區", "East District"),
    ("702", "南區", "South District"), ("704", "北區", "North District"),
    ("708", "安平區", "Anping District"), ("709", "安南區", "Annan District"),
    ("710", "永康區", "Yongkang District"), ("711", "歸仁區", "Guiren District"),
    ("712", "新化區", "Xinhua District"), ("713", "左鎮區", "Zuozhen District"),
    ("714", "玉井區", "Yujing District"), ("715", "楠西區", "Nanxi District"),
    ("716", "南化區", "Nanhua District"), ("717", "仁德區", "Rende District"),
    ("718", "關廟區", "Guanmiao District"), ("719", "龍崎區", "Longqi District"),
    ("720", "官田區", "Guantian District"), ("721", "麻豆區", "Madou District"),
    ("722", "佳里區", "Jiali District"), ("723", "西港區", "Xigang District"),
    ("724", "七股區", "Qigu District"), ("725", "將軍區", "Jiangjun District"),
    ("726", "學甲區", "Xuejia District"), ("727", "北門區", "Beimen District"),
    ("730", "新營區", "Xinying District"), ("731", "後壁區", "Houbi District"),
    ("732", "白河區", "Baihe District"), ("733", "東山區", "Dongshan District"),
    ("734", "六甲區", "Liujia District"), ("735", "下營區", "Xiaying District"),
    ("736", "柳營區", "Liuying District"), ("737", "鹽水區", "Yanshui District"),
    ("741", "善化區", "Shanhua District"), ("742", "大內區", "Danei District"),
    ("743", "山上區", "Shanshang District"), ("744", "新市區", "Xinshi District"),
    ("745", "安定區", "Anding District"),
]  # fmt: skip

INDUSTRY_SECTIONS = [
    ("A", "農、林、漁、牧業", "Agriculture, forestry, fishing and animal husbandry"),
    ("B", "礦業及土石採取業", "Mining and quarrying"),
    ("C", "製造業", "Manufacturing"),
    ("D", "電力及燃氣供應業", "Electricity and gas supply"),
    ("E", "用水供應及污染整治業", "Water supply and remediation"),
    ("F", "營建工程業", "Construction"),
    ("G", "批發及零售業", "Wholesale and retail trade"),
    ("H", "運輸及倉儲業", "Transportation and storage"),
    ("I", "住宿及餐飲業", "Accommodation and food service"),
    ("J", "出版影音及資通訊業", "Publishing, audiovisual, information and communication"),
    ("K", "金融及保險業", "Financial and insurance activities"),
    ("L", "不動產業", "Real estate activities"),
    ("M", "專業、科學及技術服務業", "Professional, scientific and technical activities"),
    ("N", "支援服務業", "Support service activities"),
    ("O", "公共行政及國防；強制性社會安全", "Public administration and defence; compulsory social security"),
    ("P", "教育業", "Education"),
    ("Q", "醫療保健及社會工作服務業", "Human health and social work activities"),
    ("R", "藝術、娛樂及休閒服務業", "Arts, entertainment and recreation"),
    ("S", "其他服務業", "Other service activities"),
]

TARGET_GROUPS = [
    ("youth", "青年（15–29 歲）", "Youth (15–29)"),
    ("disabled", "身心障礙者", "Persons with disabilities"),
    ("visually_impaired", "視覺障礙者", "Visually impaired persons"),
    ("indigenous", "原住民", "Indigenous peoples"),
    ("new_immigrant", "新住民", "New immigrants"),
    ("middle_aged", "中高齡者（45–64 歲）", "Middle-aged (45–64)"),
    ("low_income", "低收入／中低收入戶", "Low- and lower-middle-income households"),
    ("occupational_injury", "職災勞工", "Workers injured at work"),
    ("migrant_worker", "移工", "Migrant workers"),
    ("foreign_student", "外籍生", "Foreign students"),
]

DIVISIONS = [
    ("employment", "就業促進科", "Employment Promotion Division"),
    ("labor_conditions", "勞動條件科", "Labor Conditions Division"),
    ("safety_welfare", "勞安福利科", "Labor Safety and Welfare Division"),
    ("labor_relations", "勞資關係科", "Labor Relations Division"),
    ("vtc", "職訓就服中心", "Vocational Training and Employment Service Center"),
    ("osh", "職業安全健康處", "Occupational Safety and Health Office"),
    ("director_office", "局本部", "Director's Office"),
]
