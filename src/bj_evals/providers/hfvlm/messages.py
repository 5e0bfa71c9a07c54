"""Inspect chat messages to the conversation a processor's chat template takes.

Text parts stay text; images (which Inspect hands over as data URIs) become PIL
images, downscaled to at most `max_pixels`, placed where they were in the message
so that the chat template puts each image's placeholder tokens there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from inspect_ai.model import ChatMessage, ContentImage, ContentReasoning, ContentText
from PIL import Image
from transformers.image_utils import load_image

from bj_evals.errors import BJEvalsError


@dataclass(frozen=True)
class Conversation:
    """One request in a processor's chat format, and how many images it carries."""

    messages: list[dict[str, Any]]
    image_sizes: list[dict[str, list[int]]]
    """Per image: the size it arrived at (`sent`) and the size given to the processor (`seen`)."""

    @property
    def images(self) -> int:
        """How many images the conversation carries."""
        return len(self.image_sizes)


def to_conversation(messages: list[ChatMessage], max_pixels: int | None) -> Conversation:
    """The chat-template conversation of `messages`; images downscaled to `max_pixels`."""
    converted: list[dict[str, Any]] = []
    sizes: list[dict[str, list[int]]] = []
    for message in messages:
        if message.role == "tool":
            raise BJEvalsError("hfvlm/ does not run tools: the conversation has a tool result.")
        parts: list[dict[str, Any]] = []
        contents = (
            [ContentText(text=message.content)]
            if isinstance(message.content, str)
            else message.content
        )
        for content in contents:
            if isinstance(content, ContentText):
                parts.append({"type": "text", "text": content.text})
            elif isinstance(content, ContentImage):
                sent = load_image(content.image)
                seen = downscale(sent, max_pixels)
                parts.append({"type": "image", "image": seen})
                sizes.append({"sent": list(sent.size), "seen": list(seen.size)})
            elif not isinstance(content, ContentReasoning):
                raise BJEvalsError(
                    f"hfvlm/ takes text and images; the conversation has {content.type} content."
                )
        converted.append({"role": message.role, "content": parts})
    return Conversation(messages=converted, image_sizes=sizes)


def downscale(image: Image.Image, max_pixels: int | None) -> Image.Image:
    """`image` shrunk, keeping its aspect ratio, to at most `max_pixels` pixels (None: as is)."""
    width, height = image.size
    if not max_pixels or width * height <= max_pixels:
        return image
    scale = math.sqrt(max_pixels / (width * height))
    size = (max(1, math.floor(width * scale)), max(1, math.floor(height * scale)))
    return image.resize(size, Image.Resampling.BICUBIC)
