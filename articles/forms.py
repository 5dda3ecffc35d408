from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import (
    AdminDateWidget,
    AdminSplitDateTime,
    AdminTextareaWidget,
    AutocompleteSelect,
    AutocompleteSelectMultiple,
)
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.text import slugify
from django_prose_editor.fields import ProseEditorFormField

from articles.models import (
    Article,
    ArticleVersion,
    Image,
    Show,
    ShowStatus,
    VersionKind,
)
from articles.sanitize import clean_story_html
from articles.services.shows import TRACKER_FIELDS as SHOW_TRACKER_FIELDS, tracker_report
from articles.services.stories import CONTENT_FIELDS, WORDS_FIELDS
from articles.text import CONTROL_CHARACTER

# What the editor toolbar offers; the sanitizer's allow-list is the real limit.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "Link": {"enableTarget": False},
        "HardBreak": True,
        "History": True,
    }
}


# Characters no one types on purpose: a database refuses NUL, and XML feeds refuse them all.
# Tab, line feed and carriage return are ordinary text.


def refuse_control_characters(value: str) -> None:
    """Refuse text holding a control character, saying where it is (it cannot be seen)."""
    found = CONTROL_CHARACTER.search(value or "")
    if found is None:
        return
    words_before = value[:found.start()].split()[-4:]
    where = f"after “{' '.join(words_before)}”" if words_before else "at the start"
    raise ValidationError(
        f"This text holds an invisible control character (U+{ord(found.group()):04X}) "
        f"{where}, which cannot be saved. Delete it (retype the words around it if you "
        f"cannot see it) and save again.", code="control_character")


def check_text_inputs(fields: dict[str, forms.Field]) -> None:
    """Give every text input of a form the control-character check.

    It replaces Django's own NUL check, whose "Null characters are not allowed." tells a
    person neither what nor where. Hidden inputs are left alone: people never type there.
    """
    for field in fields.values():
        if isinstance(field, forms.CharField) and not field.widget.is_hidden:
            field.validators = [
                validator for validator in field.validators
                if not isinstance(validator, ProhibitNullCharactersValidator)
            ] + [refuse_control_characters]


class CheckedTextForm(forms.Form):
    """A form whose text inputs refuse control characters with a clear message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        check_text_inputs(self.fields)


class CheckedTextModelForm(forms.ModelForm):
    """A model form whose text inputs refuse control characters with a clear message."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        check_text_inputs(self.fields)


# Far beyond any real story; it bounds the work one save can ask of the sanitizer.
BODY_MAX_LENGTH = 300_000


class StoryAction:
    DRAFT = "draft"
    REVIEW = "review"
    PUBLISH = "publish"
    SCHEDULE = "schedule"
    ALL = (DRAFT, REVIEW, PUBLISH, SCHEDULE)
    NEEDS_PUBLISH_PERMISSION = (PUBLISH, SCHEDULE)


