"""Pages as HTML: one self-contained file, tables with rowspan/colspan as the format merges them."""

from __future__ import annotations

import base64
from functools import cache

import jinja2
from markupsafe import Markup

from .page import Page

_TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ page.title }}</title>
<style>
body { font-family: "FangSong", "仿宋", "SimSun", serif; max-width: 60em; margin: 2em auto; line-height: 1.8; }
h1 { text-align: center; font-size: 1.6em; }
h2 { font-family: "SimHei", "黑体", sans-serif; font-size: 1.15em; }
p { text-indent: 2em; margin: 0.4em 0; }
table { border-collapse: collapse; margin: 1em 0; width: 100%; }
td, th { border: 1px solid #000; padding: 0.2em 0.4em; text-align: center; }
td.value { text-align: right; }
.closing { text-align: right; text-indent: 0; }
figure { margin: 1em 0; text-align: center; } figure img { max-width: 100%; }
</style>
</head>
<body>
<h1>{{ page.title }}</h1>
{% for part in page.parts %}
<h2>{{ part.heading }}</h2>
{% for paragraph in part.paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}
{% for grid in part.grids %}<table>
{% for row in grid.rows() %}<tr>{% for cell in row %}{% set tag = "td" if cell.cell_id else "th" %}<{{ tag }}
{%- if cell.rowspan > 1 %} rowspan="{{ cell.rowspan }}"{% endif %}
{%- if cell.colspan > 1 %} colspan="{{ cell.colspan }}"{% endif %}
{%- if cell.cell_id %} class="value"{% endif %}>{{ cell.text | lines }}</{{ tag }}>{% endfor %}</tr>
{% endfor %}</table>
{% endfor %}
{% for figure in part.figures %}<figure><img src="data:image/png;base64,{{ figure.png | base64 }}" alt="{{ figure.caption }}"><figcaption>{{ figure.caption }}</figcaption></figure>
{% endfor %}
{% endfor %}
{% for line in page.closing %}<p class="closing">{{ line }}</p>
{% endfor %}
</body>
</html>
"""


def _lines(text: str) -> Markup:
    """A label wrapped over lines keeps its breaks."""
    return Markup("<br>").join(text.split("\n"))


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(autoescape=True, trim_blocks=False, lstrip_blocks=False)
    env.filters["lines"] = _lines
    env.filters["base64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env.from_string(_TEMPLATE)


def page_html(page: Page) -> str:
    return _template().render(page=page)
