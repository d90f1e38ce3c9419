"""Who may see what: accounts and their scopes, signing in, and the audit trail."""
