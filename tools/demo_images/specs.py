"""The demo set's images (docs/demo-spec.md): what each one shows and how it is sized."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tools.demo_images.marker import Side
from tools.demo_images.palette import Modality

Site = Literal["knee", "hip", "shoulder", "ankle", "elbow", "wrist", "spine"]
View = Literal["ap", "lat", "sag", "cor", "pa"]


@dataclass(frozen=True)
class ImageSpec:
    """One image: file name, anatomy, modality, the finding to draw, pixel size and side."""

    name: str
    site: Site
    view: View
    modality: Modality
    finding: str
    width: int
    height: int
    side: Side


SPECS: tuple[ImageSpec, ...] = (
    ImageSpec("knee-01_xray_ap.png", "knee", "ap", "xray", "medial_oa", 512, 640, "R"),
    ImageSpec("knee-02_xray_lat.png", "knee", "lat", "xray", "effusion", 576, 640, "L"),
    ImageSpec("knee-02_mri_sag.png", "knee", "sag", "mri_t2", "acl_tear", 512, 576, "L"),
    ImageSpec("knee-03_xray_ap.png", "knee", "ap", "xray", "plateau_fracture", 512, 640, "R"),
    ImageSpec("knee-03_ct_cor.png", "knee", "cor", "ct", "plateau_fracture", 512, 576, "R"),
    ImageSpec("hip-01_xray_ap.png", "hip", "ap", "xray", "neck_fracture", 640, 576, "R"),
    ImageSpec("hip-02_xray_ap.png", "hip", "ap", "xray", "osteonecrosis", 640, 576, "L"),
    ImageSpec("hip-02_mri_cor.png", "hip", "cor", "mri_t1", "osteonecrosis", 576, 544, "L"),
    ImageSpec("hip-03_xray_ap.png", "hip", "ap", "xray", "oa", 640, 576, "R"),
    ImageSpec("shoulder-01_xray_ap.png", "shoulder", "ap", "xray", "dislocation", 640, 576, "R"),
    ImageSpec("shoulder-02_xray_ap.png", "shoulder", "ap", "xray", "normal", 640, 576, "L"),
    ImageSpec("shoulder-02_mri_cor.png", "shoulder", "cor", "mri_t2", "cuff_tear", 576, 512, "L"),
    ImageSpec("ankle-01_xray_ap.png", "ankle", "ap", "xray", "weber_b", 512, 640, "R"),
    ImageSpec("ankle-02_mri_sag.png", "ankle", "sag", "mri_t2", "achilles_rupture", 512, 704, "R"),
    ImageSpec("elbow-01_xray_lat.png", "elbow", "lat", "xray", "supracondylar", 608, 512, "L"),
    ImageSpec("elbow-02_xray_ap.png", "elbow", "ap", "xray", "radial_head", 480, 640, "R"),
    ImageSpec("wrist-01_xray_lat.png", "wrist", "lat", "xray", "colles", 448, 640, "R"),
    ImageSpec("wrist-02_xray_pa.png", "wrist", "pa", "xray", "scaphoid_waist", 512, 608, "L"),
    ImageSpec("spine-01_mri_sag.png", "spine", "sag", "mri_t2", "disc_extrusion", 448, 704, "L"),
    ImageSpec("spine-02_xray_lat.png", "spine", "lat", "xray", "wedge_l1", 448, 704, "L"),
)
