from django.contrib import admin

from sifasuo.core.admin import ReadOnlyModelAdmin

from .models import ContractFile, Finding, ReviewBatch


@admin.register(ReviewBatch)
class ReviewBatchAdmin(ReadOnlyModelAdmin):
    list_display = ["name", "unit", "status", "files_done", "files_total", "created_at"]
    list_filter = ["status"]


@admin.register(ContractFile)
class ContractFileAdmin(ReadOnlyModelAdmin):
    list_display = ["path", "batch", "status", "problem", "income_gap"]
    list_filter = ["status", "problem"]
    raw_id_fields = ["batch"]


@admin.register(Finding)
class FindingAdmin(ReadOnlyModelAdmin):
    list_display = ["rule", "contract", "severity", "decision"]
    list_filter = ["rule", "decision"]
    raw_id_fields = ["contract", "decided_by"]
