"""API tokens: a parent's personal access tokens (models/api_tokens.py, api/token_scopes.py)."""
