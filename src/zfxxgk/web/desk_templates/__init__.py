"""The request desk's page templates (`templates/desk_*.html`), found by the web app beside its own."""
