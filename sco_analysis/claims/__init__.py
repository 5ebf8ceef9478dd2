"""The fact-check of the two 2018 articles: registry -> evaluators -> verdicts, with readings and exports."""
