"""Organizations (with their offices) as CSV, for bulk corrections (django-import-export).

An import is previewed row by row, with every change shown before anything is written; a file
with any row error is refused whole (the import runs in one transaction, and the admin offers
no "confirm" while an error remains). Each saved row goes through Organization.save(), so it
gets its history row like any edit, with the Reviewer who confirmed it.
"""

from import_export import fields, resources

from organizations.models import Organization

COLUMNS = [
    "slug",
    "name",
    "name_en",
    "acronym",
    "kind",
    "status",
    "website",
    "email",
    "phone",
    "phone_note_en",
    "summary_en",
    "summary_nl",
    "sources",
]


class OrganizationResource(resources.ModelResource):
    # Offices are exported for reading beside their organization; they are corrected in the
    # organization's form, where each has its own fields.
    offices = fields.Field(column_name="offices (read only)", readonly=True)

    class Meta:
        model = Organization
        fields = [*COLUMNS, "offices"]
        export_order = [*COLUMNS, "offices"]
        import_id_fields = ["slug"]
        use_transactions = True
        skip_unchanged = True
        report_skipped = True
        # full_clean() on every row: choices, e-mail and web addresses, sources are web addresses.
        clean_model_instances = True

    def get_queryset(self):
        return Organization.objects.prefetch_related("locations")

    def dehydrate_offices(self, organization):
        return " | ".join(
            ", ".join(
                part
                for part in [
                    location.name,
                    location.street_address,
                    f"{location.postal_code} {location.city}".strip(),
                    location.phone,
                ]
                if part
            )
            for location in organization.locations.all()
        )
