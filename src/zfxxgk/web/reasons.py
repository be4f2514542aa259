"""Why a file failed or a request was refused, in Chinese for the web pages.

The readers and the store give their reasons in English (the CLI, logs and the database keep them so);
reviewers using the web app read Chinese. Each pattern below names one reason the package can give; an
unknown reason is shown as it is, after a Chinese lead, so nothing is ever hidden.
"""

from __future__ import annotations

import re

_REASONS: tuple[tuple[str, str], ...] = (
    (r"the file is empty", "文件为空"),
    (r"binary data, not a report in a known format", "二进制数据，不是可识别格式的报告"),
    (r"a ZIP archive that is not a Word document", "ZIP 压缩包，不是 Word 文档，请解压后上传其中的报告"),
    (r"file too large \((\d+) MB; the limit is (\d+) MB\)", "文件过大（{0} MB，上限 {1} MB）"),
    (r"text file too large for an annual report \((\d+) MB; the limit for text is (\d+) MB\)", "文本文件过大，不像年度报告（{0} MB，文本上限 {1} MB）"),
    (r"text in an unknown encoding \((.*)\)", "文本编码无法识别（{0}）"),
    (r"the PDF is encrypted.*", "PDF 已加密（设有密码），请另存一份未加密的副本后上传"),
    (r"corrupt or truncated PDF \((.*)\)", "PDF 文件损坏或不完整（{0}）"),
    (r"the PDF has no pages", "PDF 没有页面"),
    (r"the PDF has (\d+) pages; annual reports have far fewer \(limit (\d+)\)", "PDF 共 {0} 页，年度报告远没有这么多（上限 {1} 页）"),
    (r"corrupt or truncated Word document \((.*)\)", "Word 文档损坏或不完整（{0}）"),
    (r"corrupt Word document XML \((.*)\)", "Word 文档内容（XML）损坏（{0}）"),
    (r"not a Word document \((.*)\)", "不是 Word 文档（{0}）"),
    (r".* refused as a zip bomb", "解压后体积过大，疑似压缩炸弹，已拒绝"),
    (r"the Word document declares a DTD.*", "Word 文档声明了 DTD（Word 从不这样写），疑似 XML 炸弹，已拒绝"),
    (r"(?:a scanned image or page|an image: scanned reports) needs? OCR, which is not installed: (.*)", "扫描件需要文字识别（OCR），本机未安装：{0}"),
    (r"image too large \((.*)\)", "图片过大（{0}）"),
    (r"corrupt or truncated image \((.*)\)", "图片损坏或不完整（{0}）"),
    (r"LibreOffice did not finish converting within (\d+) s", "LibreOffice 未能在 {0} 秒内完成转换"),
    (r"a legacy DOC/WPS/RTF file: reading it needs LibreOffice.*", "旧版 DOC/WPS/RTF 文件，需要安装 LibreOffice 才能读取"),
    (r"LibreOffice could not convert it.*", "LibreOffice 无法转换该文件（可能已加密、损坏或不是文字文档）"),
    (r"not a readable web page \((.*)\)", "无法解析的网页（{0}）"),
    (r"no text found in the document", "文档中没有文字（扫描件需要文字识别）"),
    (r"no annual-report tables or year found.*", "未找到年度报告的表格或年度，不像政府信息公开工作年度报告"),
    (r"no tables of the annual-report format found.*", "未找到年度报告格式的表格（表二、表三、表四）"),
    (r"the report's (agency|year|agency and year) could not be read, so it cannot be filed", "无法读出报告的{0}，因此无法归档"),
    (r"could not be stored \((.*)\)", "保存失败（{0}）"),
    (r"internal error while reading \((.*)\)", "读取时发生内部错误（{0}）"),
    (r"sheet “(.*)”: more than (\d+) rows", "工作表“{0}”超过 {1} 行，已拒绝"),
    (r"sheet “(.*)”: row (\d+) has more than (\d+) columns", "工作表“{0}”第 {1} 行超过 {2} 列，已拒绝"),
    (r"not a number: '(.*)' \(use a number, or - for a blank cell\)", "不是数字：“{0}”（请填写数字，空白单元格填 -）"),
    (r"a correction needs a reason.*", "更正需要填写理由"),
    (r"'(.*)' is not a cell of the (\d+) template", "“{0}”不是 {1} 版格式中的单元格"),
)
_WORDS = {"agency": "机关名称", "year": "年度", "agency and year": "机关名称和年度"}
_COMPILED = tuple((re.compile(pattern), chinese) for pattern, chinese in _REASONS)


def in_chinese(reason: str | None) -> str | None:
    """The reason as a reviewer reads it; None stays None (no reason given)."""
    if reason is None:
        return None
    for pattern, chinese in _COMPILED:
        if m := pattern.fullmatch(reason.strip()):
            return chinese.format(*(_WORDS.get(g, g) for g in m.groups()))
    return f"无法处理：{reason}"