class StoryForm(CheckedTextModelForm):
    """The writer's form: the story's stable fields plus the content of a new version."""

    headline = forms.CharField(max_length=300, widget=forms.TextInput(attrs={"size": 90}))
    standfirst = forms.CharField(
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 90}),
        help_text=ArticleVersion._meta.get_field("standfirst").help_text,
    )
    body = ProseEditorFormField(
        config=BODY_EDITOR, sanitize=clean_story_html, required=False, widget=AdminTextareaWidget,
        max_length=BODY_MAX_LENGTH,
        error_messages={"max_length": "The story is too long to save (over %(limit_value)s "
                                      "characters of HTML). Split it into two stories."},
    )
    lead_image = forms.ModelChoiceField(
        queryset=Image.objects.all(),
        required=False,
        widget=AutocompleteSelect(ArticleVersion._meta.get_field("lead_image"), admin.site),
        help_text="Pick a picture from the media library (search by title, caption or credit). "
        "Pictures that still need alt text are not offered: describe them in the library first.",
    )
    seo_title = forms.CharField(
        max_length=70, required=False, help_text=ArticleVersion._meta.get_field("seo_title").help_text
    )
    seo_description = forms.CharField(
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=ArticleVersion._meta.get_field("seo_description").help_text,
    )
    kind = forms.ChoiceField(
        choices=VersionKind.choices,
        initial=VersionKind.UPDATE,
        widget=forms.RadioSelect,
        label="Kind of change",
        help_text="Only matters once the story is live. The first publication is version 1 "
        "whatever you pick.",
    )
    update_label = forms.CharField(
        max_length=80, required=False, help_text="For an update, e.g. “March Update”.",
        widget=forms.TextInput(attrs={"size": 40}),
    )
    public_note = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 90}),
        help_text="For an update or correction: one sentence readers will see.",
    )
    go_live_at = forms.SplitDateTimeField(
        required=False,
        widget=AdminSplitDateTime,
        label="Go live at",
        help_text="Only for “Schedule”: when this version should go live.",
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput, required=False)
    shows = forms.ModelMultipleChoiceField(
        queryset=Show.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Article._meta.get_field("shows"), admin.site),
        help_text="Type part of a show's name (or another spelling of it). The story appears on "
        "each show's page.",
    )
    tracker_show = forms.ModelChoiceField(
        queryset=Show.objects.all(),
        required=False,
        label="Show",
        widget=AutocompleteSelect(Article._meta.get_field("shows"), admin.site),
        help_text="Only if this version reports news about a show, e.g. filming has started. "
        "It must be one of the story's shows.",
    )
    tracker_status = forms.ChoiceField(
        choices=[("", "— no change —"), *ShowStatus.choices], required=False, label="New status"
    )
    tracker_season = forms.IntegerField(min_value=1, max_value=200, required=False, label="Season")
    tracker_release_date = forms.DateField(
        required=False,
        widget=AdminDateWidget,
        label="Release date",
        help_text="The exact date, or the earliest day of the window below.",
    )
    tracker_release_window = forms.CharField(
        max_length=60, required=False, label="Release window",
        help_text="Only when no exact date is known, e.g. “late 2027”.",
    )
    tracker_platform = forms.CharField(max_length=100, required=False, label="Watch on")

    TRACKER_FIELDS = {f"tracker_{name}": name for name in SHOW_TRACKER_FIELDS}

    class Meta:
        model = Article
        fields = ["slug", "sections", "authors", "shows", "topics", "expire_at"]
        widgets = {"expire_at": AdminSplitDateTime}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Fields the admin shows read-only are absent (all of them on a view-only page).
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text += " Left empty, it is made from the headline."
        if "authors" in self.fields:
            authors = cast(forms.ModelMultipleChoiceField, self.fields["authors"])
            authors.queryset = get_user_model().objects.filter(is_staff=True)
            authors.required = False
            authors.help_text = "Leave empty to be the author yourself."
        if "based_on" not in self.fields:
            return
        self.fields["based_on"].required = bool(self.instance.pk)
        if self.is_bound:
            return
        self.initial["based_on"] = self.instance.latest_version_number if self.instance.pk else 0
        latest = self.instance.latest_version if self.instance.pk else None
        if latest is not None:
            # A published change is done; the next one starts without its label and note.
            fields = CONTENT_FIELDS if not latest.is_published else WORDS_FIELDS
            for name in fields:
                value = getattr(latest, name)
                self.initial[name] = value.pk if isinstance(value, Image) else value
            report = latest.metadata.get("tracker") if not latest.is_published else None
            if report:
                # The draft's tracker report carries over until the version is published.
                self.initial["tracker_show"] = report["show_id"]
                for field_name, fact in self.TRACKER_FIELDS.items():
                    self.initial[field_name] = report.get(fact)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if "slug" in self.fields and not cleaned.get("slug") and cleaned.get("headline"):
            cleaned["slug"] = slugify(cleaned["headline"])[:200].strip("-")
            if not cleaned["slug"]:
                self.add_error("slug", "We could not make a web address from this headline. "
                                       "Type one using letters a-z, digits and hyphens.")
        expire_at = cleaned.get("expire_at")
        if expire_at and expire_at != self.instance.expire_at and expire_at <= timezone.now():
            self.add_error("expire_at", "Pick a time in the future, or leave it empty.")
        action = self.data.get("_action", StoryAction.DRAFT)
        if action == StoryAction.SCHEDULE and not cleaned.get("go_live_at"):
            self.add_error("go_live_at", "Pick the date and time this version should go live.")
        self._clean_tracker(cleaned)
        # Whether this version may be published is the service's rule, checked when it runs.
        return cleaned

    def _clean_tracker(self, cleaned: dict[str, Any]) -> None:
        if "tracker_show" not in self.fields:
            return
        show = cleaned.get("tracker_show")
        facts = {fact: cleaned.get(field_name)
                 for field_name, fact in self.TRACKER_FIELDS.items()}
        cleaned["tracker"] = None
        if show is None:
            if any(value not in (None, "") for value in facts.values()):
                self.add_error("tracker_show", "Pick the show this news is about.")
            return
        try:
            cleaned["tracker"] = tracker_report(show, **facts)
        except ValidationError as error:
            self.add_error(None, error)

    def version_content(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in CONTENT_FIELDS}

    def tags(self) -> dict[str, Any]:
        """Shows and topics for the service; None where the field was not on the form."""
        return {name: self.cleaned_data.get(name) if name in self.fields else None
                for name in ("shows", "topics")}


