"""`manage.py worker`: the task worker (django-tasks-db's db_worker) with the hourly clean-up kept scheduled.

Run as many as you like, on one machine or several: each job is claimed by one worker only.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from unionhub.core.jobs import schedule_clean_up


class Command(DatabaseWorkerCommand):
    help = "Run the background worker: exports, documents and imports, and the file clean-up."

    def handle(self, *args, **options):
        schedule_clean_up()
        return super().handle(*args, **options)
