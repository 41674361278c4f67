import datetime as dt
from dataclasses import dataclass
from io import BytesIO

import docx
import factories
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sifasuo.core.models import UnitKind
from sifasuo.core.roles import Role
from sifasuo.reviews import services
from sifasuo.reviews.models import ReviewKind

DRAFT = """秦楼街道农村人居环境整治管理办法
第一条 为改善农村人居环境，制定本办法。
第二条 违反本办法规定乱倒垃圾的，处以二百元罚款。
第三条 全街道农户建房使用的建材须从街道指定供应商处购买。
第四条 村民委员会负责组织本村保洁员开展日常清扫。
"""


def docx_upload(text: str = DRAFT, name: str = "草案.docx") -> SimpleUploadedFile:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    buffer = BytesIO()
    document.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


@pytest.fixture(name="docx_upload")
def docx_upload_fixture():
    return docx_upload


@dataclass
class Departments:
    agri: object  # 农业农村办 of A1
    enforcement: object  # 综合执法办 of A1
    agri_clerk: object
    enforcement_clerk: object


@pytest.fixture
def depts(world):
    agri = factories.unit(
        "农业农村办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    enforcement = factories.unit(
        "综合执法办", UnitKind.DEPARTMENT, world.office_a1, department_type="business"
    )
    return Departments(
        agri=agri,
        enforcement=enforcement,
        agri_clerk=factories.user("a1_agri", agri, Role.DEPARTMENT_CLERK),
        enforcement_clerk=factories.user("a1_enf", enforcement, Role.DEPARTMENT_CLERK),
    )


SUBMITTED_ON = dt.date(2026, 11, 2)


@pytest.fixture
def make_review(depts):
    def _make(kind=ReviewKind.NORMATIVE, title="农村人居环境整治管理办法", clerk=None, **kw):
        clerk = clerk or depts.agri_clerk
        return services.review_submit(
            actor=clerk,
            department=clerk.unit,
            title=title,
            kind=kind,
            drafting_unit=clerk.unit.name,
            upload=kw.pop("upload", None) or docx_upload(),
            submitted_on=kw.pop("submitted_on", SUBMITTED_ON),
            **kw,
        )

    return _make


TODAY = dt.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _frozen_today(freeze_today):
    # Due dates, alerts and "today" defaults all read the deadline service's today().
    freeze_today(TODAY)
