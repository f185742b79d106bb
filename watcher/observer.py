"""Choose how a station's folder is watched: kernel events, or polling for network shares.

SMB/CIFS and NFS mounts deliver no inotify events for files written by other machines,
so ``auto`` looks the folder up in the mount table (``/proc/self/mountinfo``, else
``/proc/mounts``), takes the mount with the longest mount-point prefix, and polls when
its filesystem type is a network or host-shared one.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from watcher.stations import ObserverMode

log = logging.getLogger(__name__)

MOUNT_TABLES = (Path("/proc/self/mountinfo"), Path("/proc/mounts"))

NETWORK_FS_TYPES = frozenset(
    {
        "cifs", "smb", "smb2", "smb3", "smbfs",
        "nfs", "nfs4",
        "afs", "ceph", "glusterfs", "lustre", "gpfs", "beegfs", "ocfs2", "gfs2",
        "davfs", "ncpfs", "coda",
        "9p", "virtiofs", "vboxsf", "vmhgfs", "drvfs",
        "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.davfs2", "fuse.smbnetfs",
        "fuse.gvfsd-fuse", "fuse.glusterfs", "fuse.cephfs", "fuse.ceph-fuse",
        "fuse.vmhgfs-fuse", "fuse.goofys", "fuse.gcsfuse", "fuse.juicefs",
    }
)

_OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True, slots=True)
class Mount:
    mount_point: str
    fs_type: str


def parse_mount_table(text: str) -> list[Mount]:
    """Parse ``/proc/self/mountinfo`` or ``/proc/mounts`` text, in the order given."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if " - " in line and len(fields) >= 7 and fields[0].isdigit():
            separator = fields.index("-", 6)
            mount_point, fs_type = fields[4], fields[separator + 1]
        elif len(fields) >= 3:
            mount_point, fs_type = fields[1], fields[2]
        else:
            continue
        mounts.append(Mount(_unescape(mount_point), fs_type))
    return mounts


def find_mount(folder: str | os.PathLike, mounts: list[Mount]) -> Mount | None:
    """The mount holding ``folder``: the longest matching mount point, the latest on ties."""
    path = os.path.normpath(os.fspath(folder))
    best: tuple[int, int, Mount] | None = None
    for order, mount in enumerate(mounts):
        point = mount.mount_point.rstrip("/") or "/"
        inside = path == point or path.startswith(point + "/") or point == "/"
        if inside and (best is None or (len(point), order) >= best[:2]):
            best = (len(point), order, mount)
    return best[2] if best else None


def is_network_fs(fs_type: str) -> bool:
    return fs_type.lower() in NETWORK_FS_TYPES


def read_mount_table() -> str:
    """This process's mount table, or ``""`` where the platform has none."""
    for table in MOUNT_TABLES:
        try:
            return table.read_text(encoding="utf-8", errors="surrogateescape")
        except OSError:
            continue
    return ""


def choose_observer_mode(
    mode: ObserverMode, folder: str | os.PathLike, *, mount_table: str | None = None
) -> ObserverMode:
    """Resolve ``auto`` to ``native`` or ``polling`` for ``folder``; other modes pass through."""
    if mode != ObserverMode.AUTO:
        return ObserverMode(mode)
    table = read_mount_table() if mount_table is None else mount_table
    mount = find_mount(os.path.realpath(folder), parse_mount_table(table))
    if mount is not None and is_network_fs(mount.fs_type):
        log.info("%s is on a %s mount (%s): polling", folder, mount.fs_type, mount.mount_point)
        return ObserverMode.POLLING
    return ObserverMode.NATIVE


def make_observer(mode: ObserverMode, *, polling_seconds: float = 1.0) -> BaseObserver:
    """A watchdog observer for a resolved mode (``native`` or ``polling``).

    ``polling_seconds`` is the polling interval, and for both the longest wait of the
    observer's threads (how long ``stop`` may take).
    """
    if mode == ObserverMode.POLLING:
        return PollingObserver(timeout=polling_seconds)
    if mode == ObserverMode.NATIVE:
        return Observer(timeout=polling_seconds)
    raise ValueError(f"resolve {mode!r} with choose_observer_mode first")


def _unescape(text: str) -> str:
    return _OCTAL_ESCAPE.sub(lambda match: chr(int(match.group(1), 8)), text)
