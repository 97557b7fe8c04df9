# One image for every process of the backend; the command chooses which one runs
# (docker-compose.yml, Procfile). Build: docker build -t chores-tracker .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ENVIRONMENT=production

WORKDIR /app

# The dependencies get a layer of their own, rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself, installed in place: the `chores` command, and migrations/ beside the code.
COPY . .
RUN pip install --no-deps -e . \
    && useradd --system --uid 10001 --no-create-home --home-dir /app chores \
    && mkdir -p /app/var \
    && chown chores /app/var

USER chores
EXPOSE 8000 8001
CMD ["chores", "web", "--host", "0.0.0.0", "--workers", "2"]
