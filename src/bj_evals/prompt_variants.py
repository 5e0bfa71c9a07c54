"""Equivalent wordings of each task's unified prompt, for measuring prompt sensitivity.

The paper's prompt (`prompts.py`) is variant 0 and the default. Each alternative here
asks for the same content in the same answer format, still zero-shot, with other
phrasing and another order of instructions: the case or question first and the request
after it, or the request first. The multiple-choice wordings keep Inspect's
`{question}`, `{choices}` and `{letters}` and the `ANSWER: $LETTER` reply; the case
wordings keep `{prompt}`. None of the task VIII wordings hints at the mismatch.
Alternatives are keyed by the Inspect task name; the task table reaches them by row.
"""

from __future__ import annotations

_REPLY_ONLY = (
    "Reply with nothing but 'ANSWER: $LETTER' (without quotes), where LETTER is one of {letters}."
)
_WRITE_ONLY = (
    "Write your answer only as 'ANSWER: $LETTER' (without quotes), where LETTER is one of "
    "{letters}."
)

KNOWLEDGE_RECALL_ALTERNATIVES = (
    f"""{{question}}

{{choices}}

This is a multiple-choice question in orthopedics and sports medicine, and exactly one option is correct. Choose it as a specialist in the field would. {_REPLY_ONLY}""",
    f"""Answer as an orthopedic and sports medicine specialist. Exactly one of the options below is correct.

Question: {{question}}

Options:
{{choices}}

{_WRITE_ONLY}""",
)

NOTE_INTERPRETATION_ALTERNATIVES = (
    f"""{{question}}

{{choices}}

Above is a clinical note followed by a multiple-choice question about it; exactly one option is correct. Interpret the note as an orthopedic and sports medicine specialist and choose that option. {_REPLY_ONLY}""",
    f"""As an orthopedic and sports medicine specialist, answer the question about the clinical note below. Exactly one of the options is correct.

{{question}}

Options:
{{choices}}

{_WRITE_ONLY}""",
)

IMAGE_INTERPRETATION_ALTERNATIVES = (
    f"""{{question}}

{{choices}}

The question above is about the attached medical image, and exactly one option is correct. Examine the image as an orthopedic and sports medicine specialist and choose that option. {_REPLY_ONLY}""",
    f"""As an orthopedic and sports medicine specialist, examine the attached medical image, then answer the question about it. Exactly one of the options is correct.

Question: {{question}}

Options:
{{choices}}

{_WRITE_ONLY}""",
)

_CASE_FIRST = (
    "The following orthopedic case gives the patient's history, physical examination, "
    "laboratory tests and imaging."
)

DIAGNOSIS_ALTERNATIVES = (
    """As an orthopedic and sports medicine specialist, give the diagnosis for the patient whose case follows: the most likely diagnosis first, then any other diagnoses this patient has, one per line.

{prompt}""",
    f"""{_CASE_FIRST}

{{prompt}}

Acting as a specialist in orthopedics and sports medicine, state your diagnosis. Put the most likely diagnosis on the first line and each further diagnosis this patient has on a line of its own.""",
)

DIAGNOSTIC_REASONING_ALTERNATIVES = (
    """You are a specialist in orthopedics and sports medicine. Work through the case below step by step, from the history, examination, laboratory tests and imaging, to the most likely diagnosis. State the findings that support it, and the alternative diagnoses you rule out with the reason for ruling out each.

{prompt}""",
    f"""{_CASE_FIRST}

{{prompt}}

As an orthopedic and sports medicine specialist, explain step by step how you reach the most likely diagnosis. Name the findings that support your conclusion, and for each alternative diagnosis you set aside, say why.""",
)

TREATMENT_PLANNING_ALTERNATIVES = (
    """As an orthopedic and sports medicine specialist, write a treatment plan for the patient whose case follows. Include immediate management, definitive treatment (if you recommend surgery, name the procedure), rehabilitation and follow-up.

{prompt}""",
    f"""{_CASE_FIRST}

{{prompt}}

You are the treating orthopedic and sports medicine specialist. Set out how you would manage this patient: the immediate management, then the definitive treatment (naming the operation if you advise surgery), then rehabilitation and follow-up.""",
)

TREATMENT_REASONING_ALTERNATIVES = (
    """You are an orthopedic and sports medicine specialist. For the case below, reason step by step to the treatment you recommend: explain how the patient's own factors, the findings and the classification of the condition lead to it, and why you choose it over the alternatives.

{prompt}""",
    f"""{_CASE_FIRST}

{{prompt}}

As a specialist in orthopedics and sports medicine, explain step by step which treatment you recommend for this patient. Say which patient factors, findings and classification decide it, and why you prefer it to the other options.""",
)

INCONSISTENCY_ALTERNATIVES = (
    """As an orthopedic and sports medicine specialist, give the most likely diagnosis for the patient whose case follows, with your rationale, citing the findings in the clinical information and in the images.

{prompt}""",
    f"""{_CASE_FIRST}

{{prompt}}

Acting as an orthopedic and sports medicine specialist, state the most likely diagnosis and explain how you reached it, referring to the findings in the clinical information and in the images.""",
)

ALTERNATIVES: dict[str, tuple[str, ...]] = {
    "knowledge_recall": KNOWLEDGE_RECALL_ALTERNATIVES,
    "note_interpretation": NOTE_INTERPRETATION_ALTERNATIVES,
    "image_interpretation": IMAGE_INTERPRETATION_ALTERNATIVES,
    "diagnosis_generation": DIAGNOSIS_ALTERNATIVES,
    "diagnostic_reasoning": DIAGNOSTIC_REASONING_ALTERNATIVES,
    "treatment_planning": TREATMENT_PLANNING_ALTERNATIVES,
    "treatment_reasoning": TREATMENT_REASONING_ALTERNATIVES,
    "inconsistency_detection": INCONSISTENCY_ALTERNATIVES,
}
"""Per Inspect task name, the wordings after the paper's: variants 1, 2, ..."""
