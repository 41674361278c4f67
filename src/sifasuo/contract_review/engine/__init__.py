"""Contract review engine: read files, extract the facts with their text spans, apply the rules.

Pure Python with no Django import, so it can be tested and benchmarked alone.
"""

from .extract import ASSET_TYPES, Extraction, Found, extract
from .prices import PriceFileError, PriceTable, ReferencePrice, load_prices, parse_price_rows
from .readers import Document, ReadError, Source, Unreadable, iter_sources, read_bytes, read_source
from .report import JsonlWriter, Summary, XlsxReport
from .review import (
    ContractResult,
    ReviewSettings,
    review_document,
    review_file,
    review_paths,
    review_text,
)
from .rules import Finding, Rule, Thresholds, ThresholdsError, check, default_rules, load_thresholds

__all__ = [
    "ASSET_TYPES",
    "ContractResult",
    "Document",
    "Extraction",
    "Finding",
    "Found",
    "JsonlWriter",
    "PriceFileError",
    "PriceTable",
    "ReadError",
    "ReferencePrice",
    "ReviewSettings",
    "Rule",
    "Source",
    "Summary",
    "Thresholds",
    "ThresholdsError",
    "Unreadable",
    "XlsxReport",
    "check",
    "default_rules",
    "extract",
    "iter_sources",
    "load_prices",
    "load_thresholds",
    "parse_price_rows",
    "read_bytes",
    "read_source",
    "review_document",
    "review_file",
    "review_paths",
    "review_text",
]
