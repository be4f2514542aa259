"""Why a file failed or a request was refused, in Chinese for the web pages and the command line.

The readers and the store give their reasons in English (logs and the database keep them so, and the
CLI shows them so with `--lang en`); reviewers using the web app or the CLI read Chinese. Each pattern
below names one reason the package can give (and, last, how the extractor read a row, for `zfxxgk
explain`); an unknown reason is shown as it is, after a Chinese lead, so nothing is ever hidden.
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
    (r"a blank template, nothing filled in", "空白模板，未填写任何内容"),
    (r"not an annual report: no agency, title or section headings found", "不是年度报告：未找到机关名称、标题或各部分标题"),
    (r"the report's (agency|year|agency and year) could not be read, so it cannot be filed", "无法读出报告的{0}，因此无法归档"),
    (r"could not be stored \((.*)\)", "保存失败（{0}）"),
    (r"internal error while reading \((.*)\)", "读取时发生内部错误（{0}）"),
    (r"sheet “(.*)”: more than (\d+) rows", "工作表“{0}”超过 {1} 行，已拒绝"),
    (r"sheet “(.*)”: row (\d+) has more than (\d+) columns", "工作表“{0}”第 {1} 行超过 {2} 列，已拒绝"),
    (r"not a number: '(.*)' \(use a number, or - for a blank cell\)", "不是数字：“{0}”（请填写数字，空白单元格填 -）"),
    (r"a correction needs a reason.*", "更正需要填写理由"),
    (r"'(.*)' is not a cell of the (\d+) template", "“{0}”不是 {1} 版格式中的单元格"),
    (r"no stored agency matches '(.*)'", "库中没有与“{0}”相符的机关"),
    (r"no stored report of (.*) for (\d+)", "库中没有{0} {1}年度的报告"),
    (r"no stored report with id (\d+)", "库中没有编号为 {0} 的报告"),
    (r"cannot use database '(.*)': (.*)", "无法使用数据库“{0}”：{1}"),
    (r"cannot open database (.*?): (.*)", "无法打开数据库 {0}：{1}"),
    (r"Parquet export needs pyarrow: (.*)", "导出 Parquet 需要 pyarrow：{0}"),
    (r"the dask executor needs the `dask` extra: (.*)", "dask 执行器需要安装 dask 扩展：{0}"),
    (r"--executor dask needs --scheduler ADDRESS.*", "--executor dask 需要用 --scheduler 指明调度器地址（如 tcp://127.0.0.1:8786）"),
    (r"cannot reach the Dask scheduler at (.*?): (.*)", "无法连接 Dask 调度器 {0}：{1}"),
    (r"neither a workbook nor report JSON \((.*)\)", "既不是填报表，也不是报告 JSON（{0}）"),
    (r"holds (\d+) reports; render one at a time", "含有 {0} 份报告，请一次写出一份"),
    (r"report JSON must be an object.*", "报告 JSON 应为一个对象，即 zfxxgk parse 的输出"),
    (r"not report JSON: no (.*?) \(.*", "不是报告 JSON：缺少 {0}（请用 zfxxgk parse 生成，格式 zfxxgk.report/1）"),
    (r"report JSON not in the zfxxgk.report/1 shape \((.*)\)", "报告 JSON 不符合 zfxxgk.report/1 格式（{0}）"),
    (r"writing PDF needs LibreOffice \(soffice\), which is not installed", "写出 PDF 需要 LibreOffice（soffice），本机未安装"),
    (r"not a zfxxgk workbook \(no sheet “(.*)”\)", "不是 zfxxgk 填报表（没有“{0}”工作表）"),
    (r"a spreadsheet, but not a filled workbook of `zfxxgk template`: (.*)", "是电子表格，但不是 zfxxgk template 的填报表：{0}"),
    (r"corrupt or truncated spreadsheet \((.*)\)", "电子表格损坏或不完整（{0}）"),
    (r"(.*): no such check configuration file", "{0}：配置文件不存在"),
    (r"(.*): cannot read the check configuration \((.*)\)", "{0}：无法读取配置文件（{1}）"),
    (r"(.*): not valid TOML \((.*)\)", "{0}：不是有效的 TOML（{1}）"),
    (r"(.*): rules must be a table \(\[rules\]\)", "{0}：rules 应为一个表（[rules]）"),
    (r"(.*): unknown level '(.*)' for (.*); use one of (.*)", "{0}：规则 {2} 的级别“{1}”无效，可用：{3}"),
    (r"(.*): no rule with the id (.*); did you mean (.*)\?", "{0}：没有编号为 {1} 的规则，是否应为 {2}？"),
    (r"(.*): no rule with the id (.*)", "{0}：没有编号为 {1} 的规则"),
    # The command line's refusals of an option or argument (Typer's parser); the inner message is
    # translated in turn.
    (r"Invalid value for (.*?): (.*)", "{0} 的值无效：{1}"),
    (r"Value error, (.*)", "{0}"),
    (r"'(.*)' is not one of (.*)\.", "“{0}”不是可用的值（可用：{1}）"),
    (r"Input should be greater than or equal to (.*)", "应不小于 {0}"),
    (r"Input should be less than or equal to (.*)", "应不大于 {0}"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid number.*", "应为数字"),
    (r"Missing option (.*)\.", "缺少选项 {0}"),
    (r"Missing argument (.*)\.", "缺少参数 {0}"),
    (r"No such option: (\S+) \(Possible options: (.*)\)", "没有选项 {0}（可能是：{1}）"),
    (r"No such option: (\S+)", "没有选项 {0}"),
    (r"No such command '(.*)'\. Did you mean '(.*)'\?", "没有命令“{0}”，是否应为“{1}”？"),
    (r"No such command '(.*)'\.", "没有命令“{0}”"),
    (r"Got unexpected extra argument\(s\) \((.*)\)", "多余的参数：{0}"),
    # How the extractor read a row whose print was not plain (its notes, shown by `zfxxgk explain`).
    (r"as printed", "按印刷内容"),
    (r"split run-together digits \((\d+) cuts\)", "拆分连在一起的数字（{0} 处）"),
    (r"blank cells read as empty values", "空白单元格读作空值"),
    (r"blank cells read as empty values, merged-label blanks skipped", "空白单元格读作空值，跳过合并标签留下的空白"),
    (r"leading blank cells read as empty values, values after them ignored", "前面的空白单元格读作空值，其后的数值不计"),
    (r"values placed by their grid columns", "数值按表格的列放置"),
    (r"only (\d+) of (\d+) values printed; the rest missing", "{1} 个数值只印了 {0} 个，其余按缺失计"),
    (r"(\d+) extra value\(s\) outside the row ignored", "行外多出的 {0} 个数值不计"),
    (r"(\d+) cell\(s\) left out of the print, placed by the rules", "印刷时漏掉 {0} 个单元格，按勾稽关系放置"),
)
_WORDS = {"agency": "机关名称", "year": "年度", "agency and year": "机关名称和年度"}
_COMPILED = tuple((re.compile(pattern), chinese) for pattern, chinese in _REASONS)


def in_chinese(reason: str | None) -> str | None:
    """The reason as a reviewer reads it; None stays None (no reason given)."""
    if reason is None:
        return None
    known = _known(reason)
    return f"无法处理：{reason}" if known is None else known


def _known(reason: str) -> str | None:
    """The reason in Chinese if a pattern names it, each part it quotes translated in turn (a reason
    inside a reason); None if no pattern does."""
    for pattern, chinese in _COMPILED:
        if m := pattern.fullmatch(reason.strip()):
            return chinese.format(*(_WORDS.get(g) or _known(g) or g for g in m.groups()))
    return None
