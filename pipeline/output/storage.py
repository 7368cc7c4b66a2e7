"""Where a dataset lives: a local folder, or a prefix in an object store (``s3://BUCKET/PREFIX``,
``gs://BUCKET/PREFIX``), behind one small interface that the writer, the lock, the ledger and
the readers use. Paths given to it are relative to the dataset root, with ``/`` separators
(``lines/run_date=2026-12-01/part-<run>-0.parquet``).

Object stores go through pyarrow's own filesystems (``pyarrow.fs.S3FileSystem``,
``GcsFileSystem``): pyarrow is already a dependency, reads and writes Parquet on them natively,
and brings no second HTTP stack (fsspec would need s3fs/aiobotocore and gcsfs on top). S3 takes
the standard environment: ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_SESSION_TOKEN``
and the credentials files through the AWS SDK; ``AWS_REGION`` (or ``AWS_DEFAULT_REGION``) and
``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL`` (an S3-compatible store, or a local test server),
which pyarrow does not read by itself, are passed here. GCS takes Google's default credentials
and ``STORAGE_EMULATOR_HOST``.

A file is written to a local staging file first and goes in whole: locally by a rename, on an
object store by one upload (an object appears only when its upload completes).
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import List, Mapping, Optional, Tuple
from urllib.parse import urlsplit

SCHEMES = ("s3", "gs")


def split_url(text: str) -> Optional[Tuple[str, str, str]]:
    """(scheme, bucket, prefix) of an object-store URL; None for a local path. Raises
    ValueError, with a message for a person, for a URL this module cannot write to."""
    if "://" not in str(text):
        return None
    parts = urlsplit(str(text))
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise ValueError(f"{text}: unsupported URL scheme {parts.scheme + '://'!r} (a local "
                         f"folder, s3://BUCKET/PREFIX or gs://BUCKET/PREFIX)")
    if not parts.netloc:
        raise ValueError(f"{text}: no bucket (expected {scheme}://BUCKET/PREFIX)")
    if parts.query or parts.fragment:
        raise ValueError(f"{text}: no ?query or #fragment in a dataset URL")
    return scheme, parts.netloc, parts.path.strip("/")


def is_url(out) -> bool:
    return isinstance(out, str) and "://" in out


class LocalStorage:
    """A dataset in a local folder."""

    local = True

    def __init__(self, root):
        self.root = Path(root)
        self._fs = None

    @property
    def fs(self):
        if self._fs is None:
            import pyarrow.fs as pafs

            self._fs = pafs.LocalFileSystem()
        return self._fs

    def path(self, rel: str) -> str:
        return str(self.root / rel)

    def uri(self, rel: str = "") -> str:
        return str(self.root / rel) if rel else str(self.root)

    def list_files(self, rel_dir: str) -> List[str]:
        base = self.root / rel_dir
        if not base.is_dir():
            return []
        return sorted(p.relative_to(self.root).as_posix() for p in base.rglob("*")
                      if p.is_file())

    def exists(self, rel: str) -> bool:
        return (self.root / rel).exists()

    def read_bytes(self, rel: str) -> bytes:
        return (self.root / rel).read_bytes()

    def write_bytes(self, rel: str, data: bytes) -> None:
        """Whole or not at all: a hidden temporary file renamed into place, removed if anything
        fails on the way."""
        dest = self.root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(f".{dest.name}.tmp")
        try:
            tmp.write_bytes(data)
            os.replace(tmp, dest)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

    def move_in(self, local: Path, rel: str) -> None:
        dest = self.root / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(local, dest)

    def delete(self, rel: str) -> None:
        (self.root / rel).unlink(missing_ok=True)

    def remove_tree(self, rel: str) -> None:
        shutil.rmtree(self.root / rel, ignore_errors=True)

    def staging_root(self) -> Path:
        """Where runs stage their files: inside the dataset folder (a rename is then atomic),
        outside every table folder (a table glob never sees a half-written file)."""
        return self.root / "_staging"


class ObjectStorage:
    """A dataset under a prefix of an object store bucket."""

    local = False

    def __init__(self, fs, scheme: str, bucket: str, prefix: str):
        self.fs, self.scheme, self.bucket, self.prefix = fs, scheme, bucket, prefix

    def path(self, rel: str) -> str:
        return "/".join(p for p in (self.bucket, self.prefix, rel) if p)

    def key(self, rel: str) -> str:
        """The object key of ``rel`` in the bucket."""
        return "/".join(p for p in (self.prefix, rel) if p)

    def uri(self, rel: str = "") -> str:
        return f"{self.scheme}://" + self.path(rel)

    def list_files(self, rel_dir: str) -> List[str]:
        import pyarrow.fs as pafs

        base = self.path("")
        infos = self.fs.get_file_info(pafs.FileSelector(self.path(rel_dir), recursive=True,
                                                        allow_not_found=True))
        return sorted(i.path[len(base) + 1:] for i in infos if i.type == pafs.FileType.File)

    def exists(self, rel: str) -> bool:
        import pyarrow.fs as pafs

        return self.fs.get_file_info(self.path(rel)).type == pafs.FileType.File

    def read_bytes(self, rel: str) -> bytes:
        with self.fs.open_input_stream(self.path(rel)) as f:
            return f.read()

    def write_bytes(self, rel: str, data: bytes) -> None:
        with self.fs.open_output_stream(self.path(rel)) as f:
            f.write(data)

    def move_in(self, local: Path, rel: str) -> None:
        with open(local, "rb") as src, self.fs.open_output_stream(self.path(rel)) as dst:
            shutil.copyfileobj(src, dst, 8 << 20)
        os.unlink(local)

    def delete(self, rel: str) -> None:
        # pyarrow keeps a folder that loses its last file as an empty "folder/" object: no
        # reader of the dataset reads those
        try:
            self.fs.delete_file(self.path(rel))
        except FileNotFoundError:
            pass

    def remove_tree(self, rel: str) -> None:
        for f in self.list_files(rel):
            self.delete(f)

    def staging_root(self) -> Path:
        """Local disk: a part is staged here and uploaded when it commits."""
        return Path(tempfile.gettempdir()) / "mmbatch-staging"


def s3_options(env: Mapping[str, str]) -> dict:
    """``pyarrow.fs.S3FileSystem`` arguments from the standard AWS environment variables that
    pyarrow does not read by itself (the endpoint, the region)."""
    kw: dict = {"allow_delayed_open": True}  # a small file is then one PUT, not three requests
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL")
    if endpoint:
        u = urlsplit(endpoint if "://" in endpoint else "https://" + endpoint)
        kw["endpoint_override"] = u.netloc + u.path.rstrip("/")
        kw["scheme"] = u.scheme
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if region:
        kw["region"] = region
    return kw


def boto3_options(env: Mapping[str, str]) -> dict:
    """``boto3.client("s3", ...)`` arguments: the same endpoint and region as pyarrow's."""
    kw = {}
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL")
    if endpoint:
        kw["endpoint_url"] = endpoint if "://" in endpoint else "https://" + endpoint
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    if region:
        kw["region_name"] = region
    return kw


