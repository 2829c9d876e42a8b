"""The analyses over HTTP; filled in as the analysis modules land (imported lazily)."""

from __future__ import annotations

from fastapi import APIRouter

from truce.server import review

router = APIRouter()
router.include_router(review.router)
