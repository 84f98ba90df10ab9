# ruff: noqa: E501  (phrase tables: one Chinese sentence per line reads better than wrapped)
"""Phrase tables for the demo data (`minsheng seed-demo`): the organisation, the categories,
and the Chinese text of grievances, replies and timeline entries.

Templates use `str.format_map` slots filled per case by grievances.demo: {place}, {unit},
{n} and {n2} (people), {amount}, {month}, {months}, {year}, {date}, {years}, {building},
{village}, {dept}, {topic}, {who}. Everything here describes problems and what was done about them, never
people: no template labels a complainant.
"""

from __future__ import annotations

# ---- the organisation -----------------------------------------------------------------------

# (code, parent code, Chinese name, English name, unit type). Unit types steer which
# categories a unit mostly receives and which places its grievances name.
UNITS: list[tuple[str, str, str, str, str]] = [
    ("HQ", "", "集团总部", "Group Headquarters", "office"),
    ("HQ-HR", "HQ", "人力资源部", "Human Resources Department", "office"),
    ("HQ-SS", "HQ", "社会保障中心", "Social Security Centre", "retirees"),
    ("B1", "HQ", "第一分公司", "First Branch", "office"),
    ("B1-W1", "B1", "一车间", "Workshop No. 1", "workshop"),
    ("B1-W2", "B1", "二车间", "Workshop No. 2", "workshop"),
    ("B1-W3", "B1", "三车间", "Workshop No. 3", "workshop"),
    ("B1-OF", "B1", "综合办公室", "General Office", "office"),
    ("B2", "HQ", "第二分公司", "Second Branch", "office"),
    ("B2-MC", "B2", "机加车间", "Machining Workshop", "workshop"),
    ("B2-AS", "B2", "装配车间", "Assembly Workshop", "workshop"),
    ("B2-QA", "B2", "质量检验部", "Quality Inspection Department", "office"),
    ("MN", "HQ", "矿业子公司", "Mining Subsidiary", "office"),
    ("MN-S1", "MN", "一号井", "Shaft No. 1", "mine"),
    ("MN-S1-T1", "MN-S1", "采煤一队", "Coal Face Team 1", "mine"),
    ("MN-S1-T2", "MN-S1", "掘进二队", "Tunnelling Team 2", "mine"),
    ("MN-S2", "MN", "二号井", "Shaft No. 2", "mine"),
    ("MN-S2-T1", "MN-S2", "综采队", "Longwall Team", "mine"),
    ("MN-PL", "MN", "选煤厂", "Coal Preparation Plant", "workshop"),
    ("MN-SE", "MN", "安全环保部", "Safety and Environment Department", "office"),
    ("CN", "HQ", "建设工程子公司", "Construction Subsidiary", "office"),
    ("CN-P1", "CN", "第一项目部", "Project Department No. 1", "project"),
    ("CN-P2", "CN", "第二项目部", "Project Department No. 2", "project"),
    ("CN-LD", "CN", "征迁安置办公室", "Land Acquisition and Resettlement Office", "project"),
    ("SV", "HQ", "物业与社区服务公司", "Property and Community Services Company", "estate"),
    ("SV-RA", "SV", "家属区管理站", "Residential Area Office", "estate"),
    ("SV-RA-N", "SV-RA", "北区服务点", "North Block Service Point", "estate"),
    ("SV-RA-S", "SV-RA", "南区服务点", "South Block Service Point", "estate"),
    ("SV-RT", "SV", "离退休服务站", "Retirees' Service Station", "retirees"),
    ("SV-HT", "SV", "供热供水站", "Heating and Water Station", "estate"),
]

# The workshop of the demo `leader`, `handler` and `clerk`, and the branch of `head`.
DEMO_WORKSHOP = "B1-W3"
DEMO_BRANCH = "B1"

# Fixed demo logins: username → (surname, given name).
DEMO_NAMES: dict[str, tuple[str, str]] = {
    "admin": ("周", "文斌"),
    "chief": ("王", "建国"),
    "head": ("李", "志强"),
    "leader": ("张", "卫东"),
    "handler": ("刘", "晓明"),
    "clerk": ("陈", "静"),
    "auditor": ("赵", "敏"),
}

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严武戴孔汤"
)
GIVEN_NAMES = [
    "伟",
    "芳",
    "娜",
    "秀英",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "明",
    "超",
    "秀兰",
    "霞",
    "平",
    "刚",
    "桂英",
    "建华",
    "建国",
    "志强",
    "海燕",
    "晓明",
    "红梅",
    "玉兰",
    "国庆",
    "卫东",
    "春生",
    "文斌",
    "丽华",
    "淑珍",
    "德胜",
    "永红",
    "小军",
    "建军",
    "秀珍",
    "凤英",
    "立新",
    "振华",
    "爱华",
    "桂兰",
    "宏伟",
    "海波",
    "志刚",
    "玉梅",
    "金凤",
    "长青",
    "树林",
    "保国",
    "翠花",
    "文静",
    "思远",
    "子涵",
    "浩然",
    "雨轩",
    "佳怡",
    "欣怡",
    "俊杰",
    "晓燕",
    "春燕",
    "福生",
    "永刚",
    "秋菊",
    "冬梅",
    "学军",
]

# ---- categories ---------------------------------------------------------------------------

