"""Controlled venue names: the one spelling the atlas uses for each journal, conference
and preprint server, with the variants seen in the wild mapped to it.
"""

from __future__ import annotations

import re
from typing import Literal

VenueType = Literal["journal", "conference", "preprint", "other"]

# canonical name -> (type, variants). Variants are compared case-insensitively, ignoring dots and spacing.
VENUES: dict[str, tuple[VenueType, tuple[str, ...]]] = {
    "arXiv": ("preprint", ("arxiv", "arxiv preprint", "corr")),
    "bioRxiv": ("preprint", ("biorxiv",)),
    "medRxiv": ("preprint", ("medrxiv",)),
    "SSRN": ("preprint", ("ssrn",)),
    "GitHub": ("other", ("github",)),
    "NeurIPS": ("conference", ("nips", "neurips", "advances in neural information processing systems")),
    "ICML": ("conference", ("icml", "international conference on machine learning")),
    "ICLR": ("conference", ("iclr", "international conference on learning representations")),
    "AAAI": ("conference", ("aaai", "aaai conference on artificial intelligence")),
    "CVPR": ("conference", ("cvpr", "ieee/cvf conference on computer vision and pattern recognition")),
    "ICCV": ("conference", ("iccv", "iccvw", "ieee/cvf international conference on computer vision")),
    "ECCV": ("conference", ("eccv", "european conference on computer vision")),
    "WACV": ("conference", ("wacv",)),
    "ICASSP": ("conference", ("icassp",)),
    "ACM MM": ("conference", ("acm mm", "acm multimedia", "acmmm")),
    "EMNLP": ("conference", ("emnlp", "findings of emnlp")),
    "EACL": ("conference", ("eacl", "findings of eacl")),
    "ACL": ("conference", ("acl", "findings of acl")),
    "NAACL": ("conference", ("naacl",)),
    "BioNLP": ("conference", ("bionlp", "bionlp workshop")),
    "COLM": ("conference", ("colm", "conference on language modeling")),
    "ClinicalNLP": ("conference", ("clinicalnlp", "clinical natural language processing workshop", "clinical nlp workshop")),
    "MICCAI": ("conference", ("miccai",)),
    "MIDL": ("conference", ("midl", "medical imaging with deep learning")),
    "MLMI": ("conference", ("mlmi", "iwmlmi", "mlmiw", "machine learning in medical imaging")),
    "ML4H": ("conference", ("ml4h", "machine learning for health")),
    "BIBM": ("conference", ("bibm", "ieee bibm")),
    "AIME": ("conference", ("aime", "artificial intelligence in medicine")),
    "AMIA Annual Symposium Proceedings": ("conference", ("amia annu symp proc", "amia")),
    "Nature": ("journal", ("nature",)),
    "Science": ("journal", ("science",)),
    "PNAS": ("journal", ("pnas", "proceedings of the national academy of sciences")),
    "Nature Medicine": ("journal", ("nature medicine", "nat med")),
    "Nature Methods": ("journal", ("nature methods", "nat methods")),
    "Nature Biotechnology": ("journal", ("nature biotechnology", "nat biotechnol")),
    "Nature Communications": ("journal", ("nature communications", "nat commun")),
    "Nature Machine Intelligence": ("journal", ("nature machine intelligence", "nat mach intell")),
    "Nature Biomedical Engineering": ("journal", ("nature biomedical engineering", "nat biomed eng")),
    "Scientific Reports": ("journal", ("scientific reports", "sci rep")),
    "Scientific Data": ("journal", ("scientific data", "sci data")),
    "npj Digital Medicine": ("journal", ("npj digit med", "npj digital medicine")),
    "Cell Systems": ("journal", ("cell systems", "cell syst")),
    "Bioinformatics": ("journal", ("bioinformatics",)),
    "Nucleic Acids Research": ("journal", ("nucleic acids research", "nucleic acids res", "nar")),
    "NAR Genomics and Bioinformatics": ("journal", ("nar genomics & bioinformatics", "nar genomics and bioinformatics", "nar genom bioinform")),
    "Medical Image Analysis": ("journal", ("medical image analysis", "media", "med image anal")),
    "IEEE Transactions on Medical Imaging": ("journal", ("ieee transactions on medical imaging", "ieee tmi", "tmi", "ieee trans med imaging")),
    "IEEE Transactions on Pattern Analysis and Machine Intelligence": ("journal", ("ieee tpami", "tpami", "ieee transactions on pattern analysis and machine intelligence")),
    "IEEE Journal of Biomedical and Health Informatics": ("journal", ("jbhi", "j-bhi", "ieee jbhi", "ieee journal of biomedical and health informatics")),
    "IEEE Reviews in Biomedical Engineering": ("journal", ("ieee rbme", "rbme", "ieee reviews in biomedical engineering")),
    "Machine Intelligence Research": ("journal", ("mir", "machine intelligence research")),
    "ACM Computing Surveys": ("journal", ("acm computing surveys", "acm comput surv")),
    "ACM Transactions on Computing for Healthcare": ("journal", ("acm trans comput healthc", "acm transactions on computing for healthcare")),
    "JMIR Medical Informatics": ("journal", ("jmir med info", "jmir med inform", "jmir medical informatics")),
    "Journal of Machine Learning Research": ("journal", ("jmlr", "journal of machine learning research")),
    "MLHC": ("conference", ("mlhc", "machine learning for healthcare")),
    "Proceedings of Machine Learning Research": ("conference", ("pmlr", "proceedings of machine learning research")),
    "Machine Learning with Applications": ("journal", ("machine learning with applications",)),
    "MedComm – Future Medicine": ("journal", ("medcomm–future medicine", "medcomm-future medicine", "medcomm future medicine")),
    "Methods in Biochemical Analysis": ("journal", ("method biochem anal", "methods of biochemical analysis")),
}


def _key(text: str) -> str:
    return re.sub(r"[\s.]+", " ", text.replace(".", " ")).strip().casefold()


_INDEX = {_key(v): name for name, (_, variants) in VENUES.items() for v in (name, *variants)}


def canonical_venue(text: str) -> str | None:
    """The controlled spelling of a venue, or None when the venue is not in the list.

    A trailing year or volume ("ICLR 2024", "... Systems 35") and a leading "Proceedings of the" are ignored.
    """
    stripped = re.sub(r"\s+(?:19|20)\d\d$|\s+\d{1,3}$", "", text.strip())  # "ICLR 2024", "... Systems 35"
    stripped = re.sub(r"^(?:in\s+)?(?:proceedings of (?:the\s+)?|proc\.?\s+(?:of\s+)?(?:the\s+)?)", "", stripped, flags=re.I)
    return _INDEX.get(_key(stripped))


def venue_type(name: str) -> VenueType:
    return VENUES[name][0] if name in VENUES else "other"
