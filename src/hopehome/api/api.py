"""The /api/v1/ root: one NinjaAPI that mounts each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(title="Hope Home API", version="1", urls_namespace="api")
