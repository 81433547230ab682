FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1 \
      fonts-liberation2 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir uv && uv pip install --system --no-cache -r pyproject.toml
COPY . .
# The Welsh: compiled from locale/*.po here, as .mo files are not kept in git (issue 15).
RUN python scripts/compile_messages.py
RUN SECRET_KEY=build-only python manage.py collectstatic --no-input
RUN useradd --create-home waymark && mkdir -p var && chown -R waymark var
USER waymark
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
