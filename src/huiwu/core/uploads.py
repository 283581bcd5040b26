"""Every uploaded file goes through here: one size limit, one content check, a name the server chose,
and one way to send it back.

An upload is never trusted by its name or its declared type: an image is an image when Pillow
reads it as JPEG, PNG or WebP within the pixel limit (a 30,000 × 30,000 PNG of 106 KB is refused
before it is decoded); anything else is a document, stored under a random name and only ever sent as
a download. So a file named ``floorplan.html`` with a script inside cannot be served as a page of
this site, whatever it holds."""

from __future__ import annotations

import uuid
import warnings
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .errors import DomainError

IMAGE_TYPES = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
CONTENT_TYPES = {ext: content_type for ext, content_type in IMAGE_TYPES.values()}
DOCUMENT_EXTENSION = "bin"
# What a file response may do if a browser ever renders it: nothing (no script, no form, no frame).
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


class NotAnImage(DomainError):
    code = "not_an_image"
    status = 422
    default_message = _("Upload a JPEG, PNG or WebP image.")


class NotImageOrPdf(DomainError):
    code = "not_image_or_pdf"
    status = 422
    default_message = _("Upload a PDF, or a JPEG, PNG or WebP image.")


class UploadTooLarge(DomainError):
    code = "upload_too_large"
    status = 413

    def __init__(self):
        limit = filesizeformat(settings.MAX_UPLOAD_BYTES)
        super().__init__(_("The file is larger than %(limit)s.") % {"limit": limit}, details={"limit": limit})


class ImageTooLarge(DomainError):
    code = "image_too_large"
    status = 413

    def __init__(self):
        pixels = settings.MAX_IMAGE_PIXELS // 1_000_000
        super().__init__(_("The image is larger than %(mp)s megapixels.") % {"mp": pixels})


def _check_size(upload) -> None:
    if upload.size is None or upload.size > settings.MAX_UPLOAD_BYTES:
        raise UploadTooLarge()


def image_format(upload) -> str:
    """The checked format of an image upload (``JPEG``, ``PNG`` or ``WEBP``), or a DomainError."""
    from PIL import Image, UnidentifiedImageError

    _check_size(upload)
    try:
        upload.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                fmt = image.format
                if image.width * image.height > settings.MAX_IMAGE_PIXELS:
                    raise ImageTooLarge()
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLarge() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAnImage() from exc
    finally:
        upload.seek(0)
    if fmt not in IMAGE_TYPES:
        raise NotAnImage()
    return fmt


def accept_image(upload):
    """Check an image upload and give it a server-chosen name with the extension of what it is."""
    extension = IMAGE_TYPES[image_format(upload)][0]
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return upload


def accept_document(upload) -> str:
    """Check a document upload's size and give it a server-chosen name; returns the name it came
    with (for display, reduced to its last part), which is never used to store or send it."""
    _check_size(upload)
    original = PurePosixPath((upload.name or "").replace("\\", "/")).name[:200] or "file"
    upload.name = f"{uuid.uuid4().hex}.{DOCUMENT_EXTENSION}"
    return original


def accept_scan(upload) -> str:
    """Check a scanned document (a PDF, or an image as ``accept_image`` checks it) and give it a
    server-chosen name with the extension of what it is; returns the name it came with (for display)."""
    original = PurePosixPath((upload.name or "").replace("\\", "/")).name[:200] or "file"
    _check_size(upload)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip()[:5] == b"%PDF-":
        upload.name = f"{uuid.uuid4().hex}.pdf"
        return original
    try:
        accept_image(upload)
    except NotAnImage:
        raise NotImageOrPdf() from None
    return original


def serve(field_file, *, download_name: str = "") -> FileResponse:
    """Send a stored upload back. Images (by the extension the server gave them) go inline with their
    image type; everything else is a download of ``application/octet-stream``."""
    extension = PurePosixPath(field_file.name).suffix.lstrip(".").lower()
    content_type = CONTENT_TYPES.get(extension)
    name = download_name or PurePosixPath(field_file.name).name
    if content_type:
        stem = PurePosixPath(name).stem or "image"
        response = FileResponse(
            field_file.open("rb"), content_type=content_type, filename=f"{stem}.{extension}"
        )
    else:
        response = FileResponse(
            field_file.open("rb"), as_attachment=True, filename=name, content_type="application/octet-stream"
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cache-Control"] = "private, max-age=3600"
    return response


WORKBOOK_BYTES = 5 * 1024 * 1024  # an Excel file an import reads


def is_workbook(upload) -> bool:
    """An upload that may go to an import job: an .xlsx of at most ``WORKBOOK_BYTES`` (what it holds
    is measured by ``core.workbooks`` when the job opens it)."""
    return upload is not None and upload.name.lower().endswith(".xlsx") and upload.size <= WORKBOOK_BYTES


def keep_for_job(upload, *, org_slug: str, prefix: str, suffix: str = "") -> str:
    """Store an upload for a background job to read (an import): under ``imports/<org>/`` with a
    random name; the path relative to MEDIA_ROOT, for the job's parameters."""
    rel = Path("imports") / org_slug / f"{prefix}-{uuid.uuid4().hex}{suffix}"
    path = Path(settings.MEDIA_ROOT) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return str(rel)
