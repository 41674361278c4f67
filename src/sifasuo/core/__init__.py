"""Core of the platform: org hierarchy, accounts and roles, scoping, audit, personal data, deadlines."""
