"""Views of office management: thin wrappers over selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sifasuo.core import lines, table_import
from sifasuo.core.exports import xlsx_response
from sifasuo.core.forms import add_service_errors
from sifasuo.core.roles import has_capability
from sifasuo.core.scoping import can_see_unit
from sifasuo.core.views import imports
from sifasuo.core.views._common import check_capability, paginate
from sifasuo.core.views.steps import kept_input, run_step

from . import forms, importing, selectors, services


def _can_manage(user, unit) -> bool:
    return has_capability(user, services.MANAGE) and can_see_unit(user, unit)


def _heads(codes):
    return [lines.indicators()[code] for code in codes]


@login_required
@require_GET
def overview(request):
    form = forms.OverviewForm(request.GET or None, user=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    on = data.get("on") or timezone.localdate()
    top = selectors.top_unit_for_user(user=request.user, unit=data.get("unit"))
    rows = selectors.overview_for_user(user=request.user, top=top, on=on) if top else []
    totals = selectors.totals(top=top, on=on) if top else {}
    compare = []
    before = data.get("before")
    if top and before:
        then = selectors.totals(top=top, on=before, codes=selectors.COMPARE_CODES)
        now = selectors.totals(top=top, on=on, codes=selectors.COMPARE_CODES)
        for head in _heads(selectors.COMPARE_CODES):
            old, new = then[head.code], now[head.code]
            change = None if old is None or new is None else new - old
            compare.append((head, old, new, change))
    context = {
        "form": form,
        "on": on,
        "before": before,
        "top": top,
        "rows": rows,
        "totals": [(head, totals.get(head.code)) for head in _heads(selectors.OVERVIEW_CODES)],
        "compare": compare,
        "period": selectors.year_to(on),
    }
    return render(request, "offices/overview.html", context)


def _form(form_class, request, step, **kwargs):
    return form_class(kept_input(request, f"offices:{step}"), **kwargs)


@login_required
@require_GET
def profile(request, pk: int):
    office = selectors.office_get_for_user(user=request.user, pk=pk)
    date_form = forms.OnDateForm(request.GET or None)
    on = (date_form.cleaned_data.get("on") if date_form.is_valid() else None) or (
        timezone.localdate()
    )
    context = {
        "office": office,
        "date_form": date_form,
        "profile": selectors.profile_for_user(user=request.user, office=office, on=on),
        "can_manage": _can_manage(request.user, office),
    }
    if context["can_manage"]:
        who = {"user": request.user, "office": office}
        context.update(
            change_form=_form(forms.StaffChangeForm, request, "staff_change", **who),
            hire_form=_form(forms.StaffHireForm, request, "staff_hire"),
            premises_form=_form(forms.PremisesForm, request, "premises_add"),
            unit_profile_form=_form(forms.UnitProfileForm, request, "unit_profile_set"),
            honour_form=_form(forms.HonourForm, request, "honour_add", **who),
        )
    return render(request, "offices/profile.html", context)


def _office_step(request, pk, form_class, call, *, with_user=False):
    office = selectors.office_get_for_user(user=request.user, pk=pk)
    check_capability(request.user, services.MANAGE)
    kwargs = {"user": request.user, "office": office} if with_user else None
    return run_step(
        request,
        office,
        form_class=form_class,
        form_kwargs=kwargs,
        call=call,
        back_to=reverse("offices:profile", args=[office.pk]),
    )


@login_required
@require_POST
def staff_change(request, pk: int):
    def call(office, d):
        d = dict(d)
        staff = d.pop("staff")
        services.staff_change_record(actor=request.user, staff=staff, **d)

    return _office_step(request, pk, forms.StaffChangeForm, call, with_user=True)


@login_required
@require_POST
def staff_hire(request, pk: int):
    return _office_step(
        request,
        pk,
        forms.StaffHireForm,
        lambda office, d: services.staff_hire(actor=request.user, unit=office, **d),
    )


@login_required
@require_POST
def premises_add(request, pk: int):
    def call(office, d):
        d = dict(d)
        d["funding"] = d.get("funding") or 0
        services.premises_record(actor=request.user, unit=office, **d)

    return _office_step(request, pk, forms.PremisesForm, call)


@login_required
@require_POST
def unit_profile_set(request, pk: int):
    return _office_step(
        request,
        pk,
        forms.UnitProfileForm,
        lambda office, d: services.profile_set(actor=request.user, unit=office, **d),
    )


@login_required
@require_POST
def honour_add(request, pk: int):
    return _office_step(
        request,
        pk,
        forms.HonourForm,
        lambda office, d: services.honour_add(actor=request.user, unit=office, **d),
        with_user=True,
    )


@login_required
@require_POST
def honour_remove(request, pk: int, honour_pk: int):
    office = selectors.office_get_for_user(user=request.user, pk=pk)
    honour = selectors.honour_get_for_user(user=request.user, office=office, pk=honour_pk)
    return _office_step(
        request,
        pk,
        None,
        lambda office, d: services.honour_remove(actor=request.user, honour=honour),
    )


# ---------------------------------------------------------------------------------------------
# The duty catalogue


@login_required
@require_GET
def catalogue_list(request):
    catalogues = selectors.catalogue_list_for_user(user=request.user)
    compare_form = forms.CompareForm(catalogues=catalogues)
    context = {
        "catalogues": catalogues,
        "compare_form": compare_form,
        "can_manage": has_capability(request.user, services.MANAGE),
    }
    return render(request, "offices/catalogue_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_create(request):
    check_capability(request.user, services.MANAGE)
    form = forms.CatalogueForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            catalogue = services.catalogue_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("职能清单版本已建立，可导入职能事项。"))
            return redirect("offices:catalogue_import", catalogue.pk)
    return render(request, "offices/form.html", {"form": form, "title": _("新建职能清单版本")})


@login_required
@require_GET
def catalogue_detail(request, pk: int):
    catalogue = selectors.catalogue_get_for_user(user=request.user, pk=pk)
    context = {
        "catalogue": catalogue,
        "page": paginate(request, catalogue.items.all(), per_page=100),
        "can_manage": _can_manage(request.user, catalogue.unit),
    }
    return render(request, "offices/catalogue_detail.html", context)


@login_required
@require_GET
def catalogue_compare(request):
    catalogues = selectors.catalogue_list_for_user(user=request.user)
    form = forms.CompareForm(request.GET or None, catalogues=catalogues)
    comparison = None
    if form.is_valid():
        comparison = selectors.catalogue_compare(form.cleaned_data["old"], form.cleaned_data["new"])
    context = {"form": form, "comparison": comparison}
    return render(request, "offices/catalogue_compare.html", context)


@login_required
@require_GET
def catalogue_template(request):
    importer = importing.CatalogueImporter()
    book = table_import.template_workbook(importer, importing.EXAMPLE)
    return xlsx_response(book, f"{importer.title}（模板）.xlsx")


IMPORT_KEY = "offices_catalogue_import"


@login_required
@require_http_methods(["GET", "POST"])
def catalogue_import(request, pk: int):
    catalogue = selectors.catalogue_get_for_user(user=request.user, pk=pk)
    if not _can_manage(request.user, catalogue.unit):
        raise PermissionDenied  # may read a superior's catalogue, not change it
    importer = importing.CatalogueImporter()
    context_for = {"catalogue": catalogue}
    if request.method == "POST" and request.POST.get("confirm") == "1":
        return imports.confirm_stashed(
            request,
            importer,
            IMPORT_KEY,
            unit_for=lambda stored: catalogue.unit,
            context_for=lambda unit: context_for,
            retry=reverse("offices:catalogue_import", args=[catalogue.pk]),
            done=lambda unit: reverse("offices:catalogue_detail", args=[catalogue.pk]),
            missing=str(_("请先上传职能清单并预览。")),
        )
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = imports.upload_preview(request, form, importer, IMPORT_KEY, context=context_for)
    context = {
        "catalogue": catalogue,
        "form": form,
        "preview": preview,
        "importer": importer,
        "template_url": reverse("offices:catalogue_template"),
    }
    return render(request, "offices/catalogue_import.html", context)


# ---------------------------------------------------------------------------------------------
# The rules register


@login_required
@require_GET
def rulebook_list(request):
    context = {
        "books": selectors.rulebook_list_for_user(user=request.user),
        "can_manage": has_capability(request.user, services.MANAGE),
    }
    return render(request, "offices/rulebook_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rulebook_create(request):
    check_capability(request.user, services.MANAGE)
    form = forms.RuleBookForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        earlier = selectors.rulebook_list_for_user(user=request.user).filter(unit=d["unit"])
        copy_from = earlier.filter(year__lt=d["year"]).order_by("-year").first()
        try:
            book = services.rulebook_create(actor=request.user, copy_from=copy_from, **d)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("制度规范汇编已建立。"))
            return redirect("offices:rulebook_detail", book.pk)
    context = {
        "form": form,
        "title": _("新建制度规范汇编"),
        "help": _("本单位已有往年汇编的，新汇编沿用最近一年的篇章和制度，再行修订。"),
    }
    return render(request, "offices/form.html", context)


@login_required
@require_GET
def rulebook_detail(request, pk: int):
    book = selectors.rulebook_get_for_user(user=request.user, pk=pk)
    context = {
        "book": book,
        "chapters": book.chapters.prefetch_related("rules"),
        "can_manage": _can_manage(request.user, book.unit),
        "chapter_form": forms.ChapterForm(kept_input(request, "offices:chapter_add")),
        "rule_form": forms.RuleForm(),
    }
    return render(request, "offices/rulebook_detail.html", context)


def _book_step(request, pk, form_class, call):
    book = selectors.rulebook_get_for_user(user=request.user, pk=pk)
    check_capability(request.user, services.MANAGE)
    return run_step(
        request,
        book,
        form_class=form_class,
        call=call,
        back_to=reverse("offices:rulebook_detail", args=[book.pk]),
    )


@login_required
@require_POST
def chapter_add(request, pk: int):
    return _book_step(
        request,
        pk,
        forms.ChapterForm,
        lambda book, d: services.rule_chapter_add(actor=request.user, book=book, **d),
    )


@login_required
@require_POST
def rule_add(request, pk: int, chapter_pk: int):
    book = selectors.rulebook_get_for_user(user=request.user, pk=pk)
    chapter = book.chapters.filter(pk=chapter_pk).first()
    if chapter is None:
        raise Http404
    return _book_step(
        request,
        pk,
        forms.RuleForm,
        lambda book, d: services.rule_add(actor=request.user, chapter=chapter, **d),
    )
