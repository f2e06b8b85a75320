from django.db import migrations

# The themes of the 2021 dialogue conference; an editable list afterwards.
THEMES_2021 = [
    "Cơ sở vật chất, địa điểm sinh hoạt",
    "Hoạt động chưa thu hút",
    "Kỹ năng vận động thanh niên và địa bàn khó tiếp cận",
    "Tình hình đoàn viên",
    "Phụ cấp, chế độ chính sách cho Bí thư",
    "Công tác phát triển đoàn viên mới",
    "Giới thiệu đoàn viên ưu tú cho Đảng",
    "Đề xuất hỗ trợ",
]


def seed(apps, schema_editor):
    Theme = apps.get_model("events", "Theme")
    for order, name in enumerate(THEMES_2021, start=1):
        Theme.objects.get_or_create(name=name, defaults={"order": order})


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
