"""Labels for the admin's table inputs, which Django labels only with a column heading.

In a tabular inline and in a changelist's editable column, an input has no <label>: a screen
reader announces "combo box" or "edit text" with no name (WCAG 1.3.1 and 4.1.2; axe's "label"
and "select-name" rules). Each such input gets its field's label as its accessible name.
"""

from django import forms

# These widgets label each of their options themselves.
SELF_LABELLED = (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.HiddenInput)


def name_inputs(fields):
    for field in fields.values():
        widget = getattr(field.widget, "widget", field.widget)  # inside the "add another" wrapper
        if not isinstance(widget, SELF_LABELLED) and field.label:
            widget.attrs.setdefault("aria-label", str(field.label))


def with_named_inputs(formset_class):
    class NamedInputsFormSet(formset_class):
        def add_fields(self, form, index):
            super().add_fields(form, index)  # after the "Delete" and "Order" fields exist
            name_inputs(form.fields)

    return NamedInputsFormSet


class NamedInlineInputs:
    """For a TabularInline."""

    def get_formset(self, request, obj=None, **kwargs):
        return with_named_inputs(super().get_formset(request, obj, **kwargs))


class NamedChangelistInputs:
    """For a ModelAdmin with list_editable."""

    def get_changelist_formset(self, request, **kwargs):
        return with_named_inputs(super().get_changelist_formset(request, **kwargs))
