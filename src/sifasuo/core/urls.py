"""URLs of the core screens (mounted at "/")."""

from django.urls import path

from . import views
from .views import reports

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("password/", views.password_change, name="password_change"),
    # 期限事项
    path("work/", views.work_list, name="work_list"),
    path("work/new/", views.work_create, name="work_create"),
    path("work/due-preview/", views.work_due_preview, name="work_due_preview"),
    path("work/overdue.xlsx", views.work_overdue_export, name="work_overdue_export"),
    path("work/<int:pk>/", views.work_detail, name="work_detail"),
    path("work/<int:pk>/extend/", views.work_extend, name="work_extend"),
    path("work/<int:pk>/close/", views.work_close, name="work_close"),
    path("work/<int:pk>/pause/", views.work_pause, name="work_pause"),
    path("work/<int:pk>/resume/", views.work_resume, name="work_resume"),
    # 组织机构
    path("org/", views.unit_list, name="unit_list"),
    path("org/new/", views.unit_create, name="unit_create"),
    path("org/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("org/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("org/<int:pk>/premises/", views.premises_edit, name="premises_edit"),
    # 工作人员
    path("staff/", views.staff_list, name="staff_list"),
    path("staff/export.xlsx", views.staff_export, name="staff_export"),
    path("staff/new/", views.staff_create, name="staff_create"),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/edit/", views.staff_edit, name="staff_edit"),
    path("staff/<int:pk>/delete/", views.staff_delete, name="staff_delete"),
    # 当事人
    path("parties/", views.party_list, name="party_list"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/<int:pk>/", views.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    # Shared by every record page (HTMX)
    path("reveal/<str:model>/<int:pk>/<str:field>/", views.reveal, name="reveal"),
    path("history/<str:model>/<int:pk>/", views.history, name="history"),
    # 账号管理
    path("accounts/", views.user_list, name="user_list"),
    path("accounts/new/", views.user_create, name="user_create"),
    path("accounts/<int:pk>/", views.user_detail, name="user_detail"),
    path("accounts/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("accounts/<int:pk>/password/", views.user_password, name="user_password"),
    # 操作日志
    path("audit/", views.audit_list, name="audit_list"),
    # 指标对比、指标说明
    path("indicators/", views.indicator_compare, name="indicator_compare"),
    path(
        "indicators/compare.xlsx", views.indicator_compare_export, name="indicator_compare_export"
    ),
    path("indicators/definitions/", views.indicator_definitions, name="indicator_definitions"),
    # 统计报表、工作总结数据
    path("reports/", reports.report, name="report"),
    path("reports/report.xlsx", reports.report_xlsx, name="report_xlsx"),
    path("reports/report.pdf", reports.report_pdf, name="report_pdf"),
    path("reports/summary/", reports.summary, name="summary_sheet"),
    path("reports/summary.docx", reports.summary_docx, name="summary_docx"),
]
