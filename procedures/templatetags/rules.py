"""Under a text that states the rules: when a person last checked it, and a warning for each
recorded change in the rules since then that concerns it.

The glossary page uses it too: a template may load a tag library from any app, while
`glossary` itself never imports `procedures`, which records the changes.
"""

from django import template

from procedures.selectors import RuleChanges

register = template.Library()


@register.inclusion_tag("includes/rules_note.html", takes_context=True)
def rules_note(context, text):
    return {"note": RuleChanges.for_request(context.get("request")).note(text)}
