"""Views of 行政执法监督: thin wrappers over selectors and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import deadline_service
from sifasuo.core import statistics as core_statistics
from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.models import User
from sifasuo.core.roles import Capability, has_capability
from sifasuo.core.todos import due_filter
from sifasuo.core.views._common import check_capability, download, paginate
from sifasuo.core.views.steps import kept_input, run_step

from . import documents, exports, forms, rules, selectors, services, statistics, todos
from .apps import REVIEW, STANDARDS
from .models import Evaluation, FactorKind, Section, StandardStatus


def _can_work(user) -> bool:
    return has_capability(user, Capability.MANAGE_WORK)


def _create_page(request, form, create, *, detail: str, title: str, success: str | None = None):
    """A 登记/新建 page on the shared form: `create(data)` writes the record, then its `detail`
    page opens; a refusal shows its reasons beside the boxes and keeps what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            record = create(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if success:
                messages.success(request, success)
            return redirect(f"enforcement:{detail}", record.pk)
    return render(request, "enforcement/form.html", {"form": form, "title": title})


# Enforcement cases ---------------------------------------------------------------------------


@login_required
@require_GET
def case_list(request):
    form = forms.CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.cases_for_user(user=request.user, **filters))
    context = {
        "form": form,
        "page": page,
        "rows": selectors.case_rows(page),
        "can_create": _can_work(request.user),
    }
    return render(request, "enforcement/case_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def case_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.CaseForm(request.POST or None, user=request.user)
    return _create_page(
        request,
        form,
        lambda data: services.case_create(actor=request.user, **data),
        detail="case_detail",
        title=_("登记执法案件"),
        success=_("执法案件已登记。"),
    )


@login_required
@require_GET
def case_detail(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    user = request.user
    can_work = _can_work(user)
    context = {
        "case": case,
        "flags": services.case_flags(case),
        "missing": services.missing_systems(case),
        "qualified": services.qualified_enforcers(case),
        "openable": selectors.case_openable(user=user, case=case),
        "review_passed": rules.review_passed(case.legal_review),
        "limitation": services.limitation_period(case),
        "can_work": can_work,
        "can_review": has_capability(user, REVIEW),
        "systems_form": forms.SystemsForm(
            initial={
                "version": case.version,
                "published": case.published,
                "recorded": case.recorded,
                "legal_review_required": case.legal_review_required,
            }
        ),
        "link_form": forms.LinkReviewForm(reviews=selectors.reviews_to_link(user=user, case=case)),
        "decide_form": forms.DecideForm(
            initial=kept_input(request, "enforcement:case_decide")
            or {"decided_on": deadline_service.today()}
        ),
    }
    return render(request, "enforcement/case_detail.html", context)


def _step_on(request, record, detail: str, form_class, call, **form_kwargs):
    """Run a step posted from `record`'s page (`detail` names it) and go back to that page."""
    return run_step(
        request,
        record,
        form_class=form_class,
        call=call,
        back_to=reverse(f"enforcement:{detail}", args=[record.pk]),
        form_kwargs=form_kwargs or None,
    )


def _case_step(request, pk, form_class, call, **form_kwargs):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    return _step_on(request, case, "case_detail", form_class, call, **form_kwargs)


@login_required
@require_POST
def case_systems(request, pk: int):
    return _case_step(
        request,
        pk,
        forms.SystemsForm,
        lambda c, d: services.case_update_systems(actor=request.user, case=c, **d),
    )


@login_required
@require_POST
def case_link_review(request, pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=pk)
    return _case_step(
        request,
        pk,
        forms.LinkReviewForm,
        lambda c, d: services.case_link_review(actor=request.user, case=c, review=d["review"]),
        reviews=selectors.reviews_to_link(user=request.user, case=case),
    )


@login_required
@require_POST
def case_decide(request, pk: int):
    return _case_step(
        request,
        pk,
        forms.DecideForm,
        lambda c, d: services.case_decide(actor=request.user, case=c, **d),
    )


@login_required
@require_GET
def systems(request):
    rows = selectors.systems_by_department(user=request.user)
    return render(request, "enforcement/systems.html", {"rows": rows})


# Enforcers -----------------------------------------------------------------------------------


@login_required
@require_GET
def enforcer_list(request):
    form = forms.EnforcerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = paginate(request, selectors.enforcers_for_user(user=request.user, **filters))
    year = deadline_service.today().year
    rows = []
    for enforcer in page:
        hours = next((t.hours for t in enforcer.trainings.all() if t.year == year), None)
        rows.append((enforcer, selectors.card_state(enforcer), hours))
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "year": year,
        "alert_days": rules.card_alert_days(),
        "can_create": _can_work(request.user),
    }
    return render(request, "enforcement/enforcer_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enforcer_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.EnforcerForm(request.POST or None, user=request.user)
    return _create_page(
        request,
        form,
        lambda data: services.enforcer_create(actor=request.user, **data),
        detail="enforcer_detail",
        title=_("登记执法人员"),
        success=_("执法人员已登记。"),
    )


@login_required
@require_GET
def enforcer_detail(request, pk: int):
    enforcer = selectors.enforcer_get_for_user(user=request.user, pk=pk)
    context = {
        "enforcer": enforcer,
        "card_state": selectors.card_state(enforcer),
        "can_work": _can_work(request.user),
        "can_reveal": has_capability(request.user, Capability.REVEAL_PERSONAL_DATA),
        "update_form": forms.EnforcerUpdateForm(
            initial={
                "version": enforcer.version,
                "card_number": enforcer.card_number,
                "card_issued_on": enforcer.card_issued_on,
                "card_expires_on": enforcer.card_expires_on,
                "is_active": enforcer.is_active,
            }
        ),
        "training_form": forms.TrainingForm(initial={"year": deadline_service.today().year}),
    }
    return render(request, "enforcement/enforcer_detail.html", context)


def _enforcer_step(request, pk, form_class, call):
    enforcer = selectors.enforcer_get_for_user(user=request.user, pk=pk)
    return _step_on(request, enforcer, "enforcer_detail", form_class, call)


@login_required
@require_POST
def enforcer_update(request, pk: int):
    return _enforcer_step(
        request,
        pk,
        forms.EnforcerUpdateForm,
        lambda e, d: services.enforcer_update(actor=request.user, enforcer=e, **d),
    )


@login_required
@require_POST
def enforcer_training(request, pk: int):
    return _enforcer_step(
        request,
        pk,
        forms.TrainingForm,
        lambda e, d: services.training_record(actor=request.user, enforcer=e, **d),
    )


# Scoring standards ---------------------------------------------------------------------------


@login_required
@require_GET
def standard_list(request):
    context = {
        "standards": selectors.standards_for_user(user=request.user),
        "can_edit": has_capability(request.user, STANDARDS),
    }
    return render(request, "enforcement/standard_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def standard_create(request):
    check_capability(request.user, STANDARDS)
    form = forms.StandardForm(request.POST or None)
    return _create_page(
        request,
        form,
        lambda data: services.standard_create(actor=request.user, unit=request.user.unit, **data),
        detail="standard_detail",
        title=_("新建评查标准"),
    )


@login_required
@require_GET
def standard_detail(request, pk: int):
    standard = selectors.standard_get_for_user(user=request.user, pk=pk)
    items = list(standard.items.all())
    context = {
        "standard": standard,
        "sections": [(s.label, [i for i in items if i.section == s]) for s in Section],
        "draft": standard.status == StandardStatus.DRAFT,
        "problems": services.standard_problems(standard)
        if standard.status == StandardStatus.DRAFT
        else [],
        "can_edit": has_capability(request.user, STANDARDS),
        "item_form": forms.ItemForm(
            initial=kept_input(request, "enforcement:standard_item")
            or {"seq": (items[-1].seq + 1) if items else 1}
        ),
    }
    return render(request, "enforcement/standard_detail.html", context)


def _standard_step(request, pk, form_class, call, back=None):
    standard = selectors.standard_get_for_user(user=request.user, pk=pk)
    check_capability(request.user, STANDARDS)
    return _step_on(request, standard, "standard_detail", form_class, call)


@login_required
@require_POST
def standard_item(request, pk: int):
    def call(standard, d):
        services.standard_item_save(
            actor=request.user,
            standard=standard,
            seq=d["seq"],
            section=d["section"],
            text=d["text"],
            step=d["step"] or 0,
            cap=d["cap"] or 0,
            basis=d["basis"],
        )

    return _standard_step(request, pk, forms.ItemForm, call)


@login_required
@require_POST
def standard_item_delete(request, pk: int, item_pk: int):
    def call(standard, d):
        item = standard.items.filter(pk=item_pk).first()
        if item is None:
            raise Http404
        services.standard_item_delete(actor=request.user, item=item)

    return _standard_step(request, pk, None, call)


@login_required
@require_POST
def standard_publish(request, pk: int):
    return _standard_step(
        request,
        pk,
        None,
        lambda s, d: services.standard_publish(actor=request.user, standard=s),
    )


@login_required
@require_POST
def standard_new_version(request, pk: int):
    standard = selectors.standard_get_for_user(user=request.user, pk=pk)
    check_capability(request.user, STANDARDS)
    try:
        draft = services.standard_new_version(actor=request.user, standard=standard)
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return redirect("enforcement:standard_detail", standard.pk)
    messages.success(request, _("已建立新版本草稿，修改后发布。"))
    return redirect("enforcement:standard_detail", draft.pk)


# 案卷评查 ------------------------------------------------------------------------------------


@login_required
@require_GET
def evaluation_list(request):
    status = request.GET.get("status", "")
    status = status if status in Evaluation.Status.values else ""
    page = paginate(request, selectors.evaluations_for_user(user=request.user, status=status))
    context = {"page": page, "statuses": Evaluation.Status.choices, "status": status}
    return render(request, "enforcement/evaluation_list.html", context)


def _reviewer_choices(case):
    units = case.unit.ancestor_ids()
    candidates = User.objects.filter(is_active=True, unit_id__in=units).select_related("unit")
    candidates = candidates.order_by("unit__path", "username")
    return User.objects.filter(
        pk__in=[u.pk for u in candidates if services.may_review(u, case.unit)]
    ).select_related("unit")


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_create(request, case_pk: int):
    case = selectors.case_get_for_user(user=request.user, pk=case_pk)
    check_capability(request.user, REVIEW)
    standards = selectors.published_standards_for(user=request.user, case=case)
    reviewers = _reviewer_choices(case)
    form = forms.EvaluationForm(
        request.POST or None,
        initial={"submission_token": uuid.uuid4(), "standard": standards[0] if standards else None},
        standards=standards,
        reviewers=reviewers,
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            evaluation = services.evaluation_create(
                actor=request.user,
                case=case,
                standard=d["standard"],
                reviewers=[d["reviewer_1"], d["reviewer_2"], d["reviewer_3"]],
                submission_token=d["submission_token"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("案卷评查已启动，三名评查人员各自独立评分。"))
            return redirect("enforcement:evaluation_detail", evaluation.pk)
    title = _("启动案卷评查：") + case.number
    return render(request, "enforcement/form.html", {"form": form, "title": title})


@login_required
@require_GET
def evaluation_detail(request, pk: int):
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    user = request.user
    mine = services.sheet_of(evaluation, user)
    items = list(evaluation.standard.items.all())
    visible = selectors.sheets_visible(evaluation)
    table = selectors.score_table(evaluation) if visible else []
    context = {
        "evaluation": evaluation,
        "case": evaluation.case,
        "mine": mine,
        "visible": visible,
        "table": table,
        "items": items,
        "statuses": Evaluation.Status,
        "score_form": forms.ScoreForm(
            initial=kept_input(request, "enforcement:evaluation_score"), items=items
        )
        if mine and mine.submitted_at is None and evaluation.status == Evaluation.Status.SCORING
        else None,
        "agree_form": forms.ScoreForm(
            initial=kept_input(request, "enforcement:evaluation_agree")
            or {f"hits_{row['item'].pk}": row["common"] for row in table},
            items=items,
        )
        if mine and evaluation.status == Evaluation.Status.AGREEING
        else None,
        "issue_form": forms.IssueForm(initial=kept_input(request, "enforcement:evaluation_issue"))
        if evaluation.status == Evaluation.Status.AGREED and has_capability(user, REVIEW)
        else None,
        "close_form": forms.CloseForm() if _can_work(user) else None,
        "teaching": selectors.teaching_items_for(user=user, department=evaluation.case.department),
        "today": deadline_service.today(),
    }
    return render(request, "enforcement/evaluation_detail.html", context)


def _evaluation_step(request, pk, form_class, call, **form_kwargs):
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    return _step_on(request, evaluation, "evaluation_detail", form_class, call, **form_kwargs)


@login_required
@require_POST
def evaluation_score(request, pk: int):
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    form_holder = {}

    def call(e, d):
        form = form_holder["form"]
        services.evaluation_score(
            actor=request.user, evaluation=e, hits=form.hits(), notes=form.notes(), note=d["note"]
        )

    class Form(forms.ScoreForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, items=list(evaluation.standard.items.all()), **kwargs)
            form_holder["form"] = self

    return _evaluation_step(request, pk, Form, call)


@login_required
@require_POST
def evaluation_agree(request, pk: int):
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    form_holder = {}

    def call(e, d):
        form = form_holder["form"]
        services.evaluation_agree(
            actor=request.user, evaluation=e, hits=form.hits(), notes=form.notes(), note=d["note"]
        )

    class Form(forms.ScoreForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, items=list(evaluation.standard.items.all()), **kwargs)
            form_holder["form"] = self

    return _evaluation_step(request, pk, Form, call)


@login_required
@require_POST
def evaluation_issue(request, pk: int):
    form_holder = {}

    class Form(forms.IssueForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            form_holder["form"] = self

    return _evaluation_step(
        request,
        pk,
        Form,
        lambda e, d: services.evaluation_issue(
            actor=request.user,
            evaluation=e,
            opinion=d["opinion"],
            rectifications=form_holder["form"].rectifications(),
        ),
    )


@login_required
@require_GET
def evaluation_opinion(request, pk: int):
    evaluation = selectors.evaluation_get_for_user(user=request.user, pk=pk)
    if not evaluation.issued_on:
        raise Http404
    content = documents.opinion_docx(evaluation)
    return download(content, f"{evaluation.opinion_number}评查意见.docx", documents.DOCX)


@login_required
@require_GET
def rectification_list(request):
    open_only = request.GET.get("all") != "1"
    items = selectors.rectifications_for_user(user=request.user, open_only=open_only)
    items, due = due_filter(request, items, todos.due_records(user=request.user))
    context = {
        "page": paginate(request, items),
        "due_filter": due,
        "open_only": open_only,
        "today": deadline_service.today(),
    }
    return render(request, "enforcement/rectification_list.html", context)


@login_required
@require_POST
def rectification_close(request, pk: int):
    item = selectors.rectification_get_for_user(user=request.user, pk=pk)
    return run_step(
        request,
        item,
        form_class=forms.CloseForm,
        call=lambda r, d: services.rectification_close(
            actor=request.user, rectification=r, result=d["result"]
        ),
        back_to=reverse("enforcement:evaluation_detail", args=[item.evaluation_id]),
    )


# 每月说案 -------------------------------------------------------------------------------------


@login_required
@require_GET
def discussion_list(request):
    teaching = request.GET.get("teaching") == "1"
    page = paginate(request, selectors.discussions_for_user(user=request.user, teaching=teaching))
    context = {"page": page, "teaching": teaching, "can_create": _can_work(request.user)}
    return render(request, "enforcement/discussion_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def discussion_create(request):
    check_capability(request.user, Capability.MANAGE_WORK)
    form = forms.DiscussionForm(
        request.POST or None,
        user=request.user,
        initial={"submission_token": uuid.uuid4(), "held_on": deadline_service.today()},
    )
    return _create_page(
        request,
        form,
        lambda data: services.discussion_create(actor=request.user, **data),
        detail="discussion_detail",
        title=_("登记每月说案"),
        success=_("说案记录已保存。"),
    )


@login_required
@require_GET
def discussion_detail(request, pk: int):
    discussion = selectors.discussion_get_for_user(user=request.user, pk=pk)
    return render(request, "enforcement/discussion_detail.html", {"discussion": discussion})


# 裁量基准 -------------------------------------------------------------------------------------


@login_required
@require_GET
def benchmark_list(request):
    context = {
        "benchmarks": selectors.benchmarks_for_user(user=request.user),
        "can_edit": has_capability(request.user, STANDARDS),
        "can_calculate": _can_work(request.user),
    }
    return render(request, "enforcement/benchmark_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_create(request):
    check_capability(request.user, STANDARDS)
    form = forms.BenchmarkForm(request.POST or None, user=request.user)
    return _create_page(
        request,
        form,
        lambda data: services.benchmark_create(actor=request.user, **data),
        detail="benchmark_detail",
        title=_("新建裁量基准"),
    )


@login_required
@require_GET
def benchmark_detail(request, pk: int):
    benchmark = selectors.benchmark_get_for_user(user=request.user, pk=pk)
    context = {
        "benchmark": benchmark,
        "can_edit": has_capability(request.user, STANDARDS) and not benchmark.published,
        "can_calculate": _can_work(request.user),
        "tier_form": forms.TierForm(),
        "factor_form": forms.FactorForm(),
        "publish_form": forms.PublishBenchmarkForm(
            initial={"published_on": deadline_service.today()}
        ),
        "policy": rules.discretion_policy(),
        "factor_kinds": FactorKind,
    }
    return render(request, "enforcement/benchmark_detail.html", context)


def _benchmark_step(request, pk, form_class, call):
    benchmark = selectors.benchmark_get_for_user(user=request.user, pk=pk)
    return _step_on(request, benchmark, "benchmark_detail", form_class, call)


@login_required
@require_POST
def benchmark_tier(request, pk: int):
    return _benchmark_step(
        request,
        pk,
        forms.TierForm,
        lambda b, d: services.benchmark_tier_add(actor=request.user, standard=b, **d),
    )


@login_required
@require_POST
def benchmark_factor(request, pk: int):
    return _benchmark_step(
        request,
        pk,
        forms.FactorForm,
        lambda b, d: services.benchmark_factor_add(actor=request.user, standard=b, **d),
    )


@login_required
@require_POST
def benchmark_publish(request, pk: int):
    return _benchmark_step(
        request,
        pk,
        forms.PublishBenchmarkForm,
        lambda b, d: services.benchmark_publish(actor=request.user, standard=b, **d),
    )


@login_required
@require_http_methods(["GET", "POST"])
def benchmark_calculate(request, pk: int):
    """The calculator: "计算" shows the proposal; "保存" records it with the decided amount,
    refusing an amount outside the range without a written reason."""
    benchmark = selectors.benchmark_get_for_user(user=request.user, pk=pk)
    check_capability(request.user, Capability.MANAGE_WORK)
    if not benchmark.published:
        messages.error(request, _("该裁量基准尚未公布，不能适用（行政处罚法第三十四条）。"))
        return redirect("enforcement:benchmark_detail", benchmark.pk)
    form = forms.CalculationForm(
        request.POST or None,
        user=request.user,
        benchmark=benchmark,
        initial={"submission_token": uuid.uuid4()},
    )
    proposal = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        proposal = services.calculation_propose(tier=d["tier"], factors=list(d["factors"]))
        if request.POST.get("action") == "save":
            if d["decided_amount"] is None:
                form.add_error("decided_amount", _("请填写拟决定的罚款金额。"))
            else:
                try:
                    calculation = services.calculation_create(
                        actor=request.user,
                        standard=benchmark,
                        tier=d["tier"],
                        factors=list(d["factors"]),
                        facts=d["facts"],
                        decided_amount=d["decided_amount"],
                        reason=d["reason"],
                        case=d["case"],
                        unit=request.user.unit,
                        submission_token=d["submission_token"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("裁量计算已记录。"))
                    return redirect("enforcement:calculation_detail", calculation.pk)
    context = {"benchmark": benchmark, "form": form, "proposal": proposal}
    return render(request, "enforcement/calculate.html", context)


@login_required
@require_GET
def calculation_list(request):
    page = paginate(request, selectors.calculations_for_user(user=request.user))
    return render(request, "enforcement/calculation_list.html", {"page": page})


@login_required
@require_GET
def calculation_detail(request, pk: int):
    calculation = selectors.calculation_get_for_user(user=request.user, pk=pk)
    return render(request, "enforcement/calculation_detail.html", {"calculation": calculation})


# Statistics ----------------------------------------------------------------------------------


def _statistics(request):
    form = forms.StatisticsForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or deadline_service.today().year
    unit = data.get("unit") or request.user.unit
    if unit is None:
        raise Http404
    return form, statistics.table(unit=unit, year=year)


@login_required
@require_GET
def statistics_page(request):
    form, table = _statistics(request)
    context = {
        "form": form,
        "table": table,
    }
    return core_statistics.render_page(request, "enforcement/statistics.html", context)


@login_required
@require_GET
def statistics_export(request):
    check_capability(request.user, Capability.EXPORT)
    _form, table = _statistics(request)
    return xlsx_response(
        exports.statistics_workbook(table), f"行政执法监督统计{table.period.label}.xlsx"
    )
