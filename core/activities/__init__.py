"""Activities: the calls, visits, e-mails, meetings and to-dos a team promises its customers."""
