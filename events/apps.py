from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        from events.services.invitations import invite_to_open_events
        from unionhub.core.joining import register_joiner

        register_joiner(invite_to_open_events)
