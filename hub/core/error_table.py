"""The hub's one table of errors: each code's HTTP status, its English text and its Chinese text.

Every error the hub raises on purpose names a code from here (`HubError(code, **params)`). The English
text is the API's `detail`, the CLI's message and the logs'; the Chinese text is what the web pages,
the departments and the officers read (the API's `message`). Parameters fill both texts; they are
field names, counts, states, limits and codes, never a submitted or stored value.

Codes raised below the hub keep their texts in their own package, next to the codes; this table
takes them from there (`crypto.identifiers` for ID numbers, USCC and document numbers,
`connectors.messages` for the table reader the hub shares with the connectors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from connectors.messages import TEXTS as CONNECTOR_TEXTS
from crypto.identifiers import MESSAGES_ZH as IDENTIFIER_MESSAGES_ZH
from crypto.identifiers import REASONS as IDENTIFIER_REASONS


@dataclass(frozen=True)
class ErrorText:
    status: int
    en: str
    zh: str


E = ErrorText

_HUB: Final[dict[str, ErrorText]] = {
    # -- anywhere -------------------------------------------------------------------------------------
    "internal": E(500, "internal error", "系统内部错误，操作未完成。"),
    "request.invalid": E(422, "invalid request", "请求内容不符合要求。"),
    "request.too_large": E(413, "request body too large", "请求内容过大。"),
    "config.production_needs_vault": E(
        500, "production needs HUB_VAULT_ADDR (an external OpenBao/Vault)",
        "生产环境须配置 HUB_VAULT_ADDR（外部 OpenBao/Vault）。",
    ),
    "config.production_needs_approle": E(
        500, "production needs HUB_VAULT_ROLE_ID and HUB_VAULT_SECRET_ID",
        "生产环境须配置 HUB_VAULT_ROLE_ID 和 HUB_VAULT_SECRET_ID。",
    ),
    "config.production_needs_database": E(
        500, "production needs HUB_DATABASE_URL (PostgreSQL)", "生产环境须配置 HUB_DATABASE_URL（PostgreSQL）。"
    ),
    "config.vault_needs_approle": E(
        500, "HUB_VAULT_ADDR needs HUB_VAULT_ROLE_ID and HUB_VAULT_SECRET_ID",
        "配置了 HUB_VAULT_ADDR 时须同时配置 HUB_VAULT_ROLE_ID 和 HUB_VAULT_SECRET_ID。",
    ),
    "config.vault_addr_invalid": E(
        500, "HUB_VAULT_ADDR must name OpenBao addresses like https://host:8200 (several: comma-separated)",
        "HUB_VAULT_ADDR 须为 OpenBao 地址，如 https://host:8200（多个地址用英文逗号分隔）。",
    ),
    "config.data_dir_shared": E(
        500, "HUB_DATA_DIR {folder} is open to other users and not the hub's own folder: choose a folder of "
        "the hub's own (it is made 0700)",
        "HUB_DATA_DIR {folder} 对其他用户开放且不属于本系统用户：请另选本系统专用的目录（将设为 0700）。",
    ),
    "config.workers_need_vault": E(
        500, "worker processes need HUB_VAULT_ADDR; use `hub serve` for the managed OpenBao",
        "多进程部署须配置 HUB_VAULT_ADDR；本机托管的 OpenBao 只能用 `hub serve` 启动。",
    ),
    # -- who is calling -------------------------------------------------------------------------------
    "auth.not_logged_in": E(401, "not logged in", "请先登录。"),
    "auth.session_expired": E(401, "session expired", "登录已过期，请重新登录。"),
    "auth.login_failed": E(401, "invalid user name or password", "用户名或密码错误。"),
    "auth.account_locked": E(
        423, "account locked; try later or ask an administrator", "账户已锁定，请稍后再试或联系系统管理员。"
    ),
    "auth.role_not_permitted": E(403, "not permitted for your role", "您的角色无权执行此操作。"),
    "signature.invalid": E(401, "bad signature", "请求签名无效。"),
    "signature.stale": E(401, "stale timestamp", "请求时间戳超出允许范围，请核对系统时间。"),
    "signature.replayed": E(409, "replayed request", "重复的请求（该随机数已使用过）。"),
    # -- the key service (OpenBao) --------------------------------------------------------------------
    "key_service.unavailable": E(503, "key service unavailable", "密钥服务暂时不可用，操作未执行，请稍后再试。"),
    "key_service.managed_failed": E(
        503, "managed OpenBao: {reason}", "本机托管的 OpenBao 无法启动或使用：{reason}"
    ),
    "key_service.unknown_key": E(404, "no such key", "找不到该密钥。"),
    "key_service.policy_refused": E(
        403, "the key service's policy does not allow this operation on this key",
        "密钥服务的访问策略不允许对该密钥执行此操作。",
    ),
    "key_service.refused": E(400, "key service refused: {reason}", "密钥服务拒绝了该请求：{reason}"),
    "sealed_data.unreadable": E(500, "stored data could not be decrypted", "存储的数据无法解密。"),
    # -- records --------------------------------------------------------------------------------------
    "batch.rejected": E(
        422, "batch rejected: {count} invalid record{plural}", "整批被拒收：{count} 条记录有误，本批记录均未保存。"
    ),
    "record.unknown_type": E(422, "unknown record type", "未知的记录类型"),
    "record.source_id_format": E(422, "must be 1-128 printable characters", "应为 1 至 128 个可打印字符"),
    "record.source_id_digits": E(
        422, "must not contain a run of 7 or more digits",
        "不得含有连续 7 位或更多数字（不能用证件号码或电话号码作编号）",
    ),
    "record.unknown_field": E(422, "unknown field", "不是该类记录的字段"),
    "record.not_text": E(422, "must be a string", "应为文本"),
    "record.too_long": E(422, "longer than {limit} characters", "超过 {limit} 个字符"),
    "record.required": E(422, "required", "必填"),
    "record.subject_id_required": E(422, "required: the subject's ID number", "必填：当事人的证件号码"),
    "record.not_a_choice": E(422, "not one of the allowed values", "不是允许的取值"),
    "record.date_format": E(422, "must be a date YYYY-MM-DD", "应为日期（YYYY-MM-DD）"),
    "record.decimal_format": E(422, "must be a decimal number", "应为数字"),
    "record.negative": E(422, "must be a non-negative number", "不能为负数"),
    "record.type_not_granted": E(422, "record type not granted", "未获授权报送或查询该类记录"),
    "record.repeated_in_batch": E(422, "repeated within the batch", "与本批中另一条记录的编号重复"),
    "record.not_found": E(404, "record not found", "找不到该记录。"),
    "lookup.purpose_not_granted": E(403, "purpose not granted", "该查询目的未获授权。"),
    "lookup.invalid_id_number": E(422, "id_number: {cause}", "证件号码有误：{cause}"),
    "lookup.seal_key_invalid": E(422, "seal_to: not an X25519 public key", "seal_to 不是有效的 X25519 公钥。"),
    # -- departments and grants -----------------------------------------------------------------------
    "department.not_found": E(404, "department not found", "找不到该部门（或已停用）。"),
    "department.code_format": E(
        400, "department code: 2-31 characters of a-z, 0-9 and '-'", "部门代码应为 2 至 31 个小写字母、数字或“-”。"
    ),
    "department.exists": E(400, "department {code} exists already", "部门 {code} 已存在。"),
    "department.public_key_not_base64": E(400, "public key: not base64", "公钥不是 base64 编码。"),
    "department.public_key_length": E(
        400, "public key: an Ed25519 public key has 32 bytes", "公钥长度不对：Ed25519 公钥为 32 字节。"
    ),
    "grant.record_types": E(
        422, "record_types: one or more known record types", "记录类型：须为一个或多个已知的记录类型。"
    ),
    "grant.purposes": E(
        422, "purposes: 2-64 characters each, no digits or spaces", "查询目的：每项 2 至 64 个字，不含数字或空格。"
    ),
    "grant.fields": E(422, "fields: only fields of the granted record types", "字段：只能是所授权记录类型的字段。"),
    "grant.validity": E(422, "valid_until: before valid_from", "授权截止日期早于起始日期。"),
    "grant.not_found": E(404, "grant not found", "找不到该授权。"),
    # -- people ---------------------------------------------------------------------------------------
    "user.not_found": E(404, "user not found", "找不到该用户。"),
    "user.exists": E(409, "a user with this name exists already", "已有同名用户。"),
    "user.username_format": E(
        422, "username: 3-64 characters of a-z, 0-9, '.', '_', '-', starting with a letter",
        "用户名应为 3 至 64 个小写字母、数字、“.”、“_”或“-”，并以字母开头。",
    ),
    "user.role_department": E(
        422, "role: departments are registered with `hub departments add`, not as users",
        "部门不是用户：请用 `hub departments add` 登记部门。",
    ),
    "user.password_length": E(422, "password: {min}-{max} characters", "密码长度应为 {min} 至 {max} 个字符。"),
    # -- the audit trail ------------------------------------------------------------------------------
    "audit.period_format": E(
        422, "since/until: YYYY-MM-DD or an ISO 8601 date-time", "日期格式应为 YYYY-MM-DD（或 ISO 8601 日期时间）。"
    ),
    "audit.period_order": E(422, "since must be before until", "开始日期须早于结束日期。"),
    # -- keys -----------------------------------------------------------------------------------------
    "key.invalid_name": E(400, "invalid key name", "密钥名称无效。"),
    "key.signing_key_rotation": E(
        400, "the signing key is rotated by an OpenBao operator, not by the hub",
        "签名密钥由 OpenBao 管理员轮换，平台不轮换。",
    ),
    "key.auto_rotate_period": E(
        400, "auto-rotate period: 0 (off) or at least one hour", "自动轮换周期：0（关闭）或至少一小时。"
    ),
    "key.retire_department_only": E(
        400, "only department keys (dept-…) are retired; token key versions stay for the audit trail",
        "只有部门密钥（dept-…）可以停用旧版本；令牌密钥的各版本须为审计保留。",
    ),
    "key.version_range": E(400, "version must be between 1 and {latest}", "版本号须在 1 至 {latest} 之间。"),
    "key.retire_refused": E(
        409, "{count} data key(s) still need a version below {version}; run `hub keys rewrap` first",
        "仍有 {count} 个数据密钥需要低于 {version} 的版本：请先执行重新封装（hub keys rewrap）。",
    ),
    "key.rewrap_department_only": E(
        400, "only department keys (dept-…) wrap DEKs", "只有部门密钥（dept-…）封装数据密钥。"
    ),
    "key.rewrap_batch_size": E(
        400, "batch size: 1-{max} (one transit call per batch)", "批大小：1 至 {max}（每批一次 transit 调用）。"
    ),
    "key.rewrap_workers": E(400, "workers: at least 1", "并行数至少为 1。"),
    "key.rewrap_conflict": E(
        400, "rewrap batch: rows changed underneath; the batch was rolled back",
        "重新封装时数据被并发修改，该批已回滚。",
    ),
    "retokenise.under_way": E(
        400, "a re-tokenise job to version {version} is under way; finish it first",
        "迁移到版本 {version} 的重新令牌化任务尚未完成，请先完成它。",
    ),
    "retokenise.target_version": E(
        400,
        "target version must be above the pinned version {pinned} and at most {latest}; rotate the token key first",
        "目标版本须高于当前版本 {pinned} 且不超过 {latest}：请先轮换令牌密钥。",
    ),
    "retokenise.not_started": E(
        400, "no re-tokenise job under way; `start` one first", "没有进行中的重新令牌化任务，请先 start。"
    ),
    "retokenise.no_subject_id": E(
        400, "record {record} has no subject ID field", "记录 {record} 没有证件号码字段。"
    ),
    "retokenise.pending": E(
        400, "{count} record(s) still carry a token under another version; run the job again",
        "仍有 {count} 条记录的令牌属于其他版本，请再次运行该任务。",
    ),
    # -- 双公示 review and publication ----------------------------------------------------------------
    "disclosure.batch_not_found": E(404, "batch not found", "找不到该批次。"),
    "disclosure.item_not_found": E(404, "item not found", "找不到该记录。"),
    "disclosure.finding_not_found": E(404, "finding not found", "找不到该发现项。"),
    "disclosure.entry_not_found": E(404, "published entry not found", "找不到该公示条目。"),
    "disclosure.listing_not_found": E(404, "no such record on the listing", "公示栏中没有该条目。"),
    "disclosure.objection_not_found": E(404, "objection not found", "找不到该异议。"),
    "disclosure.repair_not_found": E(404, "credit-repair application not found", "找不到该信用修复申请。"),
    "disclosure.stored_record_gone": E(404, "the stored record of an item is gone", "该批次所引用的入库记录已不存在。"),
    "disclosure.illegal_transition": E(
        409, "{kind} is {current}: '{action}' is not allowed from this state",
        "{kind_zh}当前状态为“{current_zh}”，不能执行“{action_zh}”。",
    ),
    "disclosure.four_eyes": E(
        403, "a batch must be confirmed by a different officer than the one who approved it",
        "四眼原则：批准该批次的审查员不能再确认它，须由另一名审查员确认。",
    ),
    "disclosure.not_editable": E(
        409, "batch is {state}: findings and records can only be decided while checked",
        "只有在“已检查，待审查”状态下才能处理发现项和记录。",
    ),
    "disclosure.page": E(
        422, "offset: not negative; limit: at least 1", "分页参数有误：偏移量不能为负，每页至少 1 条。"
    ),
    "disclosure.never_published": E(
        409, "this field is never published (policy §1): the finding cannot be rejected",
        "该项依规定一律不公示（政策第1节），不能驳回。",
    ),
    "disclosure.decide_record": E(
        409, "decide this record instead: publish the redacted version or withhold it",
        "此项需对整条记录作出决定：公示脱敏版本或不予公示。",
    ),
    "disclosure.finding_decision": E(422, "decision: accept or reject", "请选择采纳或驳回。"),
    "disclosure.item_decision": E(
        422, "decision: publish_redacted or withhold", "请选择“公示脱敏版本”或“不予公示”。"
    ),
    "disclosure.entity_type": E(422, "entity_type: one of {types}", "遮蔽类别须为以下之一：{types}"),
    "disclosure.no_such_field": E(422, "field: the record has no such field", "该记录没有这个字段。"),
    "disclosure.span_range": E(
        422, "start/end: must satisfy 0 <= start < end <= {length}", "起止位置有误：须满足 0 ≤ 起点 < 终点 ≤ {length}。"
    ),
    "disclosure.undecided": E(
        409, "{count} record(s) need an officer's decision (art. 5) before approval",
        "有 {count} 条记录需要审查员先作出是否公示的决定（《暂行办法》第五条），才能批准。",
    ),
    "disclosure.id_number_in_text": E(
        409, "record {position}: the published text still contains an identity number; "
        "add a manual span or withhold the record",
        "第 {position} 条记录的公示文本仍含有身份证号码，不能发布：请退回该批次，或对该记录选择“不予公示”。",
    ),
    "disclosure.record_type": E(
        422, "record_type: only {types} are disclosed", "只有行政处罚和行政许可信息需要公示。"
    ),
    "disclosure.date_order": E(422, "date_to: before date_from", "结束日期早于开始日期。"),
    "disclosure.nothing_to_disclose": E(
        422, "no records to disclose for this department, type and date range", "该部门在此期间没有可公示的此类记录。"
    ),
    "disclosure.mixed_types": E(422, "a batch holds records of one type", "一个批次只能包含同一类信息。"),
    "disclosure.check_refused": E(
        422, "the record check refused the record: {reason}", "隐私检查无法处理该记录：{reason}"
    ),
    "disclosure.check_refused_records": E(
        422, "the record check refused the records: {reason}", "隐私检查无法处理这些记录：{reason}"
    ),
    "disclosure.check_refused_at": E(
        422, "record {position}: the record check refused the record: {reason}",
        "第 {position} 条记录：隐私检查无法处理该记录：{reason}",
    ),
    "disclosure.listing_page": E(
        422, "limit: {min}-{max}; offset: not negative", "每页条数须为 {min} 至 {max}，偏移量不能为负。"
    ),
    "disclosure.export_not_published": E(
        409, "batch is {state}: only published batches are exported", "只有已发布的批次可以导出。"
    ),
    "disclosure.export_directory": E(409, "export directory must be empty", "导出目录须为空。"),
    "disclosure.entry_withdrawn": E(409, "the entry is withdrawn already", "该条目已撤下。"),
    "disclosure.objection_decided": E(409, "objection is {state} already", "该异议已处理。"),
    "disclosure.repair_penalties_only": E(
        409, "credit repair applies to penalty records only", "信用修复只适用于行政处罚信息。"
    ),
    "disclosure.repair_too_early": E(
        409, "credit repair may be applied for from {date} (minimum display period)",
        "最短公示期满后方可申请信用修复：自 {date} 起。",
    ),
    "disclosure.repair_pending": E(
        409, "a credit-repair application for this entry is pending already", "该条目已有待处理的信用修复申请。"
    ),
    "disclosure.repair_decided": E(409, "application is {state} already", "该申请已处理。"),
    "upload.file_type": E(422, "{where}: expected a .csv or .xlsx file", "文件须为 .csv 或 .xlsx 格式。"),
    "upload.too_large": E(422, "upload: larger than {limit} MiB", "上传文件超过 {limit} MiB。"),
    "upload.empty": E(422, "{where}: the file is empty", "文件是空的。"),
    "upload.duplicate_column": E(
        422, "{where}: a column name appears twice in the header", "文件的表头中有重复的列名。"
    ),
    "upload.no_rows": E(422, "{where}: no data rows", "文件没有数据行。"),
    "manifest.signature_format": E(
        422, "manifest.sig: not a transit signature (vault:v<N>:<base64>)", "manifest.sig 不是有效的签名。"
    ),
    "manifest.key_file": E(422, "{file}: not a publication key file", "{file} 不是公示公钥文件。"),
    "manifest.public_key_format": E(422, "not a base64 public key", "不是 base64 格式的公钥。"),
    "manifest.fingerprint_format": E(
        422, "a fingerprint is the key's SHA-256: 64 hex digits", "公钥指纹应为其 SHA-256：64 位十六进制数字。"
    ),
    "manifest.fingerprint_unmatched": E(
        422, "{file}: no key in the export matches a pinned fingerprint", "{file} 中没有与指定指纹相符的公钥。"
    ),
    # -- the web pages --------------------------------------------------------------------------------
    "web.login_required": E(401, "login required", "请先登录。"),
    "web.page_forbidden": E(403, "your role may not see this page", "您的角色无权访问此页面。"),
    "web.csrf_rejected": E(
        403, "form expired or of unknown origin (CSRF check failed)",
        "表单已失效或来源不明（CSRF 校验失败），请返回页面刷新后重新提交。",
    ),
    "web.page_not_found": E(404, "page or object not found", "找不到该页面或对象。"),
    # -- a field of a request body or form that its schema refuses (see hub.core.errors.input_errors) ---
    "form.required": E(422, "{field}: required", "请填写{field_zh}。"),
    "form.too_long": E(422, "{field}: longer than {limit} characters", "{field_zh}输入过长（最多 {limit} 个字）。"),
    "form.date_format": E(422, "{field}: must be a date YYYY-MM-DD", "{field_zh}格式应为 YYYY-MM-DD。"),
    "form.choice": E(422, "{field}: not one of the allowed values", "请选择{field_zh}。"),
    "form.invalid": E(422, "{field}: invalid value", "{field_zh}填写有误。"),
}

# The Chinese names of request and form fields, for the `form.*` texts (catalog fields are Chinese already).
FIELD_NAMES_ZH: Final[dict[str, str]] = {
    "records": "记录",
    "fields": "字段",
    "reason": "理由",
    "ground": "依据",
    "decision": "处理决定",
    "department": "部门",
    "record_type": "信息类别",
    "date_from": "开始日期",
    "date_to": "结束日期",
    "party_name": "当事人名称",
    "decision_number": "决定书文号",
    "agency": "机关",
    "offset": "页码",
    "limit": "每页条数",
    "username": "用户名",
    "password": "密码",
    "id_number": "证件号码",
    "purpose": "查询目的",
    "since": "开始日期",
    "until": "结束日期",
}

# Codes raised below the hub, with their own texts. A record field's number, credit code or document
# number is invalid, and so is a file the connectors' table reader refuses: 422, like any invalid input.
_IDENTIFIERS: Final[dict[str, ErrorText]] = {
    code: E(422, IDENTIFIER_REASONS[code], IDENTIFIER_MESSAGES_ZH[code]) for code in IDENTIFIER_MESSAGES_ZH
}
_CONNECTORS: Final[dict[str, ErrorText]] = {code: E(422, text.en, text.zh) for code, text in CONNECTOR_TEXTS.items()}

ERRORS: Final[dict[str, ErrorText]] = {**_CONNECTORS, **_IDENTIFIERS, **_HUB}
