import factories
import pytest


def application(**changes) -> dict:
    """A mediation application as a citizen's phone posts it."""
    values = {
        "applicant_name": "王秀兰",
        "applicant_id_number": factories.make_id_number(),
        "applicant_phone": "13963300021",
        "applicant_address": "秦楼街道海滨社区12号",
        "office": "",
        "respondent_names": "赵六",
        "dispute_type": "neighbour",
        "narrative": "邻居赵六翻建院墙占用两户之间的通道，多次协商未果，申请调解。",
        "amount": "3500",
        "submission_token": "6f1c2a0e-3f4b-4c3d-9a8e-1b2c3d4e5f60",
        "consent": "on",
    }
    values.update(changes)
    return values


def legal_aid_application(**changes) -> dict:
    values = {
        "applicant_name": "刘建军",
        "applicant_id_number": factories.make_id_number(),
        "applicant_phone": "13963300031",
        "applicant_address": "秦楼街道海滨社区8号",
        "office": "",
        "matter_kind": "civil",
        "art31_item": "5",
        "narrative": "在装修公司打工八个月，老板拖欠工资两万元，申请法律援助。",
        "opponent": "某装修公司",
        "groups": ["migrant_worker"],
        "means_basis": "exempt",
        "exemption_item": "3",
        "submission_token": "0a1b2c3d-3f4b-4c3d-9a8e-1b2c3d4e5f61",
        "consent": "on",
        "sensitive_consent": "on",
    }
    values.update(changes)
    return values


@pytest.fixture
def post_application(client):
    def post(path="/public/apply/mediation/", **changes):
        data = (legal_aid_application if "legal-aid" in path else application)(**changes)
        return client.post(path, data)

    return post


@pytest.fixture
def form_data():
    """The mediation form's data with `changes` (the legal-aid form's with legal_aid=True)."""

    def data(legal_aid=False, **changes):
        return (legal_aid_application if legal_aid else application)(**changes)

    return data
