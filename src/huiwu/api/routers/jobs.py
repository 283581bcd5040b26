from ninja import Router, Status
from ninja.pagination import paginate

from huiwu.jobs.selectors import job_for
from huiwu.jobs.services import start_job
from huiwu.notifications import services as notification_services
from huiwu.notifications.models import Notification

from ..pagination import Pagination
from ..schemas.base import ErrorOut
from ..schemas.jobs import JobIn, JobOut, NotificationOut

router = Router(tags=["jobs and notifications"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@router.post("/jobs", response={202: JobOut, **ERRORS}, summary="Start a background job")
def create_job(request, payload: JobIn):
    return Status(202, start_job(membership=request.membership, kind=payload.kind))


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS}, summary="A job's progress and result")
def get_job(request, job_id: int):
    return job_for(request.membership, job_id)


@router.get("/notifications", response=list[NotificationOut], summary="The token user's notifications")
@paginate(Pagination)
def list_notifications(request):
    return Notification.objects.filter(user=request.user, org=request.org)


@router.post("/notifications/read-all", response={200: dict}, summary="Mark every notification read")
def read_all(request):
    return {"marked": notification_services.mark_all_read(user=request.user)}
