"""A content-addressed cache of notebook runs, report exports and checked facts tables.

An entry is named by its key (:mod:`analysis.pipeline.keys`), the SHA-256 of everything that can change its
content, and is never updated in place. Entries are written into a temporary folder and renamed into place, so an
interrupted write leaves no entry; each entry records the hash of every file and is verified before it is served
(:meth:`Cache.get`).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from pathlib import Path

from ..errors import CacheError
from .keys import sha256_file


class Cache:
    """Entries are folders ``<root>/<kind>/<key[:2]>/<key>/`` holding files; ``enabled=False`` misses always.

    ``entry.json`` records the SHA-256 and size of every file of the entry. An entry is served only after each of
    its files is checked against that record; one that fails (a file missing, truncated or changed, a garbage
    record, a required file absent) is discarded with a warning and counts as a miss, so the caller rebuilds it.
    """

    def __init__(self, root: str | os.PathLike, enabled: bool = True, warn=None):
        self.root = Path(root)
        self.enabled = enabled
        self.warn = warn or _warn

    def path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str, required: tuple[str, ...] = ()) -> Path | None:
        """The entry's folder, or None on a miss (or when reading from the cache is off).

        Every file is verified against the entry's record first, and each name in ``required`` must be one of
        them; an entry that fails is discarded (see the class) and None is returned.
        """
        if not self.enabled:
            return None
        entry = self.path(kind, key)
        if not entry.exists():
            return None
        problem = verify_entry(entry, required)
        if problem is None:
            return entry
        self.discard(entry, problem)
        return None

    def discard(self, entry: Path, problem: str) -> None:
        """Remove a broken entry in one step (renamed aside first) and say so."""
        self.warn(f"warning: cache entry {entry.parent.parent.name}/{entry.name[:12]} is unusable ({problem}); "
                  "it is discarded and rebuilt")
        aside = entry.parent / f".discard-{entry.name}-{os.getpid()}-{threading.get_ident()}"
        try:
            os.replace(entry, aside)
        except OSError:
            return  # another run discarded or replaced it first
        shutil.rmtree(aside, ignore_errors=True)

    def put(self, kind: str, key: str, files: dict[str, Path], info: dict | None = None) -> Path:
        """Store ``files`` (entry-relative name -> existing file) as the entry ``key`` and return its folder.

        An existing valid entry of the same key (another run stored it first) is kept and returned.
        """
        entry = self.path(kind, key)
        tmp = entry.parent / f".tmp-{key}-{os.getpid()}-{threading.get_ident()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        try:
            record = {}
            for name, src in files.items():
                _check_name(name)
                dst = tmp / name
                dst.parent.mkdir(parents=True, exist_ok=True)
                expected = sha256_file(src)
                shutil.copyfile(src, dst)
                size, digest_ = _size_and_hash(dst)
                if digest_ != expected:
                    raise CacheError(f"cache: {name} changed while it was stored")
                record[name] = {"sha256": digest_, "size": size}
            # Written last: an entry without a complete record is never served.
            text = json.dumps({"key": key, "kind": kind, "files": sorted(files), "hashes": record, **(info or {})},
                              indent=1, sort_keys=True) + "\n"
            with open(tmp / ENTRY_RECORD, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            if entry.exists():
                if verify_entry(entry) is None:
                    shutil.rmtree(tmp, ignore_errors=True)
                    return entry
                self.discard(entry, "replaced by a new copy")
            os.replace(tmp, entry)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
            if verify_entry(entry) is None:  # another process stored the same entry first
                return entry
            raise
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        return entry

    @staticmethod
    def files(entry: Path) -> list[str]:
        return _read_record(entry)["files"]

    @staticmethod
    def restore(entry: Path, name: str, dst: Path) -> None:
        """Copy the entry's file ``name`` to ``dst`` and check the copy against the entry's record.

        Raises :class:`CacheError` when the copy differs, so a file that changed after the entry was verified is
        never published.
        """
        expected = _read_record(entry)["hashes"].get(name, {}).get("sha256")
        shutil.copyfile(entry / name, dst)
        if expected is None or sha256_file(dst) != expected:
            raise CacheError(f"cache entry {entry.name[:12]}: {name} changed after it was checked; run again "
                             "(the entry is rebuilt)")


ENTRY_RECORD = "entry.json"


def _warn(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _check_name(name: str) -> None:
    parts = Path(name).parts
    if not parts or Path(name).is_absolute() or any(p in ("..", ".", "") for p in parts) or name == ENTRY_RECORD:
        raise CacheError(f"cache: {name!r} is not a file name inside an entry")


def _size_and_hash(path: Path) -> tuple[int, str]:
    return path.stat().st_size, sha256_file(path)


def _read_record(entry: Path) -> dict:
    record = json.loads((entry / ENTRY_RECORD).read_text(encoding="utf-8"))
    if not isinstance(record, dict) or not isinstance(record.get("files"), list) \
            or not isinstance(record.get("hashes"), dict):
        raise ValueError("not an entry record")
    return record


def verify_entry(entry: Path, required: tuple[str, ...] = ()) -> str | None:
    """None when every file of ``entry`` matches its record (and ``required`` files are there), else the problem."""
    try:
        record = _read_record(entry)
    except FileNotFoundError:
        return "no entry record"
    except (OSError, ValueError, UnicodeDecodeError):
        return "the entry record is not readable"
    files, hashes = record["files"], record["hashes"]
    if sorted(files) != sorted(hashes):
        return "the entry record lists files without their hashes"
    missing = [name for name in required if name not in hashes]
    if missing:
        return f"required file {missing[0]} is not in the entry"
    for name, info in hashes.items():
        try:
            _check_name(name)
            path = entry / name
            if not isinstance(info, dict) or path.stat().st_size != info.get("size"):
                return f"{name}: size differs from its record"
            if sha256_file(path) != info.get("sha256"):
                return f"{name}: content differs from its record"
        except CacheError:
            return f"{name!r} is not a file name inside an entry"
        except OSError:
            return f"{name}: missing"
    return None
