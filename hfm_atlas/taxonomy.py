"""The survey's taxonomy: every controlled vocabulary of the atlas, in one place.

Each vocabulary is a TermEnum: a member is the value records use and carries its
display label, its one-line definition and, where it has them, a short table form,
the survey's own spelling and a chart colour. Each term is written once, and the
schema, the site, the charts, the explorer and the CLI read it from here.
"""

from __future__ import annotations

from enum import StrEnum


class TermEnum(StrEnum):
    """A controlled vocabulary whose members carry their own words: each term is written once.

    A member is declared as `VALUE = "value", "Label", "Definition."` with optional keywords
    after it as a dict: short (table text), survey_label (the survey's spelling), colour
    (charts), explanation (a page's longer text).
    """

    label: str
    definition: str
    short: str
    survey_label: str
    colour: str
    explanation: str

    def __new__(cls, value: str, label: str = "", definition: str = "", extra: dict[str, str] | str | None = None):
        member = str.__new__(cls, value)
        member._value_ = value
        extra = {"explanation": extra} if isinstance(extra, str) else (extra or {})
        unknown = set(extra) - {"short", "survey_label", "colour", "explanation"}
        if unknown:  # a typo in the vocabulary fails at import, not on a page
            raise ValueError(f"term {value!r}: unknown attributes {sorted(unknown)}")
        if not label or not definition.endswith("."):
            raise ValueError(f"term {value!r}: needs a label and a one-sentence definition")
        member.label, member.definition = label, definition
        member.short = extra.get("short", value)
        member.survey_label = extra.get("survey_label", value)
        member.colour = extra.get("colour", "")
        member.explanation = extra.get("explanation", "")
        return member




class Vocabulary:
    """The terms of one TermEnum, in declaration order, under the name the site and CLI print."""

    def __init__(self, name: str, enum: type[TermEnum]):
        self.name = name
        self.enum = enum
        self.terms: list[TermEnum] = list(enum)
        self._by_value = {t.value: t for t in self.terms}

    def __iter__(self):
        return iter(self.terms)

    def __getitem__(self, value: str) -> TermEnum:
        return self._by_value[str(value)]

    def label(self, value: str) -> str:
        return self._by_value[str(value)].label

    @property
    def values(self) -> list[str]:
        return [t.value for t in self.terms]


class Subfield(TermEnum):
    LFM = 'LFM', 'Language', 'Language foundation models: pre-trained on or adapted to clinical and biomedical text.', {'colour': '#0072B2'}
    VFM = 'VFM', 'Vision', 'Vision foundation models: pre-trained on or adapted to medical images and video.', {'colour': '#E69F00'}
    BFM = 'BFM', 'Bioinformatics', 'Bioinformatics foundation models: learn from DNA, RNA, protein and single-cell omics data.', {'colour': '#009E73'}
    MFM = 'MFM', 'Multimodal', 'Multimodal foundation models: learn jointly from several modalities, e.g. images and reports.', {'colour': '#CC79A7'}


SUBFIELDS = Vocabulary("subfield", Subfield)


class Kind(TermEnum):
    METHOD = 'method', 'Method', 'A paper that builds, pre-trains or adapts a foundation model.'
    SURVEY = 'survey', 'Survey', 'A review of foundation models or of a part of the field.'


KINDS = Vocabulary("kind", Kind)


class Pretraining(TermEnum):
    GL = 'GL', 'Generative learning', 'The model learns representations by generating or reconstructing information from its input.', {'colour': '#56B4E9'}
    CL = 'CL', 'Contrastive learning', 'The model pulls similar instances together and pushes dissimilar ones apart in feature space.', {'colour': '#D55E00'}
    HL = 'HL', 'Hybrid learning', 'The model combines several learning objectives, e.g. generative and contrastive, to learn representations.', {'colour': '#F0E442'}
    SL = 'SL', 'Supervised learning', 'The model is pre-trained on labelled data to predict given targets.', {'colour': '#999999'}
    NONE = 'none', 'No own pre-training', "The work adapts an existing pre-trained model instead of pre-training one (the survey's \"Non\").", {
        'short': '—', 'survey_label': 'Non', 'colour': '#444444'}


PRETRAINING = Vocabulary("pre-training paradigm", Pretraining)


