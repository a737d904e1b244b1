"""The survey's taxonomy: every controlled vocabulary of the atlas, in one place.

Each vocabulary is a StrEnum (the values records use) plus, for every member, a
display label and a one-line definition, so that the schema, the site and the CLI
explain a term with the same words. Nothing else in the package defines a term.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Term:
    value: str
    label: str
    definition: str
    explanation: str = ""  # a longer text, where the site explains the term on a page of its own


class Vocabulary:
    """The terms of one StrEnum, in declaration order, with their labels and definitions."""

    def __init__(self, name: str, enum: type[StrEnum], terms: dict[str, tuple[str, ...]]):
        missing = {m.value for m in enum} ^ set(terms)
        if missing:
            raise ValueError(f"vocabulary {name}: terms and enum differ on {sorted(missing)}")
        self.name = name
        self.enum = enum
        self.terms = [Term(m.value, *terms[m.value]) for m in enum]
        self._by_value = {t.value: t for t in self.terms}

    def __iter__(self):
        return iter(self.terms)

    def __getitem__(self, value: str) -> Term:
        return self._by_value[str(value)]

    def label(self, value: str) -> str:
        return self._by_value[str(value)].label

    @property
    def values(self) -> list[str]:
        return [t.value for t in self.terms]


class Subfield(StrEnum):
    LFM = "LFM"
    VFM = "VFM"
    BFM = "BFM"
    MFM = "MFM"


SUBFIELDS = Vocabulary("subfield", Subfield, {
    "LFM": ("Language", "Language foundation models: pre-trained on or adapted to clinical and biomedical text."),
    "VFM": ("Vision", "Vision foundation models: pre-trained on or adapted to medical images and video."),
    "BFM": ("Bioinformatics", "Bioinformatics foundation models: learn from DNA, RNA, protein and single-cell omics data."),
    "MFM": ("Multimodal", "Multimodal foundation models: learn jointly from several modalities, e.g. images and reports."),
})


class Kind(StrEnum):
    METHOD = "method"
    SURVEY = "survey"


KINDS = Vocabulary("kind", Kind, {
    "method": ("Method", "A paper that builds, pre-trains or adapts a foundation model."),
    "survey": ("Survey", "A review of foundation models or of a part of the field."),
})


class Pretraining(StrEnum):
    GL = "GL"
    CL = "CL"
    HL = "HL"
    SL = "SL"
    NONE = "none"


PRETRAINING = Vocabulary("pre-training paradigm", Pretraining, {
    "GL": ("Generative learning", "The model learns representations by generating or reconstructing information from its input."),
    "CL": ("Contrastive learning", "The model pulls similar instances together and pushes dissimilar ones apart in feature space."),
    "HL": ("Hybrid learning", "The model combines several learning objectives, e.g. generative and contrastive, to learn representations."),
    "SL": ("Supervised learning", "The model is pre-trained on labelled data to predict given targets."),
    "none": ("No own pre-training", "The work adapts an existing pre-trained model instead of pre-training one (the survey's \"Non\")."),
})


class PretrainingMethod(StrEnum):
    PARAMETER_TRANSFORMATION = "parameter-transformation-prediction"
    SEQUENCE = "sequence-prediction"
    CONTEXT = "context-prediction"
    CROSS_MODAL_PREDICTION = "cross-modal-prediction"
    HYBRID_PREDICTION = "hybrid-prediction"
    INSTANCE = "instance-discrimination"
    INTER_GROUP = "inter-group-discrimination"
    RELATIONAL = "relational-discrimination"
    CROSS_MODAL_DISCRIMINATION = "cross-modal-discrimination"
    HYBRID_DISCRIMINATION = "hybrid-discrimination"


PRETRAINING_METHODS = Vocabulary("pre-training method", PretrainingMethod, {
    "parameter-transformation-prediction": ("Parameter-transformation prediction", "Predicts the parameters of a transformation applied to the input, e.g. a rotation or a distortion."),
    "sequence-prediction": ("Sequence prediction", "Predicts the next element of a sequence from the preceding ones (autoregressive modelling)."),
    "context-prediction": ("Context prediction", "Recovers masked or corrupted parts of the input from their context (masked modelling, restoration)."),
    "cross-modal-prediction": ("Cross-modal prediction", "Generates one modality from another, e.g. a report from an image."),
    "hybrid-prediction": ("Hybrid prediction", "Combines several generative targets in one objective."),
    "instance-discrimination": ("Instance discrimination", "Treats two views of one instance as a positive pair and other instances as negatives."),
    "inter-group-discrimination": ("Inter-group discrimination", "Contrasts groups of instances, e.g. clusters or prototypes, rather than single instances."),
    "relational-discrimination": ("Relational discrimination", "Contrasts by relations between instances, e.g. spatial, temporal or structural similarity."),
    "cross-modal-discrimination": ("Cross-modal discrimination", "Aligns paired data of two modalities, e.g. image and report, against unpaired ones."),
    "hybrid-discrimination": ("Hybrid discrimination", "Combines several kinds of contrastive pairs in one objective."),
})

# Which sub-types a pre-training paradigm admits. HL mixes paradigms, so it admits all.
GENERATIVE_METHODS = frozenset(PretrainingMethod) - {
    PretrainingMethod.INSTANCE, PretrainingMethod.INTER_GROUP, PretrainingMethod.RELATIONAL,
    PretrainingMethod.CROSS_MODAL_DISCRIMINATION, PretrainingMethod.HYBRID_DISCRIMINATION,
}
CONTRASTIVE_METHODS = frozenset(PretrainingMethod) - GENERATIVE_METHODS
METHODS_OF_PARADIGM: dict[Pretraining, frozenset[PretrainingMethod]] = {
    Pretraining.GL: GENERATIVE_METHODS,
    Pretraining.CL: CONTRASTIVE_METHODS,
    Pretraining.HL: frozenset(PretrainingMethod),
    Pretraining.SL: frozenset(),
    Pretraining.NONE: frozenset(),
}


class Adaptation(StrEnum):
    FT = "FT"
    AT = "AT"
    PE = "PE"


ADAPTATION = Vocabulary("adaptation paradigm", Adaptation, {
    "FT": ("Fine-tuning", "Adjusts the internal parameters of the pre-trained model for the target task."),
    "AT": ("Adapter tuning", "Adds new parameters (adapters) to the pre-trained model and trains only those."),
    "PE": ("Prompt engineering", "Designs or learns prompts that steer the pre-trained model to the target task."),
})


class AdaptationMethod(StrEnum):
    FULL_PARAMETER = "full-parameter"
    PARTIAL_PARAMETER = "partial-parameter"
    REPARAMETERIZATION = "reparameterization"
    SEQUENTIAL = "sequential-adapter"
    PARALLEL = "parallel-adapter"
    HYBRID = "hybrid-adapter"
    HANDCRAFTED = "handcrafted-prompt"
    LEARNABLE = "learnable-prompt"
    SYNTHESIZED = "synthesized-prompt"
    FEW_SHOT = "few-shot-prompt"


ADAPTATION_METHODS = Vocabulary("adaptation method", AdaptationMethod, {
    "full-parameter": ("Full-parameter fine-tuning", "Updates every parameter of the pre-trained model."),
    "partial-parameter": ("Partial-parameter fine-tuning", "Updates a chosen subset of the parameters, e.g. the last layers or the decoder."),
    "reparameterization": ("Reparameterization fine-tuning", "Learns a low-rank update of the weights, e.g. LoRA, without adding inference parameters."),
    "sequential-adapter": ("Sequential adapter", "Inserts trainable modules in series with the frozen layers."),
    "parallel-adapter": ("Parallel adapter", "Adds trainable modules beside the frozen layers, their outputs summed."),
    "hybrid-adapter": ("Hybrid adapter", "Combines sequential and parallel adapters."),
    "handcrafted-prompt": ("Handcrafted prompt", "Prompts written by people: instructions, templates, points or boxes."),
    "learnable-prompt": ("Learnable prompt", "Continuous prompt vectors or tokens learned by gradient descent (soft prompts)."),
    "synthesized-prompt": ("Automatically synthesized prompt", "Prompts generated by another model or a search procedure."),
    "few-shot-prompt": ("Few-shot prompt", "Prompts that carry a few worked examples (in-context learning)."),
})

METHODS_OF_ADAPTATION: dict[Adaptation, frozenset[AdaptationMethod]] = {
    Adaptation.FT: frozenset({AdaptationMethod.FULL_PARAMETER, AdaptationMethod.PARTIAL_PARAMETER, AdaptationMethod.REPARAMETERIZATION}),
    Adaptation.AT: frozenset({AdaptationMethod.SEQUENTIAL, AdaptationMethod.PARALLEL, AdaptationMethod.HYBRID}),
    Adaptation.PE: frozenset({AdaptationMethod.HANDCRAFTED, AdaptationMethod.LEARNABLE, AdaptationMethod.SYNTHESIZED, AdaptationMethod.FEW_SHOT}),
}


class Modality(StrEnum):
    TEXT = "text"
    EHR = "ehr"
    DIALOGUE = "dialogue"
    XRAY = "x-ray"
    CT = "ct"
    MRI = "mri"
    PET = "pet"
    ULTRASOUND = "ultrasound"
    PATHOLOGY = "pathology"
    ENDOSCOPY = "endoscopy"
    FUNDUS = "fundus"
    OCT = "oct"
    DERMOSCOPY = "dermoscopy"
    MICROSCOPY = "microscopy"
    ECG = "ecg"
    DNA = "dna"
    RNA = "rna"
    PROTEIN = "protein"
    SINGLE_CELL = "single-cell"
    SMALL_MOLECULE = "small-molecule"
    CLINICAL_DATA = "clinical-data"


MODALITIES = Vocabulary("modality", Modality, {
    "text": ("Text", "Free text: biomedical literature, clinical notes, medical reports and captions."),
    "ehr": ("EHR", "Electronic health records: coded diagnoses, procedures, medications and visits."),
    "dialogue": ("Dialogue", "Doctor-patient conversations and medical question-answer pairs."),
    "x-ray": ("X-ray", "Projection radiography, including chest X-ray and mammography."),
    "ct": ("CT", "Computed tomography, 2D slices or 3D volumes."),
    "mri": ("MRI", "Magnetic resonance imaging."),
    "pet": ("PET", "Positron emission tomography."),
    "ultrasound": ("Ultrasound", "Ultrasound images and video, including echocardiography."),
    "pathology": ("Pathology", "Histopathology: whole-slide images and their patches."),
    "endoscopy": ("Endoscopy", "Endoscopic, colonoscopic and laparoscopic surgical images and video."),
    "fundus": ("Fundus", "Colour fundus photographs of the retina."),
    "oct": ("OCT", "Optical coherence tomography (and OCT angiography)."),
    "dermoscopy": ("Dermoscopy", "Dermoscopic images of the skin."),
    "microscopy": ("Microscopy", "Cell and tissue microscopy other than histopathology slides."),
    "ecg": ("ECG", "Electrocardiogram signals."),
    "dna": ("DNA", "DNA sequences: genomes, regulatory regions, variants."),
    "rna": ("RNA", "RNA sequences and structures: mRNA, non-coding RNA, UTRs."),
    "protein": ("Protein", "Protein sequences and structures."),
    "single-cell": ("Single-cell", "Single-cell omics, e.g. scRNA-seq expression profiles."),
    "small-molecule": ("Small molecule", "Chemical compounds and drugs: structures and responses."),
    "clinical-data": ("Clinical data", "Tabular clinical variables: demographics, outcomes, lab values."),
})


class Access(StrEnum):
    OPEN = "open"
    REGISTRATION = "registration"
    CREDENTIALED = "credentialed"
    UNKNOWN = "unknown"


ACCESS = Vocabulary("access", Access, {
    "open": ("Open", "Downloadable by anyone, possibly after accepting a licence."),
    "registration": ("Registration", "Needs an account, a data-use agreement or an approved application."),
    "credentialed": ("Credentialed", "Needs credentialing and training, e.g. PhysioNet credentialed access for MIMIC."),
    "unknown": ("Unknown", "Access terms not stated by the source or not yet checked."),
})


class DatasetKind(StrEnum):
    DATASET = "dataset"
    DATABASE = "database"


DATASET_KINDS = Vocabulary("dataset kind", DatasetKind, {
    "dataset": ("Dataset", "A fixed collection of data released for pre-training or evaluation."),
    "database": ("Database", "A large, growing resource spanning subfields, e.g. UK Biobank or TCGA."),
})


class LabelSource(StrEnum):
    SURVEY = "survey"
    CURATED = "curated"
    DRAFT = "draft"


LABEL_SOURCES = Vocabulary("label source", LabelSource, {
    "survey": ("Survey", "Paradigm labels copied from the survey's Tables I-IV (He et al., IEEE RBME 2024)."),
    "curated": ("Curated", "Paradigm labels assigned by an atlas curator from a reading of the paper."),
    "draft": ("Needs review", "Imported draft: paradigm labels not yet assigned or checked by a person."),
})


class Challenge(StrEnum):
    DATA_ETHICS = "data-ethics"
    DATA_DIVERSITY = "data-diversity"
    DATA_HETEROGENEITY = "data-heterogeneity"
    DATA_COST = "data-cost"
    ACCOUNTABILITY = "algorithm-accountability"
    RELIABILITY = "algorithm-reliability"
    CAPABILITY = "algorithm-capability"
    ADAPTABILITY = "algorithm-adaptability"
    COMPUTATION = "infrastructure-computation"
    ENVIRONMENT = "infrastructure-environment"


CHALLENGES = Vocabulary("challenge", Challenge, {
    "data-ethics": ("Ethics", "Privacy, consent and regulation limit how healthcare data can be collected, shared and used.",
                    "Health data describe people, so collecting, pooling and reusing them needs consent, de-identification and "
                    "legal agreements. Web-scale scraping, which fed general foundation models, is not an option, and data often "
                    "cannot leave the hospital that holds it. Work that de-identifies text, learns without moving data, or makes "
                    "the most of public data addresses this challenge."),
    "data-diversity": ("Diversity", "Long-tailed modalities and diseases make balanced, diverse healthcare datasets hard to assemble.",
                       "A few modalities (chest X-ray, CT) and common diseases dominate public data, while rare diseases, less common "
                       "modalities and under-represented populations have little. A model pre-trained on such skewed data inherits "
                       "its blind spots. Broad multi-modality corpora and models that cover many organs and tasks answer it."),
    "data-heterogeneity": ("Heterogeneity", "Data differ across populations, sites and devices, so models meet shifted inputs, targets and concepts.",
                           "The same disease looks different across scanners, protocols, hospitals and patient groups, and labels and "
                           "clinical concepts shift too. A model that works at one site can fail at another. Domain generalisation, "
                           "modality-agnostic designs and adaptation to new sites address this."),
    "data-cost": ("Cost", "Acquisition needs specialised equipment and annotation needs experts' time, so large datasets are expensive.",
                  "Imaging and sequencing need costly equipment, and labels need clinicians' or biologists' time. Self-supervised "
                  "pre-training on unlabelled data, label-efficient fine-tuning and weak or synthetic supervision all reduce this cost."),
    "algorithm-accountability": ("Accountability", "Clinical use demands models that are interpretable, fair and safe.",
                                 "Decisions about patients need reasons that people can check, equal performance across groups, and safe "
                                 "behaviour. Foundation models are large and opaque, which makes these harder to show. Interpretable "
                                 "outputs, explanations grounded in clinical findings and human oversight are responses."),
    "algorithm-reliability": ("Reliability", "Hallucinations and outdated knowledge undermine trust in a model's outputs.",
                              "Generative models can state false facts fluently, and their knowledge freezes at training time. In medicine "
                              "an invented dose or finding is dangerous. Retrieval of current sources, knowledge graphs, uncertainty "
                              "estimates and verification steps make outputs more reliable."),
    "algorithm-capability": ("Capability", "Knowledge, functions and reasoning of current models fall short of complex clinical needs.",
                             "Clinical work mixes modalities, tasks and multi-step reasoning. Most models still cover one modality or a "
                             "narrow task set and show limited reasoning. Generalist multimodal models, multi-task training and "
                             "reasoning-oriented designs aim to close the gap."),
    "algorithm-adaptability": ("Adaptability", "Models transfer poorly to new tasks and settings and scale poorly across devices.",
                               "A foundation model earns its name by adapting to new tasks cheaply. In practice transfer to new organs, "
                               "modalities or institutions can fail, and large models do not fit on clinical hardware. Adapters, "
                               "prompting and promptable designs that generalise to unseen targets address adaptability."),
    "infrastructure-computation": ("Computation", "Training and adapting large models costs more time and compute than most groups have.",
                                   "Pre-training needs clusters of accelerators for weeks, and even fine-tuning a large model can exceed a "
                                   "hospital's or a lab's budget. Parameter-efficient adaptation (adapters, LoRA, prompt tuning), smaller "
                                   "models and efficient architectures lower the bar."),
    "infrastructure-environment": ("Environment", "Training and serving large models consume energy and carry an environmental cost.",
                                   "Energy for training and for long-running deployment has a carbon cost. Efficient training, reuse of "
                                   "pre-trained models instead of training from scratch, and lighter inference reduce it."),
})

# The survey's three pillars, each grouping its challenges, with what the pillar is about.
CHALLENGE_PILLARS: dict[str, tuple[str, str, tuple[Challenge, ...]]] = {
    "data": ("Data", "Foundation models learn their general abilities from large and diverse data, which healthcare finds hard to assemble.",
             (Challenge.DATA_ETHICS, Challenge.DATA_DIVERSITY, Challenge.DATA_HETEROGENEITY, Challenge.DATA_COST)),
    "algorithm": ("Algorithm", "The scale and reach of foundation models raise new demands on what algorithms must guarantee.",
                  (Challenge.ACCOUNTABILITY, Challenge.RELIABILITY, Challenge.CAPABILITY, Challenge.ADAPTABILITY)),
    "infrastructure": ("Computing infrastructure", "Parameters and data at this scale need computing resources that few can afford, at a cost to the environment.",
                       (Challenge.COMPUTATION, Challenge.ENVIRONMENT)),
}


@dataclass(frozen=True)
class Direction:
    id: str
    title: str
    explanation: str
    aspects: tuple[str, ...]
    challenges: tuple[Challenge, ...]  # the challenges whose papers show the direction at work


FUTURE_DIRECTIONS: tuple[Direction, ...] = (
    Direction("beyond-replacing-humans", "Beyond AI replacing people",
              "Rather than automating a clinician away, the most valuable systems are likely to work with people, each doing what they do best.",
              ("Human-AI collaboration on tasks that neither solves well alone.",
               "Supervised medical intelligence: models that act under an expert's oversight, meeting healthcare's need for accountability.",
               "Better ways of collaborating as models gain abilities, so that the division of work stays efficient and clear."),
              (Challenge.ACCOUNTABILITY, Challenge.RELIABILITY)),
    Direction("static-to-dynamic", "From static to dynamic models",
              "Clinical practice spans departments, tasks and data that change over time; a model frozen after training falls behind.",
              ("Representation: architectures that grow, continual learning and model editing to follow shifting data.",
               "Task adaptability: adapting with less data and compute, and drawing out emergent abilities.",
               "Scalability: models that scale up or down to the hardware at hand, including devices with little compute."),
              (Challenge.ADAPTABILITY, Challenge.COMPUTATION)),
    Direction("ideal-to-real-world", "From ideal settings to complex real-world scenarios",
              "Models evaluated on clean, single-task benchmarks meet messier conditions in hospitals.",
              ("Multiple domains: working across data distributions from different sites and populations.",
               "Multiple and open tasks: handling many tasks at once and inputs never seen in training.",
               "Multiple modalities: combining modalities, and coping when some are missing."),
              (Challenge.DATA_HETEROGENEITY, Challenge.DATA_DIVERSITY, Challenge.CAPABILITY)),
    Direction("capability-to-trust", "From capability to trust",
              "As performance improves, the question shifts from what models can do to whether their behaviour can be trusted.",
              ("Explainable models, with principles and evidence that scale to foundation models.",
               "Secure models that resist attacks, behave reliably and come with accountability.",
               "Sustainable models, built and run efficiently with a small environmental footprint."),
              (Challenge.ACCOUNTABILITY, Challenge.RELIABILITY, Challenge.ENVIRONMENT)),
)
