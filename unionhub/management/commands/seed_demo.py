"""`manage.py seed_demo`: the 2021 shape of Quận Đoàn Tân Bình, with synthetic names, for demos.

Idempotent: units are looked up by their stable code and accounts by username; only what is
missing is created. `--reset` deletes the demo tree, its roles and the demo accounts first.
Every change goes through branches.services, with no acting user (`by=None`).
"""

import importlib

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count, ProtectedError

from branches.models import Role, RoleKind, Unit, UnitArea, UnitLevel
from branches.services import create_account, create_unit, grant_role, top_unit
from unionhub.models import ExportLog

User = get_user_model()

DEMO_PASSWORD = "unionhub-demo-2021"
TOP_CODE = "qdtb"
TOP_UNIT = {
    "name": "Quận Đoàn Tân Bình",
    "short_name": "Quận Đoàn",
    "area": UnitArea.OTHER,
    "letterhead_superior": "BCH ĐOÀN TP. HỒ CHÍ MINH",
    "letterhead_name": "BCH QUẬN TÂN BÌNH",
    "issuer_code": "QĐTB",
    "place_name": "Tân Bình",
}

# Neighbourhood branches (chi đoàn khu phố) per ward union "Đoàn Phường N": 117 in all, as in 2021,
# 4–17 per ward, Phường 15 the largest. Numbering ("Khu phố 1", "Khu phố 2", …) restarts per ward.
NEIGHBOURHOODS_PER_WARD: dict[int, int] = {
    1: 6, 2: 10, 3: 5, 4: 13, 5: 7, 6: 4, 7: 6, 8: 7,
    9: 5, 10: 9, 11: 7, 12: 10, 13: 6, 14: 5, 15: 17,
}  # fmt: skip
assert sorted(NEIGHBOURHOODS_PER_WARD) == list(range(1, 16))
assert sum(NEIGHBOURHOODS_PER_WARD.values()) == 117
assert all(4 <= n <= 17 for n in NEIGHBOURHOODS_PER_WARD.values())
assert all(n < 17 for ward, n in NEIGHBOURHOODS_PER_WARD.items() if ward != 15)
assert NEIGHBOURHOODS_PER_WARD[15] == 17

# Other branches of ward union N: (code suffix, name, area); ward N gets the first 2 + N % 4 (2–5).
WARD_OTHER_BRANCHES = [
    ("ubnd", "Chi đoàn Ủy ban nhân dân Phường {n}", UnitArea.AGENCY),
    ("ca", "Chi đoàn Công an Phường {n}", UnitArea.OTHER),
    ("tyt", "Chi đoàn Trạm Y tế Phường {n}", UnitArea.AGENCY),
    ("thcs", "Chi đoàn Giáo viên Trường THCS Phường {n}", UnitArea.SCHOOL),
    ("th", "Chi đoàn Giáo viên Trường Tiểu học Phường {n}", UnitArea.SCHOOL),
]


def ward_other_branch_count(ward: int) -> int:
    return 2 + ward % 4


# Grassroots unions other than the wards: (code, name, area, [(code suffix, branch name)]).
OTHER_GRASSROOTS_UNIONS = [
    ("thpt-nth", "Đoàn trường THPT Nguyễn Thượng Hiền", UnitArea.SCHOOL,
     [("gv", "Chi đoàn Giáo viên"), ("12a1", "Chi đoàn 12A1"), ("11a2", "Chi đoàn 11A2")]),
    ("thpt-nct", "Đoàn trường THPT Nguyễn Chí Thanh", UnitArea.SCHOOL,
     [("gv", "Chi đoàn Giáo viên"), ("12a3", "Chi đoàn 12A3"), ("10a5", "Chi đoàn 10A5")]),
    ("cd-ktkt", "Đoàn trường Cao đẳng Kinh tế – Kỹ thuật", UnitArea.SCHOOL,
     [("gv", "Chi đoàn Giảng viên"), ("kt45", "Chi đoàn Kế toán K45"),
      ("dt46", "Chi đoàn Điện tử K46")]),
    ("khoi-cq", "Đoàn Khối Cơ quan Quận", UnitArea.AGENCY,
     [("ubnd", "Chi đoàn Văn phòng Ủy ban nhân dân Quận"),
      ("tckh", "Chi đoàn Phòng Tài chính – Kế hoạch"),
      ("gddt", "Chi đoàn Phòng Giáo dục và Đào tạo"),
      ("vhtt", "Chi đoàn Phòng Văn hóa và Thông tin")]),
    ("ca-quan", "Đoàn Công an Quận", UnitArea.ARMED_FORCES,
     [("csgt", "Chi đoàn Đội Cảnh sát giao thông"), ("csks", "Chi đoàn Đội Cảnh sát khu vực")]),
    ("bchqs", "Đoàn Ban Chỉ huy Quân sự Quận", UnitArea.ARMED_FORCES,
     [("cq", "Chi đoàn Cơ quan Quân sự"), ("dqtv", "Chi đoàn Dân quân tự vệ")]),
    ("bv-quan", "Đoàn Bệnh viện Quận Tân Bình", UnitArea.AGENCY,
     [("noi", "Chi đoàn Khối Nội"), ("ngoai", "Chi đoàn Khối Ngoại"),
      ("cls", "Chi đoàn Khối Cận lâm sàng")]),
    ("cty-detmay", "Đoàn Công ty Cổ phần Dệt may Tân Bình", UnitArea.ENTERPRISE,
     [("det", "Chi đoàn Xưởng Dệt"), ("may", "Chi đoàn Xưởng May"),
      ("vp", "Chi đoàn Khối Văn phòng")]),
]  # fmt: skip

