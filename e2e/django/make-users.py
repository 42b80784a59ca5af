"""Creates users in a Django database with Django's own code, for e2e/django-import.spec.ts.

usage: /usr/bin/python3 make-users.py DB_PATH [PEER_DIR] < users.json
Runs `migrate`, then User.objects.create_user (or create_superuser) per entry of the JSON list
on stdin: {username, email, password (null: unusable), iterations?, staff?, superuser?,
active?, raw_hash?}. With PEER_DIR (a copy of the shared Django peer project) its settings are
used; without, a minimal settings module. Prints the created rows as JSON: [{id, username}].
"""
import json
import os
import sys

db_path = sys.argv[1]
if len(sys.argv) > 2:
    sys.path.insert(0, sys.argv[2])
    os.environ["PEER_DB"] = db_path
    os.environ["DJANGO_SETTINGS_MODULE"] = "peer.settings"
else:
    from django.conf import settings

    settings.configure(
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes"],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": db_path}},
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.AutoField",
    )

import django  # noqa: E402

django.setup()
from django.contrib.auth.hashers import PBKDF2PasswordHasher  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0, interactive=False)
created = []
for spec in json.load(sys.stdin):
    make = User.objects.create_superuser if spec.get("superuser") else User.objects.create_user
    user = make(spec["username"], spec.get("email", ""), spec.get("password"))
    if spec.get("iterations"):
        hasher = PBKDF2PasswordHasher()
        user.password = hasher.encode(spec["password"], hasher.salt(), iterations=spec["iterations"])
    if spec.get("raw_hash"):
        user.password = spec["raw_hash"]
    user.is_staff = bool(spec.get("staff", spec.get("superuser", False)))
    user.is_active = bool(spec.get("active", True))
    user.save()
    created.append({"id": user.id, "username": user.username})
print(json.dumps(created))
