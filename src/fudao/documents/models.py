"""The knowledge base: documents, their versions, sections, passages and extracted values."""

from __future__ import annotations

from django.db import models


class Document(models.Model):
    """A source document, named by its file's stem (e.g. `002_45bc8db0303d28b9`)."""

    stem = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=500, blank=True)
    as_of = models.DateField("資料日期", null=True, blank=True,
                             help_text="The date the document speaks for (see fudao.documents.dating).")
    source_path = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["stem"]
        verbose_name = "文件"
        verbose_name_plural = "文件"

    def __str__(self) -> str:
        return self.stem

    @property
    def current_version(self) -> DocumentVersion | None:
        return self.versions.filter(is_current=True).first()


class DocumentVersion(models.Model):
    """One content of a document (by hash); exactly one version of a document is current."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    content_hash = models.CharField(max_length=64)
    file_format = models.CharField(max_length=10)
    encoding = models.CharField(max_length=30, blank=True)
    byte_size = models.PositiveBigIntegerField()
    line_count = models.PositiveIntegerField()
    original_text = models.TextField(help_text="The decoded text, line for line as in the file.")
    is_current = models.BooleanField(default=True)
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "-ingested_at"]
        constraints = [
            models.UniqueConstraint(fields=["document", "content_hash"], name="uniq_version_hash"),
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(is_current=True), name="one_current_version"
            ),
        ]
        verbose_name = "文件版本"
        verbose_name_plural = "文件版本"

    def __str__(self) -> str:
        return f"{self.document.stem}@{self.content_hash[:8]}"

    def lines(self, start: int, end: int) -> list[str]:
        """Original lines `start`..`end` (1-based, inclusive)."""
        return self.original_text.splitlines()[start - 1 : end]


class Section(models.Model):
    """A heading of the document's numbering tree (壹、, 一、, （一）, 1., (1), markdown #)."""

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    order = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField()
    numbering = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=500)
    title_path = models.JSONField(default=list, help_text="Titles from the top section down to this one.")
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        verbose_name = "章節"
        verbose_name_plural = "章節"

    def __str__(self) -> str:
        return " > ".join(self.title_path)


class Passage(models.Model):
    """A retrievable unit of repaired text with its section path and original line range."""

    KINDS = [("text", "段落"), ("list", "清單"), ("table", "表格")]

    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="passages")
    section = models.ForeignKey(Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="passages")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=KINDS, default="text")
    text = models.TextField()
    section_path = models.JSONField(default=list)
    line_start = models.PositiveIntegerField()
    line_end = models.PositiveIntegerField()

    class Meta:
        ordering = ["version", "order"]
        indexes = [models.Index(fields=["version", "line_start"])]
        verbose_name = "段落"
        verbose_name_plural = "段落"

    def __str__(self) -> str:
        return f"{self.version.document.stem}:{self.line_start}-{self.line_end}"


class ExtractedValue(models.Model):
    """A normalised value found in a passage: amount, date, date range, year, percent, phone."""

    KINDS = [
        ("amount", "金額"),
        ("date", "日期"),
        ("date_range", "期間"),
        ("year", "年度"),
        ("percent", "百分比"),
        ("phone", "電話"),
        ("url", "網址"),
        ("email", "電子郵件"),
    ]

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="values")
    kind = models.CharField(max_length=12, choices=KINDS)
    raw = models.CharField(max_length=300)
    value = models.JSONField()
    line = models.PositiveIntegerField()

    class Meta:
        ordering = ["passage", "line"]
        indexes = [models.Index(fields=["kind"])]
        verbose_name = "擷取值"
        verbose_name_plural = "擷取值"

    def __str__(self) -> str:
        return f"{self.kind}:{self.raw}"
