"""Gray levels and finishing parameters of each modality.

For X-ray, `cortex` and `marrow` are densities added on top of whatever lies beneath
(overlapping bones look brighter); every other value is painted as is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Modality = Literal["xray", "ct", "mri_t1", "mri_t2"]
Tissue = Literal[
    "background",
    "soft",
    "fat",
    "muscle",
    "fluid",
    "tendon",
    "cartilage",
    "disc",
    "cord",
    "cortex",
    "marrow",
]


@dataclass(frozen=True)
class Palette:
    """How one modality shows tissues and how its images are finished."""

    tones: dict[Tissue, int]
    additive_bone: bool
    blur: float  # Gaussian blur radius in output pixels
    noise: float  # half-range of the film / thermal noise in gray levels
    gamma: float  # tone curve exponent applied to the composed image
    grain: float  # how much the trabecular texture darkens marrow (0..1)
    canal: int  # change of gray level in a shaft's medullary canal
    shading: float = 0.0  # depth of the smooth coil-sensitivity shading (MRI), 0..1

    def __getitem__(self, tissue: Tissue) -> int:
        """Gray level of a tissue."""
        return self.tones[tissue]


XRAY = Palette(
    tones={
        "background": 10,
        "soft": 50,
        "fat": 30,
        "muscle": 56,
        "fluid": 84,
        "tendon": 64,
        "cartilage": 58,
        "disc": 62,
        "cord": 58,
        "cortex": 160,
        "marrow": 88,
    },
    additive_bone=True,
    blur=1.1,
    noise=5.4,
    gamma=1.15,
    grain=0.25,
    canal=-22,
)

CT = Palette(
    tones={
        "background": 4,
        "soft": 62,
        "fat": 40,
        "muscle": 66,
        "fluid": 70,
        "tendon": 74,
        "cartilage": 66,
        "disc": 72,
        "cord": 64,
        "cortex": 248,
        "marrow": 150,
    },
    additive_bone=False,
    blur=0.45,
    noise=3.6,
    gamma=1.0,
    grain=0.22,
    canal=-95,
)

MRI_T2 = Palette(
    tones={
        "background": 8,
        "soft": 92,
        "fat": 140,
        "muscle": 60,
        "fluid": 238,
        "tendon": 16,
        "cartilage": 140,
        "disc": 205,
        "cord": 110,
        "cortex": 14,
        "marrow": 108,
    },
    additive_bone=False,
    blur=0.8,
    noise=6.0,
    gamma=1.0,
    grain=0.12,
    canal=8,
    shading=0.22,
)

MRI_T1 = Palette(
    tones={
        "background": 8,
        "soft": 96,
        "fat": 215,
        "muscle": 78,
        "fluid": 58,
        "tendon": 14,
        "cartilage": 108,
        "disc": 90,
        "cord": 100,
        "cortex": 12,
        "marrow": 198,
    },
    additive_bone=False,
    blur=0.8,
    noise=6.0,
    gamma=1.0,
    grain=0.1,
    canal=10,
    shading=0.22,
)

PALETTES: dict[Modality, Palette] = {"xray": XRAY, "ct": CT, "mri_t1": MRI_T1, "mri_t2": MRI_T2}
