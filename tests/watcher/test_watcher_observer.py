from watchdog.observers.polling import PollingObserver

from watcher.observer import (
    Mount,
    choose_observer_mode,
    find_mount,
    make_observer,
    parse_mount_table,
)
from watcher.stations import ObserverMode

# Shaped like /proc/self/mountinfo on an office server with an SMB and an NFS share.
MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
61 27 0:52 / /mnt/scans rw,relatime shared:40 - cifs //nas/scans rw,vers=3.1.1,cache=strict
62 61 254:1 / /mnt/scans/local rw,relatime - ext4 /dev/vdb rw
63 27 0:53 / /srv/nfs rw,relatime shared:41 master:2 - nfs4 nas:/export rw,vers=4.2
64 27 0:54 / /mnt/Máy\\040quét rw,relatime - smb3 //nas/may rw
65 27 0:55 / /home/an/remote rw,nosuid - fuse.sshfs an@host: rw
"""

PROC_MOUNTS = """\
/dev/vda / ext4 rw,relatime 0 0
//nas/scans /mnt/scans cifs rw,vers=3.0 0 0
"""


def test_mountinfo_lines_give_mount_points_and_filesystem_types():
    mounts = parse_mount_table(MOUNTINFO)

    assert Mount("/mnt/scans", "cifs") in mounts
    assert Mount("/srv/nfs", "nfs4") in mounts  # several optional fields before the "-"
    assert Mount("/mnt/Máy quét", "smb3") in mounts  # octal escapes undone


def test_the_longest_mount_point_prefix_holds_the_folder():
    mounts = parse_mount_table(MOUNTINFO)

    assert find_mount("/mnt/scans/desk-1", mounts).fs_type == "cifs"
    assert find_mount("/mnt/scans/local/desk-2", mounts).fs_type == "ext4"
    assert find_mount("/mnt/scansXYZ", mounts).mount_point == "/"  # a prefix of the name is not a parent
    assert find_mount("/srv/nfs", mounts).fs_type == "nfs4"


def test_auto_polls_network_shares_and_uses_events_elsewhere():
    def mode(folder, table=MOUNTINFO):
        return choose_observer_mode(ObserverMode.AUTO, folder, mount_table=table)

    assert mode("/mnt/scans/desk-1") is ObserverMode.POLLING
    assert mode("/srv/nfs/desk-3") is ObserverMode.POLLING
    assert mode("/mnt/Máy quét/bàn 1") is ObserverMode.POLLING
    assert mode("/home/an/remote/x") is ObserverMode.POLLING
    assert mode("/mnt/scans/local/desk-2") is ObserverMode.NATIVE
    assert mode("/var/scans") is ObserverMode.NATIVE
    assert mode("/mnt/scans/desk-1", PROC_MOUNTS) is ObserverMode.POLLING  # /proc/mounts format too
    assert mode("/mnt/scans/desk-1", "") is ObserverMode.NATIVE  # no mount table: events


def test_an_explicit_mode_is_kept_whatever_the_mount():
    assert choose_observer_mode(ObserverMode.NATIVE, "/mnt/scans/a", mount_table=MOUNTINFO) is ObserverMode.NATIVE
    assert choose_observer_mode(ObserverMode.POLLING, "/var/a", mount_table=MOUNTINFO) is ObserverMode.POLLING


def test_a_local_temp_folder_on_this_machine_gets_native_events(tmp_path):
    assert choose_observer_mode(ObserverMode.AUTO, tmp_path) is ObserverMode.NATIVE
    assert isinstance(make_observer(ObserverMode.POLLING, polling_seconds=0.2), PollingObserver)
