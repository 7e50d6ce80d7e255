"""For a scheduled job: list what is due for review and e-mail it to the Reviewers."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management.base import BaseCommand

from workflow.models import PendingChange
from workflow.selectors import due_for_review


class Command(BaseCommand):
    help = (
        "List entries never checked, checked more than REVIEW_AFTER_DAYS ago, or with open "
        "reports, oldest first, and e-mail the list to the Reviewers (Django's mail settings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-email", action="store_true", help="Only print the list.")

    def handle(self, *args, no_email=False, **options):
        due = due_for_review()
        waiting = PendingChange.objects.waiting().count()
        lines = [f"- {item.entry}: {item.reason}" for item in due]
        body = "\n".join(
            [
                f"{len(due)} entries are due for review "
                f"(not checked in {settings.REVIEW_AFTER_DAYS} days, or reported by visitors):",
                "",
                *lines,
                "",
                f"{waiting} proposed change(s) by Editors wait for a Reviewer.",
            ]
        )
        self.stdout.write(body)
        if no_email or not (due or waiting):
            return
        reviewers = (
            get_user_model()
            .objects.filter(groups__name="Reviewers", is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
            .distinct()
        )
        if not reviewers:
            self.stderr.write("No Reviewer has an e-mail address: nothing was sent.")
            return
        send_mail(
            f"Refugee Guide NL: {len(due)} entries due for review",
            body,
            settings.DEFAULT_FROM_EMAIL,
            list(reviewers),
        )
        self.stdout.write(f"Sent to {len(reviewers)} Reviewer(s).")
