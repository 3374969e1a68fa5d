"""Deploy checks for the newsletter (manage.py check --deploy)."""

from django.core.checks import Tags, Warning, register

from . import tasks


@register(Tags.security, deploy=True)
def check_task_worker(app_configs, **kwargs):
    """Warn when e-mail would be sent inside web requests in production."""
    if tasks.runs_in_background():
        return []
    return [
        Warning(
            "Tasks run in the web request (the immediate task backend): "
            "confirmation e-mails slow down signups and a digest sent from the "
            "admin is cut off by the server's timeout.",
            hint="Set TASKS_BACKEND=database and run manage.py db_worker.",
            id="newsletter.W001",
        )
    ]
