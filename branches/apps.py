from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # The exporters register themselves, for the views, the background jobs and the tests.
        from branches import documents, exports  # noqa: F401
        from branches.services.reports import join_open_periods
        from unionhub.core.joining import register_joiner

        register_joiner(join_open_periods)
