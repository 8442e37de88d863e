"""Service settings in one pydantic model, read from the environment (``INNOKG_*``) or given in code.

Why one model: the CLI (`innokg serve --query-timeout …`), the tests and the environment must all
configure the same few knobs, and each knob is documented once, here.
"""

from __future__ import annotations

import os

from pydantic import BaseModel, Field, field_validator


class Settings(BaseModel):
    query_timeout: float = Field(10.0, gt=0, description="Seconds a SPARQL query may run before 503.")
    max_rows: int = Field(100_000, gt=0, description="Rows (or triples) a query may return.")
    max_concurrent_queries: int = Field(4, gt=0, description="Queries evaluated at once; more wait.")
    queue_timeout: float = Field(2.0, gt=0, description="Seconds a query waits for a free slot before 503.")
    max_body_bytes: int = Field(10 * 1024 * 1024, gt=0, description="Largest request body accepted.")
    token: str | None = Field(None, description="Bearer token for writes; writes are disabled without one.")
    cors_origins: list[str] = Field(default_factory=list, description=(
        "Web origins (scheme://host[:port]) whose pages may call /sparql and /api from a browser; none by default."))

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value):
        """``INNOKG_CORS_ORIGINS`` is one string, ``a,b``; code and the CLI give a list."""
        if isinstance(value, str):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @classmethod
    def from_env(cls, **overrides) -> Settings:
        """Settings from ``INNOKG_QUERY_TIMEOUT``, ``INNOKG_MAX_ROWS``, ``INNOKG_MAX_CONCURRENT_QUERIES``,
        ``INNOKG_QUEUE_TIMEOUT``, ``INNOKG_MAX_BODY_BYTES``, ``INNOKG_TOKEN`` and ``INNOKG_CORS_ORIGINS``
        (comma-separated); explicit ``overrides`` (not None) win."""
        values = {name: os.environ[f"INNOKG_{name.upper()}"] for name in cls.model_fields
                  if f"INNOKG_{name.upper()}" in os.environ}
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
