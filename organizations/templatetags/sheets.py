"""The referral sheet's QR code: the organization's page online, in the sheet's language."""

from django import template
from django.utils.translation import gettext

from organizations.exports import page_url, qr_svg

register = template.Library()


@register.simple_tag(takes_context=True)
def organization_url(context, organization):
    return page_url(context["request"], organization)


@register.simple_tag(takes_context=True)
def qr_code(context, organization):
    url = page_url(context["request"], organization)
    return qr_svg(url, gettext("QR code: %(address)s") % {"address": url})
