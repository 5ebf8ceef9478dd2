"""The report build: reports.toml -> planned runs -> cached or executed notebooks -> HTML reports and an index."""