def _filesystem(scheme: str, bucket: str, env: Mapping[str, str]):
    import pyarrow.fs as pafs

    if scheme == "s3":
        kw = s3_options(env)
        if "region" not in kw and "endpoint_override" not in kw:
            try:  # AWS itself: the bucket's own region
                kw["region"] = pafs.resolve_s3_region(bucket)
            except OSError:
                pass
        return pafs.S3FileSystem(**kw)
    kw = {}
    emulator = env.get("STORAGE_EMULATOR_HOST")
    if emulator:
        u = urlsplit(emulator if "://" in emulator else "http://" + emulator)
        kw.update(endpoint_override=u.netloc, scheme=u.scheme, anonymous=True)
    return pafs.GcsFileSystem(**kw)


def open_storage(out, env: Optional[Mapping[str, str]] = None):
    """The storage of the dataset at ``out`` (a local path, or an s3:// or gs:// URL)."""
    if isinstance(out, (LocalStorage, ObjectStorage)):
        return out
    if not isinstance(out, (str, os.PathLike)):
        raise TypeError(f"a dataset is a path or a URL, not {type(out).__name__}")
    url = split_url(out) if isinstance(out, str) else None
    if url is None:
        return LocalStorage(out)
    scheme, bucket, prefix = url
    return ObjectStorage(_filesystem(scheme, bucket, os.environ if env is None else env),
                         scheme, bucket, prefix)