# (code, Chinese, English, [(leaf code, Chinese, English), ...]); a leaf's `topic` in the
# templates is its Chinese name.
CATEGORIES: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    (
        "wages",
        "工资福利",
        "Wages and benefits",
        [
            ("wages-arrears", "工资拖欠", "Wage arrears"),
            ("wages-overtime", "加班费", "Overtime pay"),
            ("wages-bonus", "绩效奖金分配", "Bonus and performance pay"),
            ("wages-welfare", "福利待遇", "Welfare benefits"),
        ],
    ),
    (
        "restructuring",
        "改制与安置",
        "Restructuring and job placement",
        [
            ("restr-placement", "职工安置", "Job placement"),
            ("restr-severance", "经济补偿", "Severance pay"),
            ("restr-contract", "劳动合同", "Employment contracts"),
        ],
    ),
    (
        "social",
        "养老与社会保险",
        "Pensions and social insurance",
        [
            ("social-pension", "养老金待遇", "Pension entitlements"),
            ("social-contrib", "社保缴纳", "Social insurance contributions"),
            ("social-medical", "医疗保险报销", "Medical insurance claims"),
            ("social-injury", "工伤待遇", "Work-injury benefits"),
        ],
    ),
    (
        "housing",
        "住房",
        "Housing",
        [
            ("housing-allocation", "住房分配", "Housing allocation"),
            ("housing-repair", "房屋维修", "Housing repairs"),
            ("housing-fund", "住房公积金", "Housing provident fund"),
        ],
    ),
    (
        "land",
        "土地与征收拆迁",
        "Land and demolition",
        [
            ("land-compensation", "征地补偿", "Land acquisition compensation"),
            ("land-resettlement", "拆迁安置", "Demolition and resettlement"),
        ],
    ),
    (
        "environment",
        "生态环境",
        "Environment",
        [
            ("env-noise", "噪声扰民", "Noise"),
            ("env-dust", "粉尘与废气", "Dust and fumes"),
            ("env-water", "废水排放", "Waste water"),
        ],
    ),
    (
        "services",
        "公共服务",
        "Public services",
        [
            ("svc-heating", "供暖供水", "Heating and water supply"),
            ("svc-property", "物业管理", "Property management"),
            ("svc-medical", "就医服务", "Medical services"),
            ("svc-school", "子女入学", "Children's schooling"),
        ],
    ),
    (
        "conduct",
        "干部作风",
        "Conduct of officials",
        [
            ("conduct-attitude", "工作作风", "Working attitude"),
            ("conduct-integrity", "廉洁问题", "Integrity"),
        ],
    ),
    (
        "legal",
        "涉法涉诉",
        "Legal and litigation-related",
        [
            ("legal-litigation", "涉诉事项", "Matters before a court"),
            ("legal-arbitration", "劳动仲裁", "Labour arbitration"),
        ],
    ),
    (
        "suggestions",
        "意见建议",
        "Suggestions",
        [
            ("suggest-management", "经营管理建议", "Management"),
            ("suggest-safety", "安全生产建议", "Workplace safety"),
            ("suggest-services", "便民服务建议", "Services for residents"),
        ],
    ),
]

# Leaf codes whose grievances are litigation-related, suggestions, or mostly reports of
# wrongdoing (the rest are complaints, some of them requests for help).
LITIGATION_LEAVES = ("legal-litigation", "legal-arbitration")
SUGGESTION_LEAVES = ("suggest-management", "suggest-safety", "suggest-services")
WRONGDOING_LEAVES = ("conduct-integrity",)
HELP_LEAVES = ("social-medical", "social-injury", "housing-repair", "svc-medical", "wages-welfare")

# Share of grievances per top-level category, and a multiplier per unit type.
CATEGORY_WEIGHTS: dict[str, float] = {
    "wages": 22,
    "restructuring": 9,
    "social": 15,
    "housing": 11,
    "land": 6,
    "environment": 7,
    "services": 12,
    "conduct": 5,
    "legal": 5,
    "suggestions": 8,
}
UNIT_AFFINITY: dict[str, dict[str, float]] = {
    "workshop": {"wages": 2.0, "restructuring": 1.5, "environment": 1.2, "land": 0.1},
    "mine": {"wages": 1.8, "social": 1.3, "environment": 1.8, "land": 0.3},
    "project": {"land": 6.0, "environment": 1.5, "wages": 1.2, "housing": 0.5},
    "estate": {"housing": 3.0, "services": 3.0, "wages": 0.2, "restructuring": 0.2},
    "retirees": {"social": 4.0, "services": 1.5, "wages": 0.3, "restructuring": 0.5},
    "office": {"conduct": 2.0, "restructuring": 1.5, "legal": 1.5, "suggestions": 1.5},
}

# ---- places -------------------------------------------------------------------------------

PLACES: dict[str, list[str]] = {
    "workshop": [
        "{unit}",
        "{unit}甲班",
        "{unit}乙班",
        "{unit}维修班",
        "{unit}倒班宿舍",
        "{unit}职工更衣室",
        "厂区东门",
        "{unit}生产线",
    ],
    "mine": [
        "{unit}",
        "{unit}井口浴室",
        "{unit}职工食堂",
        "{unit}矸石山附近",
        "{unit}调度室",
        "{unit}单身公寓",
    ],
    "project": ["{unit}施工现场", "{unit}工棚", "{village}", "{village}安置点", "{unit}搅拌站"],
    "estate": [
        "家属区{building}",
        "北区{building}",
        "南区{building}",
        "南区锅炉房",
        "家属区菜市场",
        "老旧小区{building}",
    ],
    "retirees": ["离退休活动中心", "家属区{building}", "职工医院", "{unit}"],
    "office": ["{unit}", "集团机关", "职工服务大厅", "{unit}办公楼"],
    # for land acquisition and resettlement, wherever the case is handled
    "land": ["{village}", "{village}安置点", "{village}{building}"],
}
# Housing and public-service grievances name a place where people live, not the shop floor.
RESIDENTIAL_PREFIXES = ("housing", "svc")
VILLAGES = ["王家庄", "李家湾", "河西村", "东关村", "柳树沟", "前营村", "石桥村", "南沙河村"]
DEPARTMENTS = [
    "当地人力资源和社会保障局",
    "住房和城乡建设局",
    "生态环境局",
    "街道办事处",
    "医疗保障局",
    "教育局",
]

# ---- grievance text -----------------------------------------------------------------------

# Per leaf, themes: (subject, description, facts found, decision), aligned so that a reply
# answers the grievance it replies to. {who} is "我" or "我们N名职工" (or 户居民, 户村民).
Theme = tuple[str, str, str, str]

