"""HFM Atlas: a validated, linked knowledge base of healthcare foundation models."""

__version__ = "0.1.0"
