from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ...demo import load_demo


class Command(BaseCommand):
    help = "Create demo users (one per role), the council and a demo inspection. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (never on a live service: the passwords are public).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "load_demo creates accounts with published passwords, so it only runs with "
                "DEBUG=true. Use --force for a throwaway test database."
            )
        users = load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo-only sign-ins:"))
        for demo in users:
            self.stdout.write(
                f"  {demo.role.label:<18} username {demo.username:<8} password {demo.password}"
            )
