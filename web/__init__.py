"""kyr's web front end: a Flask app factory over the kyr library (web imports kyr, never the reverse)."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app; `test_config` overrides settings in tests."""
    app = Flask(__name__)
    app.config.from_mapping(PROFILE=None, MAX_CONTENT_LENGTH=64 * 1024)
    if test_config:
        app.config.update(test_config)

    from web import documents

    app.register_blueprint(documents.bp)
    return app