THEMES: dict[str, list[Theme]] = {
    "wages-arrears": [
        (
            "{place}{month}工资至今未发放",
            "{who}在{place}上班，{month}的工资到现在还没有发，车间只说公司资金紧张，没有给出具体发放时间。",
            "经核查，{place}{month}工资因资金调度延迟未按期发放，涉及{n}人，金额{amount}。",
            "公司已于{date}前将拖欠工资全部补发到个人账户，并责成{unit}建立工资按月发放台账。",
        ),
        (
            "{place}连续{months}只发生活费",
            "{place}已经连续{months}没有足额发放工资，每月只发生活费一千元，家里老人看病、孩子上学都等着用钱。",
            "经核查，{place}自{month}起按生活费标准发放工资，未经职代会讨论，累计欠发{amount}。",
            "欠发部分分两次补齐，第一次已于{date}发放；今后如遇经营困难调整工资，须经职代会审议。",
        ),
        (
            "{place}劳务派遣人员工资被拖欠",
            "{who}是通过劳务公司派到{place}的，劳务公司说公司没有结算，公司又说钱已经付给劳务公司，互相推诿，共欠{amount}。",
            "经与财务部、劳务公司核对，劳务费已于{date}拨付，劳务公司未及时转发工资。",
            "责成劳务公司在十日内足额发放，逾期由公司从应付劳务费中直接代发。",
        ),
    ],
    "wages-overtime": [
        (
            "{place}加班费计算基数偏低",
            "{who}在{place}工作，{month}连续加班，加班费按基本工资而不是岗位工资计算，比应得的少了不少。",
            "经调取{place}{month}考勤记录和工资表，加班费计算基数与公司薪酬制度不一致，少发{amount}。",
            "按岗位工资重新核算，差额于下月随工资补发，并在{unit}公示加班费计算办法。",
        ),
        (
            "国庆假期值班加班费未按三倍发放",
            "国庆假期{place}安排值班生产，按规定应支付三倍工资，但到现在只发了普通加班费。",
            "经核查，{place}国庆期间值班{n}人，法定节假日加班工资按平日标准计发。",
            "补发法定节假日加班工资差额共{amount}，已于{date}到账。",
        ),
        (
            "{place}夜班时长统计不准",
            "{place}的考勤系统经常漏记夜班时长，{who}每月少算十几个小时，找班组长反映没有结果。",
            "经核查，考勤系统在{date}前存在夜班跨日漏记问题，影响{n}人。",
            "已修正考勤系统并补算漏记工时，差额随下月工资发放。",
        ),
    ],
    "wages-bonus": [
        (
            "{place}年度绩效奖金分配不公开",
            "{place}今年的绩效奖金分配方案没有公示，{who}发现同岗位人员奖金相差{amount}，不知道依据是什么。",
            "经核查，{place}奖金分配方案经班子会研究，但未按规定在职工中公示。",
            "{unit}已将奖金分配方案和考核细则在厂务公开栏公示七天，收集意见后修订。",
        ),
        (
            "一线与机关奖金差距过大",
            "一线职工辛苦一年，奖金只有机关管理人员的一半，{who}认为分配向一线倾斜的政策没有落实。",
            "经比对，{year}年度{place}一线岗位人均奖金低于机关管理岗位，与分配向一线倾斜的要求不符。",
            "下一年度起一线岗位奖金系数上调，分配方案提交职代会审议后执行。",
        ),
        (
            "对{place}年度考核结果有异议",
            "{who}的年度考核被评为基本称职，但全年没有差错记录，考核过程没有听取本人意见。",
            "考核评分表显示，扣分依据为{month}一次设备巡检记录缺失，该记录事后已补齐。",
            "撤销原考核结果，按补齐后的记录重新评定，并补发差额{amount}。",
        ),
    ],
    "wages-welfare": [
        (
            "{place}防暑降温费未发放",
            "今年夏天{place}室温超过三十五度，防暑降温费到现在还没有发放，劳保用品也不够。",
            "经核实，{place}防暑降温费因预算调整延后发放，涉及{n}人。",
            "防暑降温费已于{date}补发，劳保用品当周配齐；下一年度预算单列。",
        ),
        (
            "{place}粉尘岗位未安排职业健康检查",
            "今年{place}的职工体检取消了几个项目，长期接触粉尘的岗位也没有安排职业病检查。",
            "职业健康检查项目由安全环保部统一确定，{place}粉尘岗位确未纳入。",
            "{month}内为接触粉尘岗位的{n}名职工补做职业健康检查，结果书面告知本人。",
        ),
        (
            "困难职工节日慰问评定标准不清",
            "{who}家里有重病患者，生活困难，春节慰问名单上没有我们，不知道评定标准是什么。",
            "经核查，慰问名单以去年困难职工档案为基础，未进行动态更新。",
            "已将信访人家庭纳入困难职工帮扶档案并补发慰问金，今后慰问名单公示后发放。",
        ),
    ],
    "restr-placement": [
        (
            "{place}关停后待岗人员安置未落实",
            "{place}去年关停，{who}被安排待岗，每月只拿基本生活费，当时承诺的转岗安置一直没有落实。",
            "经核查，{place}关停安置方案经职代会通过，{n}名待岗人员中已安置{n2}人。",
            "{month}前为剩余待岗人员提供转岗培训和至少两个岗位选择，培训期间按岗位工资的八成发放。",
        ),
        (
            "分流人员竞聘新岗位受年龄限制",
            "改制时说好分流人员可以优先竞聘新岗位，但新项目招聘时{who}连报名资格都没有。",
            "新项目招聘条件中的年龄限制与改制安置方案不一致。",
            "取消针对分流人员的年龄限制，重新组织报名，分流人员同等条件下优先录用。",
        ),
        (
            "{place}撤并后异地上班困难",
            "{place}撤并后要到六十公里外的新厂区上班，没有班车，年龄大的职工很难适应。",
            "经了解，{place}撤并后需异地上班的职工{n}人，其中五十岁以上{n2}人。",
            "自下月起开通早晚班车，并在安置期内发放交通补贴。",
        ),
    ],
    "restr-severance": [
        (
            "解除劳动合同经济补偿工龄少算",
            "{who}在企业工作了{years}，协商解除劳动合同时经济补偿只按十二年计算，前面的工龄没有认定。",
            "经调阅人事档案，信访人{year}年至今工龄连续，原计算遗漏了调入前的工龄。",
            "按认定后的工龄重新计算经济补偿，补发差额{amount}。",
        ),
        (
            "同批解除合同人员补偿标准不一",
            "同一批解除合同的人员，{place}和机关的补偿标准不一样，{who}认为不公平。",
            "经核查，{place}补偿计算未计入年终奖，与机关口径不一致。",
            "统一按包含年终奖的月平均工资计算补偿，补发差额。",
        ),
        (
            "协商解除后补偿金逾期未付",
            "解除协议约定三十日内支付补偿金{amount}，现在已经过了两个月还没有到账。",
            "补偿金因审批流程延误，未按协议时间支付。",
            "补偿金已于{date}支付，并按协议支付逾期利息。",
        ),
    ],
    "restr-contract": [
        (
            "{place}劳动合同到期未续签",
            "{who}的劳动合同{month}到期，单位既没有续签也没有通知终止，现在身份不明确。",
            "经核查，{place}有{n}份劳动合同到期未及时办理续签手续。",
            "已与相关人员补签劳动合同，合同期限自原合同到期次日起算。",
        ),
        (
            "劳务派遣转正承诺未兑现",
            "{who}在{place}做了{years}派遣工，一直说有转正名额，但每年都没有下文。",
            "派遣人员转正需符合公司年度用工计划，{year}年以来计划未下达。",
            "将符合条件的派遣人员纳入下一年度转正计划，并公示转正条件。",
        ),
        (
            "{place}合同岗位与实际工作不符",
            "合同上写的是操作工，{who}实际一直在{place}做高空维修，工资却按操作工发。",
            "经核实，信访人自{year}年起实际从事维修岗位工作。",
            "变更劳动合同岗位，按维修岗位工资标准执行并补发差额。",
        ),
    ],
    "social-pension": [
        (
            "退休金核定偏低",
            "{who}{month}退休，养老金核定比同期退休的同事低了几百元，怀疑视同缴费年限没有算进去。",
            "经核查档案，信访人{year}年以前的视同缴费年限未录入系统。",
            "社会保障中心已协助补录视同缴费年限，养老金重新核定后补发差额。",
        ),
        (
            "{place}退休人员养老金调整未落实",
            "今年养老金调整文件已经下发，{place}的退休人员到现在还没有按新标准领取。",
            "养老金调整数据已于{date}报送，因数据校验退回一次，延误了发放。",
            "调整后的养老金自下月起发放，并补发自一月起的差额。",
        ),
        (
            "企业年金领取手续办理缓慢",
            "{who}退休半年了，企业年金还没有开始领取，每次去问都说在走流程。",
            "经核查，企业年金待遇申请因缺少退休审批表复印件被搁置，未告知本人。",
            "已代为调取材料完成申请，年金自{date}起按月发放。",
        ),
    ],
    "social-contrib": [
        (
            "{place}社保断缴{months}",
            "{who}查询个人社保记录，发现{month}起单位一直没有缴纳，影响看病报销和以后退休。",
            "经核实，{place}因账户变更导致{month}至今社保未正常缴纳，涉及{n}人。",
            "已补缴断缴期间全部社会保险费，个人权益记录连续。",
        ),
        (
            "社保缴费基数低于实际工资",
            "{who}每月实际收入五千多元，但社保一直按最低基数缴纳。",
            "缴费基数申报沿用了上一年度最低标准，与实际工资不符。",
            "自下月起按上年度月平均工资申报缴费基数，并补缴差额。",
        ),
        (
            "{place}劳务人员未参加工伤保险",
            "{place}的劳务人员在一线作业，没有参加工伤保险，出了事没有保障。",
            "经核查，{place}劳务单位为{n}名人员中的{n2}人办理了工伤保险。",
            "责令劳务单位五日内为全部人员办理工伤保险，未办理的不得上岗。",
        ),
    ],
    "social-medical": [
        (
            "补充医疗保险报销三个月无结果",
            "{who}家属患病住院花了{amount}，补充医疗保险报销材料交上去三个月还没有结果。",
            "经查，报销材料因缺少出院小结未能审核，经办人员未及时告知。",
            "已电话告知补充材料，报销款已于{date}到账；今后一次性告知需补正的材料。",
        ),
        (
            "慢性病门诊待遇申请未批",
            "{who}需要长期服药，申请了慢性病门诊待遇，一直没有批下来。",
            "慢性病认定需专家评审，{month}评审已通过，结果未及时录入。",
            "慢性病门诊待遇自{date}起生效。",
        ),
        (
            "异地就医备案办理难",
            "{who}退休后随子女异地居住，异地就医备案要回原单位开证明，来回很不方便。",
            "经核实，异地就医备案已可线上办理，经办窗口仍要求纸质证明。",
            "取消纸质证明要求，已协助信访人线上完成备案。",
        ),
    ],
    "social-injury": [
        (
            "{place}工伤认定申请未办理",
            "{who}{month}在{place}作业时受伤，单位一直没有申请工伤认定，医药费都是自己垫付的。",
            "经核实，{place}未在规定时限内提出工伤认定申请。",
            "{unit}已协助提交工伤认定申请，垫付医疗费{amount}由单位先行支付。",
        ),
        (
            "停工留薪期工资只发一半",
            "{who}被认定为工伤，停工留薪期的工资只发了一半。",
            "停工留薪期工资按岗位工资的一半发放，与规定不符。",
            "补发停工留薪期工资差额{amount}，后续待遇由社会保障中心专人跟进。",
        ),
        (
            "尘肺病诊断后待遇无人办理",
            "{who}在{place}工作{years}后被诊断为尘肺病，后续治疗和待遇不知道找谁办理。",
            "经核查，信访人职业病诊断已于{date}作出，单位未启动工伤认定。",
            "已申请工伤认定并指定专人办理后续待遇，治疗费用按工伤保险规定报销。",
        ),
    ],
    "housing-allocation": [
        (
            "周转房分配名单未公示",
            "今年周转房分配名单没有公示，{who}排队三年，比我晚来的人却先分到了。",
            "经核查，周转房分配按积分排序，但积分结果未按规定公示。",
            "重新公示积分排序七天，无异议后再行分配。",
        ),
        (
            "{place}集资房产权证迟迟未办",
            "{place}集资房{year}年交的钱，到现在产权证还没有办下来，孩子上学落户受影响。",
            "集资房产权证因土地手续遗留问题未办理，涉及{n}户。",
            "已成立专班与不动产登记部门对接，计划于{month}前分批办证，进度每月公告。",
        ),
        (
            "人才公寓入住条件不合理",
            "人才公寓只给大学生，{who}在企业干了{years}的技术骨干反而没有资格。",
            "人才公寓入住条件仅列学历，未包括技能人才。",
            "修订入住条件，高级工以上技能人才可以申请。",
        ),
    ],
    "housing-repair": [
        (
            "{place}屋顶漏水多年未修",
            "{place}顶层每到下雨就漏水，{who}家里墙面发霉，找物业报修了好几次都说要等维修资金。",
            "经现场查看，{place}屋面防水层老化，涉及{n}户。",
            "已安排维修队于{date}完成屋面防水翻新。",
        ),
        (
            "安置房墙体开裂渗水",
            "安置房入住不到三年，{place}墙体多处开裂，雨天往屋里渗水。",
            "经检测，墙体开裂系保温层施工质量问题，属保修范围。",
            "责成施工单位在保修期内返修，费用由施工单位承担。",
        ),
        (
            "{place}下水管道堵塞返水",
            "{place}下水管道经常堵塞，污水从一楼地漏返出来，天热臭味很大。",
            "经疏通检查，{place}主排水管道老化变形。",
            "更换主排水管道，工程已于{date}完工。",
        ),
    ],
    "housing-fund": [
        (
            "{place}住房公积金漏缴",
            "{who}发现单位{month}起没有缴存住房公积金，买房贷款受影响。",
            "经核实，{place}因人员信息变更漏缴公积金{months}，涉及{n}人。",
            "已补缴全部漏缴的公积金。",
        ),
        (
            "住房公积金缴存比例不统一",
            "同一家公司，{place}的公积金缴存比例只有百分之五，其他单位是百分之十二。",
            "缴存比例由各单位自定，{place}执行下限。",
            "自新年度起统一按百分之十二缴存。",
        ),
        (
            "离职后公积金转移未办理",
            "{who}离职半年，公积金账户还没有转出。",
            "转移手续因新单位信息填写错误被退回，未告知本人。",
            "已重新提交转移申请，于{date}办结。",
        ),
    ],
    "land-compensation": [
        (
            "{place}征地补偿款未分配到户",
            "项目征用{place}耕地{n}亩，补偿款到村里以后迟迟没有分到户，村民意见很大。",
            "经核查，项目已于{date}将补偿款{amount}足额拨付至村集体账户。",
            "已协调乡镇督促村集体公示分配方案，十五日内分配到户。",
        ),
        (
            "{place}果树按青苗标准补偿",
            "{place}征地时地里的果树按一般青苗标准补偿，{who}认为不合理。",
            "果树按青苗标准补偿，与地方补偿标准中经济林木的规定不符。",
            "委托评估机构对果树重新评估，按评估结果补足差额。",
        ),
        (
            "被征地农民社会保障未落实",
            "征地协议里说被征地农民纳入社会保障，到现在还没有办理。",
            "被征地农民社保资金已预存，但参保登记未办理，涉及{n}人。",
            "已会同人社部门于{month}完成参保登记。",
        ),
    ],
    "land-resettlement": [
        (
            "{place}拆迁过渡费停发",
            "{place}拆迁时承诺两年内交付安置房，现在已经过了{months}，过渡费还停发了。",
            "经核查，安置房项目因规划调整延期，过渡费自{month}起停发不符合协议约定。",
            "自停发之月起补发过渡费，并按协议发放至交房之日。",
        ),
        (
            "附属房未计入拆迁面积",
            "{who}家的房屋有合法手续的附属房没有计入拆迁面积。",
            "附属房有{year}年建房审批手续，应计入补偿面积。",
            "重新测量并补偿附属房面积。",
        ),
        (
            "安置房选房顺序不公开",
            "安置房选房顺序没有公开，{who}是第一批签约的，却排在后面。",
            "选房顺序按抽签确定，但抽签规则和结果未公示。",
            "选房顺序改按签约先后确定，并张榜公示。",
        ),
    ],
    "env-noise": [
        (
            "{place}夜间施工噪声扰民",
            "{place}最近一直夜间施工到凌晨两三点，家属区的老人孩子根本没法休息。",
            "经核查，夜间施工未办理夜间作业许可。",
            "已责令晚十点后停止高噪声作业，确需连续作业的办理许可并提前公告。",
        ),
        (
            "{place}风机噪声影响居民休息",
            "{place}新装的风机昼夜运转，离家属区只有一百多米，噪声很大。",
            "经夜间监测，{place}厂界噪声超过标准限值。",
            "风机加装消声器和隔声屏障，复测达标后公示结果。",
        ),
        (
            "运输车辆夜间经过家属区",
            "运煤货车夜里从家属区门口经过，鸣笛、刹车声不断。",
            "经查，夜间运输车辆为缩短路程绕行家属区道路。",
            "调整运输路线，夜间禁止货车驶入家属区道路。",
        ),
    ],
    "env-dust": [
        (
            "{place}煤堆未苫盖扬尘严重",
            "{place}的煤堆没有苫盖，一起风家属区窗台上全是黑灰。",
            "经现场检查，{place}堆场防尘网破损，喷淋设施停用。",
            "已更换防尘网、恢复喷淋，{month}前完成封闭料棚建设。",
        ),
        (
            "{place}夜间有刺鼻气味",
            "{place}最近经常有刺鼻气味，特别是晚上，居民担心影响健康。",
            "委托第三方检测，夜间废气处理设施未正常运行。",
            "恢复废气处理设施运行并加装在线监测，检测结果在家属区公示。",
        ),
        (
            "{place}运输道路扬尘",
            "{place}运输道路没有洒水，车一过尘土飞扬。",
            "经查，洒水车辆故障停用两周，未安排替代措施。",
            "洒水车已修复，每日定时洒水四次，并硬化道路三百米。",
        ),
    ],
    "env-water": [
        (
            "{place}废水排入河道",
            "{place}的废水直接排到旁边的小河里，河水发黑，下游村民灌溉受影响。",
            "经检查，{place}雨水管道接入了部分生产废水。",
            "已封堵混接管道，生产废水全部进入处理站，并对河道进行清淤。",
        ),
        (
            "{place}附近水井水质变差",
            "{place}附近几户的水井水有异味，{who}怀疑与厂里排水有关。",
            "井水检测结果符合标准，异味系井体长期未清理。",
            "协助居民清理水井，并免费提供一次水质复检。",
        ),
    ],
    "svc-heating": [
        (
            "{place}暖气不热",
            "{place}入冬以来室温只有十二三度，家里有老人孩子，找供热站说管道老化。",
            "经测温，{place}{n}户室温低于十八度，原因是支管堵塞。",
            "已清洗支管并加装循环泵，复测室温达标。",
        ),
        (
            "{place}停水无通知",
            "{place}经常停水，事先不通知，{date}停了一整天。",
            "停水系主管道抢修，未按规定提前公告。",
            "建立停水提前二十四小时公告制度，抢修停水通过楼栋群和公告栏即时告知。",
        ),
        (
            "供暖费上涨依据不清",
            "今年供暖费上涨，{who}不知道依据是什么。",
            "供暖费调整依据当地价格主管部门文件，但未向居民公开说明。",
            "在各楼栋公示收费依据和标准，困难家庭可申请减免。",
        ),
    ],
    "svc-property": [
        (
            "{place}垃圾清运不及时",
            "{place}的垃圾好几天没人清运，夏天气味很大，物业费却照收。",
            "经检查，{place}保洁人员减员，清运频次不足。",
            "责成物业补足保洁人员，每日清运，并按月公示物业费收支。",
        ),
        (
            "{place}电梯经常故障",
            "{place}电梯一个月坏了四次，有一次困了人，维保单位半小时才到。",
            "电梯维保记录不全，部分部件老化。",
            "更换老化部件，维保单位按月公示维保记录。",
        ),
    ],
    "svc-medical": [
        (
            "职工医院专家号难挂",
            "职工医院专家号很难挂，{who}连续几天早上六点去排队都没挂上。",
            "经核查，职工医院专家号源有三成被预留，未对外公布。",
            "预留号源全部放开，开通电话预约。",
        ),
        (
            "{place}卫生所取消夜间值班",
            "{place}卫生所晚上不再值班，家属区老人夜里不舒服只能去二十公里外的医院。",
            "卫生所因人员不足取消了夜间值班。",
            "与市医院签订协议，每晚派驻一名医生值班。",
        ),
    ],
    "svc-school": [
        (
            "{place}子弟学校撤并后上学远",
            "{place}子弟学校撤并后，孩子要到八公里外上学，没有校车。",
            "经了解，{place}有{n}名学生受撤并影响。",
            "已协调教育部门开通早晚校车。",
        ),
        (
            "外地职工子女入学证明无人出具",
            "{who}是外地来的职工，孩子入学需要单位开具工作证明，人事部门说不管。",
            "人事部门对入学证明的出具职责不清。",
            "明确由人力资源部统一出具入学用工作证明，当日办结。",
        ),
    ],
    "conduct-attitude": [
        (
            "{place}办事推诿不一次告知",
            "{who}到{place}办理退休手续，跑了五趟，每次都说缺材料，但从来不一次说清楚。",
            "经调查，{place}未执行一次性告知制度。",
            "已对相关人员批评教育，{place}公开办事指南和一次性告知清单。",
        ),
        (
            "{place}窗口服务态度差",
            "{place}窗口工作人员态度生硬，{who}问了两句就不耐烦。",
            "调取窗口录像，工作人员存在语言不规范问题。",
            "开展窗口服务规范培训，设置服务评价器。",
        ),
    ],
    "conduct-integrity": [
        (
            "{place}劳保用品采购价格偏高",
            "{place}的劳保用品采购价格明显高于市场价，质量却很差。",
            "经纪检部门调查，{place}劳保用品采购未执行比价程序。",
            "已责令重新组织公开采购，相关问题移交纪检部门依规处理。",
        ),
        (
            "{place}招聘过程不公开",
            "{place}今年招聘没有公开报名，录用人员名单也没有公示。",
            "招聘信息仅在内部发布，未按规定公开。",
            "重新公开招聘并公示结果。",
        ),
        (
            "{place}公务车辆管理不规范",
            "{place}的公务车辆经常在周末出现在景区。",
            "经核查车辆使用记录，存在节假日用车未审批的情况。",
            "已对相关人员批评教育，公务车辆节假日一律封存。",
        ),
    ],
    "legal-litigation": [
        (
            "不服劳动争议一审判决",
            "{who}与单位的劳动争议一审已经判决，对判决结果不服，请求公司领导出面解决。",
            "-",
            "-",
        ),
        (
            "合同纠纷已起诉，要求单位直接补偿",
            "{who}的合同纠纷已经在法院立案，希望单位直接给予补偿。",
            "-",
            "-",
        ),
    ],
    "legal-arbitration": [
        (
            "劳动仲裁裁决未履行",
            "{who}的劳动仲裁已经裁决，单位应支付{amount}，但到现在还没有履行。",
            "-",
            "-",
        ),
        ("不服劳动仲裁裁决", "对仲裁委员会的裁决结果不服，{who}认为事实认定有误。", "-", "-"),
    ],
    "suggest-management": [
        (
            "关于{place}设备维修外包的建议",
            "{place}的设备维修全部外包，响应慢、费用高，{who}建议培养自己的维修队伍。",
            "经研究，建议内容符合{unit}降本增效要求。",
            "采纳建议，{month}起组建内部维修班组。",
        ),
        (
            "关于改进职工食堂的建议",
            "职工食堂饭菜品种单一，建议引入职工评价，每月调整菜谱。",
            "已对食堂满意度开展问卷调查，回收{n}份。",
            "食堂每月公示菜谱并设置意见箱。",
        ),
    ],
    "suggest-safety": [
        (
            "关于{place}安全通道管理的建议",
            "{place}的安全通道被物料占用，{who}建议划线管理并每日检查。",
            "经现场核查，{place}安全通道确有占用现象。",
            "已完成通道清理和划线，纳入日常安全检查。",
        ),
        (
            "关于加强外包队伍安全培训的建议",
            "外包队伍人员流动快，建议入场前统一安全培训并考核。",
            "外包人员入场培训记录不完整。",
            "外包人员未经培训考核一律不得入场。",
        ),
    ],
    "suggest-services": [
        (
            "建议在{place}集中安装充电桩",
            "家属区电动车越来越多，私拉电线充电很危险，建议在{place}集中安装充电桩。",
            "经摸底，{place}有电动车约{n}辆。",
            "已在{place}安装集中充电桩二十个。",
        ),
        (
            "建议开设老年食堂",
            "{place}附近独居老人多，做饭不方便，建议开设老年食堂。",
            "离退休服务站调查显示{n}名老人有就餐需求。",
            "老年食堂于{month}试运行。",
        ),
    ],
}

