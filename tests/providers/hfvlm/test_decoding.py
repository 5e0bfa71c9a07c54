"""The fast decoding options: what reaches generate(), and what is refused before any loading."""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

from inspect_ai.model import get_model

from bj_evals.errors import BJEvalsError
from bj_evals.providers.hfvlm.decoding import Decoding


def test_the_default_decoding_leaves_generate_as_transformers_has_it() -> None:
    assert Decoding.from_options(None, False, None).generate_kwargs() == {}


def test_a_static_cache_is_compiled_only_when_asked() -> None:
    static = Decoding.from_options("static", False, None).generate_kwargs()
    compiled = Decoding.from_options("static", True, None).generate_kwargs()

    assert static == {"cache_implementation": "static", "disable_compile": True}
    assert compiled["cache_implementation"] == "static" and "disable_compile" not in compiled
    assert compiled["compile_config"]._compile_all_devices is True


@pytest.mark.parametrize(
    ("option", "said"),
    [
        ({"continuous_batching": True}, "takes token ids only, not images"),
        ({"compile": True}, "cache_implementation=static"),
        ({"cache_implementation": "paged"}, "cache_implementation=paged"),
        ({"compile": "yes", "cache_implementation": "static"}, "compile=yes"),
    ],
)
def test_a_decoding_option_that_cannot_work_is_refused_in_one_line(
    option: dict[str, Any], said: str
) -> None:
    with pytest.raises(BJEvalsError, match=said) as refused:  # before reading the model
        get_model("hfvlm/no-such-model", **option)
    assert "\n" not in str(refused.value)
