"""Demo intranet "Groupe Exemple" showing the participation features of wagtail-social."""
