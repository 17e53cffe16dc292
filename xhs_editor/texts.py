"""Chinese and English strings for the checklist, export gate, exports and review report.

Qt-free, so the command line and the report use the same words as the
editor.  :func:`t` fills ``{name}`` placeholders; a missing key shows as the
key itself, so a gap is visible but never fatal.
"""

from __future__ import annotations

from typing import Any, Mapping

STRINGS: dict[str, tuple[str, str]] = {
    # --- checklist: general items (ticked from the engine's findings) ---
    "general": ("通用（无特殊行业）", "General (no special industry)"),
    "group.special": ("需资质的行业", "Industries needing qualifications"),
    "group.prohibited": ("禁止推广的行业", "Prohibited industries"),
    "item.title_limit": ("标题长度在平台上限内", "The title is within the platform's length limit"),
    "item.body_limit": ("正文长度在平台上限内", "The body is within the platform's length limit"),
    "item.topics_limit": ("话题数量在平台上限内", "The number of topics is within the platform's limit"),
    "item.no_errors": ("没有未处理的严重（错误级）问题", "No error-level finding is left"),
    "item.no_diversion": ("没有站外导流（微信、手机号、链接等）", "No traffic diversion (WeChat, phone numbers, links…)"),
    "item.images": ("图片数量在平台限制内", "The number of images is within the platform's limits"),
    "detail.errors": ("还有 {n} 处错误级问题", "{n} error-level finding(s) left"),
    "detail.diversion": ("还有 {n} 处导流：{words}", "{n} diversion finding(s): {words}"),
    "detail.no_images": ("尚未添加图片，添加后检查", "No images yet; checked once images are added"),
    "detail.manual": ("请在核实后勾选", "Tick it once you have checked it"),
    "detail.optional": ("可选", "optional"),
    # --- industries ---
    "suggest.because": ("建议选择“{name}”，因为笔记中提到了 {words}",
                        "Suggested: {name}, because the note mentions {words}"),
    "industry.unknown": ("笔记选择的行业“{id}”在当前规则中不存在，已按通用处理",
                         "The note's industry \"{id}\" is not in the current rules; treated as general"),
    "stop.prohibited": ("禁止推广：{name}。{reason}", "Prohibited: {name}. {reason}"),
    "stop.no_override": ("此行业的内容不能导出，也不能强制导出。",
                         "Notes in this industry cannot be exported, not even with an override."),
    # --- gate ---
    "gate.ok": ("可以导出：清单已全部完成", "Ready to export: the checklist is complete"),
    "gate.blocked": ("暂不能导出：{what}。", "Export is blocked: {what}."),
    "gate.errors": ("{n} 处错误级问题", "{n} error-level finding(s)"),
    "gate.open": ("{n} 项未完成：{items}", "{n} open item(s): {items}"),
    "gate.prohibited": ("禁止推广的行业（{name}）", "a prohibited industry ({name})"),
    "gate.sep": ("；", "; "),
    "override.empty": ("请写明强制导出的理由。", "Please write the reason for overriding."),
    "override.prohibited": ("禁止推广的行业不能强制导出。", "A prohibited industry cannot be overridden."),
    "override.not_needed": ("清单已完成，不需要强制导出。", "The checklist is complete; no override is needed."),
    # --- exports ---
    "export.exists": ("{path} 已存在。", "{path} already exists."),
    "export.io": ("无法写入 {path}：{detail}", "Cannot write {path}: {detail}"),
    "export.missing_image": ("找不到图片 {path}，导出包未生成。", "The image {path} is missing; the bundle was not made."),
    "export.bad_target": ("不支持的导出格式：{path}", "Unsupported export format: {path}"),
    # --- report ---
    "report.title": ("小红书笔记审核报告", "XiaoHongShu note review report"),
    "report.generated": ("生成时间", "Generated"),
    "report.app": ("软件版本", "App version"),
    "report.file": ("笔记文件", "Note file"),
    "report.industry": ("行业", "Industry"),
    "report.summary": ("概要", "Summary"),
    "report.counts": ("错误 {error} · 警告 {warning} · 提示 {info}", "{error} error(s) · {warning} warning(s) · {info} info"),
    "report.status": ("导出状态", "Export status"),
    "report.text": ("笔记正文（问题已标出）", "The note (findings marked)"),
    "report.note_title": ("标题", "Title"),
    "report.note_body": ("正文", "Body"),
    "report.note_topics": ("话题", "Topics"),
    "report.note_images": ("图片", "Images"),
    "report.findings": ("问题列表", "Findings"),
    "report.none": ("无", "None"),
    "report.col.no": ("#", "#"),
    "report.col.field": ("位置", "Where"),
    "report.col.matched": ("原文", "Text"),
    "report.col.category": ("类别", "Category"),
    "report.col.severity": ("级别", "Severity"),
    "report.col.message": ("说明", "Message"),
    "report.col.suggestion": ("建议", "Suggestion"),
    "report.ignored": ("已忽略的问题", "Ignored findings"),
    "report.col.reason": ("理由", "Reason"),
    "report.checklist": ("导出清单", "Export checklist"),
    "report.col.item": ("项目", "Item"),
    "report.col.state": ("状态", "State"),
    "report.col.reference": ("编号 / 备注", "Reference / note"),
    "report.col.basis": ("依据", "Basis"),
    "report.done": ("✓ 完成", "✓ done"),
    "report.open": ("✗ 未完成", "✗ open"),
    "report.na": ("— 不适用", "— n/a"),
    "report.overrides": ("强制导出记录", "Export overrides"),
    "report.col.time": ("时间", "Time"),
    "report.col.errors": ("错误数", "Errors"),
    "report.col.open_items": ("当时未完成项", "Open items then"),
    "report.packs": ("使用的规则包", "Rule packs used"),
    "report.col.pack": ("规则包", "Pack"),
    "report.col.version": ("版本", "Version"),
    "report.col.hash": ("内容哈希 (SHA-256)", "Content hash (SHA-256)"),
    "report.footer": ("由 XHS Editor {version} 生成于 {time}。本报告仅供内部审核参考，不构成法律意见。",
                      "Made by XHS Editor {version} at {time}. For internal review only; not legal advice."),
    "field.title": ("标题", "title"),
    "field.body": ("正文", "body"),
    "field.topics": ("话题", "topics"),
    "field.images": ("图片", "images"),
    "severity.error": ("错误", "error"),
    "severity.warning": ("警告", "warning"),
    "severity.info": ("提示", "info"),
    "basis.law": ("法规", "law"),
    "basis.platform": ("平台规则", "platform rule"),
    # --- widgets ---
    "ui.industry": ("行业", "Industry"),
    "ui.use": ("采用", "Use"),
    "ui.general_items": ("通用检查（根据检查结果自动勾选）", "General checks (ticked from the findings)"),
    "ui.industry_items": ("行业资质（核实后手动勾选）", "Industry qualifications (tick once checked)"),
    "ui.reference": ("编号或备注（可选）", "Reference number or note (optional)"),
    "ui.reference_wanted": ("证书/批准文号（建议填写）", "Certificate or approval number (recommended)"),
    "ui.basis": ("依据：{basis}", "Basis: {basis}"),
    "ui.export": ("导出", "Export"),
    "ui.export_title": ("导出笔记", "Export the note"),
    "ui.export_action": ("导出…", "Export…"),
    "ui.checklist_action": ("导出清单", "Export checklist"),
    "ui.copy": ("复制到剪贴板", "Copy to clipboard"),
    "ui.save_txt": ("保存为 .txt…", "Save as .txt…"),
    "ui.save_md": ("保存为 .md…", "Save as .md…"),
    "ui.bundle_folder": ("导出包（文件夹）…", "Bundle (folder)…"),
    "ui.bundle_zip": ("导出包（.zip）…", "Bundle (.zip)…"),
    "ui.report_pdf": ("审核报告 PDF…", "Review report (PDF)…"),
    "ui.report_html": ("审核报告 HTML…", "Review report (HTML)…"),
    "ui.close": ("关闭", "Close"),
    "ui.copied": ("已复制，可直接粘贴到小红书。", "Copied; ready to paste into XiaoHongShu."),
    "ui.saved": ("已保存：{path}", "Saved: {path}"),
    "ui.overwrite_title": ("文件已存在", "File exists"),
    "ui.overwrite": ("{path} 已存在，要替换它吗？", "{path} already exists. Replace it?"),
    "ui.error_title": ("无法导出", "Cannot export"),
    "ui.stop_title": ("禁止推广", "Prohibited"),
    "ui.override_title": ("强制导出", "Override and export"),
    "ui.override_intro": ("导出被阻止。若确需导出，请写明理由；理由和时间会记录在笔记和审核报告中。",
                          "Export is blocked. If you must export anyway, write the reason; it is recorded "
                          "with the time in the note and in the review report."),
    "ui.override_reason": ("理由（必填）", "Reason (required)"),
    "ui.override_ok": ("记录理由并导出", "Record the reason and export"),
    "ui.cancel": ("取消", "Cancel"),
    "ui.filter_txt": ("文本文件 (*.txt)", "Text files (*.txt)"),
    "ui.filter_md": ("Markdown 文件 (*.md)", "Markdown files (*.md)"),
    "ui.filter_zip": ("Zip 压缩包 (*.zip)", "Zip archives (*.zip)"),
    "ui.filter_folder": ("文件夹", "Folder"),
    "ui.filter_pdf": ("PDF 文件 (*.pdf)", "PDF files (*.pdf)"),
    "ui.filter_html": ("网页 (*.html)", "Web pages (*.html)"),
}


def lang_of(lang: str | None) -> str:
    """Normalise a language code to ``"zh"`` or ``"en"``."""
    return "en" if (lang or "").lower().startswith("en") else "zh"


def t(key: str, lang: str = "zh", **values: object) -> str:
    """The string ``key`` in ``lang`` ("zh" or "en") with ``{name}`` values filled in."""
    pair = STRINGS.get(key)
    text = key if pair is None else pair[1 if lang_of(lang) == "en" else 0]
    if values:
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def pick(value: Any, lang: str = "zh") -> str:
    """A ``{zh:…, en:…}`` mapping (or a plain string) from a rule pack in ``lang``."""
    if isinstance(value, Mapping):
        first = value.get(lang_of(lang))
        other = value.get("zh" if lang_of(lang) == "en" else "en")
        return str(first or other or "")
    return "" if value is None else str(value)
