"""One module per page kind; each is a pure function from the site's inputs and the
indexes of what was published to a ``Page``: where it goes, its template, its context."""
