"""The contracts pages, split by topic: contracts, documents, reviews, outputs, comparison."""
