"""Pandera models of every table the toolkit produces, and the rule schemas over them."""

from schemas.facts import FactsSchema
from schemas.issues import IssuesSchema
from schemas.structure import DatesSchema, EnumerationsSchema, HeadingsSchema, NotesSchema, TotalsSchema

__all__ = [
    "DatesSchema",
    "EnumerationsSchema",
    "FactsSchema",
    "HeadingsSchema",
    "IssuesSchema",
    "NotesSchema",
    "TotalsSchema",
]
