"""transformers' fast decoding paths as `-M` options: a static KV cache, compiled.

`-M cache_implementation=static` preallocates the KV cache at its full length, so
each decoding step has the same shapes; `-M compile=true` then compiles the
forward pass with `torch.compile` (on any device; the first batch of each shape
pays the compilation). Without `compile=true` nothing is compiled, even on a GPU
where transformers would otherwise compile a static cache on its own. Continuous
batching is not offered: transformers' `generate_batch` takes token ids only, so
it cannot answer image questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transformers import CompileConfig

from bj_evals.errors import BJEvalsError

CACHES = ("dynamic", "static")
"""The KV caches offered: `dynamic` is transformers' default."""


@dataclass(frozen=True)
class Decoding:
    """How `generate()` decodes: its KV cache and whether the forward pass is compiled."""

    cache_implementation: str = "dynamic"
    compile: bool = False

    @classmethod
    def from_options(
        cls, cache_implementation: str | None, compile: Any, continuous_batching: Any
    ) -> Decoding:
        """The decoding the `-M` options ask for; a one-line error if they cannot work."""
        if continuous_batching not in (None, False):
            raise BJEvalsError(
                "-M continuous_batching: transformers' continuous batching (generate_batch) "
                "takes token ids only, not images, so hfvlm/ does not offer it; use "
                "-M cache_implementation=static -M compile=true for faster decoding."
            )
        cache = cache_implementation or "dynamic"
        if cache not in CACHES:
            raise BJEvalsError(
                f"-M cache_implementation={cache}: use dynamic (the default) or static."
            )
        if not isinstance(compile, bool):
            raise BJEvalsError(f"-M compile={compile}: use true or false.")
        if compile and cache != "static":
            raise BJEvalsError(
                "-M compile=true compiles decoding over a fixed-shape KV cache: "
                "add -M cache_implementation=static."
            )
        return cls(cache_implementation=cache, compile=compile)

    def generate_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for `model.generate()`."""
        if self.cache_implementation == "dynamic":
            return {}
        kwargs: dict[str, Any] = {"cache_implementation": self.cache_implementation}
        if self.compile:
            config = CompileConfig()
            config._compile_all_devices = True  # type: ignore[assignment]  # CPU and GPU alike
            kwargs["compile_config"] = config
        else:
            kwargs["disable_compile"] = True
        return kwargs

    def settings(self) -> dict[str, Any]:
        """What each answer records."""
        return {"cache_implementation": self.cache_implementation, "compile": self.compile}