# Per leaf: what the person asks for, the reasons and the policies a reply cites.
POOLS: dict[str, dict[str, list[str]]] = {
    "wages-arrears": {
        "asks": ["请求尽快补发拖欠的工资。", "希望公司给个明确的发放时间。"],
        "reasons": ["用人单位应当按时足额支付劳动报酬，不得克扣或者无故拖欠。"],
        "policies": [
            "《保障农民工工资支付条例》第三条、第三十条",
            "《工资支付暂行规定》第七条、第十八条",
        ],
    },
    "wages-overtime": {
        "asks": ["请求按规定重新核算并补发加班费。", "希望公开加班费的计算办法。"],
        "reasons": [
            "安排劳动者延长工作时间或在法定休假日工作的，应当支付高于正常工作时间工资的报酬。"
        ],
        "policies": ["《中华人民共和国劳动法》第四十四条", "公司《薪酬管理办法》第十二条"],
    },
    "wages-bonus": {
        "asks": ["请求公开分配方案和考核结果。", "希望重新核定。"],
        "reasons": ["涉及职工切身利益的分配事项应当实行厂务公开，听取职工意见。"],
        "policies": ["《企业民主管理规定》第十七条", "公司《绩效考核管理办法》"],
    },
    "wages-welfare": {
        "asks": ["请求按标准落实并说明原因。", "希望尽快解决。"],
        "reasons": ["用人单位应当落实职工福利和职业健康保护的各项规定。"],
        "policies": [
            "《防暑降温措施管理办法》第十七条",
            "《中华人民共和国职业病防治法》第三十五条",
        ],
    },
    "restr-placement": {
        "asks": ["请求按安置方案落实。", "希望给出明确的解决办法。"],
        "reasons": ["企业改制安置方案经职工代表大会审议通过后，应当严格执行。"],
        "policies": ["公司《改制职工安置方案》第五条"],
    },
    "restr-severance": {
        "asks": ["请求重新核定并补足补偿。", "请求尽快支付。"],
        "reasons": ["经济补偿按劳动者在本单位工作的年限，每满一年支付一个月工资的标准支付。"],
        "policies": ["《中华人民共和国劳动合同法》第四十七条", "《劳动合同法实施条例》第十条"],
    },
    "restr-contract": {
        "asks": ["请求依法处理。", "希望明确条件和时间。"],
        "reasons": ["用人单位与劳动者应当订立并履行书面劳动合同。"],
        "policies": ["《中华人民共和国劳动合同法》第十四条、第八十二条", "《劳务派遣暂行规定》"],
    },
    "social-pension": {
        "asks": ["请求重新核定。", "请求协助办理。"],
        "reasons": ["国家规定的视同缴费年限与实际缴费年限合并计算，待遇应当按时足额发放。"],
        "policies": ["《中华人民共和国社会保险法》第十五条"],
    },
    "social-contrib": {
        "asks": ["请求依法补缴。", "请求按规定办理。"],
        "reasons": ["用人单位应当自行申报、按时足额缴纳社会保险费。"],
        "policies": ["《中华人民共和国社会保险法》第五十八条、第六十条", "《工伤保险条例》第二条"],
    },
    "social-medical": {
        "asks": ["请求尽快办理。", "希望简化手续。"],
        "reasons": ["医疗保障经办机构应当一次性告知需补正的材料。"],
        "policies": ["《医疗保障基金使用监督管理条例》", "公司《补充医疗保险实施细则》"],
    },
    "social-injury": {
        "asks": ["请求依法落实工伤待遇。", "请求单位先行支付医疗费用。"],
        "reasons": ["职工发生事故伤害，所在单位应当自事故伤害发生之日起三十日内提出工伤认定申请。"],
        "policies": ["《工伤保险条例》第十七条、第三十三条", "《中华人民共和国职业病防治法》"],
    },
    "housing-allocation": {
        "asks": ["请求公开规则和结果。", "请求尽快办理。"],
        "reasons": ["涉及职工切身利益的分配事项应当公开、公平、公正。"],
        "policies": ["公司《职工周转住房管理办法》", "《不动产登记暂行条例》"],
    },
    "housing-repair": {
        "asks": ["请求尽快维修。", "希望明确维修责任和时间。"],
        "reasons": ["房屋在保修期内出现质量问题由施工单位返修，保修期外由产权单位组织维修。"],
        "policies": ["《建设工程质量管理条例》第四十条", "《住宅专项维修资金管理办法》"],
    },
    "housing-fund": {
        "asks": ["请求依法补缴。", "请求尽快办理。"],
        "reasons": ["单位应当按时足额缴存住房公积金，不得逾期缴存或者少缴。"],
        "policies": ["《住房公积金管理条例》第二十条"],
    },
    "land-compensation": {
        "asks": ["请求公开补偿款分配情况。", "请求按实际情况重新评估。"],
        "reasons": ["征收土地应当依法及时足额支付补偿费用，保障被征地农民原有生活水平不降低。"],
        "policies": ["《中华人民共和国土地管理法》第四十八条"],
    },
    "land-resettlement": {
        "asks": ["请求按协议落实。", "请求重新认定。"],
        "reasons": ["因征收人原因延长过渡期的，应当自逾期之月起增加临时安置补助费。"],
        "policies": ["《国有土地上房屋征收与补偿条例》第二十二条"],
    },
    "env-noise": {
        "asks": ["请求采取降噪措施。", "希望尽快解决。"],
        "reasons": ["在噪声敏感建筑物集中区域，禁止夜间进行产生噪声的建筑施工作业。"],
        "policies": ["《中华人民共和国噪声污染防治法》第四十三条"],
    },
    "env-dust": {
        "asks": ["请求采取治理措施。", "请求检测并公开结果。"],
        "reasons": ["贮存易产生扬尘的物料应当密闭或者采取有效覆盖措施。"],
        "policies": ["《中华人民共和国大气污染防治法》第七十二条"],
    },
    "env-water": {
        "asks": ["请求查明原因。", "请求检测水质。"],
        "reasons": ["排放水污染物不得超过国家或者地方规定的水污染物排放标准。"],
        "policies": ["《中华人民共和国水污染防治法》第十条"],
    },
    "svc-heating": {
        "asks": ["请求尽快解决。", "希望公开说明。"],
        "reasons": ["供热供水单位应当保障服务质量，停止服务应当提前告知用户。"],
        "policies": ["当地《城市供热管理条例》", "《城市供水条例》第二十二条"],
    },
    "svc-property": {
        "asks": ["请求物业整改。", "希望公开物业费收支。"],
        "reasons": ["物业服务企业应当按照物业服务合同的约定提供服务。"],
        "policies": ["《物业管理条例》第三十五条", "《中华人民共和国特种设备安全法》"],
    },
    "svc-medical": {
        "asks": ["希望改进。", "请求恢复。"],
        "reasons": ["医疗服务应当公开预约规则，方便群众就医。"],
        "policies": ["《医疗机构管理条例》"],
    },
    "svc-school": {
        "asks": ["请求协调解决。", "请求出具相关证明。"],
        "reasons": ["职工子女就学属于民生实事，单位应当积极协调。"],
        "policies": ["《中华人民共和国义务教育法》第十二条"],
    },
    "conduct-attitude": {
        "asks": ["希望改进作风。", "请求加强管理。"],
        "reasons": ["办理群众事项应当一次性告知所需材料，不得推诿。"],
        "policies": ["《信访工作条例》", "公司《首问负责制和一次性告知制度》"],
    },
    "conduct-integrity": {
        "asks": ["请求调查核实。", "希望公开处理结果。"],
        "reasons": ["国有企业物资采购、人员招聘和公务用车应当公开透明，接受监督。"],
        "policies": ["公司《物资采购管理办法》", "《国有企业领导人员廉洁从业若干规定》"],
    },
    "legal-litigation": {
        "asks": ["请求重新处理。", "请求单位给予补偿。"],
        "reasons": ["-"],
        "policies": ["-"],
    },
    "legal-arbitration": {
        "asks": ["请求公司处理。", "请求重新处理。"],
        "reasons": ["-"],
        "policies": ["-"],
    },
    "suggest-management": {
        "asks": ["供领导参考。", "希望得到采纳。"],
        "reasons": ["职工合理化建议有助于改进经营管理。"],
        "policies": ["公司《合理化建议管理办法》"],
    },
    "suggest-safety": {
        "asks": ["供领导参考。", "建议尽快整改。"],
        "reasons": ["生产经营单位应当保持疏散通道畅通，对从业人员进行安全生产教育和培训。"],
        "policies": ["《中华人民共和国安全生产法》第二十八条、第四十二条"],
    },
    "suggest-services": {
        "asks": ["希望采纳。", "供领导参考。"],
        "reasons": ["便民服务建议切实可行，予以采纳。"],
        "policies": ["公司《民生实事项目管理办法》"],
    },
}
# Sentences that may follow a description: what happened before, how urgent it is.
EXTRAS = [
    "此前已向{unit}反映过，一直没有答复。",
    "希望领导重视。",
    "",
    "",
    "",
    "这个问题已经拖了很长时间。",
    "{month}曾找班组长反映，说会向上汇报，之后没有下文。",
]

