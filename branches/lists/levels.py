"""A unit's level and area told from the words in its name or in a list's cells, folded."""

import re

from branches.models import ALLOWED_PARENT_LEVELS, UnitArea, UnitLevel, child_levels
from unionhub.core.text import fold

# Words people write for a level or an area, folded; the level's own labels are added.
LEVEL_WORDS = {
    "chi doan co so": UnitLevel.GRASSROOTS_BRANCH,
    "chi doan truc thuoc": UnitLevel.BRANCH,
    "chi doan": "chi doan",  # a branch under a grassroots union, else a grassroots-level one
    "doan co so": UnitLevel.GRASSROOTS_UNION,
    "doan phuong": UnitLevel.GRASSROOTS_UNION,
    "doan xa": UnitLevel.GRASSROOTS_UNION,
    "doan truong": UnitLevel.GRASSROOTS_UNION,
    "quan doan": UnitLevel.DISTRICT_UNION,
    "huyen doan": UnitLevel.DISTRICT_UNION,
    "thi doan": UnitLevel.DISTRICT_UNION,
    "thanh doan": UnitLevel.CITY_UNION,
}
AREA_WORDS = {
    "khu pho": UnitArea.NEIGHBOURHOOD,
    "kp": UnitArea.NEIGHBOURHOOD,
    "ap": UnitArea.NEIGHBOURHOOD,
    "khu dan cu": UnitArea.NEIGHBOURHOOD,
    "phuong": UnitArea.WARD,
    "xa": UnitArea.WARD,
    "dia ban dan cu": UnitArea.WARD,
    "truong hoc": UnitArea.SCHOOL,
    "truong": UnitArea.SCHOOL,
    "giao duc": UnitArea.SCHOOL,
    "co quan": UnitArea.AGENCY,
    "hanh chinh su nghiep": UnitArea.AGENCY,
    "doanh nghiep": UnitArea.ENTERPRISE,
    "cong ty": UnitArea.ENTERPRISE,
    "luc luong vu trang": UnitArea.ARMED_FORCES,
    "llvt": UnitArea.ARMED_FORCES,
    "cong an": UnitArea.ARMED_FORCES,
    "quan su": UnitArea.ARMED_FORCES,
    "khac": UnitArea.OTHER,
}
# An area guessed from a unit's name: (folded words, area), the first that appears wins.
NAME_AREAS = [
    (r"\b(khu pho|kp|ap|khu dan cu)\b", UnitArea.NEIGHBOURHOOD),
    (r"\b(cong an|quan su|bien phong|ban chi huy)\b", UnitArea.ARMED_FORCES),
    (r"\b(truong|dai hoc|cao dang|thpt|thcs)\b", UnitArea.SCHOOL),
    (r"\b(cong ty|doanh nghiep|tong cong ty)\b", UnitArea.ENTERPRISE),
    (r"\b(uy ban|co quan|benh vien|trung tam|ban|phong)\b", UnitArea.AGENCY),
    (r"\b(phuong|xa|thi tran)\b", UnitArea.WARD),
]
NEIGHBOURHOOD = re.compile(r"\b(khu phố|kp\.?)\s*([\w-]+)", re.IGNORECASE)
WARD = re.compile(r"\b(phường|xã|thị trấn)\s*([\w-]+)", re.IGNORECASE)
LEVEL_PREFIX = re.compile(r"^(chi doan co so|chi doan|doan co so|doan)\s+")


def words_for(table: dict, choices) -> dict[str, str]:
    words = dict(table)
    for value, label in choices:
        words[fold(str(label))] = value
        words[value.replace("_", " ")] = value
    return words


def level_for(word: str, parent_level: str | None) -> str:
    if word != "chi doan":
        return word
    if parent_level == UnitLevel.GRASSROOTS_UNION:
        return UnitLevel.BRANCH
    return UnitLevel.GRASSROOTS_BRANCH


def infer_level(name: str, parent_level: str | None) -> str | None:
    """The level a unit of this name has under a parent of this level, if it can be told."""
    key = fold(name)
    for prefix in sorted(LEVEL_WORDS, key=len, reverse=True):
        if key.startswith(prefix + " ") or key == prefix:
            level = level_for(LEVEL_WORDS[prefix], parent_level)
            if parent_level in ALLOWED_PARENT_LEVELS.get(level, set()):
                return level
    possible = child_levels(parent_level) if parent_level else []
    return possible[0] if len(possible) == 1 else None


def infer_area(name: str, level: str, parent) -> str:
    """A neighbourhood branch when named "Khu phố …", a ward union when named "Phường …", …"""
    key = fold(name)
    for pattern, area in NAME_AREAS:
        if re.search(pattern, key):
            if area == UnitArea.WARD and level != UnitLevel.GRASSROOTS_UNION:
                continue
            return area
    if parent.level in (UnitLevel.DISTRICT_UNION, UnitLevel.CITY_UNION) or parent.area is None:
        return UnitArea.OTHER
    return parent.area
