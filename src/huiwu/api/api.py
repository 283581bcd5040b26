from ninja import NinjaAPI

from . import errors
from .auth import TokenAuth
from .routers import events, jobs, orgs

api = NinjaAPI(
    title="Huiwu API",
    version="1",
    description="Meetings, clients and operations of one organisation. Authenticate with a bearer token.",
    auth=TokenAuth(),
    urls_namespace="api",
)
errors.install(api)
api.add_router("/", orgs.router)
api.add_router("/", events.router)
api.add_router("/", jobs.router)
