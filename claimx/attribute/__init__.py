"""What each figure is about: subject, metric, period, forecast, source."""
