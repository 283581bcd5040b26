"""The clause library every organisation starts with: DOMAIN.md stage 3's core clauses (scope, service
standards, payment 30/50/20, penalty 10%) and flexible ones (attendance ± 50 until T-15, stream
smoothness ≥ 95% else 20% of the tech fee refunded). The figures are the catalogue's variables, so an
organisation that changes a standard changes every contract drawn after it. Then edited as its own."""

from __future__ import annotations

from .enums import ClauseKind, ContractKind, Topic

S, F = ClauseKind.STANDARD, ClauseKind.FLEXIBLE

# key, kind, topic, title, text
CLAUSES: tuple[tuple[str, str, str, str, str], ...] = (
    ("parties", S, Topic.OTHER, "合同双方",
     "甲方：{{ agency.name }}\n乙方：{{ party.name }}\n双方就{{ meeting.name }}的服务事宜订立本合同。"),
    ("scope", S, Topic.SCOPE, "服务范围",
     "乙方为{{ meeting.name }}（{{ meeting.dates }}，{{ meeting.city }}）提供以下服务：{{ quote.scope }}。"),
    ("client-scope", S, Topic.SCOPE, "服务内容",
     "乙方为甲方承办{{ meeting.name }}（{{ meeting.dates }}，{{ meeting.city }}，"
     "预计 {{ meeting.attendance }} 人），负责会议策划、现场执行与会后总结。"),
    ("standards", S, Topic.STANDARDS, "服务标准",
     "主会场温度保持在 {{ standard.hall_temperature }}；"
     "全部设备须在会议开始前 {{ standard.equipment_tested }} 调试完毕。"
     "乙方遵守甲方服务标准目录中与本服务相关的各项标准。"),
    ("payment", S, Topic.PAYMENT, "付款方式",
     "合同总价人民币 {{ quote.total }} 元，分三期支付：合同签订后预付 {{ payment.advance }}%，"
     "会议前中期款 {{ payment.interim }}%，验收合格后尾款 {{ payment.final }}%。"),
    ("penalty", S, Topic.PENALTY, "违约责任",
     "因乙方原因导致会议中断的，乙方按合同总价的 {{ penalty.share }}% 支付违约金。"),
    ("attendance", F, Topic.ATTENDANCE, "人数调整",
     "会议开始前 {{ attendance.until_days }} 天以前，参会人数增减不超过 {{ attendance.free_change }} 人的，"
     "不另行收费；超出部分或逾期调整按本合同单价另计。"),
    ("stream", F, Topic.PERFORMANCE, "直播保障",
     "直播流畅度不低于 {{ stream.smoothness }}%；低于该标准的，乙方退还技术服务费的 {{ stream.refund }}%。"),
)  # fmt: skip

# kind, name, clause keys in order
TEMPLATES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (ContractKind.SUPPLIER, "供应商服务合同", ("parties", "scope", "standards", "payment", "penalty")),
    (ContractKind.VENUE, "场地协议", ("parties", "scope", "standards", "payment", "penalty", "attendance")),
    (ContractKind.CLIENT, "客户服务协议", ("parties", "client-scope", "payment", "attendance")),
)
