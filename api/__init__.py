"""Everything that faces users: the ``innokg`` CLI (:mod:`api.cli`); later the HTTP service."""
