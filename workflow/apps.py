from django.apps import AppConfig

# The content whose history is kept: (app label, model name).
TRACKED_MODELS = [
    ("organizations", "Organization"),
    ("organizations", "Location"),
    ("procedures", "Stage"),
    ("procedures", "Step"),
    ("procedures", "Role"),
    ("glossary", "Term"),
]


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = "Review and history"

    def ready(self):
        from django.apps import apps
        from modeltranslation.translator import translator
        from simple_history import register

        # Here, not in a models module: modeltranslation adds the per-language columns
        # (summary_en, summary_ar ...) in its own ready(), which runs first (it is first in
        # INSTALLED_APPS). A historical model made earlier would lack them, and a restore would
        # lose every translation. The historical tables live in this app, so the content apps'
        # migrations stay theirs.
        for app_label, model_name in TRACKED_MODELS:
            model = apps.get_model(app_label, model_name)
            if hasattr(model, "history"):
                continue  # ready() may run twice in tests
            # The untranslated field (e.g. `summary`) only mirrors the active language: keep
            # the per-language columns, which hold the real values.
            translated = list(translator.get_options_for_model(model).fields)
            register(
                model,
                app="workflow",
                excluded_fields=translated,
            )
        from .pending import connect_signals

        connect_signals()
