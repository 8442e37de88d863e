"""The innokg vocabulary: ontology (``innokg.ttl``), SHACL shapes (``shapes.ttl``),
term constants (:mod:`ontology.terms`), data IRI minting (:mod:`ontology.ids`) and the
Swedish reference data turned into RDF (:mod:`ontology.reference`)."""

from pathlib import Path

HERE = Path(__file__).parent
ONTOLOGY_TTL = HERE / "innokg.ttl"
SHAPES_TTL = HERE / "shapes.ttl"
REFERENCE_DIR = HERE / "reference"
