"""Template helpers that render Django form fields as Designsystemet inputs."""
from django import template

register = template.Library()

INPUT_CLASSES = {"CheckboxInput": "ds-input", "RadioSelect": "", "CheckboxSelectMultiple": ""}


@register.filter
def ds_widget(field):
    """Render a bound field with Designsystemet's class and its help and error ids."""
    attrs = {"class": INPUT_CLASSES.get(type(field.field.widget).__name__, "ds-input")}
    described = []
    if field.help_text:
        described.append(f"{field.id_for_label}-help")
    if field.errors:
        described.append(f"{field.id_for_label}-error")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)
