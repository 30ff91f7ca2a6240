import django_tables2 as tables

from .models import Framework


class FrameworkTable(tables.Table):
    short_name = tables.Column(verbose_name="Framework", linkify=True)
    name = tables.Column(verbose_name="Full name")
    active_from = tables.DateColumn(verbose_name="In use from", format="M Y")
    active_to = tables.DateColumn(verbose_name="Until", format="M Y", default="Today")
    is_graded = tables.BooleanColumn(verbose_name="Graded", yesno="Yes,No")
    judgement_count = tables.Column(verbose_name="Judgements")
    rule_count = tables.Column(verbose_name="Limiting rules")

    class Meta:
        model = Framework
        fields = (
            "short_name",
            "name",
            "active_from",
            "active_to",
            "is_graded",
            "judgement_count",
            "rule_count",
        )
        order_by = ("active_from",)
        empty_text = "No frameworks are loaded. Run python manage.py migrate to load them."