class CompareForm(forms.Form):
    old = forms.IntegerField(min_value=1, label="From version")
    new = forms.IntegerField(min_value=1, label="To version")


# --- the media library ------------------------------------------------------------------------

# What the browser's file picker offers first; the service decides what is really accepted.
PICTURE_TYPES = "image/jpeg,image/png,image/webp,image/gif"
# A batch a writer can still describe on one page.
BULK_UPLOAD_MAX_FILES = 50


def _picture_file_help() -> str:
    return (f"JPEG, PNG, WebP or GIF, at most {settings.IMAGES_MAX_UPLOAD_MB} MB and "
            f"{settings.IMAGES_MAX_MEGAPIXELS} megapixels.")


class ImageUploadForm(CheckedTextModelForm):
    """Adding one picture. The file is checked by the service when the form is saved."""

    file = forms.FileField(label="Picture", widget=forms.FileInput(attrs={"accept": PICTURE_TYPES}))

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "is_decorative", "caption", "credit"]
        widgets = {"alt_text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _picture_file_help()
        if "title" in self.fields:
            self.fields["title"].required = False
            self.fields["title"].help_text += " Left empty, the file's name is used."


class PercentField(forms.IntegerField):
    """A 0..1 fraction of the model, typed and shown as a whole percentage."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=0, max_value=100, **kwargs)

    def clean(self, value: Any) -> float:
        return super().clean(value) / 100


class ImageDetailsForm(CheckedTextModelForm):
    """Changing a picture's words and focal point; the file itself never changes."""

    focal_x = PercentField(
        label="Subject across (%)",
        help_text="0 is the left edge, 100 the right edge, 50 the middle.",
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "class": "focal-input"}),
    )
    focal_y = PercentField(
        label="Subject down (%)",
        help_text="0 is the top, 100 the bottom, 50 the middle.",
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1, "class": "focal-input"}),
    )

    class Meta:
        model = Image
        fields = ["title", "alt_text", "is_decorative", "caption", "credit", "focal_x", "focal_y"]
        widgets = {"alt_text": forms.Textarea(attrs={"rows": 2, "cols": 60})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("focal_x", "focal_y"):
            self.initial[name] = round(getattr(self.instance, name) * 100)


class MultiplePictureInput(forms.FileInput):
    allow_multiple_selected = True


class MultiplePictureField(forms.FileField):
    """The files chosen in one multiple file input, as a list.

    Each file is judged by the service on its own, so one bad file never stops the others.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultiplePictureInput(attrs={"accept": PICTURE_TYPES}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [upload for upload in (data if isinstance(data, (list, tuple)) else [data])
                 if upload]
        if not files:
            raise ValidationError("Choose one or more pictures to upload.", code="required")
        if len(files) > BULK_UPLOAD_MAX_FILES:
            raise ValidationError(f"You chose {len(files)} files: upload at most "
                                  f"{BULK_UPLOAD_MAX_FILES} at a time.", code="too_many")
        return files


class BulkUploadForm(CheckedTextForm):
    pictures = MultiplePictureField()
    credit = forms.CharField(
        max_length=Image._meta.get_field("credit").max_length, required=False,
        help_text="Optional: the photographer or source of all of these pictures. You can "
        "change it for each picture on the next page.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pictures"].help_text = (
            f"Choose several files at once (hold Ctrl, or ⌘ on a Mac), up to "
            f"{BULK_UPLOAD_MAX_FILES}. Each one: {_picture_file_help()}")


class DescribeImageForm(CheckedTextForm):
    """One picture on the "Describe these pictures" page.

    A plain form, not a ModelForm: a picture left untouched may stay undescribed, so the
    model's "alt text or decorative" rule is applied by the service only to pictures changed.
    """

    image = forms.IntegerField(widget=forms.HiddenInput)
    title = Image._meta.get_field("title").formfield()
    alt_text = Image._meta.get_field("alt_text").formfield(
        widget=forms.Textarea(attrs={"rows": 2, "cols": 50}))
    is_decorative = Image._meta.get_field("is_decorative").formfield()
    caption = Image._meta.get_field("caption").formfield()
    credit = Image._meta.get_field("credit").formfield()

    WORD_FIELDS = ("title", "alt_text", "is_decorative", "caption", "credit")

    @classmethod
    def initial_for(cls, image: Image) -> dict[str, Any]:
        return {"image": image.pk, **{name: getattr(image, name) for name in cls.WORD_FIELDS}}

    def changes(self) -> dict[str, Any]:
        """The picture's fields the writer changed, for `image_update`."""
        return {name: self.cleaned_data[name] for name in self.changed_data
                if name in self.WORD_FIELDS}


DescribeImageFormSet = forms.formset_factory(DescribeImageForm, extra=0)
