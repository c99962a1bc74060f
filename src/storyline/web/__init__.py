"""`storyline serve`: a local web app over the store (server-rendered pages and a JSON API)."""

from storyline.web.app import create_app

__all__ = ["create_app"]
