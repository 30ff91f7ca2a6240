from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from ..jobs import previous_good_result
from ..queries import get_job_for_user, jobs_for_user
from ..roles import ALL_ROLES, require_role


@require_role(*ALL_ROLES)
def job_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "inspection_readiness/job_list.html", {"jobs": jobs_for_user(request.user)[:50]}
    )


@require_role(*ALL_ROLES)
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    return render(
        request,
        "inspection_readiness/job_detail.html",
        {
            "job": job,
            "previous": previous_good_result(job) if job.status != job.Status.SUCCEEDED else None,
        },
    )


@require_role(*ALL_ROLES)
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = get_job_for_user(request.user, pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "progress": job.progress,
            "message": job.message,
            "finished": job.is_finished,
        }
    )


@require_role(*ALL_ROLES)
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_job_for_user(request.user, pk, with_result=True)
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name)
