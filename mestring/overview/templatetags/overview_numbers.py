"""`grouped`: a whole number with the page language's thousands separator, as in the tables."""
from django import template

from mestring.overview.charts import display

register = template.Library()


@register.filter
def grouped(value):
    return display(value)
