"""What a worker loads at start: the libraries only some requests need wait for them."""

import subprocess
import sys

# Each costs a worker megabytes of memory and a tenth of a second or more at start.
LOADED_ON_FIRST_USE = ("openpyxl", "icalendar", "edtf", "prometheus_client")
# Only `python -m bench.timex_training` needs it (a test dependency): no worker or command loads it.
NEVER_LOADED = ("pycrfsuite",)


def test_a_worker_starts_without_the_libraries_of_exports_dates_and_metrics(tmp_path):
    """The app as gunicorn's worker builds it (metrics off, the default), then one page of
    events: none of these is imported until an export, an EDTF date or metrics need it."""
    program = f"""
import sys
from service.serving.asgi import create_asgi_app
from service.app import create_app
app = create_app({{"TIMELINE_DB": {str(tmp_path / "t.db")!r}}})
assert app.test_client().get("/events?from=2024-02-01&to=2024-03-31").status_code == 200
print(",".join(name for name in {LOADED_ON_FIRST_USE + NEVER_LOADED!r} if name in sys.modules))
"""
    loaded = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_the_command_line_loads_no_model_library_until_a_model_is_trained():
    program = f"""
import sys
import service.cli
print(",".join(name for name in {NEVER_LOADED!r} if name in sys.modules))
"""
    loaded = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded == ""


def test_each_of_them_is_loaded_when_it_is_needed(tmp_path):
    program = f"""
import sys
from service.app import create_app
app = create_app({{"TIMELINE_DB": {str(tmp_path / "t.db")!r}, "TIMELINE_METRICS": "on"}})
client = app.test_client()
for url in ("/exports/events.xlsx", "/exports/events.ics", "/metrics"):
    assert client.get(url).status_code == 200, url
from service.core.dates import InvalidDate, parse_event_date
try:
    parse_event_date("2024-XX")  # beyond plain dates: the EDTF grammar reads it
except InvalidDate:
    pass
print(",".join(name for name in {LOADED_ON_FIRST_USE!r} if name in sys.modules))
"""
    loaded = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert loaded.split(",") == list(LOADED_ON_FIRST_USE)
