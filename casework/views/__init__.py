"""Casework pages, one module per journey. Each view authorises, binds a form, calls one service
or query, and renders."""
