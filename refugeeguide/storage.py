from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


def manifest_root():
    """Beside STATIC_ROOT, not in it: `staticfiles/` gives `staticfiles-manifest/`."""
    root = Path(settings.STATIC_ROOT)
    return root.with_name(f"{root.name}-manifest")


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed, hashed-name files, with the manifest kept off the web.

    WhiteNoise serves every file in STATIC_ROOT, and has no setting to leave one out; Django's
    `manifest_storage` (made for keeping the manifest elsewhere) puts staticfiles.json, the list
    of every static file, where collectstatic writes it and the app reads it, but no URL reaches.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("manifest_storage", FileSystemStorage(location=manifest_root()))
        super().__init__(*args, **kwargs)
