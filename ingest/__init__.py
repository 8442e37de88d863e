"""Ingest: readers → extraction → entity resolution → RDF with provenance → store.

Data flows one way. :mod:`ingest.readers` turns files into :class:`ingest.document.Document`;
:mod:`ingest.pipeline` runs the stages and writes each document atomically through :mod:`graph`.
"""
