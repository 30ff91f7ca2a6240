"""The inspection week's pages, one module per journey: the notification and its timeline,
the notification-day checklist, inspectors' requests and each day's feedback."""
