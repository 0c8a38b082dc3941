"""Files posted with a progress update as evidence: checked by their content like every upload of the portal,
stored by content hash, and downloadable by anyone once the plan is published."""

from portal.core import files
from portal.core.errors import InvalidInput, Objections
from portal.core.files import Upload
from portal.core.i18n import _
from portal.extensions import db
from portal.plans.models import PlanStatus, TaskUpdate, TaskUpdateFile

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
FIELD = "files"


def _checked(upload: Upload) -> tuple[str, str]:
    """(safe name, content type) of one file, or the reason it is refused, naming it."""
    name = files.safe_filename(upload.filename, "evidence")
    if not upload.data:
        raise InvalidInput(_("The file %(name)s is empty. Choose it again.", name=name), field=FIELD)
    if len(upload.data) > MAX_FILE_BYTES:
        raise InvalidInput(
            _("The file %(name)s is larger than 20 MB. Send a smaller copy, for example a scan at lower resolution.",
              name=name),
            field=FIELD,
        )
    content_type = files.sniff_type(upload.data, name=name, field=FIELD)
    if content_type not in files.PUBLISHED_TYPES:
        raise InvalidInput(
            _("The file %(name)s is not a PDF, a picture (PNG or JPEG) or an office document. Send one of these.",
              name=name),
            field=FIELD,
        )
    return name, content_type


def check_evidence(uploads: list[Upload]) -> list[tuple[Upload, str, str]]:
    """Every file checked before anything is stored, so that all the refusals show at once."""
    if len(uploads) > MAX_FILES:
        raise InvalidInput(_("Attach at most %(count)d files to one update.", count=MAX_FILES), field=FIELD)
    objections = Objections()
    checked = [(upload, objections.check(_checked, upload)) for upload in uploads]
    objections.raise_as_one(field=FIELD)
    return [(upload, *name_and_type) for upload, name_and_type in checked]


def attach_evidence(update: TaskUpdate, checked: list[tuple[Upload, str, str]]) -> None:
    for upload, name, content_type in checked:
        size, stored = len(upload.data), files.save(upload.data)
        update.files.append(TaskUpdateFile(filename=name, content_type=content_type, size=size, sha256=stored))


def published_file(file_id: int) -> TaskUpdateFile | None:
    """A file of an update on a published plan; None for any other, so a draft's evidence stays private."""
    found = db.session.get(TaskUpdateFile, file_id)
    if found is None or found.update.task.plan.status is not PlanStatus.published:
        return None
    return found
