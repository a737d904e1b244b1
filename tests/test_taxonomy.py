from hfm_atlas import taxonomy as t


def test_every_term_has_a_label_and_a_one_line_definition():
    vocabularies = [v for v in vars(t).values() if isinstance(v, t.Vocabulary)]
    assert len(vocabularies) >= 10
    for vocabulary in vocabularies:
        assert vocabulary.values == [m.value for m in vocabulary.enum]
        for term in vocabulary:
            assert term.label and term.definition.endswith(".") and "\n" not in term.definition


def test_survey_paradigms_and_subtypes_are_all_there():
    assert t.PRETRAINING.values == ["GL", "CL", "HL", "SL", "none"]
    assert t.ADAPTATION.values == ["FT", "AT", "PE"]
    assert len(t.GENERATIVE_METHODS) == 5 and len(t.CONTRASTIVE_METHODS) == 5
    assert {len(v) for v in t.METHODS_OF_ADAPTATION.values()} == {3, 4}


def test_hybrid_admits_every_subtype_and_supervised_none():
    assert t.METHODS_OF_PARADIGM[t.Pretraining.HL] == frozenset(t.PretrainingMethod)
    assert not t.METHODS_OF_PARADIGM[t.Pretraining.SL]
    assert not t.METHODS_OF_PARADIGM[t.Pretraining.NONE]


def test_a_term_is_written_once_and_refuses_missing_words():
    import pytest

    with pytest.raises(ValueError, match="needs a label and a one-sentence definition"):
        class Two(t.TermEnum):
            A = "a", "A", "The a."
            B = "b"
    with pytest.raises(ValueError, match="unknown attributes"):
        class Three(t.TermEnum):
            A = "a", "A", "The a.", {"colur": "#000"}

    class Four(t.TermEnum):
        A = "a", "Alpha", "The first.", {"short": "α"}

    vocabulary = t.Vocabulary("four", Four)
    assert vocabulary.values == ["a"] and vocabulary.label("a") == "Alpha" and Four("a").short == "α" and Four.A == "a"


def test_the_survey_spellings_and_colours_live_on_the_terms():
    assert t.Pretraining.NONE.short == "—" and t.Pretraining.NONE.survey_label == "Non"
    assert all(term.colour.startswith("#") for v in (t.SUBFIELDS, t.PRETRAINING, t.ADAPTATION) for term in v)
