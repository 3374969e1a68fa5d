"""Put each image the import stores in the media library, as the export describes it.

A library picture points at the stored file by name, as an article's hero does, so
choosing it in the article form shows the same file: no bytes are copied.
"""

from django.db import transaction

from imagelibrary.models import LibraryImage

from .models import ImportedFile
from .terms import digest

NAME_LIMIT, ALT_LIMIT, CAPTION_LIMIT = (
    LibraryImage._meta.get_field(name).max_length
    for name in ("file", "alt_text", "caption")
)


class Library:
    def __init__(self, *, attachment_at, dry_run, report):
        self.attachment_at = attachment_at
        self.dry_run = dry_run
        self.report = report
        # A dry run writes no row to show that a file was counted, so it remembers
        # each file it counted, as a hash of its name (an int, not the name): the
        # real run's counts, in a few bytes per image. A real run remembers nothing.
        self.counted = set()

    def add(self, imported, name, path, alt):
        """Keep a library picture of stored file name, brought from uploads path.

        imported is the file's ImportedFile, or None when a dry run has not stored
        it; alt describes the image where the export's attachment does not.
        """
        attachment = self.attachment_at(path)
        described = digest([attachment.alt, attachment.caption]) if attachment else ""
        picture, last = (
            (imported.library_image_id, imported.library_digest)
            if imported
            else (None, "")
        )
        if picture is None:
            picture, last = self.made_from_another_path(name)
            if picture is not None and not self.dry_run:
                ImportedFile.objects.filter(pk=imported.pk).update(
                    library_image=picture, library_digest=last
                )
        if picture is None:
            outcome = "created"
        elif described and described != last:
            outcome = "updated"
        else:
            return
        if len(name) > NAME_LIMIT:
            # PostgreSQL refuses the longer name, and outside a post's transaction
            # that error would end the whole import.
            self.report.warn(
                f"Image {path} is not in the media library: its stored name is "
                f"longer than {NAME_LIMIT} characters"
            )
            return
        if self.dry_run:
            if hash(name) not in self.counted:
                self.counted.add(hash(name))
                self.report.count("library image", outcome)
            return
        # One transaction, so an interrupted run leaves no picture that the next
        # run cannot find and would make again.
        with transaction.atomic():
            if outcome == "created":
                self.create(imported, name, attachment, alt, described)
            else:
                self.update(picture, attachment, described)
        self.report.count("library image", outcome)

    def made_from_another_path(self, name):
        """Return the picture of stored file name and its digest, or (None, "").

        A resized copy missing from the media folder is stored as its original, so
        a file can come from several paths and have its picture already.
        """
        found = (
            ImportedFile.objects.filter(stored_name=name)
            .exclude(library_image=None)
            .values_list("library_image", "library_digest")
            .first()
        )
        return found or (None, "")

    def create(self, imported, name, attachment, alt, described):
        alt = (attachment.alt if attachment else "") or alt
        caption = attachment.caption if attachment else ""
        # The stored name, not the file: nothing is copied. Saving renders the
        # library's crops (imagekit renders on a source's save), once per file.
        image = LibraryImage.objects.create(
            file=name, alt_text=alt[:ALT_LIMIT], caption=caption[:CAPTION_LIMIT]
        )
        ImportedFile.objects.filter(pk=imported.pk).update(
            library_image=image, library_digest=described
        )

    def update(self, picture, attachment, described):
        # Only the words change, so no crop is rendered again. An export that no
        # longer has alt text keeps the picture's: the library requires it.
        fields = {"caption": attachment.caption[:CAPTION_LIMIT]}
        if attachment.alt:
            fields["alt_text"] = attachment.alt[:ALT_LIMIT]
        LibraryImage.objects.filter(pk=picture).update(**fields)
        # Every path of the file now agrees with the picture, so none updates it again.
        ImportedFile.objects.filter(library_image=picture).update(
            library_digest=described
        )
