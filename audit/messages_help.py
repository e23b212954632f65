"""The help of every command and option, in Chinese and English (part of the one catalogue in ``audit.messages``).

Keys are ``help.COMMAND`` for a command (its help ends with an example) and ``help.NAME`` for an
option shared by several commands, ``help.COMMAND.NAME`` for one of its own.
"""

from __future__ import annotations

HELP: dict[str, tuple[str, str]] = {
    "help.main": (
        "审计窗口工作周报各期的统计数据：提取每个数字及其原文出处，按规则检查，输出报告。\n\n"
        "示例：audit check examples/ --report audit.xlsx",
        "Audit the statistics of 窗口工作周报 issues: extract figures with evidence, check them, report.\n\n"
        "Example: audit check examples/ --report audit.xlsx",
    ),
    "help.version": ("显示版本并退出。", "Show the version and exit."),
    "help.help": ("显示此帮助并退出。", "Show this message and exit."),
    "help.lang": (
        "消息与报告的语言（默认：中文区域设置下为中文，否则为英文）。",
        "Language of messages and reports (default: Chinese under a Chinese locale, else English).",
    ),
    "help.debug": ("出现意外错误时显示调用栈。", "Show a traceback for unexpected errors."),
    "help.quiet": ("不在标准错误输出进度与提示。", "No progress or notices on stderr."),
    "help.jobs": (
        "用多少个进程解析文件（结果与进程数无关）；check --report 时，为 2 及以上则审核工作簿与其他输出同时写出。",
        "Parse files in this many processes (the output is the same for any value); with check --report, "
        "2 or more also write the workbook while the other output is written.",
    ),
    "help.no_cache": (
        "不使用提取缓存，重新解析每个文件。",
        "Parse every file again instead of using the extraction cache.",
    ),
    "help.history": (
        "已发布的期次（文件或文件夹，可重复），仅作跨期规则的对照；只报告 PATHS 中的期次。",
        "Already-published issues (file or folder; repeatable) used as context; only PATHS are reported.",
    ),
    "help.fail_on": (
        "存在此严重程度及以上的未豁免问题时退出码为 1。",
        "Exit 1 when an unwaived finding is at or above this severity.",
    ),
    "help.config": (
        "设置文件（默认：向上查找 audit.toml 或 pyproject.toml 中的 [tool.audit]）。",
        "Settings file (default: audit.toml or [tool.audit] found upward).",
    ),
    "help.extract": (
        "提取 PATHS 下每期周报的报头与数字，每个数字附行号与原句。\n\n"
        "全部读出时退出码为 0，有文件无法读取时为 2（在标准错误中逐一列出）。\n\n"
        "示例：audit extract examples/ -o 数据.xlsx",
        "Extract the masthead and figures of every issue under PATHS, each with its line and sentence.\n\n"
        "Exit code 0 when every file was read, 2 when some could not be (they are named on stderr).\n\n"
        "Example: audit extract examples/ -o tables.xlsx",
    ),
    "help.extract.format": ("写到标准输出的格式。", "Format written to stdout."),
    "help.extract.output": (
        "把各表写入 FILE：.json、.xlsx（每表一个工作表）或 .csv（每表一个文件）。",
        "Write the tables to FILE instead: .json, .xlsx (a sheet per table) or .csv (a file per table).",
    ),
    "help.check": (
        "按规则目录（见 audit rules）检查 PATHS 下的期次。\n\n"
        "退出码 0：没有达到 --fail-on 的问题；1：有达到的问题；2：用法错误、文件无法读取，"
        "或 PATHS 下没有任何期次（其余文件照常检查并报告）。\n\n"
        "示例：audit check 草稿/2024-第3期.docx --history 往期/ --report 审计.xlsx",
        "Check the issues under PATHS against the rule catalogue (see `audit rules`).\n\n"
        "Exit code 0: nothing at or above --fail-on; 1: findings at or above it; 2: a usage error, "
        "an unreadable input or no issue under PATHS (the other inputs are still checked and reported).\n\n"
        "Example: audit check drafts/2024-3.docx --history archive/ --report audit.xlsx",
    ),
    "help.check.format": ("输出格式。", "Output format."),
    "help.check.output": (
        "把输出写入 FILE，而不是标准输出（.json 与 .xml 分别选择 json 与 junit；- 为标准输出）。",
        "Write the output to FILE, not stdout (.json and .xml choose json and junit; - is stdout).",
    ),
    "help.check.waivers": ("已批准例外的 YAML 或 TOML 文件。", "YAML or TOML file of approved exceptions."),
    "help.check.report": (
        "同时把 Excel 审计工作簿写入 FILE.xlsx（保留其中已有的复核记录与签署）。",
        "Also write the Excel audit workbook to FILE.xlsx (the reviews and sign-off in it are kept).",
    ),
    "help.rules": (
        "列出每条规则：编号、单期或跨期、默认严重程度、中英文说明；--explain 说明一条规则。\n\n"
        "示例：audit rules --explain completed_le_accepted",
        "List every rule: id, per issue or across issues, default severity, description; "
        "--explain describes one rule.\n\n"
        "Example: audit rules --explain completed_le_accepted",
    ),
    "help.rules.format": ("输出格式。", "Output format."),
    "help.rules.explain": (
        "说明规则 RULE：检查什么、各项检查的严重程度、阈值与相关设置。",
        "Explain RULE: what it checks, each test's severity, its thresholds and settings.",
    ),
    "help.report": (
        "用保存的 `audit check --format json` 结果 RESULT 生成 Excel 审计工作簿。\n\n"
        "工作簿中已有的复核按指纹保留；消失的问题连同复核移到“已解决”工作表；概览的签署在问题未变时保留，"
        "否则移入“以往签署”。退出码 0，文件无法使用时为 2。\n\n"
        "示例：audit report 结果.json -o 审计.xlsx",
        "Write the Excel audit workbook from RESULT, a saved `audit check --format json` output.\n\n"
        "Reviews already in the workbook are carried over by fingerprint; findings that are gone move "
        "to the Resolved (已解决) sheet with their review; the overview's sign-off stays while the findings "
        "are unchanged, else it moves to the earlier sign-offs. Exit code 0, or 2 when a file cannot be used.\n\n"
        "Example: audit report result.json -o audit.xlsx",
    ),
    "help.report.report": (
        "要写入的工作簿（FILE.xlsx）；已有工作簿中的复核栏会保留。",
        "The workbook to write (FILE.xlsx); the review columns of an existing one are kept.",
    ),
    "help.waivers": (
        "把 WORKBOOK 中标为“已豁免”的行导出为 `audit check --waivers` 使用的豁免文件。\n\n"
        "豁免按刊物、总期号、规则与指标记录（指纹作核对），文件改名或转换格式后仍然有效。"
        "每行须在“备注”写明理由、在“复核人”写明批准人（或用 --approved-by）；缺项的行会在一行错误中列出"
        "（退出码 2），且不写任何文件。\n\n"
        "示例：audit waivers 审计.xlsx -o waivers.yaml",
        "Export the rows of WORKBOOK marked 已豁免 as waivers for `audit check --waivers`.\n\n"
        "Waivers are keyed on series, serial number, rule and metric (the fingerprint as a check), so "
        "they survive renaming or converting the file. Each needs its reason in 备注 and an approver in "
        "复核人 (or --approved-by); rows lacking either are named in a one-line error (exit code 2) and "
        "nothing is written.\n\n"
        "Example: audit waivers audit.xlsx -o waivers.yaml",
    ),
    "help.waivers.output": (
        "把 YAML 写入 FILE.yaml，而不是标准输出（- 为标准输出）。",
        "Write the YAML to FILE.yaml, not stdout (- is stdout).",
    ),
    "help.waivers.approved_by": ("“复核人”为空的行的批准人。", "Approver of rows whose 复核人 is blank."),
    "help.waivers.expires": (
        "每条豁免的到期日（YYYY-MM-DD）。",
        "Expiry date (YYYY-MM-DD) of every waiver.",
    ),
    "help.profile": (
        "系列配置文件（TOML，可重复），用于内置系列以外的简报（见 audit profiles）。",
        "Series profile (TOML; repeatable) for a bulletin other than the built-in ones (see `audit profiles`).",
    ),
    "help.profiles": (
        "列出当前生效的系列配置：内置的、[tool.audit] profiles 中的、以及 --profile 给出的。\n\n"
        "示例：audit profiles --profile profiles/hotline.toml",
        "List the series profiles in effect: built-in, [tool.audit] profiles, and --profile FILE.\n\n"
        "Example: audit profiles --profile profiles/hotline.toml",
    ),
    "help.profiles.check": (
        "校验一个系列配置文件：每个问题一行（键：问题所在）；有问题时退出码为 2。\n\n"
        "示例：audit profiles check profiles/hotline.toml",
        "Validate a profile file: every problem on a line of its own (key: what is wrong); exit 2 if any.\n\n"
        "Example: audit profiles check profiles/hotline.toml",
    ),
    "help.cache": (
        "提取缓存（未改动的文件不再解析；见 --no-cache）。\n\n示例：audit cache clear",
        "The extraction cache (unchanged files are not parsed again; see --no-cache).\n\n"
        "Example: audit cache clear",
    ),
    "help.cache.clear": (
        "删除本工具缓存的所有提取结果，缓存文件夹中的其他文件不动。\n\n"
        "删除了缓存时退出码为 0，没有可删除的缓存时为 2。\n\n示例：audit cache clear",
        "Remove every cached extraction; nothing else in the cache folder is touched.\n\n"
        "Exit code 0 when entries were removed, 2 when there were none to remove.\n\n"
        "Example: audit cache clear",
    ),
    "help.cache.dir": (
        "显示缓存文件夹（设置 AUDIT_CACHE_DIR 可移动它）。\n\n示例：audit cache dir",
        "Print the cache folder (set AUDIT_CACHE_DIR to move it).\n\nExample: audit cache dir",
    ),
    "help.gx": (
        "Great Expectations 桥接：把规则导出为 GX 套件，或用 GX 验证期次。\n\n"
        '需要 gx 附加组件：在本仓库中运行 pip install -e ".[gx]"。\n\n示例：audit gx export -o suite.json',
        "Great Expectations bridge: export the rules as a GX suite, or validate issues with GX.\n\n"
        'Needs the gx extra: pip install -e ".[gx]" in this repository.\n\nExample: audit gx export -o suite.json',
    ),
    "help.gx.export": (
        "把规则目录写成 GX 1.x ExpectationSuite（JSON）。\n\n"
        "每个期望的 meta 注明其规则、检查、严重程度与读取的表；无法表达的检查列在 meta.not_expressed。\n\n"
        "示例：audit gx export -o suite.json",
        "Write the rule catalogue as a GX 1.x ExpectationSuite (JSON).\n\n"
        "Each expectation's meta names its rule, variant, severity and the table it reads (see the "
        "suite's meta.tables); tests no expectation expresses are listed in meta.not_expressed.\n\n"
        "Example: audit gx export -o suite.json",
    ),
    "help.gx.export.output": ("把套件写入 FILE，而不是标准输出。", "Write the suite to FILE, not stdout."),
    "help.gx.run": (
        "用 GX 按规则目录的套件验证 PATHS 下的期次。\n\n"
        "每个未通过的期望输出一行（严重程度、规则.检查、期望、未通过的期次）。退出码 0：没有达到 --fail-on 的"
        "失败；1：有；2：用法错误、文件无法读取或缺少 gx 附加组件。\n\n"
        "示例：audit gx run examples/ --docs gx-docs/",
        "Validate the issues under PATHS with GX against the rule catalogue's suite.\n\n"
        "Prints one line per failed expectation (severity, rule.variant, expectation, the failing "
        "issues). Exit code 0: nothing at or above --fail-on; 1: failures at or above it; 2: a usage "
        "error, an unreadable input or a missing gx extra.\n\n"
        "Example: audit gx run examples/ --docs gx-docs/",
    ),
    "help.gx.run.docs": (
        "同时把 GX Data Docs（HTML）生成到 DIR。",
        "Also build GX Data Docs (HTML) into DIR.",
    ),
    "help.gx.run.fail_on": (
        "有此严重程度及以上的期望未通过时退出码为 1。",
        "Exit 1 when an expectation of this severity or above fails.",
    ),
    # Headings click prints around the help.
    "help.section.options": ("选项", "Options"),
    "help.section.commands": ("命令", "Commands"),
}
