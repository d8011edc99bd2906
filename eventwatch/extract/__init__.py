"""Extraction stages: triggers, modality, participants, dates, casualties, places, merging."""
