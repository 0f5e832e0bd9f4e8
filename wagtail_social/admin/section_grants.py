"""The sections a group moderates, on Wagtail's own group screen (Settings → Groups → a group).

A section grant (``wagtail_social.sections``) is a row of Wagtail's ``GroupPagePermission``
table holding one of our permissions (comments' moderation, contributions' management). Wagtail's
"Page permissions" panel lists only Wagtail's page permissions, and worse, saving a group through
it deletes every row of the table it does not list: our grants were lost whenever an
administrator saved the group. This panel (``register_group_permission_panel``) lists our
permissions per section, with Wagtail's page chooser, and is saved after Wagtail's panel, so the
group's grants are exactly what it shows.

The permissions offered: ``WAGTAIL_SOCIAL_MODERATE_PERMISSION``, and those features register
(``sections.register_section_permission``: the contributions app registers its managers').
"""

from __future__ import annotations

from itertools import groupby

from django import forms
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms.formsets import BaseFormSetMixin
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import GroupPagePermission, Page

from ..sections import section_permissions


def _permission_queryset():
    condition = Q(pk__in=[])
    for permission in section_permissions():
        app_label, codename = permission.split(".")
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(condition).select_related("content_type").order_by("pk")


def _key(permission: Permission) -> str:
    return f"{permission.content_type.app_label}.{permission.codename}"


class SectionPermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return section_permissions().get(_key(obj), obj.name)


class SectionGrantForm(forms.Form):
    """The permissions of one group on one section."""

    page = forms.ModelChoiceField(
        queryset=Page.objects.all(),
        label=pgettext_lazy("a page and its subtree", "Section"),
        widget=AdminPageChooser(show_edit_link=False, can_choose_root=True),
    )
    permissions = SectionPermissionsField(
        queryset=Permission.objects.none(),
        to_field_name="codename",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["permissions"].queryset = _permission_queryset()


class BaseSectionGrantFormSet(BaseFormSetMixin, forms.BaseFormSet):
    """The group's section grants of our permissions (not Wagtail's page permissions: its own
    panel shows those)."""

    def __init__(self, data=None, files=None, instance=None, prefix="social_section_grants"):
        self.instance = instance if instance is not None else Group()
        initial = []
        if self.instance.pk is not None:
            grants = self._grants().select_related("page", "permission").order_by("page__path", "pk")
            for page, rows in groupby(grants, lambda grant: grant.page):
                initial.append({"page": page, "permissions": [row.permission for row in rows]})
        super().__init__(data, files, initial=initial, prefix=prefix)

    def _grants(self):
        return GroupPagePermission.objects.filter(group=self.instance, permission__in=_permission_queryset())

    @property
    def permission_types(self) -> list[tuple[str, object, object]]:
        """The columns of the panel: (key, label, label)."""
        return [(key, label, label) for key, label in section_permissions().items()]

    def clean(self):
        if any(self.errors):
            return
        pages = [
            form.cleaned_data["page"]
            for form in self.forms
            if form not in self.deleted_forms and "page" in form.cleaned_data
        ]
        if len(set(pages)) != len(pages):
            raise forms.ValidationError(_("Each section may be listed only once."))

    @transaction.atomic
    def save(self) -> None:
        """Make the group's grants of our permissions exactly what the panel shows. Runs after
        Wagtail's page permission panel, which deleted them (they are not among its own)."""
        wanted = {
            (form.cleaned_data["page"].pk, permission.pk)
            for form in self.forms
            if form not in self.deleted_forms and "page" in form.cleaned_data
            for permission in form.cleaned_data["permissions"]
        }
        existing = {(grant.page_id, grant.permission_id): grant.pk for grant in self._grants()}
        GroupPagePermission.objects.filter(
            pk__in=[pk for key, pk in existing.items() if key not in wanted]
        ).delete()
        GroupPagePermission.objects.bulk_create(
            [
                GroupPagePermission(group=self.instance, page_id=page_id, permission_id=permission_id)
                for page_id, permission_id in sorted(wanted - set(existing))
            ]
        )

    def as_admin_panel(self) -> str:
        return render_to_string("wagtail_social/admin/section_grants.html", {"formset": self})


SectionGrantFormSet = forms.formset_factory(
    SectionGrantForm, formset=BaseSectionGrantFormSet, extra=0, can_delete=True
)
