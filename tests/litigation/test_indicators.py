"""The line's rates, per office and rolled up per county, with their stated exclusions."""

import datetime as dt

from litigation.conftest import TODAY
from sifasuo.core.indicators import Period, value_for
from sifasuo.litigation import services
from sifasuo.litigation.models import (
    CaseKind,
    HearingForm,
    HearingStatus,
    Outcome,
    OutcomeDocument,
    Procedure,
)

YEAR = Period.year(2026)


def _hearing(actor, case, form, *, head=True, status=HearingStatus.HELD):
    services.hearing_add(
        actor=actor,
        case=case,
        held_on=dt.date(2026, 11, 10),
        body="东港区人民法院",
        form=form,
        status=status,
        appeared="李明",
        head_in_person=head,
        head_name="街道办事处主任" if head else "",
        absence_reason="" if head else "外出学习",
        entrusted="" if head else "综合执法办主任",
    )


def test_head_appearance_rate_excludes_cancelled_and_written_hearings(world, make_case):
    case = make_case(kind=CaseKind.LAWSUIT, procedure=Procedure.FIRST_INSTANCE)
    actor = world.office_user
    _hearing(actor, case, HearingForm.COURT, head=True)
    _hearing(actor, case, HearingForm.COURT, head=False)
    _hearing(actor, case, HearingForm.COURT, status=HearingStatus.CANCELLED)
    _hearing(actor, case, HearingForm.COURT, status=HearingStatus.SCHEDULED)
    _hearing(actor, make_case(), HearingForm.WRITTEN)
    assert value_for("litigation.hearings_held", world.office_a1, YEAR) == 2
    assert value_for("litigation.head_appearance_rate", world.office_a1, YEAR) == 50
    assert value_for("litigation.head_appearance_rate", world.county_a, YEAR) == 50
    assert value_for("litigation.head_appearance_rate", world.county_b, YEAR) is None


def test_loss_and_correction_rates_count_their_own_kind_of_case(world, make_case):
    actor = world.office_user

    def conclude(case, outcome, document):
        services.case_conclude(
            actor=actor, case=case, outcome=outcome, outcome_document=document, outcome_on=TODAY
        )

    lawsuit = {"kind": CaseKind.LAWSUIT, "procedure": Procedure.FIRST_INSTANCE}
    conclude(make_case(**lawsuit), Outcome.REVOKED, OutcomeDocument.JUDGMENT)
    conclude(make_case(**lawsuit), Outcome.DISMISSED, OutcomeDocument.JUDGMENT)
    conclude(make_case(**lawsuit), Outcome.WITHDRAWN, OutcomeDocument.RULING)
    conclude(make_case(**lawsuit), Outcome.MEDIATED, OutcomeDocument.MEDIATION)
    conclude(make_case(), Outcome.VARIED, OutcomeDocument.DECISION)
    conclude(make_case(), Outcome.UPHELD, OutcomeDocument.DECISION)
    make_case()  # still open: not concluded, not counted
    office = world.office_a1
    assert value_for("litigation.loss_rate", office, YEAR) == 25
    assert value_for("litigation.correction_rate", office, YEAR) == 50
    assert value_for("litigation.cases_received", office, YEAR) == 7
    assert value_for("litigation.cases_penalty", world.county_a, YEAR) == 7
    assert value_for("litigation.loss_rate", office, Period.year(2025)) is None
