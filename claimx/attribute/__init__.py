"""What each figure is about: subject, metric, period, forecast, source.

extract.py reads a document's sentences in order; for each it asks `context.Context.sentence`
for the sentence's state, then `rows.figure_row` for each figure's row and
`rows.finish_sentence` for what the sentence's rows settle together."""
