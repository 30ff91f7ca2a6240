"""The demo self-evaluation that a fresh `script/run` shows."""

import pytest

from inspection_readiness.demo import load_demo

from ..demo import DEMO_TITLE
from ..models import SelfEvaluation
from ..queries import check_for

pytestmark = pytest.mark.django_db


def test_load_demo_makes_one_self_evaluation_ready_for_review_and_is_safe_twice():
    load_demo()
    load_demo()
    demo = SelfEvaluation.objects.get(title=DEMO_TITLE)
    assert demo.status == SelfEvaluation.Status.DRAFT
    assert demo.inspection is not None and demo.inspection.is_rehearsal
    assert demo.framework.short_name == "ILACS"
    check = check_for(demo)
    assert check.can_submit, [problem.message for problem in check.problems]
    assert demo.areas.filter(evidence__isnull=False).distinct().count() == demo.areas.count()
