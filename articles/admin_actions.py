"""The article admin's publishing actions: the list's actions and the form's buttons.

Each runs an operation of articles.publishing, which holds the rules; the admin
only reports what was done.
"""

from django.contrib import admin, messages
from django.utils.translation import ngettext

from . import publishing

# The edit form has its own publishing buttons, which save the form first; an
# actions bar there would also catch the Enter key before "Save".
LIST_ONLY = [admin.ActionLocation.CHANGE_LIST]
# The edit form's buttons: the publishing.ACTIONS each one runs.
ACTION_BUTTONS = {
    "_publish": "publish",
    "_schedule": "schedule",
    "_unpublish": "unpublish",
    "_submit": "submit",
}


def pressed_action(request):
    """Return the publishing action of the edit-form button pressed, or None."""
    return next(
        (action for button, action in ACTION_BUTTONS.items() if button in request.POST),
        None,
    )


ACTION_DONE = {
    "publish": "Published “%s”.",
    "schedule": "Scheduled “%s”.",
    "unpublish": "Moved “%s” back to draft.",
    "submit": "Submitted “%s” for review.",
}


def publishing_action(name, operation, description, description_plural, done):
    """Make an admin action that runs a publishing operation and reports its count.

    done is a (singular, plural) pair of messages with a %(count)d placeholder.
    """

    @admin.action(
        permissions=["publish"],
        description=description,
        description_plural=description_plural,
        location=LIST_ONLY,
    )
    def action(model_admin, request, queryset):
        count = operation(queryset, user=request.user)
        model_admin.message_user(
            request,
            ngettext(*done, count) % {"count": count},
            messages.SUCCESS if count else messages.INFO,
        )

    action.__name__ = name
    return action


LIST_ACTIONS = [
    publishing_action(
        "publish_now",
        publishing.publish,
        "Publish now",
        "Publish selected articles now",
        ("Published %(count)d article.", "Published %(count)d articles."),
    ),
    publishing_action(
        "unpublish",
        publishing.unpublish,
        "Unpublish (back to draft)",
        "Unpublish selected articles (back to draft)",
        (
            "Moved %(count)d article back to draft.",
            "Moved %(count)d articles back to draft.",
        ),
    ),
    publishing_action(
        "mark_editors_pick",
        publishing.pick,
        "Mark as editor's pick",
        "Mark selected articles as editor's picks",
        (
            "Marked %(count)d article as an editor's pick.",
            "Marked %(count)d articles as editor's picks.",
        ),
    ),
    publishing_action(
        "unmark_editors_pick",
        publishing.unpick,
        "Remove from editor's picks",
        "Remove selected articles from editor's picks",
        (
            "Removed %(count)d article from editor's picks.",
            "Removed %(count)d articles from editor's picks.",
        ),
    ),
]
