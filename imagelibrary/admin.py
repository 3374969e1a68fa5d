from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET, require_POST

from common.images import thumbnail

from .forms import LibraryUploadForm
from .models import LibraryImage

RESULTS = 24


def describe(image):
    """Return what the picker and the body editor need to show and insert image."""
    return {
        "id": image.pk,
        "url": image.file.url,
        "preview": image.wide_800.url,
        "thumb": image.thumb.url,
        "width": image.file.width,
        "height": image.file.height,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "label": str(image),
    }


@admin.register(LibraryImage)
class LibraryImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "alt_text", "caption", "credit", "created_at"]
    list_display_links = ["preview", "alt_text"]
    search_fields = ["alt_text", "caption", "credit", "file"]
    form = LibraryUploadForm
    fields = [
        "file",
        "focal_point",
        "focal_x",
        "focal_y",
        "alt_text",
        "caption",
        "credit",
    ]
    readonly_fields = ["focal_point"]
    list_per_page = 48

    class Media:
        css = {"all": ["css/admin-library.css"]}
        js = ["js/admin-focal.js"]

    def get_urls(self):
        return [
            path(
                "search/",
                self.admin_site.admin_view(self.search_view),
                name="imagelibrary_libraryimage_search",
            ),
            path(
                "upload/",
                self.admin_site.admin_view(self.upload_view),
                name="imagelibrary_libraryimage_upload",
            ),
            *super().get_urls(),
        ]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="image")
    def preview(self, image):
        return thumbnail(image.thumb.url, 160, 90, alt=image.alt_text)

    @admin.display(description="focal point")
    def focal_point(self, image):
        if not image.pk:
            return "Save the image first, then click on its subject."
        height = round(480 * image.file.height / image.file.width)
        return thumbnail(image.file.url, 480, height, alt=image.alt_text)

    def search_view(self, request):
        return require_GET(self._search)(request)

    def _search(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        images = LibraryImage.objects.all()
        if query := request.GET.get("q", "").strip()[:100]:
            images = images.search(query)
        return JsonResponse({"results": [describe(i) for i in images[:RESULTS]]})

    def upload_view(self, request):
        return require_POST(self._upload)(request)

    def _upload(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LibraryUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
        return JsonResponse(describe(image), status=201)
