from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ..downloads import job_file_response
from ..jobs import fail_if_stuck, may_retry, previous_good_result, retry_job
from ..queries import get_job_for_user, jobs_for_user
from ..roles import ALL_ROLES, require_role


@require_role(*ALL_ROLES)
def job_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "inspection_readiness/job_list.html", {"jobs": jobs_for_user(request.user)[:50]}
    )


@require_role(*ALL_ROLES)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = fail_if_stuck(get_job_for_user(request.user, pk))
    return render(
        request,
        "inspection_readiness/job_detail.html",
        {
            "job": job,
            "previous": previous_good_result(job) if job.status != job.Status.SUCCEEDED else None,
            "can_retry": may_retry(request.user, job),
        },
    )


@require_role(*ALL_ROLES)
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    # Polled while the job runs: also where a job whose worker died is found and failed.
    job = fail_if_stuck(get_job_for_user(request.user, pk))
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "message": job.message,
            "finished": job.is_finished,
        }
    )


@require_POST
@require_role(*ALL_ROLES)
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    try:
        new_job = retry_job(job=job, requested_by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(job)
    return redirect(new_job)


@require_role(*ALL_ROLES)
def job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = get_job_for_user(request.user, pk, with_result=True)
    return job_file_response(request, job)
