"""Permission-checked download of uploaded files; there is no public URL for them."""

from __future__ import annotations

from django.http import FileResponse, Http404

from hopehome.core.decorators import staff_required

from ..models import Attachment
from ..uploads import PDF_CONTENT_TYPE, open_attachment


@staff_required()
def attachment(request, pk: int):
    """Send one attachment to someone who may see its case or repair; the read is logged."""
    try:
        item = open_attachment(request.user, pk)
        handle = item.file.open("rb")
    except (Attachment.DoesNotExist, FileNotFoundError):
        raise Http404 from None
    response = FileResponse(
        handle,
        content_type=item.content_type,
        as_attachment=item.content_type == PDF_CONTENT_TYPE,
        filename=item.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
