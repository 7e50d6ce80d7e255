"""Fill in a form as a browser would: every field with the value the page gives it."""

from html.parser import HTMLParser

from django.utils.datastructures import MultiValueDict


class FormFields(HTMLParser):
    """The fields of the page's form that holds `marker` (a field name), as a browser sends them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = MultiValueDict()
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._form.appendlist(name, attrs.get("value", "on"))
            else:
                self._form.appendlist(name, attrs.get("value", ""))
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._select[2].append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = (name, [])

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1].append(data)

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            name, multiple, chosen = self._select
            # A single select with nothing marked sends its first option; ours mark the value.
            for value in chosen if multiple else chosen[:1] or [""]:
                self._form.appendlist(name, value)
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, parts = self._textarea
            # A browser drops the one newline right after <textarea>.
            self._form.appendlist(name, "".join(parts).removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_data(html, marker):
    parser = FormFields()
    parser.feed(html)
    for form in parser.forms:
        if marker in form:
            return {name: values if len(values) > 1 else values[0] for name, values in form.lists()}
    raise AssertionError(f"No form with a field {marker!r} on the page")
