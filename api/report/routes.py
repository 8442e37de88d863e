"""``GET /report/{region}``: the smart-specialisation report in the server (``?compare=``, ``?format=``).

The page is the same self-contained HTML as ``innokg report`` writes, with links to the actor and
project pages; it runs no script, so its Content-Security-Policy allows none, and only the inline
stylesheet and data: images it carries.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from graph import QueryTimeout

from . import MEDIA_TYPES, ReportError, ReportFormat, region_reports, render_report

router = APIRouter(tags=["report"])

REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "frame-ancestors 'none'; form-action 'none'")


@router.get("/report/{region}")
def report(request: Request, region: str, compare: str | None = None, format: ReportFormat = ReportFormat.html):
    """The support system of a region (kommun, län or NUTS 2 area, by name or code): actors by type and
    function, theme × function matrix, money, network map, gaps and overlaps; ``compare`` adds a second
    region side by side; ``format`` html (default), md, csv or xlsx."""
    try:
        reports = region_reports(request.app.state.store, region, compare or None,
                                 timeout=request.app.state.settings.query_timeout)
    except ReportError as e:
        raise HTTPException(404, str(e)) from None
    except QueryTimeout as e:
        raise HTTPException(503, str(e)) from None
    body = render_report(reports, format, server=True)
    headers = {"Content-Security-Policy": REPORT_CSP, "X-Content-Type-Options": "nosniff"}
    if format is not ReportFormat.html:
        headers["Content-Disposition"] = f'attachment; filename="report.{format.value}"'
    return Response(body, media_type=MEDIA_TYPES[format], headers=headers)
