"""Deterministic synthetic stand-ins for the demo set's radiographs, CT and MRI images.

Run `python -m bj_evals.data.demo_images [OUT_DIR]` to (re)write the PNGs; the entry
points `render` and `write_all` live in `bj_evals.data.demo_images.build`.
"""
