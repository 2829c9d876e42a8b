"""Truce's web interface: server-rendered pages over the same functions as the API.

``truce.server.web.pages.router`` holds every page; ``truce.server.app.create_app`` includes
it and serves ``static/`` (our scripts and styles, and the vendor files built by
``make web-assets``) at ``/static``.
"""
