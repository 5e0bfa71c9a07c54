"""Inspect messages to a processor's conversation: parts in place, images decoded and bounded."""

from __future__ import annotations

import base64
import io

import pytest

pytest.importorskip("transformers")

from inspect_ai.model import (
    ChatMessage,
    ChatMessageSystem,
    ChatMessageUser,
    ContentAudio,
    ContentImage,
    ContentText,
)
from PIL import Image

from bj_evals.errors import BJEvalsError
from bj_evals.providers.hfvlm.messages import to_conversation

MAX_PIXELS = 1280 * 28 * 28  # Qwen2-VL's own image budget, about one megapixel


def data_uri(width: int, height: int, mode: str = "L") -> str:
    buffer = io.BytesIO()
    Image.new(mode, (width, height), color=128).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_parts_keep_their_order_and_images_become_rgb_pictures() -> None:
    messages: list[ChatMessage] = [
        ChatMessageSystem(content="You are a specialist."),
        ChatMessageUser(
            content=[
                ContentText(text="History."),
                ContentImage(image=data_uri(40, 30)),
                ContentText(text="Question?"),
            ]
        ),
    ]

    conversation = to_conversation(messages, MAX_PIXELS)

    system, user = conversation.messages
    assert system == {
        "role": "system",
        "content": [{"type": "text", "text": "You are a specialist."}],
    }
    assert [part["type"] for part in user["content"]] == ["text", "image", "text"]
    picture = user["content"][1]["image"]
    assert picture.size == (40, 30) and picture.mode == "RGB"
    assert conversation.images == 1


def test_a_large_radiograph_is_downscaled_to_max_pixels_keeping_its_shape() -> None:
    message = ChatMessageUser(content=[ContentImage(image=data_uri(2048, 1536))])

    [user] = to_conversation([message], MAX_PIXELS).messages
    width, height = user["content"][0]["image"].size

    assert width * height <= MAX_PIXELS
    assert width * height > 0.98 * MAX_PIXELS
    assert width / height == pytest.approx(2048 / 1536, rel=0.01)


def test_no_limit_keeps_the_image_as_it_is() -> None:
    message = ChatMessageUser(content=[ContentImage(image=data_uri(2048, 1536))])
    [user] = to_conversation([message], None).messages
    assert user["content"][0]["image"].size == (2048, 1536)


def test_audio_is_refused() -> None:
    audio = ContentAudio(audio="data:audio/wav;base64,AAAA", format="wav")
    with pytest.raises(BJEvalsError, match="takes text and images"):
        to_conversation([ChatMessageUser(content=[audio])], MAX_PIXELS)
