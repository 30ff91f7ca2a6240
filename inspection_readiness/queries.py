"""Reads that views need, already scoped to the person asking."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .models import Job
from .roles import Role, user_has_role


def jobs_for_user(user: AbstractBaseUser) -> QuerySet[Job]:
    """A person sees their own jobs; data admins see everyone's."""
    jobs = Job.objects.select_related("owner")
    if user_has_role(user, [Role.DATA_ADMIN]):
        return jobs
    return jobs.filter(owner=user)


def get_job_for_user(user: AbstractBaseUser, pk: int, *, with_result: bool = False) -> Job:
    """The one gate for a job: 404 if it does not exist, 403 if it is someone else's."""
    try:
        job = Job.objects.select_related("owner").get(pk=pk)
    except Job.DoesNotExist:
        raise Http404("No such job.") from None
    if job.owner_id != user.pk and not user_has_role(user, [Role.DATA_ADMIN]):
        raise PermissionDenied("This job belongs to someone else.")
    if with_result and not job.result_file:
        raise Http404("This job has no file to download.")
    return job