class PretrainingMethod(TermEnum):
    PARAMETER_TRANSFORMATION = 'parameter-transformation-prediction', 'Parameter-transformation prediction', 'Predicts the parameters of a transformation applied to the input, e.g. a rotation or a distortion.'
    SEQUENCE = 'sequence-prediction', 'Sequence prediction', 'Predicts the next element of a sequence from the preceding ones (autoregressive modelling).'
    CONTEXT = 'context-prediction', 'Context prediction', 'Recovers masked or corrupted parts of the input from their context (masked modelling, restoration).'
    CROSS_MODAL_PREDICTION = 'cross-modal-prediction', 'Cross-modal prediction', 'Generates one modality from another, e.g. a report from an image.'
    HYBRID_PREDICTION = 'hybrid-prediction', 'Hybrid prediction', 'Combines several generative targets in one objective.'
    INSTANCE = 'instance-discrimination', 'Instance discrimination', 'Treats two views of one instance as a positive pair and other instances as negatives.'
    INTER_GROUP = 'inter-group-discrimination', 'Inter-group discrimination', 'Contrasts groups of instances, e.g. clusters or prototypes, rather than single instances.'
    RELATIONAL = 'relational-discrimination', 'Relational discrimination', 'Contrasts by relations between instances, e.g. spatial, temporal or structural similarity.'
    CROSS_MODAL_DISCRIMINATION = 'cross-modal-discrimination', 'Cross-modal discrimination', 'Aligns paired data of two modalities, e.g. image and report, against unpaired ones.'
    HYBRID_DISCRIMINATION = 'hybrid-discrimination', 'Hybrid discrimination', 'Combines several kinds of contrastive pairs in one objective.'


PRETRAINING_METHODS = Vocabulary("pre-training method", PretrainingMethod)

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


class Adaptation(TermEnum):
    FT = 'FT', 'Fine-tuning', 'Adjusts the internal parameters of the pre-trained model for the target task.', {'colour': '#332288'}
    AT = 'AT', 'Adapter tuning', 'Adds new parameters (adapters) to the pre-trained model and trains only those.', {'colour': '#117733'}
    PE = 'PE', 'Prompt engineering', 'Designs or learns prompts that steer the pre-trained model to the target task.', {'colour': '#AA4499'}


ADAPTATION = Vocabulary("adaptation paradigm", Adaptation)


class AdaptationMethod(TermEnum):
    FULL_PARAMETER = 'full-parameter', 'Full-parameter fine-tuning', 'Updates every parameter of the pre-trained model.'
    PARTIAL_PARAMETER = 'partial-parameter', 'Partial-parameter fine-tuning', 'Updates a chosen subset of the parameters, e.g. the last layers or the decoder.'
    REPARAMETERIZATION = 'reparameterization', 'Reparameterization fine-tuning', 'Learns a low-rank update of the weights, e.g. LoRA, without adding inference parameters.'
    SEQUENTIAL = 'sequential-adapter', 'Sequential adapter', 'Inserts trainable modules in series with the frozen layers.'
    PARALLEL = 'parallel-adapter', 'Parallel adapter', 'Adds trainable modules beside the frozen layers, their outputs summed.'
    HYBRID = 'hybrid-adapter', 'Hybrid adapter', 'Combines sequential and parallel adapters.'
    HANDCRAFTED = 'handcrafted-prompt', 'Handcrafted prompt', 'Prompts written by people: instructions, templates, points or boxes.'
    LEARNABLE = 'learnable-prompt', 'Learnable prompt', 'Continuous prompt vectors or tokens learned by gradient descent (soft prompts).'
    SYNTHESIZED = 'synthesized-prompt', 'Automatically synthesized prompt', 'Prompts generated by another model or a search procedure.'
    FEW_SHOT = 'few-shot-prompt', 'Few-shot prompt', 'Prompts that carry a few worked examples (in-context learning).'


ADAPTATION_METHODS = Vocabulary("adaptation method", AdaptationMethod)

METHODS_OF_ADAPTATION: dict[Adaptation, frozenset[AdaptationMethod]] = {
    Adaptation.FT: frozenset({AdaptationMethod.FULL_PARAMETER, AdaptationMethod.PARTIAL_PARAMETER, AdaptationMethod.REPARAMETERIZATION}),
    Adaptation.AT: frozenset({AdaptationMethod.SEQUENTIAL, AdaptationMethod.PARALLEL, AdaptationMethod.HYBRID}),
    Adaptation.PE: frozenset({AdaptationMethod.HANDCRAFTED, AdaptationMethod.LEARNABLE, AdaptationMethod.SYNTHESIZED, AdaptationMethod.FEW_SHOT}),
}


