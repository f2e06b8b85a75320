from datetime import date

import pytest

from unionhub.core.text import fold, natural_key, person_sort_key, place_date_line, search_terms


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Khu phố 3", "khu pho 3"),
        ("KHU PHỐ 3", "khu pho 3"),
        ("Đoàn Phường 10", "doan phuong 10"),
        ("đường Trường Chinh", "duong truong chinh"),
        ("  Chi   đoàn\tKhu phố 3 ", "chi doan khu pho 3"),
        ("Nguyễn Thị Ánh Tuyết", "nguyen thi anh tuyet"),
        ("", ""),
        (None, ""),
    ],
)
def test_fold_strips_accents_case_and_extra_spaces(text, folded):
    assert fold(text) == folded


def test_fold_handles_decomposed_unicode():
    # Text pasted from some phones arrives decomposed (NFD): base letter + combining marks.
    assert fold("Khu pho\u0302\u0301 3") == "khu pho 3"


def test_search_terms_are_the_folded_words():
    assert search_terms("  KHU  PHỐ 3 ") == ["khu", "pho", "3"]
    assert search_terms("") == []
    assert search_terms(None) == []


def test_natural_key_sorts_numbers_as_numbers_and_ignores_accents():
    names = ["Khu phố 10", "Khu phố 2", "khu pho 1", "Khu phố 11", "Ấp 3"]
    assert sorted(names, key=natural_key) == [
        "Ấp 3",
        "khu pho 1",
        "Khu phố 2",
        "Khu phố 10",
        "Khu phố 11",
    ]


def test_person_sort_key_sorts_by_given_name_then_middle_then_family():
    people = [
        "Trần Văn Bình",
        "Nguyễn Thị An",
        "Lê Văn An",
        "Nguyễn Văn Bình",
        "Đặng Thị Ánh",
        "Bảo",
    ]
    assert sorted(people, key=person_sort_key) == [
        "Nguyễn Thị An",
        "Lê Văn An",
        "Đặng Thị Ánh",
        "Bảo",
        "Nguyễn Văn Bình",
        "Trần Văn Bình",
    ]


def test_person_sort_key_accepts_an_empty_name():
    assert person_sort_key("   ") == ("",)


@pytest.mark.parametrize(
    ("day", "line"),
    [
        (date(2021, 4, 6), "Tân Bình, ngày 06 tháng 4 năm 2021"),
        (date(2021, 1, 15), "Tân Bình, ngày 15 tháng 01 năm 2021"),
        (date(2021, 2, 3), "Tân Bình, ngày 03 tháng 02 năm 2021"),
        (date(2021, 3, 1), "Tân Bình, ngày 01 tháng 3 năm 2021"),
        (date(2021, 10, 20), "Tân Bình, ngày 20 tháng 10 năm 2021"),
        (date(2021, 12, 31), "Tân Bình, ngày 31 tháng 12 năm 2021"),
    ],
)
def test_place_date_line_pads_days_and_only_months_1_and_2(day, line):
    assert place_date_line("Tân Bình", day) == line


# --- The client address ---------------------------------------------------------------------


def test_without_a_proxy_x_forwarded_for_is_not_believed(rf, settings):
    from unionhub.core.http import client_ip

    settings.TRUSTED_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert client_ip(request) == "203.0.113.9"


def test_behind_one_proxy_the_address_it_appended_is_the_client(rf, settings):
    from unionhub.core.http import client_ip

    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")
    assert client_ip(spoofed) == "203.0.113.9"
    plain = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert client_ip(plain) == "203.0.113.9"
    settings.TRUSTED_PROXY_COUNT = 2
    two = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9, 10.0.0.1")
    assert client_ip(two) == "203.0.113.9"
