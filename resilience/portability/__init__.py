"""The cabinet's data is its own: export, import and deletion of a whole cabinet.

Seed 004 §10 asks IT providers for data back in a standard format and a secure
deletion; the product does the same for its own users. Everything here is
generic: the tables are found by walking the concrete subclasses of
`CabinetScopedModel` (`tables`), the generated documents come from a registry
the apps fill from `AppConfig.ready` (`documents`), so a model or a document
added later is exported without touching this package.
"""
