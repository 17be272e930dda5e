"""SEPA files shared by direct debit (pain.008) and credit transfer (pain.001): charset, addresses, identifiers, XSDs.

Pure and typed: no Qt, no SQL. The writers of the two kinds of file build on these modules.
"""