# ---- workflow text ------------------------------------------------------------------------

ACCEPT_NOTES = [
    "",
    "",
    "",
    "符合受理条件，予以受理。",
    "属本单位职责范围，受理。",
    "已电话告知信访人受理结果。",
]
DECLINE_REASONS = [
    "该事项已于{year}年依法处理终结，信访人未提出新的事实和理由。",
    "所反映事项不属于本单位职责范围，已告知信访人向{dept}反映。",
    "反映内容缺少基本事实，无法核实，已告知可补充材料后重新提出。",
]
LITIGATION_DECLINE = "该事项已进入诉讼（仲裁）程序，不属于信访受理范围。"
# The Chinese of lifecycle.COURT_POINTER, used until the zh-Hans catalogue translates it.
COURT_POINTER_ZH = "本事项涉及诉讼，请通过人民法院或人民检察院的诉讼和涉法涉诉信访渠道依法反映。"
TRANSFER_REASONS = ["该事项由{unit}具体负责，转{unit}办理。", "属地管理，交由{unit}办理并答复。"]
CONTACTS: dict[str, list[str]] = {
    # A contact by the case's owner is prefixed with 包案领导.
    "visit": [
        "到{place}走访，当面听取意见，核对了{topic}相关台账。",
        "到信访人家中走访，了解{topic}的具体情况，信访人情绪平稳。",
        "深入{place}现场查看，并与班组长座谈了解{topic}情况。",
    ],
    "appointment": [
        "约请信访人到{unit}接待室面谈，说明{topic}的办理进度和相关政策。",
        "按约定时间接待信访人，双方对{topic}的事实进行了核对。",
    ],
    "dialogue": [
        "在{place}召开座谈会，职工代表参加，逐条回应关于{topic}的诉求，形成会议纪要。",
        "组织相关部门与职工代表对话，就{topic}解决方案听取意见。",
    ],
    "note": [
        "已向财务部调取{month}的发放明细，待核对后答复。",
        "与人力资源部沟通，确认{topic}的政策口径。",
        "相关台账已核对完毕，拟形成答复意见报包案领导审定。",
        "已协调{dept}，等待书面回复。",
    ],
}
EXTENSION_REASONS = [
    "涉及多个部门和历史资料核查，需延期办理。",
    "需等待{dept}的书面意见，申请延期。",
]
EXTENSION_NOTES = ["同意延期，请抓紧办理。", "同意，延期期间每周报告进展。"]
SUPERVISION_INSTRUCTIONS = [
    "请包案领导亲自过问，于期限前办结并报送结果。",
    "该事项群众反映强烈，列入督办，按期报告进展。",
]
SUPERVISION_REPORTS = [
    "已完成台账核对，拟于本周内召开职工座谈会。",
    "已形成初步解决方案，正在征求职工意见。",
]
RATING_COMMENTS: dict[str, list[str]] = {
    "satisfied": ["", "问题已经解决，感谢领导重视。", "答复很清楚，满意。"],
    "basic": ["", "基本满意，希望后续落实到位。", "问题解决了一部分。"],
    "dissatisfied": ["", "答复没有解决实际问题。", "对补发金额仍有异议。"],
}
CALLBACK_NOTES: dict[str, list[str]] = {
    "satisfied": ["电话回访，信访人表示满意。", "上门回访，问题已解决。"],
    "basic": ["电话回访，信访人表示基本满意。"],
    "dissatisfied": ["电话回访，信访人对答复不满意，已告知可申请复查。"],
}
REVIEW_REASONS = [
    "对答复意见不服，认为{topic}的认定有误。",
    "答复后问题仍未解决，申请复查。",
    "对处理结果不满意，请求上级单位复查。",
]
REVIEW_UPHELD = [
    "经复查，原答复认定事实清楚，适用政策正确，处理意见恰当，予以维持。",
    "经复查，原处理意见符合规定，予以维持；信访人如仍不服，可在规定期限内申请复核。",
]
REVIEW_REDO = [
    "经复查，原答复对{topic}的认定依据不足，责成{unit}重新办理。",
    "经复查，原答复未对信访人的主要诉求作出回应，责成重新办理并答复。",
]
