"""Normative-document pre-check (规范性文件合法性预审): pure Python, no Django import.

`scan(text)` splits a draft into clauses and flags those that appear to create a licence, penalty,
compulsory measure or fee, cut rights or add duties, add the agency's own powers, or restrict
competition, plus document-level checks for the issuing body and the validity period. A finding is
a prompt for the reviewer, never a verdict.
"""

from .engine import CATEGORIES, Finding, Prohibition, cite, law_title, scan, split_clauses

__all__ = ["CATEGORIES", "Finding", "Prohibition", "cite", "law_title", "scan", "split_clauses"]
