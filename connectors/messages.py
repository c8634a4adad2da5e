"""The connector's own error codes, each with its English and Chinese text (one home for both).

Department staff read the Chinese text (errors file, command summary); IT staff and logs get the
English. Parameters are limits, row and column numbers, field and file names: never a cell's value.
The hub's error table imports this one for the codes the connector's reader raises inside the hub.
Codes of identity numbers (`id_number.*`, `uscc.*`) have their Chinese texts in crypto.identifiers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from crypto.identifiers import MESSAGES_ZH as IDENTIFIER_MESSAGES_ZH


@dataclass(frozen=True)
class Text:
    en: str
    zh: str


TEXTS: dict[str, Text] = {
    # One cell of a row (the row is rejected, the file goes on).
    "value.date_unparseable": Text("unparseable date", "日期无法识别"),
    "value.date_invalid": Text("invalid calendar date", "日期不存在"),
    "value.amount_unparseable": Text("unparseable amount", "金额无法识别"),
    "value.amount_negative": Text("negative amount", "金额不能为负数"),
    "value.party_type_unknown": Text(
        "unknown party type",
        "当事人类别无法识别（应为自然人、法人及非法人组织或个体工商户）",
    ),
    "value.digits_lost": Text(
        "stored as a number in the source (digits lost); format the column as text",
        "源文件中存为数字，末几位已丢失；请把该列设为文本格式",
    ),
    # One row as a whole.
    "record.field_missing": Text("missing required field", "缺少必填字段"),
    "record.subject_id_missing": Text(
        "missing subject ID number (证件号码 or 法定代表人证件号码)", "缺少证件号码（证件号码或法定代表人证件号码）"
    ),
    "record.id_missing": Text("missing record id", "缺少记录编号"),
    "record.too_large": Text("record too large for the hub", "记录过大，平台无法接收"),
    # What the hub said about a record, when its answer carries no code of its own.
    "hub.record_rejected": Text("rejected by the hub", "平台拒收该记录（原因见英文说明）"),
    "hub.record_invalid": Text("not in the form the hub expects ({kind})", "不符合平台要求的格式（{kind}）"),
    # A whole file (the file is refused, nothing of it is sent).
    "table.too_large": Text("larger than {limit} bytes (max_bytes)", "文件超过 {limit} 字节上限（max_bytes）"),
    "table.unpacked_too_large": Text(
        "the workbook unpacks to more than {limit} bytes (max_bytes)", "工作簿解压后超过 {limit} 字节上限（max_bytes）"
    ),
    "table.too_many_parts": Text(
        "the workbook has more than {limit} parts", "工作簿内部文件超过 {limit} 个，疑似恶意文件"
    ),
    "table.dimension_too_large": Text(
        "the sheet declares {rows} rows and {columns} columns; the limits are {max_rows} rows (max_rows) "
        "and {max_columns} columns (max_columns)",
        "工作表声明 {rows} 行 {columns} 列，超过上限 {max_rows} 行（max_rows）、{max_columns} 列（max_columns）",
    ),
    "table.too_many_rows": Text("more than {limit} rows (max_rows)", "超过 {limit} 行上限（max_rows）"),
    "table.too_many_columns": Text(
        "row {row}: a value beyond column {limit} (max_columns)",
        "第 {row} 行：第 {limit} 列之后还有内容（max_columns）"
    ),
    "table.cell_too_long": Text(
        "row {row}: a cell longer than {limit} characters (max_cell_chars)",
        "第 {row} 行：单元格超过 {limit} 个字符（max_cell_chars）",
    ),
    "table.shared_string_too_long": Text(
        "a text of the workbook's string table is longer than {limit} characters (max_cell_chars)",
        "工作簿共享字符串中有文字超过 {limit} 个字符（max_cell_chars）",
    ),
    "table.row_too_long": Text(
        "row {row}: longer than {limit} characters (max_row_chars)",
        "第 {row} 行：整行超过 {limit} 个字符（max_row_chars）"
    ),
    "table.encoding_invalid": Text(
        "not valid {encoding} at byte {offset}",
        "第 {offset} 字节处不是有效的 {encoding} 编码",
    ),
    "table.encoding_unknown": Text(
        "cannot detect the text encoding; declare source.encoding",
        "无法识别文字编码，请在映射文件中声明 source.encoding"
    ),
    "table.csv_malformed": Text("line {line}: malformed CSV", "第 {line} 行：CSV 格式错误"),
    "table.unreadable": Text("cannot read ({kind})", "无法读取文件（{kind}）"),
    "table.unknown_format": Text(
        "unknown file type; declare source.format (csv or xlsx)",
        "无法识别文件类型，请声明 source.format（csv 或 xlsx）"
    ),
    "table.not_xlsx": Text("not a readable XLSX workbook", "不是可读取的 XLSX 工作簿"),
    "table.xlsx_damaged": Text("damaged workbook part {part}", "工作簿内部文件 {part} 已损坏"),
    "table.xml_refused": Text(
        "workbook part {part} declares a DTD or entities (refused)",
        "工作簿内部文件 {part} 含有 DTD 或实体声明，拒绝读取"
    ),
    "table.no_sheets": Text("the workbook has no worksheet", "工作簿中没有工作表"),
    "table.no_sheet_number": Text("no sheet number {sheet}", "没有第 {sheet} 个工作表"),
    "table.no_sheet_named": Text("no sheet named {sheet}", "没有名为 {sheet} 的工作表"),
    "source.header_missing": Text(
        "no header in {where_in} has the mapped columns; missing: {columns}",
        "在{where_zh}中找不到包含映射列的表头；缺少：{columns}",
    ),
    "source.column_twice": Text("row {row}: column {column} appears twice", "第 {row} 行：列 {column} 出现了两次"),
    # The hub and the connector's own files.
    "hub.unavailable": Text(
        "hub at {url} unavailable after {attempts} attempts: {problem}",
        "平台 {url} 无法访问（已尝试 {attempts} 次）：{problem}",
    ),
    "hub.error": Text("{detail}", "平台返回错误（详见英文说明）"),
    "mapping.invalid": Text("{detail}", "映射或连接器配置文件有误（详见英文说明中的行号）"),
    "source.unreadable": Text("{detail}", "数据源无法按声明读取（详见英文说明）"),
    "connector.failed": Text("{detail}", "连接器出错（详见英文说明）"),
}


def english(code: str, **params: Any) -> str:
    return TEXTS[code].en.format(**params)


def chinese(code: str, **params: Any) -> str:
    return TEXTS[code].zh.format(**params)


def chinese_or_none(code: str, **params: Any) -> str | None:
    """The Chinese text of a code of this package or of crypto.identifiers; None for one it does not know."""
    text = TEXTS.get(code)
    if text is None:
        return IDENTIFIER_MESSAGES_ZH.get(code)
    try:
        return text.zh.format(**params)
    except (KeyError, IndexError):
        return None
