import threading

import pytest
from django.conf import settings
from django.db import connections
from django.test import Client

from newsletter.models import Subscriber

ADDRESSES = ["reader@example.org", "Reader@Example.org", "READER@EXAMPLE.ORG"] * 3


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite runs one writer at a time, so signups cannot race; "
    "CI's PostgreSQL pass runs this.",
)
# serialized_rollback puts back the rows that data migrations made (editor
# groups), which the flush after a transactional test would otherwise remove.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_signups_for_one_address_make_one_subscriber_and_one_email(
    settings, mailoutbox
):
    settings.NEWSLETTER_SIGNUPS_PER_ADDRESS = len(ADDRESSES)
    start = threading.Barrier(len(ADDRESSES))
    statuses = []

    def sign_up(n, email):
        try:
            start.wait()
            response = Client().post(
                "/newsletter/subscribe/",
                {"email": email, "consent": "on", "website": ""},
                headers={"Origin": "http://testserver", "Accept": "application/json"},
                REMOTE_ADDR=f"10.0.0.{n}",
            )
            statuses.append(response.status_code)
        except Exception as error:
            statuses.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign_up, args=(n, email))
        for n, email in enumerate(ADDRESSES)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200] * len(ADDRESSES)
    assert list(Subscriber.objects.values_list("email", flat=True)) == [
        "reader@example.org"
    ]
    assert [message.to for message in mailoutbox] == [["reader@example.org"]]
