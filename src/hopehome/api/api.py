"""The /api/v1/ root: one NinjaAPI that mounts each app's router.

The schema is served at ``/api/v1/openapi.json`` and the interactive docs at ``/api/v1/docs``.
Every error, including an unknown path under ``/api/v1/``, answers in the one error shape of
:mod:`hopehome.api.errors`.
"""

from django.http import Http404
from ninja import NinjaAPI, Router
from ninja.renderers import JSONRenderer

from hopehome.core.api import router as core_router
from hopehome.inspection.api import router as inspection_router
from hopehome.jobs.api import router as jobs_router
from hopehome.outcomes.api import router as outcomes_router
from hopehome.training.api import router as training_router

from . import errors


class Utf8JSONRenderer(JSONRenderer):
    """JSON with Chinese text as UTF-8 rather than \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=Utf8JSONRenderer(),
    title="Hope Home API",
    version="1",
    urls_namespace="api",
    description=(
        "臺南市政府勞工局「希望家園」公開資料 API：行政區、行業、服務對象、職業訓練課程與施政成果指標。"
        '所有錯誤皆回傳 {"error": {"code", "message", "details"}}。'
    ),
)
errors.install(api)

api.add_router("", core_router, tags=["reference"])
api.add_router("/training", training_router, tags=["training"])
api.add_router("/outcomes", outcomes_router, tags=["outcomes"])
api.add_router("/inspection", inspection_router, tags=["inspection"])
api.add_router("/vacancies", jobs_router, tags=["jobs"])

# Mounted last, so that it only answers paths no other operation claimed.
_fallback = Router()


@_fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", include_in_schema=False
)
def unknown_path(request, rest: str):
    raise Http404(rest)


api.add_router("", _fallback)
