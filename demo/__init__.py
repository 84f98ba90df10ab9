"""Demo data for `minsheng seed-demo`: one seeding part per module, registered in
`demo.registry`, each making its module's data through that module's own actions.

This is a plain package, not a Django app: it has no models and nothing imports it but the
`seed-demo` command and its tests. A new module adds `demo/<module>.py` with a
`@register(...)` seeding function; `demo.registry.discover()` imports every module here.
"""
