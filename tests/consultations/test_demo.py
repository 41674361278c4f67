"""The demo county's 网上法律咨询: each sample office has its consultants, a rota, questions in
every state and FAQ entries, and the indicators read them."""

import pytest

from sifasuo.consultations.models import Consultant, DutySlot, FaqEntry, Question, QuestionState
from sifasuo.core.models import User


@pytest.mark.parametrize("number", [1, 2, 3])
def test_each_sample_office_has_consultations(demo, number):
    office = User.objects.get(username=f"o{number}_head").unit
    assert Consultant.objects.filter(unit=office, user__username=f"o{number}_advisor").exists()
    assert DutySlot.objects.filter(unit=office).exists()
    questions = Question.objects.filter(unit=office)
    assert questions.filter(state=QuestionState.WAITING).exists()
    answered = questions.filter(state=QuestionState.ANSWERED)
    assert answered.filter(within_target=True).exists()
    assert answered.filter(within_target=False).exists()
    assert answered.filter(rating__isnull=False).exists()
    assert questions.filter(matter__isnull=False).exists()
    assert FaqEntry.objects.filter(unit=office, published=True).exists()
    assert FaqEntry.objects.filter(unit=office, published=False).exists()


def test_the_public_lawyer_answers_too(demo):
    lawyer = Consultant.objects.get(user__username="o1_lawyer")
    assert "administrative" in lawyer.specialties
