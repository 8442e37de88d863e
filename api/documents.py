"""``POST /api/documents``: ingest one uploaded document, the same way as ``innokg ingest``.

Why a token and nothing else: the service is read-only unless its operator sets ``INNOKG_TOKEN``;
then a client that sends ``Authorization: Bearer <token>`` may add or replace documents. The file
goes through the ordinary pipeline (read → extract → resolve → one atomic commit), so a bad file
changes nothing and the answer names the problem.
"""

from __future__ import annotations

import dataclasses
import hmac
import tempfile
import threading
from pathlib import Path, PurePath

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from ingest.document import ReadError
from ingest.pipeline import Outcome, ingest_document
from ingest.readers import READERS, read_document

router = APIRouter(tags=["documents"])

_one_at_a_time = threading.Lock()
"""Uploads are resolved against the graph as it stands, so they are ingested one after another."""


@router.post("/api/documents", summary="Ingest a document (needs the bearer token)", responses={
    200: {"description": "The document was already there unchanged, or replaced its older version."},
    201: {"description": "The document was added."},
    400: {"description": "The file cannot be ingested (empty, binary, invalid UTF-8, damaged PDF …)."},
    401: {"description": "Missing or wrong bearer token."},
    403: {"description": "Writes are disabled (no INNOKG_TOKEN configured)."},
    413: {"description": "Request body over the size limit."},
})
async def upload_document(request: Request, filename: str | None = Query(
        None, description="File name (its suffix gives the type) when the body is the raw file.")) -> JSONResponse:
    """Send the file as multipart form field ``file``, or as the raw body with ``?filename=``.
    Answers the outcome: ``{"source", "status": added|replaced|unchanged, "triples"}``."""
    denied = _check_token(request)
    if denied:
        return denied
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            return _error(400, "send the document as the multipart field 'file'")
        name, data = upload.filename, await upload.read()
    else:
        name, data = filename, await request.body()
    name = PurePath(name or "").name  # never a path: the file goes into a fresh temporary folder
    if name in ("", ".", ".."):
        return _error(400, "give the file name (multipart filename or ?filename=), its suffix gives the type: "
                      + ", ".join(READERS))
    try:
        outcome = await run_in_threadpool(_ingest, request.app.state.store, name, data)
    except ReadError as e:
        return _error(400, f"{name}: {e.reason}")
    return JSONResponse(dataclasses.asdict(outcome), status_code=201 if outcome.status == "added" else 200)


def _check_token(request: Request) -> JSONResponse | None:
    token = request.app.state.settings.token
    if not token:
        return _error(403, "writes are disabled: the server was started without INNOKG_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return _error(401, "a valid 'Authorization: Bearer <token>' header is required",
                      {"WWW-Authenticate": 'Bearer realm="innokg"'})
    return None


def _ingest(store, name: str, data: bytes) -> Outcome:
    """Read the bytes as a file called ``name`` and ingest it; the document is known by its
    ``SOURCE:`` URL, else as ``upload:<name>`` (so uploading a new version replaces the old one)."""
    with tempfile.TemporaryDirectory(prefix="innokg-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        document = read_document(path)
    document = dataclasses.replace(document, identifier=document.source_url or f"upload:{name}", path=None)
    with _one_at_a_time:
        return ingest_document(store, document)


def _error(status: int, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status, headers=headers)

