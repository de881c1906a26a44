"""Self-assessment of a cabinet: questionnaire content, scoring and action plan."""
