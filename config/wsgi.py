import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, their modules) lives as long as the process: frozen
# out of the garbage collector's way, a full collection during a request walks only what
# requests made, not every module's objects (issue 12: the slowest page in twenty at county
# scale was the one a full collection fell in), and gunicorn's workers share those pages.
gc.freeze()