# Grassroots-level branches (chi đoàn cơ sở) directly under the district: (code, name, area).
GRASSROOTS_BRANCHES = [
    ("cd-vp-quan-uy", "Chi đoàn Văn phòng Quận ủy", UnitArea.AGENCY),
    ("cd-ttvh-quan", "Chi đoàn Trung tâm Văn hóa Quận", UnitArea.AGENCY),
]

# The demo accounts (synthetic people), all with DEMO_PASSWORD; "can" is for the README.
DEMO_ACCOUNTS = [
    {
        "username": "quandoan", "full_name": "Nguyễn Thị Demo Quận Đoàn", "unit_code": TOP_CODE,
        "kind": RoleKind.MANAGER, "title": "Cán bộ Quận Đoàn", "is_staff": True,
        "can": "District staff: the whole tree, accounts, events, surveys, commendation rounds, "
        "reports and prints; the admin site.",
    },
    {
        "username": "bithu.p10", "full_name": "Trần Văn Mẫu", "unit_code": "dp-10",
        "kind": RoleKind.MANAGER, "title": "Bí thư Đoàn Phường 10", "is_staff": False,
        "can": "Secretary of Đoàn Phường 10: manages the ward union and every branch under it, "
        "reviews its branches' nominations.",
    },
    {
        "username": "bithu.p10.kp3", "full_name": "Lê Thị Demo", "unit_code": "dp-10-kp-3",
        "kind": RoleKind.EDITOR, "title": "Bí thư Chi đoàn", "is_staff": False,
        "can": "Secretary of Chi đoàn Khu phố 3 (Phường 10): keeps the branch's records, answers "
        "surveys, self-assesses and nominates the branch.",
    },
    {
        "username": "bithu.p11.kp1", "full_name": "Phạm Văn Thử", "unit_code": "dp-11-kp-1",
        "kind": RoleKind.EDITOR, "title": "Bí thư Chi đoàn", "is_staff": False,
        "can": "Secretary of Chi đoàn Khu phố 1 (Phường 11): the same, for that branch only.",
    },
]  # fmt: skip


# Each app adds its own demo records in a module with `seed(*, stdout)` (idempotent) and `reset()`
# (deletes what seed made). They run in this order; reset runs in the reverse order, before the tree
# goes, since their records point at units with PROTECT.
DEMO_EXTENSIONS = ["branches.demo_records", "events.demo", "commendations.demo"]


def demo_extensions() -> list:
    """The apps' demo modules, in the order they seed."""
    return [importlib.import_module(name) for name in DEMO_EXTENSIONS]


