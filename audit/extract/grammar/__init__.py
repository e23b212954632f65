"""The grammar of figure statements: values, the lexicon a profile compiles to, and the binder."""

from audit.extract.grammar.lexicon import Lexicon, Token, lexicon, tokens
from audit.extract.grammar.statements import Reading, Role, Statement, read_sentence
from audit.extract.grammar.values import Value

__all__ = ["Lexicon", "Reading", "Role", "Statement", "Token", "Value", "lexicon", "read_sentence", "tokens"]
