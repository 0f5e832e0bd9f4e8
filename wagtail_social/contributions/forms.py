"""The submission and edit forms of a contribution. Limits come from ``conf`` at each form's
creation, so ``override_settings`` and a site's settings apply at once."""

from __future__ import annotations

import os

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField

from wagtail_social.rendered_widgets import RememberedWidgetsMixin

from .conf import settings
from .models import IDEA, SUGGESTION


class ContributionImageField(WagtailImageField):
    """Wagtail's image field (the file must really be an image of the format its name says),
    with our allowed types and size instead of the admin's."""

    default_validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed_image_extensions = list(settings.IMAGE_EXTENSIONS)
        self.max_upload_size = settings.IMAGE_MAX_BYTES
        self.max_upload_size_text = filesizeformat(self.max_upload_size)
        self.supported_formats_text = ", ".join(self.allowed_image_extensions).upper()
        self.help_text = _(
            "Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."
        ) % {
            "supported_formats": self.supported_formats_text,
            "max_upload_size": self.max_upload_size_text,
        }
        self.error_messages["invalid_image_extension"] = _(
            "Not a supported image format. Supported formats: %(supported_formats)s."
        ) % {"supported_formats": self.supported_formats_text}


class ContributionDocumentField(forms.FileField):
    """A document of an allowed type (by its name's extension) and size."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = tuple(settings.DOCUMENT_EXTENSIONS)
        self.max_size = settings.DOCUMENT_MAX_BYTES
        self.help_text = _("Supported formats: %(formats)s. Maximum size: %(size)s.") % {
            "formats": ", ".join(self.allowed).upper(),
            "size": filesizeformat(self.max_size),
        }

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if not upload:
            return upload
        extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
        if extension not in self.allowed:
            raise ValidationError(
                _("Documents of this type are not accepted. Supported formats: %(formats)s.")
                % {"formats": ", ".join(self.allowed).upper()},
                code="document_type",
            )
        if upload.size > self.max_size:
            raise ValidationError(
                _("This file is too big (%(size)s). Maximum size: %(max)s.")
                % {"size": filesizeformat(upload.size), "max": filesizeformat(self.max_size)},
                code="document_size",
            )
        return upload


class ContributionForm(RememberedWidgetsMixin, forms.Form):
    """A new contribution of one ``kind``; its fields are prefixed by the kind, so the forms of
    several kinds on one page keep distinct ids."""

    title = forms.CharField(label=_("Title"))
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, kind: str, *args, with_files: bool = True, **kwargs):
        kwargs.setdefault("prefix", kind)
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["title"].max_length = settings.TITLE_MAX_LENGTH
        self.fields["text"].max_length = settings.TEXT_MAX_LENGTH
        for name in ("title", "text"):
            field = self.fields[name]
            field.validators.append(forms.fields.validators.MaxLengthValidator(field.max_length))
            field.widget.attrs["maxlength"] = str(field.max_length)
        if kind == SUGGESTION:
            quote = forms.CharField(
                label=_("Passage of the page it is about (optional)"),
                required=False,
                max_length=settings.QUOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields["quote"] = quote
        if kind == IDEA and with_files:
            self.fields["image"] = ContributionImageField(label=_("Image (optional)"), required=False)
            self.fields["document"] = ContributionDocumentField(
                label=_("Document (optional)"), required=False
            )
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self[name].auto_id}-help"

    def full_clean(self):
        """Each field with an error points at it (``aria-describedby``), beside its help text."""
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            field, auto_id = self.fields[name], self[name].auto_id
            described = [f"{auto_id}-error"] + ([f"{auto_id}-help"] if field.help_text else [])
            field.widget.attrs.update({"aria-describedby": " ".join(described), "aria-invalid": "true"})


class ContributionEditForm(ContributionForm):
    """The author's edit: title, text (and quote); files stay as they were."""

    def __init__(self, kind: str, *args, **kwargs):
        super().__init__(kind, *args, with_files=False, prefix="edit", **kwargs)
