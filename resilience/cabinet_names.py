"""The cabinet's name inside a French phrase: « l'équipe du cabinet Dupont », never « du cabinet Cabinet démo ».

A name that already says what the place is (« Cabinet démo », « Maison de santé
des Lilas », « Centre de kinésithérapie ») takes the article itself; any other
name (« Dupont et associés ») is introduced by « cabinet ».
"""

# First word of the name -> its gender, for names that already say what the place is.
PLACE_WORDS = {
    "cabinet": "m", "centre": "m", "pôle": "m", "pole": "m", "groupe": "m", "espace": "m", "institut": "m",
    "maison": "f", "clinique": "f", "selarl": "f", "scm": "f", "société": "f", "societe": "f",
}
# Contracted articles: (masculine, feminine) for each phrase form.
FORMS = {"le": ("le", "la"), "du": ("du", "de la"), "au": ("au", "à la")}


def in_phrase(name: str, form: str = "du") -> str:
    """« du cabinet Dupont », « du Cabinet démo », « de la Maison de santé X » (form: le, du or au)."""
    masculine, feminine = FORMS[form]
    name = " ".join(name.split())
    first = name.split(" ", 1)[0].lower() if name else ""
    gender = PLACE_WORDS.get(first)
    if gender is None:
        return f"{masculine} cabinet {name}"
    return f"{masculine if gender == 'm' else feminine} {name}"
