"""An idea's image or document: Wagtail's image and document models, the types and sizes of
the settings, a clear error otherwise, and nothing stored (no row, no file) when anything is
refused."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from tests.contributions_helpers import SUBMIT, submission, switch_on
from tests.utils import add_page, make_user
from wagtail_social.contributions.models import Contribution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def page(section):
    switch_on(section)
    return add_page(section, "Boîte à idées")


def png(name="photo.png", size=(20, 10)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def pdf(name="plan.pdf", size=200) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"x" * size, content_type="application/pdf")


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def test_an_idea_with_an_image_and_a_document(client_for, employee, colleague, page, _media):
    data = submission(page, image=png(), document=pdf())
    response = client_for(employee).post(SUBMIT, data)
    assert response.status_code == 302
    idea = Contribution.objects.get()
    assert idea.image.uploaded_by_user == employee and idea.image.width == 20
    assert idea.document.file.name.endswith(".pdf")
    detail = client_for(colleague).get(idea.get_absolute_url()).content.decode()
    assert "<img" in detail and reverse("wagtail_social_contributions:document", args=[idea.pk]) in detail
    download = client_for(colleague).get(reverse("wagtail_social_contributions:document", args=[idea.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    "upload, field, message",
    [
        (lambda: png("photo.bmp"), "image", "Not a supported image format"),
        (lambda: SimpleUploadedFile("photo.png", b"not an image"), "image", "Upload a valid image"),
        (lambda: png(size=(400, 400)), "image", "This file is too big"),
        (lambda: pdf("run.exe"), "document", "Documents of this type are not accepted"),
        (lambda: pdf(size=5000), "document", "This file is too big"),
    ],
)
def test_a_file_of_a_type_or_size_not_allowed_is_refused_and_nothing_stored(
    client_for, employee, page, settings, _media, upload, field, message
):
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_IMAGE_MAX_BYTES = 1000
    settings.WAGTAIL_SOCIAL_CONTRIBUTIONS_DOCUMENT_MAX_BYTES = 1000
    files = {"image": png(), "document": pdf()}
    files[field] = upload()
    response = client_for(employee).post(SUBMIT, submission(page, **files))
    html = response.content.decode()
    assert response.status_code == 400
    assert f'id="id_idea-{field}-error"' in html and message in html
    assert not Contribution.objects.exists()
    assert not get_image_model().objects.exists() and not get_document_model().objects.exists()
    assert stored_files(_media) == []


def test_questions_take_no_file(client_for, employee, page):
    data = submission(page, "question", image=png())
    assert client_for(employee).post(SUBMIT, data).status_code == 302
    assert Contribution.objects.get().image is None and not get_image_model().objects.exists()


def test_a_failure_after_the_files_are_stored_leaves_nothing(employee, page, _media):
    """Nothing half-stored: the contribution's row fails after the image and the document
    were stored (a text the database refuses), so their rows are rolled back and their files
    removed."""
    from django.db import IntegrityError

    from wagtail_social.contributions import contributing

    with pytest.raises(IntegrityError):
        contributing.submit(
            page, employee, "idea", {"title": "T", "text": None, "image": png(), "document": pdf()}
        )
    assert not get_image_model().objects.exists() and not get_document_model().objects.exists()
    assert stored_files(_media) == []


def test_the_document_is_served_to_those_who_may_see_the_page_only(client_for, employee, community, member):
    switch_on(community, ideas_enabled=True)
    page = add_page(community, "Private box")
    assert client_for(member).post(SUBMIT, submission(page, document=pdf())).status_code == 302
    idea = Contribution.objects.get()
    url = reverse("wagtail_social_contributions:document", args=[idea.pk])
    assert client_for(make_user("stranger")).get(url).status_code == 404
    assert client_for(member).get(url).status_code == 200
