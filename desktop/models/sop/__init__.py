"""State SOP packs: what each state's SOP allows, as data the rules can read.

The package holds the pack's shape (:mod:`.pack`), what can be wrong with one
(:mod:`.problems`), how pack data is checked (:mod:`.validate`) and how a pack is
read and written (:mod:`.load`); every name is importable from here.
"""

from desktop.models.sop.load import (
    MAX_NUMBER_DIGITS,
    MAX_PACK_BYTES,
    decode_pack,
    dump_pack,
    load_default_pack,
    load_pack,
    pack_to_data,
    read_pack_file,
)
from desktop.models.sop.pack import (
    DEFAULT_PACK_FILE,
    PACK_FORMAT,
    SCHEMA_FILE,
    TRI_STATES,
    LocalizedText,
    SopPack,
    StateEntry,
    TowReceiptContact,
    TriState,
    known_states,
    sop_dir,
)
from desktop.models.sop.problems import (
    PROBLEM_TEXTS,
    ROOT,
    PackProblem,
    PackValidationError,
    problem_text,
)
from desktop.models.sop.validate import pack_schema, validate_pack_data

__all__ = [
    "DEFAULT_PACK_FILE",
    "MAX_NUMBER_DIGITS",
    "MAX_PACK_BYTES",
    "PACK_FORMAT",
    "PROBLEM_TEXTS",
    "ROOT",
    "SCHEMA_FILE",
    "TRI_STATES",
    "LocalizedText",
    "PackProblem",
    "PackValidationError",
    "SopPack",
    "StateEntry",
    "TowReceiptContact",
    "TriState",
    "decode_pack",
    "dump_pack",
    "known_states",
    "load_default_pack",
    "load_pack",
    "pack_schema",
    "pack_to_data",
    "problem_text",
    "read_pack_file",
    "sop_dir",
    "validate_pack_data",
]
