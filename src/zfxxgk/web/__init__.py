"""The reviewers' web app (`zfxxgk serve`): upload, list, review and correct, compare years, sum a jurisdiction.

FastAPI with Jinja2 pages and HTMX; htmx, ECharts and Swagger UI are vendored under `static/vendor/`, so
it runs offline. It imports the model, templates, checks and store only (plus content sniffing).
"""

from .app import PAGES, create_app
from .reviewers import add_reviewer
from .server import BackgroundServer, serve
from .settings import WebSettings

__all__ = ["PAGES", "BackgroundServer", "WebSettings", "add_reviewer", "create_app", "serve"]
