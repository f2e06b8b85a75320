"""Django's own messages that its Vietnamese catalogue lacks (new in Django 6.x), translated in ours.

Listed here so `makemessages` keeps them in locale/vi; the project's catalogue takes precedence
over Django's, so these translations are what users see.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MESSAGES = [
    gettext_noop("- Select an option -"),
    # The password length rule, whose English wording changed in Django 6.1.
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
]