class Command(BaseCommand):
    help = "Build the demo organisation tree of Quận Đoàn Tân Bình (2021) and its demo accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the demo tree, its roles and the demo accounts first, then rebuild.",
        )
        parser.add_argument(
            "--tree-only",
            action="store_true",
            help="Only the organisation tree and the demo accounts: no records, events or rounds.",
        )

    def handle(self, *args, reset: bool = False, tree_only: bool = False, **options):
        try:
            with transaction.atomic():
                if reset:
                    self.reset()
                self.units = {unit.code: unit for unit in Unit.objects.all()}
                self.created_units = self.created_accounts = 0
                self.password_hash = ""  # hashed once: Argon2 takes ~0.2 s per call
                self.build_tree()
                for spec in DEMO_ACCOUNTS:
                    self.ensure_account(spec)
                for extension in [] if tree_only else demo_extensions():
                    extension.seed(stdout=self.stdout)
        except (ValidationError, ProtectedError) as exc:
            raise CommandError(f"seed_demo failed, nothing was changed: {exc}") from exc
        self.summary()

    # --- reset -------------------------------------------------------------------------------

    def reset(self) -> None:
        for extension in reversed(demo_extensions()):
            extension.reset()
        demo_users = User.objects.filter(username__in=[spec["username"] for spec in DEMO_ACCOUNTS])
        ExportLog.objects.filter(user__in=demo_users).delete()
        top = Unit.objects.filter(code=TOP_CODE).first()
        if top is not None:
            tree = Unit.objects.below(top)
            ExportLog.objects.filter(unit__in=tree).delete()
            Role.objects.filter(unit__in=tree).delete()
            tree.update(successor=None)  # a merged unit's successor is PROTECTed too
            for depth in sorted(set(tree.values_list("depth", flat=True)), reverse=True):
                Unit.objects.below(top).filter(depth=depth).delete()
        User.objects.filter(username__in=[spec["username"] for spec in DEMO_ACCOUNTS]).delete()
        self.stdout.write("Deleted the demo tree and the demo accounts.")

    # --- the tree ----------------------------------------------------------------------------

    def unit(self, parent: Unit | None, code: str, level: str, name: str, **fields) -> Unit:
        """The unit with this code, created under `parent` if it is missing."""
        if code not in self.units:
            self.units[code] = create_unit(
                by=None, parent=parent, level=level, name=name, code=code, **fields
            )
            self.created_units += 1
        return self.units[code]

    def build_tree(self) -> None:
        if TOP_CODE not in self.units and (other := top_unit()) is not None:
            raise CommandError(
                f"This database already has another top unit ({other.name}, code {other.code}); "
                "seed_demo only builds its own tree."
            )
        top = self.unit(None, TOP_CODE, UnitLevel.DISTRICT_UNION, **TOP_UNIT)

        for ward, neighbourhoods in NEIGHBOURHOODS_PER_WARD.items():
            ward_name = f"Phường {ward}"
            union = self.unit(
                top, f"dp-{ward}", UnitLevel.GRASSROOTS_UNION, f"Đoàn Phường {ward}",
                area=UnitArea.WARD, ward=ward_name,
            )  # fmt: skip
            for n in range(1, neighbourhoods + 1):
                self.unit(
                    union, f"dp-{ward}-kp-{n}", UnitLevel.BRANCH, f"Chi đoàn Khu phố {n}",
                    area=UnitArea.NEIGHBOURHOOD, neighbourhood=f"Khu phố {n}", ward=ward_name,
                )  # fmt: skip
            for suffix, name, area in WARD_OTHER_BRANCHES[: ward_other_branch_count(ward)]:
                self.unit(
                    union, f"dp-{ward}-{suffix}", UnitLevel.BRANCH, name.format(n=ward),
                    area=area, ward=ward_name,
                )  # fmt: skip

        for code, name, area, branches in OTHER_GRASSROOTS_UNIONS:
            union = self.unit(top, code, UnitLevel.GRASSROOTS_UNION, name, area=area)
            for suffix, branch_name in branches:
                self.unit(union, f"{code}-{suffix}", UnitLevel.BRANCH, branch_name, area=area)

        for code, name, area in GRASSROOTS_BRANCHES:
            self.unit(top, code, UnitLevel.GRASSROOTS_BRANCH, name, area=area)

    # --- accounts ----------------------------------------------------------------------------

    def ensure_account(self, spec: dict) -> None:
        unit = self.units[spec["unit_code"]]
        user = User.objects.filter(username__iexact=spec["username"]).first()
        if user is None:
            user, _role, _link = create_account(
                unit, by=None, username=spec["username"], full_name=spec["full_name"],
                kind=spec["kind"], title=spec["title"],
            )  # fmt: skip
            self.password_hash = self.password_hash or make_password(DEMO_PASSWORD)
            user.password = self.password_hash
            user.is_staff = spec["is_staff"]
            user.save(update_fields=["password", "is_staff"])
            self.created_accounts += 1
        elif not Role.objects.filter(user=user, unit=unit, kind=spec["kind"]).exists():
            grant_role(unit, by=None, user=user, kind=spec["kind"], title=spec["title"])

    # --- summary -----------------------------------------------------------------------------

    def summary(self) -> None:
        top = self.units[TOP_CODE]
        tree = Unit.objects.below(top)
        per_level = dict(
            tree.order_by().values_list("level").annotate(n=Count("pk")).values_list("level", "n")
        )
        total = sum(per_level.values())
        out = self.stdout
        out.write(
            f"{top.name} ({top.code}): {total} units, {self.created_units} created now; "
            f"{self.created_accounts} demo accounts created now."
        )
        extra = {
            UnitLevel.GRASSROOTS_UNION: ("ward unions", {"area": UnitArea.WARD}),
            UnitLevel.BRANCH: ("neighbourhood branches", {"area": UnitArea.NEIGHBOURHOOD}),
        }
        for level in UnitLevel:
            if level not in per_level:
                continue
            line = f"  {level.value}: {per_level[level]}"
            if level in extra:
                label, filters = extra[level]
                line += f" ({tree.filter(level=level, **filters).count()} {label})"
            out.write(line)
        out.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for spec in DEMO_ACCOUNTS:
            unit = self.units[spec["unit_code"]]
            where = f"{unit.name} – {unit.parent.name}" if unit.level == UnitLevel.BRANCH else unit
            out.write(f"  {spec['username']:<14} {spec['kind']:<8} {where}  ({spec['full_name']})")
