"""A tiny random-weight BERT encoder saved to a folder: built offline, in a second."""

from __future__ import annotations

from pathlib import Path

WORDS = [
    "the",
    "a",
    "of",
    "and",
    "with",
    "in",
    "on",
    "to",
    "is",
    "was",
    "no",
    "for",
    "after",
    "fracture",
    "knee",
    "hip",
    "ankle",
    "shoulder",
    "wrist",
    "pain",
    "tear",
    "ligament",
    "bone",
    "surgery",
    "plate",
    "screw",
    "patient",
    "osteoarthritis",
    "diagnosis",
    "treatment",
    "reconstruction",
    "cast",
    "rest",
    "ice",
    "physiotherapy",
    "anterior",
    "cruciate",
    "rotator",
    "cuff",
    "tendon",
]
PIECES = [*"abcdefghijklmnopqrstuvwxyz0123456789.,;:-()%", *(f"##{c}" for c in "abcdefghijklmnopqrstuvwxyz0123456789")]  # fmt: skip


def tiny_encoder(folder: Path, *, max_length: int | None = 128, seed: int = 0) -> Path:
    """Save a 2-layer BERT (hidden size 32) and its WordPiece tokenizer into `folder`.

    `max_length=None` saves a tokenizer that declares no length limit, as many hub
    encoders do.
    """
    import torch
    from transformers import BertConfig, BertModel, BertTokenizer

    folder.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS, *PIECES]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizer(vocab=str(folder / "vocab.txt"), do_lower_case=True)
    if max_length:
        tokenizer.model_max_length = max_length
    tokenizer.save_pretrained(folder)
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
    )
    BertModel(config).save_pretrained(folder)
    return folder
