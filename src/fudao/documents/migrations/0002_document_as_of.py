from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("documents", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="as_of",
            field=models.DateField(blank=True, help_text="The date the document speaks for (see fudao.documents.dating).",
                                   null=True, verbose_name="資料日期"),
        ),
    ]
