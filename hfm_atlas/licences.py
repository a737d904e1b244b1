"""The licences the atlas knows, each with its family (taxonomy.LicenceFamily).

A record's `licence.name` is an SPDX identifier from SPDX (checked against the SPDX list by
tests/test_licences.py) or one of NAMED: a model's own licence, written as here. A licence
not in either table is refused by validate with a hint to add it here with its family.
"""

from __future__ import annotations

from .taxonomy import LicenceFamily as F

SPDX: dict[str, F] = {
    "MIT": F.PERMISSIVE, "Apache-2.0": F.PERMISSIVE, "BSD-2-Clause": F.PERMISSIVE, "BSD-3-Clause": F.PERMISSIVE,
    "BSD-3-Clause-Clear": F.PERMISSIVE, "ISC": F.PERMISSIVE, "Unlicense": F.PERMISSIVE, "CC0-1.0": F.PERMISSIVE,
    "CC-BY-4.0": F.PERMISSIVE, "CC-BY-3.0": F.PERMISSIVE, "CC-BY-2.0": F.PERMISSIVE, "PDDL-1.0": F.PERMISSIVE, "ODC-By-1.0": F.PERMISSIVE,
    "CDLA-Permissive-2.0": F.PERMISSIVE, "AFL-3.0": F.PERMISSIVE, "MPL-2.0": F.COPYLEFT,
    "GPL-2.0-only": F.COPYLEFT, "GPL-2.0-or-later": F.COPYLEFT, "GPL-3.0-only": F.COPYLEFT, "GPL-3.0-or-later": F.COPYLEFT,
    "AGPL-3.0-only": F.COPYLEFT, "AGPL-3.0-or-later": F.COPYLEFT, "LGPL-3.0-only": F.COPYLEFT, "LGPL-2.1-only": F.COPYLEFT,
    "CC-BY-SA-4.0": F.COPYLEFT, "CC-BY-SA-3.0": F.COPYLEFT, "ODbL-1.0": F.COPYLEFT,
    "CC-BY-NC-4.0": F.NON_COMMERCIAL, "CC-BY-NC-3.0": F.NON_COMMERCIAL, "CC-BY-NC-SA-4.0": F.NON_COMMERCIAL,
    "CC-BY-NC-SA-3.0": F.NON_COMMERCIAL, "CC-BY-NC-ND-4.0": F.NON_COMMERCIAL, "CC-BY-NC-ND-3.0": F.NON_COMMERCIAL,
    "CC-BY-ND-4.0": F.CUSTOM, "PolyForm-Noncommercial-1.0.0": F.NON_COMMERCIAL,
}

# A model's own licence: the name as the atlas writes it -> its family. Keep the name short and
# recognisable; the record's licence.url points at the text.
NAMED: dict[str, F] = {
    "Llama 2 Community License": F.CUSTOM,
    "Llama 3 Community License": F.CUSTOM,
    "Llama 3.1 Community License": F.CUSTOM,
    "Gemma Terms of Use": F.CUSTOM,
    "Health AI Developer Foundations Terms of Use": F.CUSTOM,
    "ChatGLM-6B Model License": F.CUSTOM,
    "CreativeML OpenRAIL++-M": F.CUSTOM,
    "CreativeML OpenRAIL-M": F.CUSTOM,
    "OpenRAIL": F.CUSTOM,  # Hugging Face's "openrail" tag: an OpenRAIL licence whose variant the card does not state
    "PhysioNet Credentialed Health Data License 1.5.0": F.CUSTOM,
    "Apache-2.0 with Commons Clause": F.NON_COMMERCIAL,
    "Modified Apache-2.0 (non-commercial, academic)": F.NON_COMMERCIAL,
    "ASU non-commercial licence (Models Genesis)": F.NON_COMMERCIAL,
    "ASU GitHub Project License": F.CUSTOM,
    "CodonBERT Artifact License (non-commercial)": F.NON_COMMERCIAL,
    "NVIDIA Source Code License (non-commercial)": F.NON_COMMERCIAL,
    "scFoundation Model License (non-commercial)": F.NON_COMMERCIAL,
    "NCBI Public Domain Notice": F.PERMISSIVE,
    "GPL-3.0 (version clause not stated)": F.COPYLEFT,
    "AGPL-3.0 (version clause not stated)": F.COPYLEFT,
    "BSD (variant not stated)": F.PERMISSIVE,
    "Google Cloud Service Specific Terms (MedLM)": F.PROPRIETARY,
    "OpenAI Terms of Use": F.PROPRIETARY,
    "GenBio AI Community License (non-commercial)": F.NON_COMMERCIAL,
    "Cambrian Non-Commercial License Agreement": F.NON_COMMERCIAL,
    "Baichuan-M1-14B Model Community License": F.CUSTOM,
    "Microsoft Research License Terms (non-commercial)": F.NON_COMMERCIAL,
    "Microsoft Research License Agreement (MSRLA)": F.CUSTOM,
    "Cedars-Sinai Academic Software License (non-commercial)": F.NON_COMMERCIAL,
    "Owkin non-commercial licence": F.NON_COMMERCIAL,
    "NVIDIA Open Model License": F.CUSTOM,
    "CC-BY-SA (version not stated)": F.COPYLEFT,
    "EchoNet-LVH Dataset Research Use Agreement": F.NON_COMMERCIAL,
    "Kaiko Non-Commercial Public License": F.NON_COMMERCIAL,
    "Custom Non-Commercial Research Licence (RETFound-Green)": F.NON_COMMERCIAL,
    "Cambrian Open License Agreement": F.CUSTOM,
    # A repository and model page that state no licence at all: nothing is granted (all rights reserved by default).
    "No licence stated": F.PROPRIETARY,
}


def family(name: str) -> F | None:
    """The family of a licence the atlas knows; None for an unknown name."""
    return SPDX.get(name) or NAMED.get(name)


def known() -> list[str]:
    return [*SPDX, *NAMED]
