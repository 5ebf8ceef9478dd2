"""A notebook report runner that knows no domain: reports.toml -> planned runs -> cached or executed notebooks ->
self-contained HTML pages and an index. What it serves (where reports go, the rules of each notebook's parameters,
named date sets, run labels, the check of the inputs) is registered by a project (project.py); nothing here imports
the project's own modules."""
