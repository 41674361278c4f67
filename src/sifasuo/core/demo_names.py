"""Word lists the demo data set draws its fictional people, places and bodies from."""

# ruff: noqa: SIM905  (space-separated word lists read better than long list literals)

from __future__ import annotations

# Surnames by weight, roughly as common as they are in Shandong (more 王/李/张/刘 than the rest).
SURNAMES_BY_WEIGHT = {
    14: "王", 12: "李", 11: "张", 10: "刘", 5: "陈杨赵孙", 4: "徐马高于", 3: "宋丁郑",
    2: "秦卢薛牟厉胡周吴朱许韩崔", 1: "邱姜庄贺付申焦葛鲁尹董魏石",
}  # fmt: skip
SURNAMES = [(surname, weight) for weight, names in SURNAMES_BY_WEIGHT.items() for surname in names]

GIVEN_MALE = "伟强军磊涛勇杰斌超鹏浩明亮刚峰波辉志国建华文平海东林成宇健凯晨旭昊博鑫锋正德福庆坤"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲红梅琳婷雪慧颖洁倩晶萍莉欣悦璐宁佳琦蕾薇瑶月荣秀兰凤春云"

# Townships are named from a first and a second character ("石河", "柳埠", "青岭"…).
PLACE_FIRST = (
    "东西南北前后大小上石黄青白马龙凤柳桃杏梨枣松槐杨双三五七高长新古金安平清明兴福康宁岚泉溪湖"
)
PLACE_SECOND = "河山岭庄埠坡泉沟湾湖桥营店集口疃屯峪崖台岗林园港滩洼涧塘楼庙寨堡头坊亭里"

# Villages: "后王家庄村", "石沟村", "大埠村"…; communities: "海滨社区"…
VILLAGE_PREFIX = ["", "", "", *"东西南北前后大小上下"]
VILLAGE_FAMILY_SUFFIX = "家 家庄 家疃 家沟 家岭 官庄 家洼".split()
DIRECTIONS = "东西南北前后大小上下"
COMMUNITY_NAMES = """
    海滨 阳光 金海 银河 新华 幸福 和平 建设 文化 友谊 滨河 东山 西苑 北苑 南苑 翠园 锦绣 丽园 花园
    府前 学府 港湾 望海 听涛 观澜 春晖 秋实 明珠 紫薇 兴华 富康 安居 康宁 泰和 景苑 怡园 金桥 青年
    朝阳 振兴
""".split()

STREETS = """
    人民路 海滨路 黄海路 迎宾路 府前街 建设路 文化路 泰山路 沂河路 青年路 昌盛街 兴业路 工业大道
    新华路 和平街 滨河大道
""".split()

BUSINESS_DEPARTMENTS = "综合执法队 农业农村办 自然资源所 社会事务办 经济发展办 应急管理办".split()

COMPANY_TRADES = "农业发展 建筑工程 商贸 水产养殖 物业服务 食品".split()
COOPERATIVE_TRADES = "果蔬种植 茶叶 蓝莓种植 花生种植".split()

MOBILE_PREFIXES = """
    130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 166 176 177 178 180
    181 182 183 185 186 187 188 189 191 198 199
""".split()
