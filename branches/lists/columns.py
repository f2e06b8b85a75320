"""The columns of the union's lists: the fields an import reads, the label the mapping step
shows for each, and the headers people write for it (matched without case, accents or spaces)."""

from django.utils.translation import gettext_lazy

from unionhub.core.spreadsheets import Column

# The fields of a member list, the label the mapping step shows, and the headers people write.
MEMBER_FIELD_LABELS = {
    "full_name": gettext_lazy("Full name"),
    "gender": gettext_lazy("Gender"),
    "birth": gettext_lazy("Date or year of birth"),
    "male": gettext_lazy("Birth date, under “Nam”"),
    "female": gettext_lazy("Birth date, under “Nữ”"),
    "joined": gettext_lazy("Date or year admitted"),
    "card_number": gettext_lazy("Card number"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "address": gettext_lazy("Address"),
    "notes": gettext_lazy("Notes"),
}
_BIRTH = ["Ngày sinh", "Năm sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh"]
_BIRTH += ["Ngày/tháng/năm sinh", "Sinh ngày", "Sinh năm", "NS", "Date of birth"]
_UNDER = [f"{b} / {{}}" for b in ("Ngày sinh", "Năm sinh", "Ngày tháng năm sinh", "Sinh ngày")]
_UNDER += ["Ngày, tháng, năm sinh / {}", "Giới tính / {}", "{}"]
# The family and middle names in one column, the given name in the next, headed "Tên".
FAMILY_NAME_HEADERS = ["Họ và tên đệm", "Họ và tên lót", "Họ và chữ lót", "Họ đệm", "Họ lót", "Họ"]
GIVEN_NAME_HEADERS = ["Tên", "Tên gọi"]
MEMBER_ALIASES = {
    "full_name": [
        "Họ và tên",
        "Họ tên",
        "Họ và tên đoàn viên",
        "Họ tên đoàn viên",
        *FAMILY_NAME_HEADERS,
    ],
    "gender": ["Giới tính", "Phái", "Nam/Nữ", "Nam / Nữ", "Nam, nữ", "Gender"],
    "birth": _BIRTH,
    "male": [u.format("Nam") for u in _UNDER],
    "female": [u.format("Nữ") for u in _UNDER],
    "joined": [
        "Ngày vào Đoàn",
        "Năm vào Đoàn",
        "Ngày kết nạp",
        "Ngày kết nạp Đoàn",
        "Ngày kết nạp vào Đoàn",
        "Năm kết nạp",
        "Ngày KN",
        "Vào Đoàn",
        "Admitted on",
    ],
    "card_number": [
        "Số thẻ đoàn viên",
        "Số thẻ",
        "Số thẻ ĐV",
        "Số thẻ Đoàn",
        "Thẻ đoàn viên",
        "Mã số đoàn viên",
        "Mã đoàn viên",
        "Card number",
    ],
    "phone": [
        "SĐT",
        "Số ĐT",
        "ĐT",
        "Số điện thoại",
        "Điện thoại",
        "Điện thoại liên hệ",
        "SĐT liên hệ",
        "Di động",
        "Phone",
    ],
    "email": ["Email", "E-mail", "Thư điện tử", "Địa chỉ email"],
    "address": [
        "Địa chỉ",
        "Địa chỉ thường trú",
        "Địa chỉ cư trú",
        "Địa chỉ liên hệ",
        "Nơi ở",
        "Nơi ở hiện nay",
        "Chỗ ở hiện nay",
        "Address",
    ],
    "notes": ["Ghi chú", "Notes"],
}
# Two columns for the name ("Họ đệm" and "Tên", or "Họ và tên" merged over two) are joined.
MEMBER_JOINABLE = {"full_name", "address", "notes"}


def member_columns() -> list[Column]:
    return [
        Column(
            name, [*MEMBER_ALIASES[name], MEMBER_FIELD_LABELS[name]], required=name == "full_name"
        )
        for name in MEMBER_FIELD_LABELS
    ]


# The fields of a list of units.
UNIT_FIELD_LABELS = {
    "name": gettext_lazy("Name of the unit"),
    "parent": gettext_lazy("Parent unit"),
    "code": gettext_lazy("Code"),
    "level": gettext_lazy("Level"),
    "area": gettext_lazy("Area"),
    "short_name": gettext_lazy("Short name"),
    "ward": gettext_lazy("Ward"),
    "neighbourhood": gettext_lazy("Neighbourhood"),
    "address": gettext_lazy("Address"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "founded_on": gettext_lazy("Founded on"),
}
UNIT_ALIASES = {
    "name": [
        "Tên đơn vị",
        "Tên chi đoàn",
        "Tên cơ sở Đoàn",
        "Tên tổ chức Đoàn",
        "Tên đơn vị Đoàn",
        "Đơn vị",
        "Chi đoàn",
        "Tên",
        "Name",
    ],
    "parent": [
        "Trực thuộc",
        "Trực thuộc Đoàn",
        "Đoàn phường",
        "Đoàn cơ sở",
        "Đơn vị cấp trên",
        "Cấp trên",
        "Cấp trên trực tiếp",
        "Thuộc",
        "Thuộc đơn vị",
        "Parent unit",
    ],
    "code": ["Mã", "Mã đơn vị", "Mã số", "Mã chi đoàn", "Code"],
    "level": ["Cấp", "Loại", "Cấp đơn vị", "Loại đơn vị", "Loại hình", "Level"],
    "area": ["Khối", "Địa bàn", "Lĩnh vực", "Khối/Lĩnh vực", "Area"],
    "short_name": ["Tên viết tắt", "Tên gọi tắt", "Tên ngắn", "Short name"],
    "ward": ["Phường", "Phường/Xã", "Xã/Phường", "Ward"],
    "neighbourhood": ["Khu phố", "Khu phố/Ấp", "Ấp", "Neighbourhood"],
    "address": ["Địa chỉ", "Địa chỉ sinh hoạt", "Nơi sinh hoạt", "Trụ sở", "Address"],
    "phone": ["Điện thoại", "SĐT", "Số điện thoại", "ĐT", "Điện thoại liên hệ", "Phone"],
    "email": ["Email", "E-mail", "Thư điện tử"],
    "founded_on": ["Ngày thành lập", "Thành lập ngày", "Founded on"],
}
UNIT_TEXT_FIELDS = ("short_name", "ward", "neighbourhood", "address", "email")


def unit_columns() -> list[Column]:
    return [
        Column(name, [*UNIT_ALIASES[name], UNIT_FIELD_LABELS[name]], required=name == "name")
        for name in UNIT_FIELD_LABELS
    ]
