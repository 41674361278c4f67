"""Consultants and questions for the tests of 网上法律咨询."""

import factories

from sifasuo.consultations import services
from sifasuo.consultations.models import Specialty


def profile(user, *specialties, name=""):
    return services.consultant_save(
        actor=factories.SETUP,
        user=user,
        public_name=name or user.username,
        organization="山东海曲律师事务所",
        specialties=list(specialties) or [Specialty.FAMILY],
        license_no="13711201810123456",
    )


def ask(world, specialty=Specialty.FAMILY, text="儿子不赡养老人怎么办？", phone="13853311234"):
    return services.question_ask(
        actor=services.CITIZEN,
        unit=world.office_a1,
        specialty=specialty,
        text=text,
        phone=phone,
        asker_name="李大娘",
        consent=True,
    )
