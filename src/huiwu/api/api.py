from ninja import NinjaAPI

from . import errors
from .auth import TokenAuth
from .routers import (
    agenda,
    attendees,
    budgets,
    checkin,
    contract_money,
    contracts,
    events,
    feedback,
    inspections,
    interaction,
    jobs,
    onsite,
    orgs,
    planning,
    portal,
    risks,
    runsheet,
    staff,
    standards,
    suppliers,
    venues,
    wrapup,
)

ERROR_STATUSES = {
    "400": "Malformed request body",
    "401": "Missing, unknown or revoked token",
    "403": "The token's role does not allow this",
    "404": "Not found in this organisation",
    "409": "Conflicts with the current state",
    "413": "Request body too large",
    "422": "Invalid or unknown fields",
    "429": "Too many requests from this device or user",
}


class HuiwuAPI(NinjaAPI):
    """Every operation documents the one error shape for every error status it can return."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Error"] = {
            "type": "object",
            "required": ["code", "message", "details"],
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"anyOf": [{"type": "object"}, {"type": "array"}]},
            },
        }
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for item in schema["paths"].values():
            for operation in item.values():
                responses = operation.setdefault("responses", {})
                for status, text in ERROR_STATUSES.items():
                    responses.setdefault(status, {"description": text, **ref})
        return schema


api = HuiwuAPI(
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
api.add_router("/", planning.router)
api.add_router("/", agenda.router)
api.add_router("/", attendees.router)
api.add_router("/", checkin.router)
api.add_router("/", onsite.router)
api.add_router("/", venues.router)
api.add_router("/", risks.router)
api.add_router("/", standards.router)
api.add_router("/", inspections.router)
api.add_router("/", staff.router)
api.add_router("/", suppliers.router)
api.add_router("/", runsheet.router)
api.add_router("/", portal.router)
api.add_router("/", contracts.router)
api.add_router("/", contract_money.router)
api.add_router("/", budgets.router)
api.add_router("/", feedback.router)
api.add_router("/", wrapup.router)
api.add_router("/", interaction.router)
