"""Django's own messages that its Vietnamese catalogue lacks (new in Django 6.x), translated in ours.

Listed here so `makemessages` keeps them in locale/vi; the project's catalogue takes precedence
over Django's, so these translations are what users see.
"""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = [
    gettext_noop("- Select an option -"),
]
