"""The unified zero-shot prompts: one per task, identical for every model.

The paper's protocol is strict zero-shot: no examples, no per-model tuning. The
multiple-choice templates are Inspect `multiple_choice()` templates ({question},
{choices}, {letters}); the open-ended ones are `prompt_template()` templates whose
{prompt} is the case as laid out by `CASE_PRESENTATION`.
"""

_ANSWER_FORMAT = (
    "The entire content of your response should be of the following format: "
    "'ANSWER: $LETTER' (without quotes) where LETTER is one of {letters}."
)

KNOWLEDGE_RECALL_PROMPT = f"""You are an orthopedic and sports medicine specialist. Answer the following multiple-choice question, which has exactly one correct option. {_ANSWER_FORMAT}

{{question}}

{{choices}}"""

NOTE_INTERPRETATION_PROMPT = f"""You are an orthopedic and sports medicine specialist. Read the clinical note and answer the multiple-choice question that follows it, which has exactly one correct option. {_ANSWER_FORMAT}

{{question}}

{{choices}}"""

IMAGE_INTERPRETATION_PROMPT = f"""You are an orthopedic and sports medicine specialist. Look at the attached medical image and answer the multiple-choice question about it, which has exactly one correct option. {_ANSWER_FORMAT}

{{question}}

{{choices}}"""

CASE_PRESENTATION = """History:
{history}

Physical examination:
{physical_exam}

Laboratory tests:
{labs}

Imaging:
{imaging}"""

IMAGES_ATTACHED = "The patient's images are attached ({listing})."

REPORT_INSTEAD = "Radiology report: {report}"

NO_IMAGING = "No imaging was provided for this case."
"""`-T imaging=none`: the imaging section when the case is shown without images or report."""

IMAGES_DESCRIBED = "The patient's images are not shown; a description of each follows ({listing})."
"""`-T imaging=description`: the imaging section before the describer's descriptions."""

IMAGE_DESCRIPTION = "Image {number}, described:\n{description}"
"""One description, in place of image `number`."""

DESCRIBER_PROMPT = """You are a radiologist. Describe the attached medical image for a colleague who cannot see it. Describe only what the image itself shows, under exactly these four headings:

Modality: the kind of study (X-ray, CT, MRI or other) and, if you can tell, the sequence or window.
View: the anatomical region and side, and the projection or plane.
Findings: what the image shows, normal and abnormal, with the location of each finding.
Impression: the key findings in one or two sentences.

If the image is blank or cannot be read, say so under Findings."""
"""The `describer` role's prompt: one image at a time, without the case, zero-shot."""

_CASE_INTRO = (
    "You are an orthopedic and sports medicine specialist. Here is a patient's case, "
    "with the history, physical examination, laboratory tests and imaging."
)

DIAGNOSIS_PROMPT = f"""{_CASE_INTRO}

{{prompt}}

What is the diagnosis? Give the most likely diagnosis first, then any other diagnoses this patient has, one per line."""

DIAGNOSTIC_REASONING_PROMPT = f"""{_CASE_INTRO}

{{prompt}}

Reason step by step from the history, examination, laboratory tests and imaging to the most likely diagnosis. Name the findings that support it and the alternative diagnoses you exclude, with the reason for excluding each."""

TREATMENT_PLANNING_PROMPT = f"""{_CASE_INTRO}

{{prompt}}

What is your treatment plan for this patient? Cover immediate management, definitive treatment (name the procedure if you recommend surgery), rehabilitation and follow-up."""

TREATMENT_REASONING_PROMPT = f"""{_CASE_INTRO}

{{prompt}}

Reason step by step to the treatment you recommend for this patient. Explain which patient factors, findings and classification drive the choice, and why you prefer it to the alternatives."""

INCONSISTENCY_PROMPT = f"""{_CASE_INTRO}

{{prompt}}

What is the most likely diagnosis? Give your rationale, referring to the findings in the clinical information and in the images."""

OPTION_GUESSING_PROMPT = """Below is a multiple-choice question from a published benchmark. One of its options has been replaced by [MASK]. Write the text of the masked option {letter}, exactly as it appears in the benchmark. Reply with that option's text only, on one line.

{question}

{options}"""
"""The contamination probe on I-II (TS-Guessing, Deng et al. 2024): one wrong option hidden."""

CASE_COMPLETION_PROMPT = """Below is the beginning of the history of a patient's case from a published benchmark of orthopedic cases. Continue the history exactly as it is written in the benchmark, from where it stops to the end of the history. Reply with the continuation only.

{beginning}"""
"""The contamination probe on IV-VII's cases: the first part of a history, to be continued."""
