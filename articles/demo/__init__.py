"""The demo desk: its content (`content`), its pictures (`pictures`, painted with `pen`,
`motifs` and `scenes` through `articles.images`) and the seeding that writes it through the
services (`seed`, run by `manage.py seed_demo`)."""