class Modality(TermEnum):
    TEXT = 'text', 'Text', 'Free text: biomedical literature, clinical notes, medical reports and captions.'
    EHR = 'ehr', 'EHR', 'Electronic health records: coded diagnoses, procedures, medications and visits.'
    DIALOGUE = 'dialogue', 'Dialogue', 'Doctor-patient conversations and medical question-answer pairs.'
    XRAY = 'x-ray', 'X-ray', 'Projection radiography, including chest X-ray and mammography.'
    CT = 'ct', 'CT', 'Computed tomography, 2D slices or 3D volumes.'
    MRI = 'mri', 'MRI', 'Magnetic resonance imaging.'
    PET = 'pet', 'PET', 'Positron emission tomography.'
    ULTRASOUND = 'ultrasound', 'Ultrasound', 'Ultrasound images and video, including echocardiography.'
    PATHOLOGY = 'pathology', 'Pathology', 'Histopathology: whole-slide images and their patches.'
    ENDOSCOPY = 'endoscopy', 'Endoscopy', 'Endoscopic, colonoscopic and laparoscopic surgical images and video.'
    FUNDUS = 'fundus', 'Fundus', 'Colour fundus photographs of the retina.'
    OCT = 'oct', 'OCT', 'Optical coherence tomography (and OCT angiography).'
    DERMOSCOPY = 'dermoscopy', 'Dermoscopy', 'Dermoscopic images of the skin.'
    MICROSCOPY = 'microscopy', 'Microscopy', 'Cell and tissue microscopy other than histopathology slides.'
    ECG = 'ecg', 'ECG', 'Electrocardiogram signals.'
    DNA = 'dna', 'DNA', 'DNA sequences: genomes, regulatory regions, variants.'
    RNA = 'rna', 'RNA', 'RNA sequences and structures: mRNA, non-coding RNA, UTRs.'
    PROTEIN = 'protein', 'Protein', 'Protein sequences and structures.'
    SINGLE_CELL = 'single-cell', 'Single-cell', 'Single-cell omics, e.g. scRNA-seq expression profiles.'
    SMALL_MOLECULE = 'small-molecule', 'Small molecule', 'Chemical compounds and drugs: structures and responses.'
    CLINICAL_DATA = 'clinical-data', 'Clinical data', 'Tabular clinical variables: demographics, outcomes, lab values.'


MODALITIES = Vocabulary("modality", Modality)


class Access(TermEnum):
    OPEN = 'open', 'Open', 'Downloadable by anyone, possibly after accepting a licence.'
    REGISTRATION = 'registration', 'Registration', 'Needs an account, a data-use agreement or an approved application.'
    CREDENTIALED = 'credentialed', 'Credentialed', 'Needs credentialing and training, e.g. PhysioNet credentialed access for MIMIC.'
    UNKNOWN = 'unknown', 'Unknown', 'Access terms not stated by the source or not yet checked.'


ACCESS = Vocabulary("access", Access)


class DatasetKind(TermEnum):
    DATASET = 'dataset', 'Dataset', 'A fixed collection of data released for pre-training or evaluation.'
    DATABASE = 'database', 'Database', 'A large, growing resource spanning subfields, e.g. UK Biobank or TCGA.'


DATASET_KINDS = Vocabulary("dataset kind", DatasetKind)


class LabelSource(TermEnum):
    SURVEY = 'survey', 'Survey', "Paradigm labels copied from the survey's Tables I-IV (He et al., IEEE RBME 2024)."
    CURATED = 'curated', 'Curated', 'Paradigm labels assigned by an atlas curator from a reading of the paper.'
    DRAFT = 'draft', 'Needs review', 'Imported draft: paradigm labels not yet assigned or checked by a person.'


LABEL_SOURCES = Vocabulary("label source", LabelSource)


class Challenge(TermEnum):
    DATA_ETHICS = 'data-ethics', 'Ethics', 'Privacy, consent and regulation limit how healthcare data can be collected, shared and used.'
    DATA_DIVERSITY = 'data-diversity', 'Diversity', 'Long-tailed modalities and diseases make balanced, diverse healthcare datasets hard to assemble.'
    DATA_HETEROGENEITY = 'data-heterogeneity', 'Heterogeneity', 'Data differ across populations, sites and devices, so models meet shifted inputs, targets and concepts.'
    DATA_COST = 'data-cost', 'Cost', "Acquisition needs specialised equipment and annotation needs experts' time, so large datasets are expensive."
    ACCOUNTABILITY = 'algorithm-accountability', 'Accountability', 'Clinical use demands models that are interpretable, fair and safe.'
    RELIABILITY = 'algorithm-reliability', 'Reliability', "Hallucinations and outdated knowledge undermine trust in a model's outputs."
    CAPABILITY = 'algorithm-capability', 'Capability', 'Knowledge, functions and reasoning of current models fall short of complex clinical needs.'
    ADAPTABILITY = 'algorithm-adaptability', 'Adaptability', 'Models transfer poorly to new tasks and settings and scale poorly across devices.'
    COMPUTATION = 'infrastructure-computation', 'Computation', 'Training and adapting large models costs more time and compute than most groups have.'
    ENVIRONMENT = 'infrastructure-environment', 'Environment', 'Training and serving large models consume energy and carry an environmental cost.'


CHALLENGES = Vocabulary("challenge", Challenge)


# ---------------------------------------------------------------- model facts (can I get it, may I use it)

