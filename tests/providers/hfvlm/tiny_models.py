"""Tiny random-weight models saved like hub checkpoints, built offline in well under a second.

Each has a real tokenizer (a byte-level BPE trained on a few sentences, with the
architecture's special tokens), the architecture's image processor and processor,
a chat template, and a config with hidden size 64 and two layers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import PreTrainedTokenizerFast

SENTENCES = [
    "You are an orthopedic and sports medicine specialist.",
    "Look at the attached medical image and answer the question. ANSWER: A B C D E",
    "The knee radiograph shows a fracture of the tibial plateau.",
]


def tokenizer(special: list[str], **tokens: Any) -> PreTrainedTokenizerFast:
    """A byte-level BPE tokenizer with `special` tokens, trained on a few sentences."""
    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    bpe.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=400,
        special_tokens=special,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    bpe.train_from_iterator(SENTENCES * 3, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=bpe, **tokens)  # type: ignore[no-untyped-call]


def token_ids(tok: PreTrainedTokenizerFast, tokens: list[str]) -> dict[str, int]:
    """The id of each of `tokens`."""
    return {token: int(tok.convert_tokens_to_ids(token)) for token in tokens}  # type: ignore[arg-type]


def chat_template(turn_start: str, turn_end: str, image: str, assistant: str) -> str:
    """A Jinja chat template that puts `image` where each image part is."""
    return (
        "{% for message in messages %}" + turn_start + "{% if message['content'] is string %}"
        "{{ message['content'] }}{% else %}{% for part in message['content'] %}"
        "{% if part['type'] == 'image' %}" + image + "{% elif part['type'] == 'text' %}"
        "{{ part['text'] }}{% endif %}{% endfor %}{% endif %}" + turn_end + "{% endfor %}"
        "{% if add_generation_prompt %}" + assistant + "{% endif %}"
    )


TEXT: dict[str, Any] = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2}
HEADS: dict[str, Any] = {"num_attention_heads": 4, "num_key_value_heads": 2}


def qwen2_vl(root: Path) -> Path:
    """Qwen2-VL: dynamic resolution, 28x28 pixels per image token."""
    from transformers import (
        Qwen2VLConfig,
        Qwen2VLForConditionalGeneration,
        Qwen2VLImageProcessor,
        Qwen2VLProcessor,
        Qwen2VLVideoProcessor,
    )

    special = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
    special += ["<|vision_start|>", "<|vision_end|>", "<|image_pad|>", "<|video_pad|>"]
    tok = tokenizer(special, eos_token="<|im_end|>", pad_token="<|endoftext|>")
    ids = token_ids(tok, special)
    template = chat_template(
        "<|im_start|>{{ message['role'] }}{{ '\\n' }}",
        "<|im_end|>{{ '\\n' }}",
        "<|vision_start|><|image_pad|><|vision_end|>",
        "<|im_start|>assistant{{ '\\n' }}",
    )
    processor = Qwen2VLProcessor(  # type: ignore[no-untyped-call]
        image_processor=Qwen2VLImageProcessor(),
        tokenizer=tok,
        video_processor=Qwen2VLVideoProcessor(),
        chat_template=template,
    )
    # mrope_section sums to head_dim / 2 = (64 / 4) / 2.
    rope = {"rope_type": "default", "rope_theta": 10000.0, "mrope_section": [2, 3, 3]}
    config = Qwen2VLConfig(
        text_config=TEXT
        | HEADS
        | _ids(len(tok), ids, "<|endoftext|>", "<|im_end|>", "<|endoftext|>")
        | {"rope_parameters": rope},
        vision_config={
            "depth": 1,
            "embed_dim": 32,
            "hidden_size": 64,
            "num_heads": 2,
            "mlp_ratio": 2,
        },
        image_token_id=ids["<|image_pad|>"],
        video_token_id=ids["<|video_pad|>"],
        vision_start_token_id=ids["<|vision_start|>"],
        vision_end_token_id=ids["<|vision_end|>"],
    )
    return _save(root, _seeded(Qwen2VLForConditionalGeneration, config), processor)


def llava(root: Path) -> Path:
    """LLaVA: a CLIP vision tower on a Llama language model, 4 image tokens per image."""
    from transformers import (
        CLIPImageProcessor,
        LlavaConfig,
        LlavaForConditionalGeneration,
        LlavaProcessor,
    )

    special = ["<unk>", "<s>", "</s>", "<pad>", "<image>"]
    tok = tokenizer(
        special, bos_token="<s>", eos_token="</s>", pad_token="<pad>", unk_token="<unk>"
    )
    ids = token_ids(tok, special)
    template = chat_template(
        "{{ message['role'] | upper }}: ", "{{ '\\n' }}", "<image>", "ASSISTANT:"
    )
    image_processor = CLIPImageProcessor(
        size={"shortest_edge": 28}, crop_size={"height": 28, "width": 28}
    )
    processor = LlavaProcessor(  # type: ignore[no-untyped-call]
        image_processor=image_processor,
        tokenizer=tok,
        patch_size=14,
        num_additional_image_tokens=1,
        vision_feature_select_strategy="default",
        chat_template=template,
    )
    vision = {"model_type": "clip_vision_model", "hidden_size": 32, "intermediate_size": 64}
    vision |= {"num_hidden_layers": 1, "num_attention_heads": 2, "image_size": 28}
    vision |= {"patch_size": 14, "projection_dim": 32}
    config = LlavaConfig(
        vision_config=vision,
        text_config={"model_type": "llama"}
        | TEXT
        | HEADS
        | _ids(len(tok), ids, "<s>", "</s>", "<pad>"),
        image_token_index=ids["<image>"],
        vision_feature_select_strategy="default",
        vision_feature_layer=-1,
    )
    return _save(root, _seeded(LlavaForConditionalGeneration, config), processor)


def gemma3(root: Path) -> Path:
    """Gemma 3: a SigLIP vision tower, 4 image tokens per image (a square dividing the 4x4 grid)."""
    from transformers import (
        Gemma3Config,
        Gemma3ForConditionalGeneration,
        Gemma3ImageProcessor,
        Gemma3Processor,
    )

    special = ["<pad>", "<eos>", "<bos>", "<unk>", "<start_of_turn>", "<end_of_turn>"]
    special += ["<start_of_image>", "<end_of_image>", "<image_soft_token>"]
    images = {"boi_token": "<start_of_image>", "eoi_token": "<end_of_image>"}
    tok = tokenizer(
        special,
        bos_token="<bos>",
        eos_token="<end_of_turn>",
        pad_token="<pad>",
        unk_token="<unk>",
        extra_special_tokens=images | {"image_token": "<image_soft_token>"},
    )
    ids = token_ids(tok, special)
    template = "{{ bos_token }}" + chat_template(
        "<start_of_turn>{{ message['role'] }}{{ '\\n' }}",
        "<end_of_turn>{{ '\\n' }}",
        "<start_of_image>",
        "<start_of_turn>model{{ '\\n' }}",
    )
    processor = Gemma3Processor(
        image_processor=Gemma3ImageProcessor(size={"height": 56, "width": 56}),
        tokenizer=tok,
        chat_template=template,
        image_seq_length=4,
    )
    text = TEXT | HEADS | {"head_dim": 16, "sliding_window": 64}
    config = Gemma3Config(
        text_config=text | _ids(len(tok), ids, "<bos>", "<end_of_turn>", "<pad>"),
        vision_config={"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1}
        | {"num_attention_heads": 2, "image_size": 56, "patch_size": 14},
        mm_tokens_per_image=4,
        boi_token_index=ids["<start_of_image>"],
        eoi_token_index=ids["<end_of_image>"],
        image_token_index=ids["<image_soft_token>"],
    )
    return _save(root, _seeded(Gemma3ForConditionalGeneration, config), processor)


def text_only_llama(root: Path) -> Path:
    """A text-only Llama with its tokenizer: a model that is not a vision-language model."""
    from transformers import LlamaConfig, LlamaForCausalLM

    special = ["<s>", "</s>"]
    tok = tokenizer(special, bos_token="<s>", eos_token="</s>")
    tok.chat_template = "{% for message in messages %}{{ message['content'] }}{% endfor %}"
    ids = token_ids(tok, special)
    options: dict[str, Any] = TEXT | HEADS | _ids(len(tok), ids, "<s>", "</s>", "</s>")
    config = LlamaConfig(**options)
    return _save(root, _seeded(LlamaForCausalLM, config), tok)


ARCHITECTURES: dict[str, Callable[[Path], Path]] = {
    "qwen2_vl": qwen2_vl,
    "llava": llava,
    "gemma3": gemma3,
}


def _ids(vocab: int, ids: dict[str, int], bos: str, eos: str, pad: str) -> dict[str, int]:
    return {
        "vocab_size": vocab,
        "bos_token_id": ids[bos],
        "eos_token_id": ids[eos],
        "pad_token_id": ids[pad],
    }


def _seeded(model_class: Any, config: Any) -> Any:
    """The model with the same random weights every time, so its answers are reproducible."""
    import torch

    torch.manual_seed(0)
    return model_class(config)


def _save(root: Path, model: Any, processor: Any) -> Path:
    model.generation_config.eos_token_id = model.config.get_text_config().eos_token_id
    model.generation_config.pad_token_id = model.config.get_text_config().pad_token_id
    model.save_pretrained(root)
    processor.save_pretrained(root)
    return root


def always_saying(source: Path, root: Path, text: str) -> Path:
    """The tiny model at `source`, rewired to answer every prompt with `text`, over and over.

    `text` becomes one token of the vocabulary. Every layer's output projection is
    zeroed, so the last hidden state is the token's own embedding; every embedding has
    1 in its first dimension, the final norm keeps only that dimension, and the output
    head scores only the new token on it. Whatever the prompt, images included, the new
    token is the only one with a positive logit, under greedy decoding or top-k 1.
    """
    import torch
    from tokenizers import AddedToken
    from transformers import AutoConfig, AutoProcessor, AutoTokenizer

    config = AutoConfig.from_pretrained(source)
    vision = hasattr(config, "vision_config")
    processor: Any = (AutoProcessor if vision else AutoTokenizer).from_pretrained(source)
    tok = processor.tokenizer if vision else processor
    model_class = _loader(vision)
    model = model_class.from_pretrained(source)
    assert not getattr(model.config, "tie_word_embeddings", False)
    tok.add_tokens([AddedToken(text, normalized=False, special=False)])
    model.resize_token_embeddings(len(tok))
    said = tok.convert_tokens_to_ids(text)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if name.endswith(("o_proj.weight", "down_proj.weight")) and "visual" not in name:
                parameter.zero_()
        model.get_input_embeddings().weight[:, 0] = 1.0
        norm = model.get_decoder().norm.weight
        norm.zero_()
        norm[0] = 1.0
        head = model.get_output_embeddings().weight
        head.zero_()
        head[said, 0] = 10.0
    model.config.get_text_config().vocab_size = len(tok)
    return _save(root, model, processor)


def _loader(vision: bool) -> Any:
    from transformers import AutoModelForCausalLM, AutoModelForImageTextToText

    return AutoModelForImageTextToText if vision else AutoModelForCausalLM
