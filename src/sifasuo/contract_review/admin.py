from django.contrib import admin

from .models import ContractFile, Finding, ReviewBatch


@admin.register(ReviewBatch)
class ReviewBatchAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "status", "files_done", "files_total", "created_at"]
    list_filter = ["status"]
    readonly_fields = ["unit", "uploaded_by", "thresholds"]


@admin.register(ContractFile)
class ContractFileAdmin(admin.ModelAdmin):
    list_display = ["path", "batch", "status", "problem", "income_gap"]
    list_filter = ["status", "problem"]
    raw_id_fields = ["batch"]


@admin.register(Finding)
class FindingAdmin(admin.ModelAdmin):
    list_display = ["rule", "contract", "severity", "decision"]
    list_filter = ["rule", "decision"]
    raw_id_fields = ["contract", "decided_by"]
