"""The languages a requirement names, for interpretation: "中英日韩同传", "English and Japanese",
"4 种语言". Read by the venue's feasibility (booths) and by the suppliers' needs (interpreters)."""

from __future__ import annotations

import re

LANGUAGES = {
    "中文": ("中文", "汉语", "普通话", "chinese", "mandarin"),
    "英语": ("英语", "英文", "english"),
    "日语": ("日语", "日文", "japanese"),
    "韩语": ("韩语", "韩文", "korean"),
    "法语": ("法语", "法文", "french"),
    "德语": ("德语", "德文", "german"),
    "西班牙语": ("西班牙语", "spanish"),
    "俄语": ("俄语", "russian"),
    "阿拉伯语": ("阿拉伯语", "arabic"),
    "葡萄牙语": ("葡萄牙语", "portuguese"),
}
SHORT = {
    "中": "中文",
    "英": "英语",
    "日": "日语",
    "韩": "韩语",
    "法": "法语",
    "德": "德语",
    "西": "西班牙语",
    "俄": "俄语",
}
COUNT = re.compile(r"(\d+)\s*(?:种语言|种语种|个语种|languages)")
RUN = re.compile(r"[中英日韩法德西俄]{2,}")


def languages(text: str) -> list[str]:
    """The languages a requirement names ("中英日韩同传", "English and Japanese", "4 种语言")."""
    lower = text.lower()
    found = [name for name, words in LANGUAGES.items() if any(w in lower for w in words)]
    for run in RUN.findall(text):
        found += [SHORT[c] for c in run if SHORT[c] not in found]
    counted = COUNT.search(lower)
    if counted and int(counted.group(1)) > len(found):
        found += [f"#{n}" for n in range(len(found) + 1, int(counted.group(1)) + 1)]
    return found
