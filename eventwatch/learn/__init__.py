"""The learned layer over the rules: a small fine-tuned encoder that decides, for each
candidate the rules propose, whether it reports an event that happened, its PLOVER type and
its ACLED sub-event type.

    inputs.py      how a candidate is shown to the model (trigger and participants marked)
    labels.py      the label vocabularies (PLOVER types, ACLED sub-event types)
    model.py       ONNX inference (onnxruntime + tokenizers only; no torch at run time)
    decide.py      the pipeline stage: the model's decisions over the rules' candidates
    candidates.py  every rule candidate of an article, kept or not (labelling, training)
    data.py        training examples from ../shared and the team's own labels
    train.py       fine-tuning and ONNX export (the `train` extra: torch, transformers)
"""
