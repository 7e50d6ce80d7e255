from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Report


class ReportForm(forms.ModelForm):
    """What is wrong or missing, and (only if the visitor wants) how to reach them.

    `website` is a honeypot: hidden from people (and screen readers), filled in by bots.
    """

    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = Report
        fields = ["message", "contact"]
        labels = {
            "message": _("What is wrong or missing?"),
            "contact": _("How can we reach you? (optional)"),
        }
        help_texts = {
            "message": _("For example: the phone number does not work, the office has moved."),
            "contact": _(
                "An e-mail address or phone number, only if you want us to ask you something."
            ),
        }
        widgets = {
            "message": forms.Textarea(attrs={"rows": 6, "maxlength": settings.REPORT_MAX_LENGTH}),
            "contact": forms.TextInput(attrs={"maxlength": 200, "autocomplete": "email"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ["message", "contact"]:
            self.fields[name].widget.attrs["aria-describedby"] = f"id_{name}-help"

    @property
    def is_from_a_bot(self):
        return bool(self.data.get("website"))