class WeightsStatus(TermEnum):
    OPEN = "open", "Open weights", "The weights can be downloaded without a request, possibly after accepting a licence.", {"colour": "#009E73"}
    GATED = "gated", "Gated", "The weights are released but need a request, an account or a credential (e.g. PhysioNet).", {"colour": "#E69F00"}
    API = "api", "API only", "The model can be used only through a service; the weights are not released.", {"colour": "#56B4E9"}
    CLOSED = "closed", "Closed", "The model exists but is not available outside its authors' organisation.", {"colour": "#D55E00"}
    NOT_RELEASED = "not-released", "Not released", "The work released no weights (code only, or nothing).", {"colour": "#999999"}


WEIGHTS = Vocabulary("weights", WeightsStatus)


class LicenceFamily(TermEnum):
    PERMISSIVE = "permissive", "Permissive", "Use, change and redistribute, commercially too, with attribution (MIT, Apache-2.0, BSD, CC-BY)."
    COPYLEFT = "copyleft", "Copyleft", "Free to use, but changed versions must be shared under the same licence (GPL, CC-BY-SA)."
    NON_COMMERCIAL = "non-commercial", "Non-commercial", "Research and other non-commercial use only (CC-BY-NC and similar)."
    CUSTOM = "custom", "Custom", "A model's own licence with its own terms (e.g. a Llama community licence); read it before use."
    PROPRIETARY = "proprietary", "Proprietary or none", "No licence to the weights: a service's terms of use, or no licence stated at all (all rights reserved by default)."


LICENCE_FAMILIES = Vocabulary("licence family", LicenceFamily)


class DatasetRole(TermEnum):
    PRETRAIN = "pretrain", "Pre-training", "The model's own pre-training used this data."
    FINETUNE = "finetune", "Fine-tuning", "The model was fine-tuned, adapted or instruction-tuned on this data."
    EVALUATE = "evaluate", "Evaluation", "The work tested or benchmarked the model on this data."


DATASET_ROLES = Vocabulary("dataset role", DatasetRole)


class ParameterRange(TermEnum):
    UNDER_100M = "under-100m", "Under 100M", "Fewer than 100 million parameters."
    M100_1B = "100m-1b", "100M to 1B", "From 100 million to under 1 billion parameters."
    B1_10B = "1b-10b", "1B to 10B", "From 1 billion to under 10 billion parameters."
    B10_100B = "10b-100b", "10B to 100B", "From 10 billion to under 100 billion parameters."
    OVER_100B = "over-100b", "100B or more", "100 billion parameters or more."


PARAMETER_RANGES = Vocabulary("parameter range", ParameterRange)


class Coverage(TermEnum):
    SURVEY = "survey", "In the survey", "Work the survey covers (its tables or its authors' list, to February 2024)."
    SINCE = "since-survey", "Since the survey", "Work the atlas added after the survey, from March 2024 on."


COVERAGE = Vocabulary("coverage", Coverage)


# ---------------------------------------------------------------- reported results (benchmarks)

class SettingMode(TermEnum):
    ZERO_SHOT = "zero-shot", "Zero-shot", "The model was not trained on the benchmark's training split and saw no solved examples in its prompt.", {"colour": "#0072B2"}
    FEW_SHOT = "few-shot", "Few-shot", "Solved examples were given in the prompt (in-context); `shots` says how many.", {"colour": "#E69F00"}
    FINE_TUNED = "fine-tuned", "Fine-tuned", "The model, an adapter on it or a task head on its features (e.g. an attention-MIL aggregator) was trained on the benchmark's training split.", {"colour": "#009E73"}
    LINEAR_PROBE = "linear-probe", "Linear probe", "A linear classifier (or logistic regression) was trained on frozen features of the model.", {"colour": "#CC79A7"}
    KNN = "knn", "k-NN probe", "A k-nearest-neighbour classifier on frozen features of the model; no training.", {"colour": "#56B4E9"}
    FEW_SHOT_TRAINED = "few-shot-trained", "Few-shot trained", "The model was trained on a small labelled subset (e.g. 1% of the training data or k examples per class).", {"colour": "#D55E00"}


SETTING_MODES = Vocabulary("setting", SettingMode)


class Direction(TermEnum):
    HIGHER = "higher", "Higher is better", "A larger value is a better result (accuracy, Dice, AUROC)."
    LOWER = "lower", "Lower is better", "A smaller value is a better result (error, distance, perplexity)."


DIRECTIONS = Vocabulary("direction", Direction)


# Every vocabulary above, in declaration order (the site's one file of term definitions lists them all;
# explorer.VOCABULARIES is the explorer's facets, by name).
ALL_VOCABULARIES: tuple[Vocabulary, ...] = tuple(v for v in list(globals().values()) if isinstance(v, Vocabulary))
