"""The request desk's web pages: the public form, status and catalogue, and the staff desk.

Kept apart from the reviewers' pages (`web/pages/`): the desk is a second product with its own users,
roles and sign-in. Its page templates live in `templates/` beside these modules.
"""
