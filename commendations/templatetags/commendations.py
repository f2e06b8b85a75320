from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key):
    """`figures|get_item:code`: a dict look-up, for the records shown beside each criterion."""
    return mapping.get(key, ()) if mapping else ()
