"""Deterministic synthetic stand-ins for the demo set's radiographs, CT and MRI images.

Not part of the installed package: the drawn PNGs are committed under
`src/bj_evals/data/demo/images/`, which the package loads. From the repository's root,
`python -m tools.demo_images` redraws them and records their checksums and the Pillow
version in `tools/demo_images/manifest.json`; the entry points `render` and `write_all`
live in `tools.demo_images.build`.
"""
