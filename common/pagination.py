from django.core.paginator import Paginator


class NearestPagePaginator(Paginator):
    """`get_page()` that shows the nearest real page: the first for 0 or -1, not the last."""

    def get_page(self, number):
        try:
            if int(float(number)) < 1:
                number = 1
        except (TypeError, ValueError, OverflowError):
            pass  # not a number: Django's get_page() shows the first page
        return super().get_page(number)
